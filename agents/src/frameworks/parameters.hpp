#pragma once
// Reading a framework's parameters from their strings. Every name must be one
// the framework documents (FrameworkInfo::parameters) and every value must
// parse and lie in range; otherwise std::invalid_argument names the framework,
// the parameter and what was wrong. A parameter not given takes its
// documented default, parsed by the same rules.

#include <parley/agents/framework.hpp>
#include <parley/agents/offer_search.hpp>
#include <parley/agents/opponent_model.hpp>

#include <cstddef>
#include <functional>
#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace parley::agents::frameworks {

class ParameterReader {
public:
    // Throws std::invalid_argument for a given name that is not documented.
    ParameterReader(std::string framework, const std::vector<ParameterInfo>& documented,
                    const FrameworkParameters& given);

    // A finite number in [low, high]; with `above_low`, in (low, high].
    double number(const std::string& name, double low, double high, bool above_low = false) const;
    // A whole number in [low, high].
    std::size_t count(const std::string& name, std::size_t low, std::size_t high) const;
    // One of `choices`.
    std::string choice(const std::string& name, std::initializer_list<std::string_view> choices) const;
    // The text given for `name`; null when it takes its default.
    const std::string* given(const std::string& name) const;
    // The text given for `name`, which has no default (it is documented with
    // an empty one); `what` says what it must be when it is missing or empty.
    const std::string& required(const std::string& name, const std::string& what) const;

private:
    const std::string& text(const std::string& name) const;
    [[noreturn]] void fail(const std::string& name, const std::string& must) const;

    std::string framework_;
    std::vector<ParameterInfo> documented_;
    FrameworkParameters given_;
};

// Fills a registry entry: `name`, `description`, `parameters`, and a make
// that reads them (refusing unknown names) and calls `build`.
template <class Made>
using EntryBuilder = std::function<std::unique_ptr<Made>(const ParameterReader&)>;
template <class Made>
void describe_entry(ParameterisedEntry<Made>& entry, std::string name, std::string description,
                    std::vector<ParameterInfo> parameters, std::type_identity_t<EntryBuilder<Made>> build) {
    entry.name = std::move(name);
    entry.description = std::move(description);
    entry.parameters = std::move(parameters);
    entry.make = [name = entry.name, parameters = entry.parameters,
                  build = std::move(build)](const FrameworkParameters& given) {
        return build(ParameterReader(name, parameters, given));
    };
}

// How a framework learns the others' utilities and searches for offers: the
// parameters every framework takes.
struct CommonSettings {
    std::string model = "frequency";  // for parties whose profiles are not disclosed
    std::size_t candidates = CandidatePool::kDefaultLimit;
    FrequencyModelOptions frequency;
    BayesianModelOptions bayesian;  // its seed is set per episode and party
};

// The documentation of the common parameters, to append to a framework's own.
std::vector<ParameterInfo> common_parameters();
CommonSettings read_common(const ParameterReader& reader);

// The documentation of `exponent` with a framework's default.
ParameterInfo exponent_parameter(const std::string& default_value);
double read_exponent(const ParameterReader& reader);

// A registry entry: the framework's own parameters followed by the common
// ones, and a `make` that reads them all (refusing unknown names) and calls
// `build`.
using FrameworkBuilder = EntryBuilder<ValueFramework>;
FrameworkInfo describe_framework(std::string name, std::string description, std::vector<ParameterInfo> own,
                                 FrameworkBuilder build);

}  // namespace parley::agents::frameworks
