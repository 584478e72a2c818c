#include <parley/mechanisms/builtin_mechanisms.hpp>

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
        case EndReason::BrokerLost:
            return "broker_lost";
        case EndReason::SessionTaken:
            return "session_taken";
    }
    return "unknown";
}

bool is_platform_failure(std::string_view end_reason) {
    for (auto reason : {EndReason::Timeout, EndReason::AgentLost, EndReason::BrokerLost, EndReason::SessionTaken}) {
        if (end_reason == end_reason_name(reason)) return true;
    }
    return false;
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
    if (info.min_parties < 1 || info.min_parties > info.max_parties) {
        throw std::invalid_argument("mechanism '" + info.name + "' has an empty range of party counts");
    }
    insert(std::move(info));
}

}  // namespace parley::worlds
