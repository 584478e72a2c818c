#include <parley/sandbox/negotiation_reward.hpp>

#include <parley/agents/framework.hpp>

#include <stdexcept>
#include <string>

namespace parley::sandbox {

NegotiationReward own_utility_reward() {
    return [](const worlds::WelfareInput& outcome) { return worlds::own_utility(outcome); };
}

NegotiationReward framework_welfare_reward(std::string_view framework, worlds::WelfareParameters parameters) {
    const auto* info = agents::FrameworkRegistry::global().find(framework);
    if (info == nullptr) {
        throw std::invalid_argument("unknown framework '" + std::string(framework) + "' for a reward (known: " +
                                    agents::FrameworkRegistry::global().names() + ")");
    }
    // A registry entry is never removed or changed: its score stays valid.
    auto score = info->welfare.score;
    return [score, parameters = std::move(parameters)](const worlds::WelfareInput& outcome) {
        auto input = outcome;
        input.parameters = &parameters;
        return score(input);
    };
}

NegotiationReward weighted_reward(std::vector<std::pair<double, NegotiationReward>> parts) {
    return [parts = std::move(parts)](const worlds::WelfareInput& outcome) {
        double total = 0.0;
        for (const auto& [weight, reward] : parts) total += weight * reward(outcome);
        return total;
    };
}

}  // namespace parley::sandbox
