#include "parley/learning/ipd_policy_strategy.hpp"

#include <parley/sandbox/ipd_observation.hpp>

#include <stdexcept>
#include <string>

namespace parley::learning {
namespace {

std::size_t ipd_memory(const Policy& policy) {
    const auto& metadata = policy.metadata();
    const auto memory = sandbox::ipd_memory_of(metadata.observation_size);
    if (metadata.world != "ipd" || !memory || metadata.action_count() != sandbox::kIpdActionCount) {
        throw std::invalid_argument("ipd policy strategy: the policy was trained for " + metadata.world +
                                    " with observations of " + std::to_string(metadata.observation_size) +
                                    " and " + std::to_string(metadata.action_count()) +
                                    " actions, not for the ipd");
    }
    return *memory;
}

}  // namespace

IpdPolicyStrategy::IpdPolicyStrategy(std::shared_ptr<Policy> policy) : policy_(std::move(policy)) {
    if (!policy_) throw std::invalid_argument("ipd policy strategy: no policy");
    memory_ = ipd_memory(*policy_);
}

std::vector<double> IpdPolicyStrategy::choose(const worlds::GameView& view) {
    const auto observation = sandbox::ipd_observation(view, memory_);
    const std::vector<bool> legal(sandbox::kIpdActionCount, true);
    return {worlds::dilemma_move_value(sandbox::ipd_action_move(policy_->greedy_action(observation, legal)))};
}

}  // namespace parley::learning
