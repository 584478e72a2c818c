#pragma once
// Any repeated game of worlds::GameRegistry::builtin() (ipd, public_goods,
// commons, race) from one learner's seat, against a roster of strategies of
// agents::GameStrategyRegistry::global() (classic strategies, and the value
// frameworks' policies under the framework's name), played through the
// game's own RepeatedGame as the runner drives it: the game asks every player
// in every stage, each opponent chooses on its view taken before any move of
// the stage, the game settles the stage (and the round).
//
// Opponents: a roster. Each episode draws one entry, the
// core::derive_seed(seed, kOpponentStream)-th modulo the roster's size (as
// IpdOpponentsEnvironment draws, on a stream the episode's game and players
// never use), and that entry plays every seat but the learner's, each seat
// with a strategy of its own.
// Seeds, from reset(seed) as the runner derives them from a match's seed:
// the game's core::mechanism_seed(seed), seat s's core::party_seed(seed, s).
// Observation and actions: agents::game_spaces(game, settings, memory,
// levels) (agents/game_observation.hpp), from the learner's seat, so that the
// learned framework's player acts on exactly what it was trained on.
// Reward: the learner's payoff in the round its action settled, times
// `reward_scale` (1: the returns are the learner's score); 0 for the actions
// of a round's earlier stages.
// Figures, in this order: score (the learner's), mean_payoff (its score per
// round played), cooperation_rate (its, by the game's definition),
// mean_cooperation_rate (over every seat), rounds (settled), score_0 ...
// score_{N-1} (every seat's), the game's own metrics (GameInfo::metrics:
// resource_left, pact_rate, ...), opponent (the roster entry's index).

#include <parley/sandbox/environment.hpp>

#include <parley/agents/game_observation.hpp>
#include <parley/agents/game_strategy.hpp>
#include <parley/games/repeated_game.hpp>

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace parley::sandbox {


struct GameOpponent {
    std::string name;  // of GameStrategyRegistry::global(), in the game's world
    agents::FrameworkParameters parameters{};
};

struct GameEnvironmentSettings {
    std::string game = "public_goods";
    std::size_t players = 4;
    std::uint32_t rounds = 10;
    std::map<std::string, double> game_parameters{};
    std::size_t seat = 0;                 // the learner's
    std::vector<GameOpponent> opponents{};  // the roster: at least one
    std::size_t memory = 3;               // rounds in the observation
    std::size_t levels = 5;               // actions per stage (not for the ipd)
    double reward_scale = 1.0;
};

class GameEnvironment final : public Environment {
public:
    // Throws std::invalid_argument for an unknown game, settings the game
    // refuses, a seat outside the game, no opponent, an unknown one or bad
    // parameters of one, a memory or levels game_spaces refuses, or a reward
    // scale that is not a positive finite number.
    explicit GameEnvironment(GameEnvironmentSettings settings);

    std::string world() const override { return settings_.game; }
    std::size_t observation_size() const override { return spaces_->observation_size(); }
    std::size_t action_count() const override { return spaces_->action_count(); }
    std::vector<std::string> action_names() const override { return spaces_->action_names(); }
    Step reset(std::uint64_t seed) override;
    Step step(std::size_t action) override;
    EpisodeFigures figures() const override;

    // The roster entry an episode of `seed` plays against.
    std::size_t opponent_of(std::uint64_t seed) const;
    // The game's settings (validated, every parameter filled in), without the episode's seed.
    const worlds::GameSettings& game_settings() const { return game_settings_; }
    const agents::GameSpaces& spaces() const { return *spaces_; }
    // After done: the game's result (its history included).
    worlds::GameResult result() const;

private:
    Step next(double reward) const;
    const worlds::RepeatedGame& ended() const;

    GameEnvironmentSettings settings_;
    worlds::GameSettings game_settings_;
    std::unique_ptr<agents::GameSpaces> spaces_;
    // Per roster entry, per seat: its strategy (none in the learner's seat).
    std::vector<std::vector<std::unique_ptr<agents::GameStrategy>>> roster_;
    std::size_t current_ = 0;
    std::unique_ptr<worlds::RepeatedGame> game_;
};

}  // namespace parley::sandbox
