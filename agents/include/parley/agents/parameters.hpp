#pragma once
// The parameters of a value framework or a game strategy: as given on the
// command line or in a scenario, and as documented by the registry entry.

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace parley::agents {

// Parameters as given on the command line or in a scenario, by name.
using FrameworkParameters = std::map<std::string, std::string>;

struct ParameterInfo {
    std::string name;
    std::string default_value;  // empty for a parameter that must be given
    std::string description;
};

// A registry entry of something made from parameters (FrameworkInfo,
// GameStrategyInfo, DilemmaStrategyInfo): what it is called, what it does,
// what parameters it documents and how one is made.
template <class Made>
struct ParameterisedEntry {
    std::string name;
    std::string description;  // one line, for listings such as `parley frameworks`
    std::vector<ParameterInfo> parameters;
    // Throws std::invalid_argument naming the parameter when one is unknown or malformed.
    std::function<std::unique_ptr<Made>(const FrameworkParameters&)> make;
};

}  // namespace parley::agents
