#pragma once
// The iterated prisoner's dilemma (games/ipd.hpp) from seat 0, against one
// strategy of GameStrategyRegistry::global() in seat 1 (a classic strategy or
// a framework's ipd policy, by name and parameters): a GameEnvironment
// (game_environment.hpp) of the ipd with that one opponent, with the ipd's
// own figures.
//
// Observation and actions: the ipd's of agents/game_observation.hpp (k =
// `memory`), the learner's; both actions always legal.
// Reward: the learner's payoff of the round its action settled.
// Figures: score, opponent_score, cooperation_rate (the learner's share of
// realised C), opponent_cooperation_rate, rounds (settled).
// Seeds, from reset(seed) as the runner derives them from an episode's seed:
// the game's core::mechanism_seed(seed), the opponent's core::party_seed(seed, 1).

#include <parley/sandbox/game_environment.hpp>

#include <map>

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
    explicit IpdEnvironment(const IpdSettings& settings);

    std::string world() const override { return game_.world(); }
    std::size_t observation_size() const override { return game_.observation_size(); }
    std::size_t action_count() const override { return game_.action_count(); }
    std::vector<std::string> action_names() const override { return game_.action_names(); }
    Step reset(std::uint64_t seed) override { return game_.reset(seed); }
    Step step(std::size_t action) override { return game_.step(action); }
    EpisodeFigures figures() const override;

private:
    GameEnvironment game_;
};

}  // namespace parley::sandbox
