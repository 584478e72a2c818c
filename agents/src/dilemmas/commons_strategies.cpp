// The commons' strategies, classic and per value framework, as defined in
// game_strategy.hpp.

#include "game_strategies.hpp"

#include <parley/games/commons.hpp>

#include <algorithm>
#include <string>

namespace parley::agents::dilemmas {
namespace {

using worlds::GameView;
using worlds::StageMoves;
using Amount = std::function<double(const GameView&)>;

const std::string kWorld = "commons";
constexpr double kTolerance = 1e-9;

GameRule rule(Amount harvest) {
    return [harvest](const GameView& view) -> std::vector<double> {
        if (view.stage.name == worlds::kCommonsHarvest) return {harvest(view)};
        return std::vector<double>(view.stage.width, 0.0);  // not a commons stage: ask for nothing
    };
}

double max_harvest(const GameView& view) { return view.parameter("max_harvest"); }

// 1/N of the stock-keeping harvest at `stock`.
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

double utilitarian(const GameView& view) {
    if (view.round + 1 >= view.settings->rounds) return max_harvest(view);
    const double escapement = view.parameter("capacity") / 2.0;
    return std::max(0.0, view.state_number(worlds::kCommonsStock) - escapement) / static_cast<double>(view.players());
}

double rawlsian(const GameView& view) {
    double share = keeping_share_now(view);
    if (const StageMoves* last = last_requests(view)) {
        for (std::size_t j = 0; j < last->moves.size(); ++j) {
            if (j != view.self) share = std::min(share, last->moves[j][0]);
        }
    }
    return share;
}

// Whether another player asked more than `factor` x its stock-keeping share in `round`.
bool overharvested(const GameView& view, const worlds::GameRound& round, double factor) {
    const StageMoves& requests = *round.stage(worlds::kCommonsHarvest);
    const double share = keeping_share(view, round.number(worlds::kCommonsStockBefore));
    for (std::size_t j = 0; j < requests.moves.size(); ++j) {
        if (j != view.self && requests.moves[j][0] > factor * share + kTolerance) return true;
    }
    return false;
}

double nash(const GameView& view) {
    if (!view.history.empty() && overharvested(view, view.history.back(), 2.0)) return max_harvest(view);
    return keeping_share_now(view);
}

double libertarian(const GameView& view) {
    for (const worlds::GameRound& round : view.history) {
        if (overharvested(view, round, 1.0)) return max_harvest(view);
    }
    return keeping_share_now(view);
}

}  // namespace

std::vector<GameStrategyInfo> commons_strategies() {
    std::vector<GameStrategyInfo> infos;
    infos.push_back(rule_strategy(kWorld, "greedy", "asks max_harvest", rule(max_harvest)));
    infos.push_back(
        rule_strategy(kWorld, "sustainable", "asks its share of the stock-keeping harvest", rule(keeping_share_now)));
    infos.push_back(rule_strategy(kWorld, "conditional_harvester",
                                  "the stock-keeping share first, then the others' last mean request",
                                  rule(conditional)));
    infos.push_back(
        rule_strategy(kWorld, "selfish", "asks max_harvest: the tragedy of the commons", rule(max_harvest)));
    infos.push_back(
        rule_strategy(kWorld, "reciprocal", "asks what the others asked last round, on average", rule(conditional)));
    infos.push_back(rule_strategy(kWorld, "utilitarian",
                                  "constant escapement at K/2 for the largest regrowth; everything in the last round",
                                  rule(utilitarian)));
    infos.push_back(rule_strategy(kWorld, "rawlsian",
                                  "the stock-keeping share, never more than the least another asked last round",
                                  rule(rawlsian)));
    infos.push_back(rule_strategy(
        kWorld, "nash", "the stock-keeping share; max_harvest for a round after another overharvests", rule(nash)));
    infos.push_back(rule_strategy(kWorld, "deontological", "the stock-keeping share always, also in the last round",
                                  rule(keeping_share_now)));
    infos.push_back(rule_strategy(kWorld, "libertarian",
                                  "the stock-keeping share until another takes more than its share, then max_harvest",
                                  rule(libertarian)));
    return infos;
}

}  // namespace parley::agents::dilemmas
