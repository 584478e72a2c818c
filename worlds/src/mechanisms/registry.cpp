#include <parley/worlds/builtin_mechanisms.hpp>

#include <stdexcept>

namespace parley::worlds {

std::string_view end_reason_name(EndReason reason) {
    switch (reason) {
        case EndReason::Agreement:
            return "agreement";
        case EndReason::Deadline:
            return "deadline";
        case EndReason::PartyEnded:
            return "party_ended";
        case EndReason::Violation:
            return "violation";
        case EndReason::Timeout:
            return "timeout";
        case EndReason::AgentLost:
            return "agent_lost";
    }
    return "unknown";
}

const MechanismRegistry& MechanismRegistry::builtin() {
    static const MechanismRegistry registry = [] {
        MechanismRegistry built;
        built.add(saop_mechanism_info());
        built.add(rubinstein_mechanism_info());
        built.add(mediated_mechanism_info());
        return built;
    }();
    return registry;
}

void MechanismRegistry::add(MechanismInfo info) {
    if (info.name.empty()) throw std::invalid_argument("a mechanism needs a name");
    if (!info.make) throw std::invalid_argument("mechanism '" + info.name + "' has no factory");
    if (info.min_parties < 1 || info.min_parties > info.max_parties) {
        throw std::invalid_argument("mechanism '" + info.name + "' has an empty range of party counts");
    }
    const std::string name = info.name;
    if (!entries_.emplace(name, std::move(info)).second) {
        throw std::invalid_argument("mechanism '" + name + "' is already registered");
    }
}

const MechanismInfo* MechanismRegistry::find(const std::string& name) const {
    auto found = entries_.find(name);
    return found == entries_.end() ? nullptr : &found->second;
}

std::vector<const MechanismInfo*> MechanismRegistry::list() const {
    std::vector<const MechanismInfo*> infos;
    for (const auto& [name, info] : entries_) infos.push_back(&info);
    return infos;
}

}  // namespace parley::worlds
