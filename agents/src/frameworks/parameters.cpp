#include "parameters.hpp"

#include <charconv>
#include <cmath>
#include <stdexcept>
#include <utility>

namespace parley::agents::frameworks {

ParameterReader::ParameterReader(std::string framework, const std::vector<ParameterInfo>& documented,
                                 const FrameworkParameters& given)
    : framework_(std::move(framework)), documented_(documented), given_(given) {
    for (const auto& [name, value] : given_) {
        bool known = false;
        for (const auto& parameter : documented_) known = known || parameter.name == name;
        if (!known) {
            std::string names;
            for (const auto& parameter : documented_) names += (names.empty() ? "" : ", ") + parameter.name;
            throw std::invalid_argument("framework '" + framework_ + "' has no parameter '" + name +
                                        "' (it has: " + names + ")");
        }
    }
}

const std::string& ParameterReader::text(const std::string& name) const {
    if (auto found = given_.find(name); found != given_.end()) return found->second;
    for (const auto& parameter : documented_) {
        if (parameter.name == name) return parameter.default_value;
    }
    throw std::logic_error("framework '" + framework_ + "' reads the undocumented parameter '" + name + "'");
}

const std::string* ParameterReader::given(const std::string& name) const {
    const auto found = given_.find(name);
    return found == given_.end() ? nullptr : &found->second;
}

const std::string& ParameterReader::required(const std::string& name, const std::string& what) const {
    const std::string& value = text(name);
    if (value.empty()) {
        throw std::invalid_argument("framework '" + framework_ + "': parameter '" + name + "' is required: " + what);
    }
    return value;
}

void ParameterReader::fail(const std::string& name, const std::string& must) const {
    throw std::invalid_argument("framework '" + framework_ + "': parameter '" + name + "' must be " + must + ", not '" +
                                text(name) + "'");
}

double ParameterReader::number(const std::string& name, double low, double high, bool above_low) const {
    const std::string& value = text(name);
    double parsed = 0.0;
    const auto* end = value.data() + value.size();
    const auto [stop, error] = std::from_chars(value.data(), end, parsed);
    const bool in_range = (above_low ? parsed > low : parsed >= low) && parsed <= high;
    if (value.empty() || error != std::errc() || stop != end || !std::isfinite(parsed) || !in_range) {
        auto bound = [](double x) {
            std::string s = std::to_string(x);
            while (s.size() > 1 && s.back() == '0') s.pop_back();
            if (s.back() == '.') s.pop_back();
            return s;
        };
        fail(name, "a number in " + std::string(above_low ? "(" : "[") + bound(low) + ", " + bound(high) + "]");
    }
    return parsed;
}

std::size_t ParameterReader::count(const std::string& name, std::size_t low, std::size_t high) const {
    const std::string& value = text(name);
    std::size_t parsed = 0;
    const auto* end = value.data() + value.size();
    const auto [stop, error] = std::from_chars(value.data(), end, parsed);
    if (value.empty() || error != std::errc() || stop != end || parsed < low || parsed > high) {
        fail(name, "a whole number in " + std::to_string(low) + ".." + std::to_string(high));
    }
    return parsed;
}

std::string ParameterReader::choice(const std::string& name, std::initializer_list<std::string_view> choices) const {
    const std::string& value = text(name);
    std::string names;
    for (auto candidate : choices) {
        if (candidate == value) return value;
        names += (names.empty() ? "" : " or ") + std::string(candidate);
    }
    fail(name, names);
}

std::vector<ParameterInfo> common_parameters() {
    return {
        {"model", "frequency",
         "how it estimates the utilities of a party whose profile is not disclosed: frequency or bayesian"},
        {"candidates", "1024",
         "outcomes kept as offer candidates (16..65536): all of them in a smaller space, else a spread sample"},
        {"learning_rate", "0.2", "frequency model: weight an issue gains when a party keeps its value (0..10)"},
        {"hypotheses", "128", "bayesian model: profiles (particles) in its posterior (1..4096)"},
        {"rationality", "10",
         "bayesian model: how sharply a party prefers its better outcomes when it offers (0 < r <= 1000)"},
    };
}

CommonSettings read_common(const ParameterReader& reader) {
    CommonSettings settings;
    settings.model = reader.choice("model", {"frequency", "bayesian"});
    settings.candidates = reader.count("candidates", 16, 65536);
    settings.frequency.learning_rate = reader.number("learning_rate", 0.0, 10.0);
    settings.bayesian.hypotheses = reader.count("hypotheses", 1, 4096);
    settings.bayesian.rationality = reader.number("rationality", 0.0, 1000.0, true);
    return settings;
}

ParameterInfo exponent_parameter(const std::string& default_value) {
    return {"exponent", default_value,
            "shape of its time-dependent concession (0.01..100): below 1 Boulware (concedes late), 1 linear, above 1 "
            "a conceder"};
}

double read_exponent(const ParameterReader& reader) { return reader.number("exponent", 0.01, 100.0); }

FrameworkInfo describe_framework(std::string name, std::string description, std::vector<ParameterInfo> own,
                                 FrameworkBuilder build) {
    for (auto& common : common_parameters()) own.push_back(std::move(common));
    FrameworkInfo info;
    describe_entry(info, std::move(name), std::move(description), std::move(own), std::move(build));
    return info;
}

}  // namespace parley::agents::frameworks
