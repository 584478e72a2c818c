// The utilitarian framework in each repeated game: the same values as in
// negotiation (utilitarian.cpp), played by the rules of the game (game_strategy.hpp
// gives each game's notation).
//
// ipd: the move that maximises the round's sum of payoffs against the other's
//   last move (C first); ties go to C. With 2R > T+S and S+T > 2P (the default
//   payoffs) that is always C.
//
// public_goods: contributes E: each unit raises the sum of payoffs by r - 1 >
//   0; never punishes (each point destroys c + f); announces E.
//
// commons: constant escapement (optimal for the logistic model): leaves K/2,
//   where regrowth is largest: asks (S - K/2) / N (0 below K/2); in the last
//   round, with no future to save for, asks max_harvest.
//
// race: the x that maximises the sum of the forecast payoffs, the prize less N
//   catastrophe costs whoever wins: above all, the chance that nothing strikes.
//   n* among labs at n*; 1 against racers (its safety offsets their
//   capability). Time does not count in the sum, only the horizon: when labs at
//   n* cannot reach the threshold before the game's last round, it races while
//   it expects the others to hold back, and utilitarians together then
//   alternate between racing and full safety.

#include "game_policies.hpp"

#include <parley/games/commons.hpp>

#include <algorithm>
#include <span>
#include <string>
#include <vector>

namespace parley::agents::frameworks {
namespace {

using worlds::DilemmaMove;
using worlds::IpdView;

const std::string kName = "utilitarian";

// The sum of the round's payoffs.
double round_sum(const worlds::IpdPayoffs& p, std::span<const IpdView>, DilemmaMove mine, DilemmaMove other) {
    return p.payoff(mine, other) + p.payoff(other, mine);
}

// Constant escapement at K/2; everything in the last round.
double escapement_harvest(const GameView& view) {
    if (view.round + 1 >= view.settings->rounds) return commons::max_harvest(view);
    const double escapement = view.parameter("capacity") / 2.0;
    return std::max(0.0, view.state_number(worlds::kCommonsStock) - escapement) / static_cast<double>(view.players());
}

// The share with the largest sum of forecast payoffs.
double sum_best_share(const GameView& view) {
    return race::best_share(view, [](const std::vector<double>& payoffs) {
        double sum = 0.0;
        for (double payoff : payoffs) sum += payoff;
        return sum;
    });
}

}  // namespace

std::vector<GameStrategyInfo> utilitarian_games() {
    return framework_games(
        kName,
        {.ipd = dilemmas::payoff_policy(kName,
                                        "maximises the round's sum of payoffs against the other's last move "
                                        "(always C with the default payoffs), by the game's payoffs unless given "
                                        "its own",
                                        round_sum),
         .public_goods = {"contributes E: each unit adds r - 1 to the sum",
                          public_goods::rule(public_goods::endowment)},
         .commons = {"constant escapement at K/2 for the largest regrowth; everything in the last round",
                     commons::rule(escapement_harvest)},
         .race = {"the safety share that maximises the expected sum of payoffs; proposes it",
                  race::rule(sum_best_share, sum_best_share)}});
}

}  // namespace parley::agents::frameworks
