// The mechanism names a scenario may use, from the registry that runs them,
// so validation and execution can never disagree.

#include <parley/mechanisms/mechanism.hpp>
#include <parley/scenario/scenario.hpp>

namespace parley::worlds {

std::vector<MechanismName> builtin_mechanism_names() {
    std::vector<MechanismName> names;
    for (const MechanismInfo* info : MechanismRegistry::builtin().list()) {
        names.push_back({info->name, info->min_parties, info->max_parties});
    }
    return names;
}

}  // namespace parley::worlds
