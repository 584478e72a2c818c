#pragma once
// Policies for the tests of the learned framework, with no network behind
// them: they pick an action by a rule of the observation, as a trained policy
// would, through the same agents::ActionPolicy interface. Torch-free.

#include <parley/agents/action_policy.hpp>
#include <parley/agents/learned_negotiation.hpp>
#include <parley/mechanisms/mechanism.hpp>

#include <atomic>
#include <cstddef>
#include <functional>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

namespace parley::learned_test {

// The targets the sandbox offers by default.
inline const std::vector<double> kTargets{1.0, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1};

// An action from an observation and the legal actions; always a legal one.
using Rule = std::function<std::size_t(std::span<const float> observation, const std::vector<bool>& legal)>;

class RulePolicy final : public agents::ActionPolicy {
public:
    RulePolicy(std::string world, std::vector<double> targets, Rule rule)
        : spaces_{std::move(world), agents::kLearnedObservationSize, agents::learned_action_names(targets)},
          rule_(std::move(rule)) {}

    const agents::PolicySpaces& spaces() const override { return spaces_; }

    agents::PolicyDecision act(std::span<const float> observation, const std::vector<bool>& legal) override {
        if (observation.size() != spaces_.observation_size || legal.size() != spaces_.action_names.size()) {
            throw std::invalid_argument("test policy: an observation or a mask of the wrong size");
        }
        std::size_t first_legal = 0;
        while (first_legal < legal.size() && !legal[first_legal]) ++first_legal;
        if (first_legal == legal.size()) throw std::invalid_argument("test policy: no legal action");
        ++acts_;
        // As the trained policy does when its output is not a number: the first legal action.
        if (broken_) return {first_legal, true};
        return {rule_(observation, legal), false};
    }

    // From now on its output is "not a number".
    void break_down() { broken_ = true; }
    std::size_t acts() const { return acts_; }

private:
    agents::PolicySpaces spaces_;
    Rule rule_;
    std::atomic<bool> broken_{false};
    std::atomic<std::size_t> acts_{0};
};

// A conceding negotiator: it accepts an offer worth at least 1 - 0.7 t to it
// (the last one received, observation[2]), and otherwise asks for the lowest
// legal target at or above that (the highest legal one when none is).
inline Rule conceding_rule(std::vector<double> targets = kTargets) {
    return [targets](std::span<const float> observation, const std::vector<bool>& legal) -> std::size_t {
        const double threshold = 1.0 - 0.7 * observation[0];
        if (legal[agents::kAcceptAction] && observation[2] >= threshold) return agents::kAcceptAction;
        std::size_t reaching = 0;
        std::size_t highest = 0;
        for (std::size_t action = 1; action < legal.size(); ++action) {
            if (!legal[action]) continue;
            const double level = targets[action - 1];
            if (level >= threshold && (reaching == 0 || level < targets[reaching - 1])) reaching = action;
            if (highest == 0 || level > targets[highest - 1]) highest = action;
        }
        return reaching != 0 ? reaching : (highest != 0 ? highest : agents::kAcceptAction);
    };
}

// The key under which test_policies() provides the conceding policy for `mechanism`.
inline std::string policy_key(const std::string& mechanism) { return "test-policy:negotiation:" + mechanism; }

// Provides, once per process, a conceding policy for every built-in mechanism
// (policy_key), and installs a loader that knows no file, as parley-learned
// would know no such file: a framework's `model` parameter is then checked
// when it is made, as in the process that hosts learned agents.
inline void provide_test_policies() {
    static const bool provided = [] {
        for (const auto* mechanism : worlds::MechanismRegistry::builtin().list()) {
            agents::provide_policy(policy_key(mechanism->name),
                                   std::make_shared<RulePolicy>("negotiation:" + mechanism->name, kTargets,
                                                                conceding_rule()));
        }
        agents::install_policy_loader([](const std::string& file) -> std::shared_ptr<agents::ActionPolicy> {
            throw agents::PolicyLoadError("no model file " + file);
        });
        return true;
    }();
    (void)provided;
}

}  // namespace parley::learned_test
