// The trained policy behind the agents' ActionPolicy interface. No LibTorch
// here: Policy keeps it behind its pointer.

#include "parley/learning/policy.hpp"

#include <mutex>

namespace parley::learning {
namespace {

class GreedyActionPolicy final : public agents::ActionPolicy {
public:
    explicit GreedyActionPolicy(Policy policy) : policy_(std::move(policy)) {
        const auto& metadata = policy_.metadata();
        spaces_ = {metadata.world, metadata.observation_size, metadata.action_names};
    }

    const agents::PolicySpaces& spaces() const override { return spaces_; }

    agents::PolicyDecision act(std::span<const float> observation, const std::vector<bool>& legal) override {
        std::lock_guard lock(mutex_);
        const auto fallbacks = policy_.nan_fallbacks();
        const auto action = policy_.greedy_action(observation, legal);
        return {action, policy_.nan_fallbacks() != fallbacks};
    }

private:
    std::mutex mutex_;
    Policy policy_;
    agents::PolicySpaces spaces_;
};

}  // namespace

std::shared_ptr<agents::ActionPolicy> greedy_action_policy(Policy policy) {
    return std::make_shared<GreedyActionPolicy>(std::move(policy));
}

void install_model_loader() {
    agents::install_policy_loader([](const std::string& file) -> std::shared_ptr<agents::ActionPolicy> {
        try {
            return greedy_action_policy(Policy::load(file));
        } catch (const ModelFileError& error) {
            throw agents::PolicyLoadError(error.what());
        }
    });
}

}  // namespace parley::learning
