#pragma once
// A player of the iterated prisoner's dilemma that acts with a trained
// policy, greedily, on the observation it was trained on
// (sandbox/ipd_observation.hpp, from its own seat), so that a policy trained
// in the sandbox plays wherever an ipd strategy does: in a tournament
// (worlds::GameEntrant), in a run. The memory is the policy's, read from the
// size of its observation. It draws nothing: reset() has nothing to do.

#include "parley/learning/policy.hpp"

#include <parley/agents/game_strategy.hpp>

#include <cstddef>
#include <memory>

namespace parley::learning {

class IpdPolicyStrategy final : public agents::GameStrategy {
public:
    // The policy may be shared by several players that act one at a time.
    // Throws std::invalid_argument for a policy not trained for the ipd (its
    // world, observation size or actions).
    explicit IpdPolicyStrategy(std::shared_ptr<Policy> policy);

    void reset(std::uint64_t /*seed*/) override {}
    std::vector<double> choose(const worlds::GameView& view) override;

    std::size_t memory() const { return memory_; }

private:
    std::shared_ptr<Policy> policy_;
    std::size_t memory_ = 0;
};

}  // namespace parley::learning
