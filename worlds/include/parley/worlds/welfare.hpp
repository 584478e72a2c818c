#pragma once
// How each value framework scores an outcome, from the utilities it gives every
// party. Agents use these scores to decide (on the utilities they know or
// estimate); the metrics use them on true utilities to say how satisfied each
// framework is with a result. One registry, so both always agree.

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace parley::worlds {

// The utilities of one outcome for every party, the parties' reservation
// values, and which party is scoring.
struct WelfareInput {
    std::span<const double> utilities;
    std::span<const double> reservations;
    std::size_t self = 0;
};

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
