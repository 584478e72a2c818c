#include <parley/sandbox/ipd_environment.hpp>

#include <parley/core/determinism.hpp>
#include <parley/games/ipd.hpp>

#include <stdexcept>

namespace parley::sandbox {
namespace {

constexpr std::size_t kLearner = 0;
constexpr std::size_t kOpponent = 1;

}  // namespace

IpdEnvironment::IpdEnvironment(IpdSettings settings) : settings_(std::move(settings)) {
    if (settings_.memory == 0) throw std::invalid_argument("ipd environment: memory must be at least 1 round");
    worlds::GameSettings game;
    game.players = 2;
    game.rounds = settings_.rounds;
    game.parameters = settings_.game_parameters;
    game_settings_ = worlds::GameRegistry::builtin().resolve("ipd", game);
    opponent_ = agents::GameStrategyRegistry::global().make("ipd", settings_.opponent, settings_.opponent_parameters);
}

Step IpdEnvironment::reset(std::uint64_t seed) {
    auto settings = game_settings_;
    settings.seed = core::mechanism_seed(seed);
    game_ = worlds::GameRegistry::builtin().make("ipd", settings);
    opponent_->reset(core::party_seed(seed, kOpponent));
    game_->start();
    return next(0.0);
}

Step IpdEnvironment::step(std::size_t action) {
    if (!game_ || game_->finished()) throw std::logic_error("ipd environment: step without an episode in play");
    if (action >= action_count()) {
        throw std::invalid_argument("ipd environment: action " + std::to_string(action) + " of " +
                                    std::to_string(action_count()));
    }
    // Both views are taken before either move, as the moves are simultaneous.
    const auto theirs = opponent_->choose(game_->view(kOpponent));
    const auto mine = worlds::dilemma_move_value(ipd_action_move(action));
    const auto settled = game_->history().size();
    game_->on_move(kLearner, mine);
    // The opponent's move may break the rules: the game ends naming it, as in a run.
    if (!game_->finished()) game_->on_move(kOpponent, theirs);
    const double reward = game_->history().size() > settled ? game_->history().back().payoffs.at(kLearner) : 0.0;
    return next(reward);
}

Step IpdEnvironment::next(double reward) const {
    Step step;
    step.reward = reward;
    step.done = game_->finished();
    if (step.done) return step;
    step.observation = ipd_observation(game_->view(kLearner), settings_.memory);
    step.legal.assign(action_count(), true);
    return step;
}

EpisodeFigures IpdEnvironment::figures() const {
    if (!game_ || !game_->finished()) throw std::logic_error("ipd environment: figures before the episode ended");
    const auto result = game_->result();
    return {{"score", result.scores.at(kLearner)},
            {"opponent_score", result.scores.at(kOpponent)},
            {"cooperation_rate", result.cooperation_rates.at(kLearner)},
            {"opponent_cooperation_rate", result.cooperation_rates.at(kOpponent)},
            {"rounds", static_cast<double>(result.rounds_played)}};
}

}  // namespace parley::sandbox
