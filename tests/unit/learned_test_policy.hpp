#pragma once
// Policies for the tests of the learned framework, with no network behind
// them: they pick an action by a rule of the observation, as a trained policy
// would, through the same agents::ActionPolicy interface, in negotiations and
// in every repeated game. Torch-free.

#include <parley/agents/action_policy.hpp>
#include <parley/agents/game_observation.hpp>
#include <parley/agents/game_strategy.hpp>
#include <parley/agents/learned_negotiation.hpp>
#include <parley/games/repeated_game.hpp>
#include <parley/mechanisms/mechanism.hpp>

#include <atomic>
#include <cmath>
#include <cstddef>
#include <cstdint>
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
    RulePolicy(agents::PolicySpaces spaces, Rule rule) : spaces_(std::move(spaces)), rule_(std::move(rule)) {}
    // A negotiator's, with `targets` as its target levels.
    RulePolicy(std::string world, std::vector<double> targets, Rule rule)
        : RulePolicy({std::move(world), agents::kLearnedObservationSize, agents::learned_action_names(targets)},
                     std::move(rule)) {}

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

// --- repeated games ------------------------------------------------------------------

// The layout the game policies are made for: the memory and the levels per
// stage a learned player reads back from a model (game_spaces_for).
inline constexpr std::size_t kGameMemory = 2;
inline constexpr std::size_t kGameLevels = 5;

// One of the legal actions, picked by a weighted sum of the observation: a
// fixed function of what the player sees that still changes with the play.
inline std::size_t varying_rule(std::span<const float> observation, const std::vector<bool>& legal) {
    double sum = 0.0;
    for (std::size_t i = 0; i < observation.size(); ++i) sum += static_cast<double>(i + 1) * observation[i];
    std::vector<std::size_t> allowed;
    for (std::size_t action = 0; action < legal.size(); ++action) {
        if (legal[action]) allowed.push_back(action);
    }
    return allowed[static_cast<std::size_t>(std::floor(std::fabs(sum) * 7.0)) % allowed.size()];
}

// The key of the test policy of `world` under `settings` (their seed aside,
// which does not change a layout).
inline std::string game_policy_key(const std::string& world, const worlds::GameSettings& settings) {
    std::string key = "test-policy:" + world + " players=" + std::to_string(settings.players) +
                      " rounds=" + std::to_string(settings.rounds);
    for (const auto& [name, value] : settings.parameters) key += " " + name + "=" + std::to_string(value);
    return key;
}

// The parameters to make `strategy` with to play `world` under `settings`:
// none for a strategy that requires none; for one that requires `model` (the
// learned player), the key of a test policy (varying_rule) provided for the
// layout of exactly that game (game_spaces with kGameMemory, kGameLevels).
inline agents::FrameworkParameters playable_parameters(const std::string& world,
                                                       const agents::GameStrategyInfo& strategy,
                                                       const worlds::GameSettings& settings) {
    agents::FrameworkParameters given;
    for (const auto& parameter : strategy.parameters) {
        if (!parameter.default_value.empty()) continue;
        if (parameter.name != "model") {
            throw std::invalid_argument("no test value for the required parameter '" + parameter.name + "' of " +
                                        strategy.name + " (" + world + ")");
        }
        const auto spaces = agents::game_spaces(world, settings, kGameMemory, kGameLevels);
        const std::string key = game_policy_key(world, settings);
        agents::provide_policy(
            key, std::make_shared<RulePolicy>(
                     agents::PolicySpaces{world, spaces->observation_size(), spaces->action_names()}, varying_rule));
        given[parameter.name] = key;
    }
    return given;
}

// A chooser for worlds::play_game: the strategy `name` of `world`, made with
// playable_parameters for `settings` and reset with `seed`.
inline worlds::GameChooser playable_chooser(const agents::GameStrategyRegistry& registry, const std::string& world,
                                            const std::string& name, const worlds::GameSettings& settings,
                                            std::uint64_t seed) {
    const auto* strategy = registry.find(world, name);
    if (strategy == nullptr) throw std::invalid_argument("no strategy " + name + " of " + world);
    return agents::game_chooser(registry, world, name, playable_parameters(world, *strategy, settings), seed);
}

}  // namespace parley::learned_test
