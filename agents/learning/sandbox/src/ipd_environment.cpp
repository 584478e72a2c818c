#include <parley/sandbox/ipd_environment.hpp>

namespace parley::sandbox {
namespace {

constexpr std::size_t kLearner = 0;
constexpr std::size_t kOpponent = 1;

GameEnvironmentSettings ipd_game(const IpdSettings& settings) {
    GameEnvironmentSettings game;
    game.game = "ipd";
    game.players = 2;
    game.rounds = settings.rounds;
    game.game_parameters = settings.game_parameters;
    game.seat = kLearner;
    game.opponents = {{settings.opponent, settings.opponent_parameters}};
    game.memory = settings.memory;
    return game;
}

}  // namespace

IpdEnvironment::IpdEnvironment(const IpdSettings& settings) : game_(ipd_game(settings)) {}

EpisodeFigures IpdEnvironment::figures() const {
    const auto result = game_.result();
    return {{"score", result.scores.at(kLearner)},
            {"opponent_score", result.scores.at(kOpponent)},
            {"cooperation_rate", result.cooperation_rates.at(kLearner)},
            {"opponent_cooperation_rate", result.cooperation_rates.at(kOpponent)},
            {"rounds", static_cast<double>(result.rounds_played)}};
}

}  // namespace parley::sandbox
