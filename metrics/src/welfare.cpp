// The welfare function of every value framework: how it scores one outcome
// from the utilities it gives every party. The frameworks (agents/) decide on
// these scores over the utilities they know or estimate; the metrics use the
// same functions on true utilities, so that "how satisfied is a framework with
// this result" means what the framework itself optimises.
//
// Conventions, for every function:
//   - `utilities[i]` is party i's utility, `reservations[i]` its reservation
//     value; reservations missing from the end of the span count as 0 (a
//     caller that knows none passes an empty span).
//   - Frameworks with hard constraints (deontological, libertarian) score an
//     outcome that breaks them kViolationScore = -1: below any utility of a
//     normalised profile (utilities in [0, 1]), so a violation is never
//     preferred to a permitted outcome, and the metrics' satisfaction, scaled
//     from the worst score up, puts it at the bottom.
//   - Scores only read the spans: no allocation, no exception for any input
//     but a `self` that is not a party (std::out_of_range).

#include <parley/metrics/welfare.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>
#include <stdexcept>
#include <string>

namespace parley::worlds {
namespace {

// The score of an outcome that breaks a framework's hard constraints.
constexpr double kViolationScore = -1.0;

// The deontological framework's default floor (agents/src/frameworks/
// deontological.cpp, parameter "floor"): no party may get less. A scenario that
// sets another floor passes it in WelfareInput::parameters.
constexpr double kDeontologicalFloor = 0.1;

double reservation_of(const WelfareInput& input, std::size_t party) {
    return party < input.reservations.size() ? input.reservations[party] : 0.0;
}

double own_utility(const WelfareInput& input) {
    if (input.self >= input.utilities.size()) {
        throw std::out_of_range("welfare: position " + std::to_string(input.self) + " is not one of the " +
                                std::to_string(input.utilities.size()) + " parties");
    }
    return input.utilities[input.self];
}

double own_utility_score(const WelfareInput& input) { return own_utility(input); }

double utilitarian_score(const WelfareInput& input) {
    double sum = 0.0;
    for (double utility : input.utilities) sum += utility;
    return sum;
}

// The worst-off party's utility; 0 for no parties (nobody is badly off).
double rawlsian_score(const WelfareInput& input) {
    if (input.utilities.empty()) return 0.0;
    return *std::min_element(input.utilities.begin(), input.utilities.end());
}

// The product of the gains over the reservation values, a gain below 0 counted
// as 0: an outcome that leaves anyone worse off than no deal scores 0.
double nash_score(const WelfareInput& input) {
    double product = 1.0;
    for (std::size_t party = 0; party < input.utilities.size(); ++party) {
        product *= std::max(0.0, input.utilities[party] - reservation_of(input, party));
    }
    return product;
}

// Own utility when every party gets at least the floor, else the violation
// score. (The framework's other duties, keeping its word and telling the
// truth, concern its conduct, not outcomes: no score can see them.)
double deontological_score(const WelfareInput& input) {
    const double own = own_utility(input);
    const double floor = welfare_parameter(input, "floor", kDeontologicalFloor);
    for (double utility : input.utilities) {
        if (utility < floor) return kViolationScore;
    }
    return own;
}

// Own utility when every party gets at least its reservation value (its
// entitlement), else the violation score.
double libertarian_score(const WelfareInput& input) {
    const double own = own_utility(input);
    for (std::size_t party = 0; party < input.utilities.size(); ++party) {
        if (input.utilities[party] < reservation_of(input, party)) return kViolationScore;
    }
    return own;
}

// In the order of the issue that introduced them: the self-interested first.
constexpr std::array<WelfareFunction, 8> kWelfareFunctions{{
    {"selfish", "its own utility", &own_utility_score},
    {"reciprocal", "its own utility (it concedes as much as the others do)", &own_utility_score},
    {"utilitarian", "the sum of all parties' utilities", &utilitarian_score},
    {"rawlsian", "the utility of the worst-off party", &rawlsian_score},
    {"nash", "the product of all parties' gains over their reservation values", &nash_score},
    {"deontological", "its own utility when every party gets at least the floor (0.1 unless set), else -1",
     &deontological_score},
    {"libertarian", "its own utility when every party gets at least its reservation value, else -1",
     &libertarian_score},
    {"rubinstein", "its own utility (subgame-perfect play of the alternating-offers bargain)", &own_utility_score},
}};

}  // namespace

std::span<const WelfareFunction> welfare_functions() { return kWelfareFunctions; }

double welfare_parameter(const WelfareInput& input, std::string_view name, double fallback) {
    if (input.parameters == nullptr) return fallback;
    auto found = input.parameters->find(name);
    return found == input.parameters->end() ? fallback : found->second;
}

WelfareParameters numeric_parameters(const std::map<std::string, std::string>& parameters) {
    WelfareParameters numbers;
    for (const auto& [name, text] : parameters) {
        char* end = nullptr;
        const double value = std::strtod(text.c_str(), &end);
        if (!text.empty() && end == text.c_str() + text.size() && std::isfinite(value)) numbers[name] = value;
    }
    return numbers;
}

const WelfareFunction* find_welfare_function(std::string_view framework) {
    for (const auto& function : kWelfareFunctions) {
        if (function.framework == framework) return &function;
    }
    return nullptr;
}

}  // namespace parley::worlds
