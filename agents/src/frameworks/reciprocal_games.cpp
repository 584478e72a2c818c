// The reciprocal framework in each repeated game: the same values as in
// negotiation (reciprocal.cpp), played by the rules of the game (game_strategy.hpp
// gives each game's notation).
//
// ipd: = tit_for_tat: returns what it received.
//
// public_goods: contributes the mean of the others' last contributions (E
//   first); announces the same; negative reciprocity: punishes each player
//   whose contribution this round fell short of its own, with one point per E/4
//   of shortfall (capped).
//
// commons: = conditional_harvester.
//
// race: proposes and plays the mean share the others played in the last round
//   (n* first): graded reciprocity, as in public goods; among racers its safety
//   decays toward 0. Its proposal caps the pact, so it keeps every pact.

#include "game_policies.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace parley::agents::frameworks {
namespace {

using worlds::StageMoves;

const std::string kName = "reciprocal";

// The mean of the others' last contributions, E before any.
double others_mean(const GameView& view) {
    const StageMoves* last = public_goods::last_contributions(view);
    if (!last) return public_goods::endowment(view);
    double sum = 0.0;
    for (std::size_t j = 0; j < last->moves.size(); ++j) {
        if (j != view.self) sum += last->moves[j][0];
    }
    return sum / static_cast<double>(last->moves.size() - 1);
}

// One point per E/4 by which another's contribution this round fell short of its own.
std::vector<double> punish_shortfall(const GameView& view) {
    std::vector<double> given = public_goods::no_points(view);
    const StageMoves* now = public_goods::this_round_contributions(view);
    if (!now) return given;
    const double own = now->moves[view.self][0];
    for (std::size_t j = 0; j < given.size(); ++j) {
        const double shortfall = own - now->moves[j][0];
        if (j != view.self && shortfall > 0.0) given[j] = shortfall / (public_goods::endowment(view) / 4.0);
    }
    return given;
}

// The mean share the others played in the last round (n* first).
double others_mean_share(const GameView& view) {
    double sum = 0.0;
    for (std::size_t j = 0; j < view.players(); ++j) {
        if (j != view.self) sum += race::expected_share(view, j);
    }
    return sum / static_cast<double>(view.players() - 1);
}

}  // namespace

std::vector<GameStrategyInfo> reciprocal_games() {
    return framework_games(
        kName, {.ipd = dilemmas::classic_alias("tit_for_tat", kName, "returns what it received"),
                .public_goods = {"matches the others' last mean contribution; punishes shortfalls below its own",
                                 public_goods::rule(others_mean, nullptr, punish_shortfall)},
                .commons = {"asks what the others asked last round, on average", commons::rule(commons::conditional)},
                .race = {"proposes and plays the others' last mean safety share",
                         race::rule(others_mean_share, others_mean_share)}});
}

}  // namespace parley::agents::frameworks
