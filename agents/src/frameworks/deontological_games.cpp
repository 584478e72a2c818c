// The deontological framework in each repeated game: the same values as in
// negotiation (deontological.cpp), played by the rules of the game (game_strategy.hpp
// gives each game's notation).
//
// ipd: = all_c: cooperating is the maxim it can will as a universal law; the
//   other's conduct does not change its duty.
//
// public_goods: contributes E and announces E, whatever the others do: the
//   maxim it can will as universal law, and it never lies in talk; never
//   punishes (harming is not a duty).
//
// commons: the stock-keeping share always, also in the last round: the rule
//   that, universalised, keeps the commons for ever.
//
// race: proposes n* and plays max(n*, the pact) whatever the others do: "add no
//   capability that safety does not match" can be willed as universal law
//   (universalised, the hazard is 0), and a pact is a promise kept; its own
//   proposal caps the pact, so it plays n*.

#include "game_policies.hpp"

#include <algorithm>
#include <string>
#include <vector>

namespace parley::agents::frameworks {
namespace {

const std::string kName = "deontological";

// n*, or the pact when it asks more: a promise kept.
double kept_share(const GameView& view) { return std::max(race::neutral(view), race::pact_now(view)); }

}  // namespace

std::vector<GameStrategyInfo> deontological_games() {
    return framework_games(
        kName, {.ipd = dilemmas::classic_alias("all_c", kName, "cooperation is a duty whatever the other does"),
                .public_goods = {"contributes and announces E whatever the others do",
                                 public_goods::rule(public_goods::endowment)},
                .commons = {"the stock-keeping share always, also in the last round",
                            commons::rule(commons::keeping_share_now)},
                .race = {"proposes and plays the hazard-neutral share always, and keeps every pact",
                         race::rule(race::neutral, kept_share)}});
}

}  // namespace parley::agents::frameworks
