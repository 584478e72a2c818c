#include <parley/sandbox/game_environment.hpp>

#include <parley/core/determinism.hpp>

#include <cmath>
#include <stdexcept>

namespace parley::sandbox {
namespace {

worlds::GameSettings resolved_settings(const GameEnvironmentSettings& settings) {
    worlds::GameSettings game;
    game.players = settings.players;
    game.rounds = settings.rounds;
    game.parameters = settings.game_parameters;
    return worlds::GameRegistry::builtin().resolve(settings.game, game);
}

}  // namespace

GameEnvironment::GameEnvironment(GameEnvironmentSettings settings)
    : settings_(std::move(settings)), game_settings_(resolved_settings(settings_)) {
    const std::string what = settings_.game + " environment: ";
    if (settings_.seat >= game_settings_.players) {
        throw std::invalid_argument(what + "seat " + std::to_string(settings_.seat) + " of " +
                                    std::to_string(game_settings_.players) + " players");
    }
    if (settings_.opponents.empty()) throw std::invalid_argument(what + "no opponent");
    if (!(settings_.reward_scale > 0.0) || !std::isfinite(settings_.reward_scale)) {
        throw std::invalid_argument(what + "the reward scale must be a positive finite number");
    }
    spaces_ = agents::game_spaces(settings_.game, game_settings_, settings_.memory, settings_.levels);
    for (const GameOpponent& opponent : settings_.opponents) {
        auto& seats = roster_.emplace_back();
        for (std::size_t seat = 0; seat < game_settings_.players; ++seat) {
            seats.push_back(seat == settings_.seat ? nullptr
                                                   : agents::GameStrategyRegistry::global().make(
                                                         settings_.game, opponent.name, opponent.parameters));
        }
    }
}

std::size_t GameEnvironment::opponent_of(std::uint64_t seed) const {
    return static_cast<std::size_t>(core::derive_seed(seed, kOpponentStream) % roster_.size());
}

Step GameEnvironment::reset(std::uint64_t seed) {
    current_ = opponent_of(seed);
    auto settings = game_settings_;
    settings.seed = core::mechanism_seed(seed);
    game_ = worlds::GameRegistry::builtin().make(settings_.game, settings);
    for (std::size_t seat = 0; seat < roster_[current_].size(); ++seat) {
        if (auto& strategy = roster_[current_][seat]) strategy->reset(core::party_seed(seed, seat));
    }
    game_->start();
    return next(0.0);
}

Step GameEnvironment::step(std::size_t action) {
    if (!game_ || game_->finished()) throw std::logic_error(settings_.game + " environment: step without an episode in play");
    const auto view = game_->view(settings_.seat);
    if (action >= action_count() || !spaces_->legal(view)[action]) {
        throw std::invalid_argument(settings_.game + " environment: action " + std::to_string(action) + " of " +
                                    std::to_string(action_count()) + " is not legal in the " + view.stage.name +
                                    " stage");
    }
    // Every move is chosen before any is made, as the moves of a stage are simultaneous.
    std::vector<std::vector<double>> moves(game_settings_.players);
    for (std::size_t seat = 0; seat < moves.size(); ++seat) {
        const auto& strategy = roster_[current_][seat];
        moves[seat] = strategy ? strategy->choose(game_->view(seat)) : spaces_->move(view, action);
    }
    const auto settled = game_->history().size();
    // An opponent's move may break the rules: the game ends naming it, as in a run.
    for (std::size_t seat = 0; seat < moves.size() && !game_->finished(); ++seat) game_->on_move(seat, moves[seat]);
    const bool scored = game_->history().size() > settled;
    return next(scored ? game_->history().back().payoffs.at(settings_.seat) * settings_.reward_scale : 0.0);
}

Step GameEnvironment::next(double reward) const {
    Step step;
    step.reward = reward;
    step.done = game_->finished();
    if (step.done) return step;
    const auto view = game_->view(settings_.seat);
    step.observation = spaces_->observation(view);
    step.legal = spaces_->legal(view);
    return step;
}

const worlds::RepeatedGame& GameEnvironment::ended() const {
    if (!game_ || !game_->finished()) {
        throw std::logic_error(settings_.game + " environment: figures before the episode ended");
    }
    return *game_;
}

worlds::GameResult GameEnvironment::result() const { return ended().result(); }

EpisodeFigures GameEnvironment::figures() const {
    const auto result = ended().result();
    const double score = result.scores.at(settings_.seat);
    const double rounds = static_cast<double>(result.rounds_played);
    EpisodeFigures figures{{"score", score},
                           {"mean_payoff", result.rounds_played == 0 ? 0.0 : score / rounds},
                           {"cooperation_rate", result.cooperation_rates.at(settings_.seat)},
                           {"mean_cooperation_rate", result.cooperation_rate},
                           {"rounds", rounds}};
    for (std::size_t seat = 0; seat < result.scores.size(); ++seat) {
        figures.emplace_back("score_" + std::to_string(seat), result.scores[seat]);
    }
    for (const auto& metric : result.game_metrics) figures.push_back(metric);
    figures.emplace_back("opponent", static_cast<double>(current_));
    return figures;
}

}  // namespace parley::sandbox
