#pragma once
// The iterated prisoner's dilemma (games/ipd.hpp) from seat 0, against one
// strategy of GameStrategyRegistry::global() in seat 1 (a classic strategy or
// a framework's ipd policy, by name and parameters), played through the ipd's
// RepeatedGame as the runner drives it: the game asks both players each
// round, the opponent chooses on its view, the game settles the round.
//
// Observation and actions: ipd_observation.hpp's (k = `memory`), the
// learner's; both actions always legal.
// Reward: the learner's payoff of the round its action settled.
// Figures: score, opponent_score, cooperation_rate (the learner's share of
// realised C), opponent_cooperation_rate, rounds (settled).
// Seeds, from reset(seed) as the runner derives them from an episode's seed:
// the game's core::mechanism_seed(seed), the opponent's core::party_seed(seed, 1).

#include <parley/sandbox/environment.hpp>
#include <parley/sandbox/ipd_observation.hpp>

#include <parley/agents/game_strategy.hpp>
#include <parley/games/repeated_game.hpp>

#include <map>
#include <memory>

namespace parley::sandbox {

struct IpdSettings {
    std::string opponent = "tit_for_tat";
    agents::FrameworkParameters opponent_parameters;
    std::uint32_t rounds = 200;
    std::map<std::string, double> game_parameters;  // the ipd's (payoffs, noise, continuation)
    std::size_t memory = 3;                         // rounds in the observation
};

class IpdEnvironment final : public Environment {
public:
    // Throws std::invalid_argument for an unknown opponent, bad parameters or memory 0.
    explicit IpdEnvironment(IpdSettings settings);

    std::string world() const override { return "ipd"; }
    std::size_t observation_size() const override { return ipd_observation_size(settings_.memory); }
    std::size_t action_count() const override { return kIpdActionCount; }
    std::vector<std::string> action_names() const override { return {"cooperate", "defect"}; }
    Step reset(std::uint64_t seed) override;
    Step step(std::size_t action) override;
    EpisodeFigures figures() const override;

private:
    Step next(double reward) const;

    IpdSettings settings_;
    worlds::GameSettings game_settings_;  // validated, without the episode's seed
    std::unique_ptr<agents::GameStrategy> opponent_;
    std::unique_ptr<worlds::RepeatedGame> game_;
};

}  // namespace parley::sandbox
