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

#include "../dilemmas/commons_rules.hpp"
#include "../dilemmas/public_goods_rules.hpp"
#include "../dilemmas/race_rules.hpp"
#include "../dilemmas/strategies.hpp"

#include <parley/agents/dilemma_strategy.hpp>
#include <parley/agents/game_strategy.hpp>

#include <string>
#include <vector>

namespace parley::agents::frameworks {
namespace {

using worlds::GameView;
namespace commons = dilemmas::commons;
namespace public_goods = dilemmas::public_goods;
namespace race = dilemmas::race;

const std::string kName = "selfish";

double zero(const GameView&) { return 0.0; }

// Its best reply for its own forecast payoff.
double own_best_share(const GameView& view) {
    return race::best_share(view, [&](const std::vector<double>& payoffs) { return payoffs[view.self]; });
}

}  // namespace

std::vector<GameStrategyInfo> selfish_games() {
    return {
        ipd_strategy(dilemmas::classic_alias("all_d", kName, "defection dominates in every round of a finite game")),
        dilemmas::rule_strategy(public_goods::kWorld, kName, "free rides, announces E (cheap talk), never punishes",
                                public_goods::rule(zero, public_goods::endowment)),
        dilemmas::rule_strategy(commons::kWorld, kName, "asks max_harvest: the tragedy of the commons",
                                commons::rule(commons::max_harvest)),
        dilemmas::rule_strategy(race::kWorld, kName,
                                "agrees to any pact in talk; plays its best reply for its own expected payoff",
                                race::rule(race::everything, own_best_share)),
    };
}

}  // namespace parley::agents::frameworks
