// The libertarian framework in each repeated game: the same values as in
// negotiation (libertarian.cpp), played by the rules of the game (game_strategy.hpp
// gives each game's notation).
//
// ipd: = grudger: it never aggresses (never defects first) and treats
//   cooperation as a voluntary contract that a defection voids for the rest of
//   the match.
//
// public_goods: contributes E until any other player has contributed less than
//   E/2 in some round, then 0 for good (a voluntary scheme that free riding
//   voids, the grudger); never punishes (punishment is coercion); announces
//   honestly.
//
// commons: the stock-keeping share, its own by right, until any other player
//   asks more than its stock-keeping share (1e-9 tolerance); then max_harvest
//   for good (the compact is void).
//
// race: plays as pact_keeper (a pact freely made binds those who made it;
//   without one, n*: it imposes no unmatched risk on the others) until another
//   lab fails to cooperate in some round; then proposes 0 and plays 0 for good:
//   the compact is void (the grudger, as in the other worlds).

#include "game_policies.hpp"

#include <parley/games/public_goods.hpp>

#include <algorithm>
#include <cstddef>
#include <string>
#include <vector>

namespace parley::agents::frameworks {
namespace {

using worlds::GameRound;
using worlds::StageMoves;

const std::string kName = "libertarian";

// E until any other player has contributed less than E/2 in some round, then 0.
double voluntary_contribution(const GameView& view) {
    const double e = public_goods::endowment(view);
    for (const worlds::GameRound& round : view.history) {
        const StageMoves& contributions = *round.stage(worlds::kPublicGoodsContribute);
        for (std::size_t j = 0; j < contributions.moves.size(); ++j) {
            if (j != view.self && contributions.moves[j][0] < e / 2.0) return 0.0;
        }
    }
    return e;
}

// The stock-keeping share until another takes more than its share, then max_harvest.
double compact_harvest(const GameView& view) {
    for (const worlds::GameRound& round : view.history) {
        if (commons::overharvested(view, round, 1.0)) return commons::max_harvest(view);
    }
    return commons::keeping_share_now(view);
}

bool others_always_cooperated(const GameView& view) {
    return std::all_of(view.history.begin(), view.history.end(),
                       [&](const GameRound& round) { return race::others_cooperated(view, round); });
}

double compact_proposal(const GameView& view) { return others_always_cooperated(view) ? race::neutral(view) : 0.0; }
double compact_investment(const GameView& view) {
    return others_always_cooperated(view) ? race::pact_or_neutral(view) : 0.0;
}

}  // namespace

std::vector<GameStrategyInfo> libertarian_games() {
    return framework_games(
        kName,
        {.ipd =
             dilemmas::classic_alias("grudger", kName, "never defects first; a defection voids the contract for good"),
         .public_goods = {"contributes E until another contributes below E/2, then nothing; never punishes",
                          public_goods::rule(voluntary_contribution)},
         .commons = {"the stock-keeping share until another takes more than its share, then max_harvest",
                     commons::rule(compact_harvest)},
         .race = {"keeps the pact (else the hazard-neutral share) until another lab breaks one, then races for good",
                  race::rule(compact_proposal, compact_investment)}});
}

}  // namespace parley::agents::frameworks
