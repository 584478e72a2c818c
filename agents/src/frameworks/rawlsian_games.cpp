// The rawlsian framework in each repeated game: the same values as in
// negotiation (rawlsian.cpp), played by the rules of the game (game_strategy.hpp
// gives each game's notation).
//
// ipd: maximin over the cumulative scores: the move that makes the lower of the
//   two totals after the round largest, predicting that the other repeats its
//   last move (C first); ties go to C. It cooperates with cooperators, defects
//   against defectors (P beats S for the worse-off) and defects once to undo an
//   exploitation, then forgives.
//
// public_goods: maximin over cumulative scores, predicting that each other
//   player repeats its last contribution (E before any): the contribution that
//   maximises the lowest total after the round, c = clamp(T_self - min_j (T_j -
//   c_j), 0, E) (the lowest total rises with c while it is another's and falls
//   once it is its own); announces the same; never punishes.
//
// commons: the stock-keeping share (the next generation inherits the same
//   stock: just savings), but never more than the least any other player asked
//   in the last round (never above the worst-off taker); also in the last
//   round.
//
// race: the x that maximises the lowest forecast payoff: it neither pulls ahead
//   to win alone (the losers get 0) nor adds risk that the worst off bears. n*
//   among labs at n* (all win together); 1 against racers.

#include "game_policies.hpp"

#include <algorithm>
#include <cstddef>
#include <span>
#include <string>
#include <vector>

namespace parley::agents::frameworks {
namespace {

using worlds::DilemmaMove;
using worlds::IpdView;
using worlds::StageMoves;

const std::string kName = "rawlsian";

// The lower of the two cumulative scores after the round. The other's payoffs
// are recomputed from the realised moves (a view carries only one's own payoff).
double lower_total(const worlds::IpdPayoffs& p, std::span<const IpdView> history, DilemmaMove mine, DilemmaMove other) {
    double own_total = p.payoff(mine, other);
    double other_total = p.payoff(other, mine);
    for (const IpdView& round : history) {
        own_total += p.payoff(round.own, round.other);
        other_total += p.payoff(round.other, round.own);
    }
    return std::min(own_total, other_total);
}

// The contribution that maximises the lowest total after the round.
double maximin_contribution(const GameView& view) {
    const std::vector<double> sums = public_goods::totals(view);
    double lowest_other = 0.0;
    bool any = false;
    for (std::size_t j = 0; j < sums.size(); ++j) {
        if (j == view.self) continue;
        const double value = sums[j] - public_goods::last_of(view, j);
        if (!any || value < lowest_other) lowest_other = value;
        any = true;
    }
    return std::clamp(sums[view.self] - lowest_other, 0.0, public_goods::endowment(view));
}

// The stock-keeping share, never more than the least another asked last round.
double worst_off_harvest(const GameView& view) {
    double share = commons::keeping_share_now(view);
    if (const StageMoves* last = commons::last_requests(view)) {
        for (std::size_t j = 0; j < last->moves.size(); ++j) {
            if (j != view.self) share = std::min(share, last->moves[j][0]);
        }
    }
    return share;
}

// The share with the largest lowest forecast payoff.
double maximin_share(const GameView& view) {
    return race::best_share(
        view, [](const std::vector<double>& payoffs) { return *std::min_element(payoffs.begin(), payoffs.end()); });
}

}  // namespace

std::vector<GameStrategyInfo> rawlsian_games() {
    return framework_games(
        kName,
        {.ipd = dilemmas::payoff_policy(kName,
                                        "maximises the lower cumulative score, expecting the other to repeat its "
                                        "last move, by the game's payoffs unless given its own",
                                        lower_total),
         .public_goods = {"the contribution that maximises the lowest cumulative score",
                          public_goods::rule(maximin_contribution)},
         .commons = {"the stock-keeping share, never more than the least another asked last round",
                     commons::rule(worst_off_harvest)},
         .race = {"the safety share that maximises the lowest expected payoff; proposes it",
                  race::rule(maximin_share, maximin_share)}});
}

}  // namespace parley::agents::frameworks
