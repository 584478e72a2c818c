#pragma once
// How each value framework scores an outcome, from the utilities it gives every
// party. Agents use these scores to decide (on the utilities they know or
// estimate); the metrics use them on true utilities to say how satisfied each
// framework is with a result. One registry, so both always agree.

#include <cstddef>
#include <functional>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace parley::worlds {

// The numeric parameters of a framework that bear on its score (the
// deontological floor, say), by name.
using WelfareParameters = std::map<std::string, double, std::less<>>;

// The utilities of one outcome for every party, the parties' reservation
// values, which party is scoring, and the scoring framework's parameters
// (none: its defaults).
struct WelfareInput {
    std::span<const double> utilities;
    std::span<const double> reservations;
    std::size_t self = 0;
    const WelfareParameters* parameters = nullptr;
};

// A parameter of the input, or `fallback` when it was not given.
double welfare_parameter(const WelfareInput& input, std::string_view name, double fallback);

// The parameters of a framework as given in a scenario (text), keeping those
// that are numbers: the only ones a welfare function reads.
WelfareParameters numeric_parameters(const std::map<std::string, std::string>& parameters);

struct WelfareFunction {
    std::string_view framework;    // "selfish", "utilitarian", ...
    std::string_view description;  // one line: what it maximises
    double (*score)(const WelfareInput& input);
};

// Every framework's welfare function, in a fixed order.
std::span<const WelfareFunction> welfare_functions();
// Null when no framework of that name exists.
const WelfareFunction* find_welfare_function(std::string_view framework);

}  // namespace parley::worlds
