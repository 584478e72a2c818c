// The public goods game's classic strategies, as defined in
// game_strategy.hpp, and what every strategy of the game shares.

#include "public_goods_rules.hpp"

#include "../frameworks/parameters.hpp"

#include <parley/games/public_goods.hpp>

#include <algorithm>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>

namespace parley::agents::dilemmas {
namespace public_goods {

using worlds::GameView;
using worlds::StageMoves;

double endowment(const GameView& view) { return view.parameter("endowment"); }

const StageMoves* last_contributions(const GameView& view) {
    return view.history.empty() ? nullptr : view.history.back().stage(worlds::kPublicGoodsContribute);
}

const StageMoves* this_round_contributions(const GameView& view) {
    for (const StageMoves& stage : view.current) {
        if (stage.name == worlds::kPublicGoodsContribute) return &stage;
    }
    return nullptr;
}

double last_of(const GameView& view, std::size_t player) {
    const StageMoves* last = last_contributions(view);
    return last ? last->moves[player][0] : endowment(view);
}

std::vector<double> totals(const GameView& view) {
    std::vector<double> sums(view.players(), 0.0);
    for (const worlds::GameRound& round : view.history) {
        for (std::size_t i = 0; i < sums.size(); ++i) sums[i] += round.payoffs[i];
    }
    return sums;
}

std::vector<double> no_points(const GameView& view) { return std::vector<double>(view.players(), 0.0); }

GameRule rule(Amount contribution, Amount announcement, Points punishment) {
    return [contribution, announcement, punishment](const GameView& view) -> std::vector<double> {
        if (view.stage.name == worlds::kPublicGoodsTalk) return {announcement ? announcement(view) : contribution(view)};
        if (view.stage.name == worlds::kPublicGoodsContribute) return {contribution(view)};
        if (view.stage.name == worlds::kPublicGoodsPunish) return punishment(view);
        return {0.0};  // stages of other games
    };
}

std::vector<double> predicted_totals(const GameView& view, double mine) {
    std::vector<double> after = totals(view);
    const double e = endowment(view);
    const double r = view.parameter("multiplier");
    std::vector<double> contributions(after.size());
    double pot = 0.0;
    for (std::size_t j = 0; j < after.size(); ++j) {
        contributions[j] = j == view.self ? mine : last_of(view, j);
        pot += contributions[j];
    }
    for (std::size_t j = 0; j < after.size(); ++j) {
        after[j] += e - contributions[j] + r * pot / static_cast<double>(after.size());
    }
    return after;
}

}  // namespace public_goods
namespace {

using namespace public_goods;

// Punishes each other player whose contribution this round is below
// `threshold` x E with `points` points.
Points punish_below(double threshold, double points) {
    return [threshold, points](const GameView& view) {
        std::vector<double> given = no_points(view);
        const StageMoves* now = this_round_contributions(view);
        if (!now) return given;
        for (std::size_t j = 0; j < given.size(); ++j) {
            if (j != view.self && now->moves[j][0] < threshold * endowment(view)) given[j] = points;
        }
        return given;
    };
}

double conditional_cooperation(const GameView& view) {
    const StageMoves* last = last_contributions(view);
    if (!last) return endowment(view);
    double sum = 0.0;
    for (const auto& move : last->moves) sum += move[0];
    return sum / static_cast<double>(last->moves.size());
}

GameStrategyInfo punisher_info() {
    GameStrategyInfo info;
    info.world = kWorld;
    frameworks::describe_entry(
        info, "punisher", "contributes E; punishes each player who contributed below threshold x E",
        {{"threshold", "0.5", "punishes contributions below threshold x E, in [0, 1]"},
         {"points", "2", "points given to each such player (capped at max_points), in [0, 1e6]"}},
        [](const frameworks::ParameterReader& reader) {
            const double threshold = reader.number("threshold", 0.0, 1.0);
            const double points = reader.number("points", 0.0, 1e6);
            return make_rule_strategy(rule(endowment, endowment, punish_below(threshold, points)));
        });
    return info;
}

}  // namespace

std::vector<GameStrategyInfo> public_goods_strategies() {
    std::vector<GameStrategyInfo> infos;
    const auto zero = [](const GameView&) { return 0.0; };
    infos.push_back(rule_strategy(kWorld, "full_contributor", "contributes the whole endowment", rule(endowment)));
    infos.push_back(rule_strategy(kWorld, "free_rider", "contributes nothing", rule(zero)));
    infos.push_back(rule_strategy(kWorld, "conditional_cooperator",
                                  "contributes E first, then the last round's mean contribution",
                                  rule(conditional_cooperation)));
    infos.push_back(punisher_info());
    return infos;
}

}  // namespace parley::agents::dilemmas
