// What every welfare function shares (welfare.hpp states the conventions);
// the functions themselves are declared by the frameworks.

#include <parley/metrics/welfare.hpp>

#include <cmath>
#include <cstdlib>
#include <stdexcept>
#include <string>

namespace parley::worlds {

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

}  // namespace parley::worlds
