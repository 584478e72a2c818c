#pragma once
// How a value framework scores an outcome, from the utilities it gives every
// party: the shape of a welfare function and what every one of them shares.
// Each framework declares its own (agents/, with the rest of the framework);
// agents use it to decide (on the utilities they know or estimate), the
// metrics on true utilities to say how satisfied the framework is with a
// result: one function, so both always agree. The metrics find a framework's
// function through a WelfareLookup they are given (the framework registry).
//
// Conventions, for every function:
//   - `utilities[i]` is party i's utility, `reservations[i]` its reservation
//     value; reservations missing from the end of the span count as 0 (a
//     caller that knows none passes an empty span).
//   - Frameworks with hard constraints score an outcome that breaks them
//     kViolationScore: below any utility of a normalised profile (utilities
//     in [0, 1]), so a violation is never preferred to a permitted outcome,
//     and the metrics' satisfaction, scaled from the worst score up, puts it
//     at the bottom.
//   - Scores only read the spans: no allocation, no exception for any input
//     but a `self` that is not a party (std::out_of_range).

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

// The score of an outcome that breaks a framework's hard constraints.
inline constexpr double kViolationScore = -1.0;

// The scoring party's own utility. Throws std::out_of_range when `self` is not a party.
double own_utility(const WelfareInput& input);
// Party `party`'s reservation value, 0 when the input has none for it.
double reservation_of(const WelfareInput& input, std::size_t party);

struct WelfareFunction {
    std::string description;  // one line: what it maximises
    double (*score)(const WelfareInput& input) = nullptr;
};

// A framework's welfare function by the framework's name; null when no
// framework of that name has one. An empty lookup knows none. It must give
// the same function for a name for as long as a DomainMetrics it is used with
// lives (the satisfaction ranges are kept by name).
using WelfareLookup = std::function<const WelfareFunction*(std::string_view framework)>;

}  // namespace parley::worlds
