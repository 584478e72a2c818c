// The selfish framework in each repeated game: the same values as in
// negotiation (selfish.cpp), played by the rules of the game (game_strategy.hpp
// gives each game's notation).
//
// ipd: = all_d: D strictly dominates C in every round, and in a finite game
//   backward induction leaves mutual defection as the only subgame-perfect
//   equilibrium.
//
// public_goods: contributes 0 (with r < N each unit contributed returns r/N < 1
//   to its giver: 0 is dominant) and never punishes (costly, and in a finite
//   game never subgame-perfect); announces E, because cheap talk costs nothing
//   and may raise the others' contributions.
//
// commons: = greedy: a unit it leaves is taken by the others; the tragedy of
//   the commons.
//
// race: proposes 1 (cheap talk: agreeing to any floor costs nothing, and the
//   others' safety lowers the hazard it bears and slows its rivals) and plays
//   the x that maximises its own forecast payoff, its best reply: against labs
//   at n* it races them by a nose (0.45 with the defaults, the first-mover
//   advantage); against racers, who will win anyway, it plays 1 to lower its
//   own risk. Among selfish labs the best replies alternate, and the race often
//   ends in catastrophe.

#include "game_policies.hpp"

#include <string>
#include <vector>

namespace parley::agents::frameworks {
namespace {

const std::string kName = "selfish";

double zero(const GameView&) { return 0.0; }

// Its best reply for its own forecast payoff.
double own_best_share(const GameView& view) {
    return race::best_share(view, [&](const std::vector<double>& payoffs) { return payoffs[view.self]; });
}

}  // namespace

std::vector<GameStrategyInfo> selfish_games() {
    return framework_games(
        kName, {.ipd = dilemmas::classic_alias("all_d", kName, "defection dominates in every round of a finite game"),
                .public_goods = {"free rides, announces E (cheap talk), never punishes",
                                 public_goods::rule(zero, public_goods::endowment)},
                .commons = {"asks max_harvest: the tragedy of the commons", commons::rule(commons::max_harvest)},
                .race = {"agrees to any pact in talk; plays its best reply for its own expected payoff",
                         race::rule(race::everything, own_best_share)}});
}

}  // namespace parley::agents::frameworks
