// The commons' classic strategies, as defined in game_strategy.hpp, and what
// every strategy of the game shares.

#include "commons_rules.hpp"

#include <parley/games/commons.hpp>

#include <algorithm>
#include <string>

namespace parley::agents::dilemmas {
namespace commons {

using worlds::GameView;
using worlds::StageMoves;

GameRule rule(Amount harvest) {
    return [harvest](const GameView& view) -> std::vector<double> {
        if (view.stage.name == worlds::kCommonsHarvest) return {harvest(view)};
        return std::vector<double>(view.stage.width, 0.0);  // not a commons stage: ask for nothing
    };
}

double max_harvest(const GameView& view) { return view.parameter("max_harvest"); }

double keeping_share(const GameView& view, double stock) {
    return worlds::stock_keeping_harvest(stock, view.parameter("capacity"), view.parameter("growth")) /
           static_cast<double>(view.players());
}
double keeping_share_now(const GameView& view) { return keeping_share(view, view.state_number(worlds::kCommonsStock)); }

const StageMoves* last_requests(const GameView& view) {
    return view.history.empty() ? nullptr : view.history.back().stage(worlds::kCommonsHarvest);
}

double conditional(const GameView& view) {
    const StageMoves* last = last_requests(view);
    if (!last) return keeping_share_now(view);
    double sum = 0.0;
    for (std::size_t j = 0; j < last->moves.size(); ++j) {
        if (j != view.self) sum += last->moves[j][0];
    }
    return sum / static_cast<double>(last->moves.size() - 1);
}

bool overharvested(const GameView& view, const worlds::GameRound& round, double factor) {
    const StageMoves& requests = *round.stage(worlds::kCommonsHarvest);
    const double share = keeping_share(view, round.number(worlds::kCommonsStockBefore));
    for (std::size_t j = 0; j < requests.moves.size(); ++j) {
        if (j != view.self && requests.moves[j][0] > factor * share + kTolerance) return true;
    }
    return false;
}

}  // namespace commons

using namespace commons;

std::vector<GameStrategyInfo> commons_strategies() {
    std::vector<GameStrategyInfo> infos;
    infos.push_back(rule_strategy(kWorld, "greedy", "asks max_harvest", rule(max_harvest)));
    infos.push_back(
        rule_strategy(kWorld, "sustainable", "asks its share of the stock-keeping harvest", rule(keeping_share_now)));
    infos.push_back(rule_strategy(kWorld, "conditional_harvester",
                                  "the stock-keeping share first, then the others' last mean request",
                                  rule(conditional)));
    return infos;
}

}  // namespace parley::agents::dilemmas
