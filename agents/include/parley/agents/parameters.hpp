#pragma once
// The parameters of a value framework or a game strategy: as given on the
// command line or in a scenario, and as documented by the registry entry.

#include <map>
#include <string>

namespace parley::agents {

// Parameters as given on the command line or in a scenario, by name.
using FrameworkParameters = std::map<std::string, std::string>;

struct ParameterInfo {
    std::string name;
    std::string default_value;
    std::string description;
};

}  // namespace parley::agents
