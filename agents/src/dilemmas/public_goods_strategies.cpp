// The public goods game's strategies, classic and per value framework, as
// defined in game_strategy.hpp.

#include "game_strategies.hpp"

#include "../frameworks/parameters.hpp"

#include <parley/games/public_goods.hpp>

#include <algorithm>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>

namespace parley::agents::dilemmas {
namespace {

using worlds::GameView;
using worlds::StageMoves;
using Amount = std::function<double(const GameView&)>;
using Points = std::function<std::vector<double>(const GameView&)>;

const std::string kWorld = "public_goods";

double endowment(const GameView& view) { return view.parameter("endowment"); }

// Every player's contribution in the last round (nullptr before any).
const StageMoves* last_contributions(const GameView& view) {
    return view.history.empty() ? nullptr : view.history.back().stage(worlds::kPublicGoodsContribute);
}

// Every player's contribution in this round (in a punish stage).
const StageMoves* this_round_contributions(const GameView& view) {
    for (const StageMoves& stage : view.current) {
        if (stage.name == worlds::kPublicGoodsContribute) return &stage;
    }
    return nullptr;
}

// Player j's last contribution, E before any.
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

// A strategy from its contribution, its announcement (by default the
// contribution: honest) and its punishment (by default none).
GameRule rule(Amount contribution, Amount announcement = nullptr, Points punishment = no_points) {
    return [contribution, announcement, punishment](const GameView& view) -> std::vector<double> {
        if (view.stage.name == worlds::kPublicGoodsTalk) return {announcement ? announcement(view) : contribution(view)};
        if (view.stage.name == worlds::kPublicGoodsContribute) return {contribution(view)};
        if (view.stage.name == worlds::kPublicGoodsPunish) return punishment(view);
        return {0.0};  // stages of other games
    };
}

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

// One point per E/4 by which another's contribution this round fell short of its own.
std::vector<double> punish_shortfall(const GameView& view) {
    std::vector<double> given = no_points(view);
    const StageMoves* now = this_round_contributions(view);
    if (!now) return given;
    const double own = now->moves[view.self][0];
    for (std::size_t j = 0; j < given.size(); ++j) {
        const double shortfall = own - now->moves[j][0];
        if (j != view.self && shortfall > 0.0) given[j] = shortfall / (endowment(view) / 4.0);
    }
    return given;
}

double conditional_cooperation(const GameView& view) {
    const StageMoves* last = last_contributions(view);
    if (!last) return endowment(view);
    double sum = 0.0;
    for (const auto& move : last->moves) sum += move[0];
    return sum / static_cast<double>(last->moves.size());
}

double others_mean(const GameView& view) {
    const StageMoves* last = last_contributions(view);
    if (!last) return endowment(view);
    double sum = 0.0;
    for (std::size_t j = 0; j < last->moves.size(); ++j) {
        if (j != view.self) sum += last->moves[j][0];
    }
    return sum / static_cast<double>(last->moves.size() - 1);
}

// Every player's total after the round if it contributes `mine` and each
// other repeats its last contribution.
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

double rawlsian(const GameView& view) {
    const std::vector<double> sums = totals(view);
    double lowest_other = 0.0;
    bool any = false;
    for (std::size_t j = 0; j < sums.size(); ++j) {
        if (j == view.self) continue;
        const double value = sums[j] - last_of(view, j);
        if (!any || value < lowest_other) lowest_other = value;
        any = true;
    }
    return std::clamp(sums[view.self] - lowest_other, 0.0, endowment(view));
}

double nash(const GameView& view) {
    constexpr int kSteps = 40;
    double best = 0.0;
    double best_product = -1.0;
    for (int k = 0; k <= kSteps; ++k) {
        const double mine = endowment(view) * static_cast<double>(k) / kSteps;
        double product = 1.0;
        for (double total : predicted_totals(view, mine)) product *= std::max(0.0, total);
        if (product >= best_product) {
            best_product = product;
            best = mine;
        }
    }
    return best;
}

double libertarian(const GameView& view) {
    const double e = endowment(view);
    for (const worlds::GameRound& round : view.history) {
        const StageMoves& contributions = *round.stage(worlds::kPublicGoodsContribute);
        for (std::size_t j = 0; j < contributions.moves.size(); ++j) {
            if (j != view.self && contributions.moves[j][0] < e / 2.0) return 0.0;
        }
    }
    return e;
}

GameStrategyInfo punisher_info() {
    GameStrategyInfo info;
    info.world = kWorld;
    info.name = "punisher";
    info.description = "contributes E; punishes each player who contributed below threshold x E";
    info.parameters = {{"threshold", "0.5", "punishes contributions below threshold x E, in [0, 1]"},
                       {"points", "2", "points given to each such player (capped at max_points), in [0, 1e6]"}};
    info.make = [parameters = info.parameters](const FrameworkParameters& given) -> std::unique_ptr<GameStrategy> {
        const frameworks::ParameterReader reader("punisher", parameters, given);
        const double threshold = reader.number("threshold", 0.0, 1.0);
        const double points = reader.number("points", 0.0, 1e6);
        return make_rule_strategy(rule(endowment, endowment, punish_below(threshold, points)));
    };
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
    infos.push_back(rule_strategy(kWorld, "selfish", "free rides, announces E (cheap talk), never punishes",
                                  rule(zero, endowment)));
    infos.push_back(rule_strategy(kWorld, "reciprocal",
                                  "matches the others' last mean contribution; punishes shortfalls below its own",
                                  rule(others_mean, nullptr, punish_shortfall)));
    infos.push_back(
        rule_strategy(kWorld, "utilitarian", "contributes E: each unit adds r - 1 to the sum", rule(endowment)));
    infos.push_back(rule_strategy(kWorld, "rawlsian", "the contribution that maximises the lowest cumulative score",
                                  rule(rawlsian)));
    infos.push_back(
        rule_strategy(kWorld, "nash", "the contribution that maximises the product of cumulative scores", rule(nash)));
    infos.push_back(
        rule_strategy(kWorld, "deontological", "contributes and announces E whatever the others do", rule(endowment)));
    infos.push_back(rule_strategy(kWorld, "libertarian",
                                  "contributes E until another contributes below E/2, then nothing; never punishes",
                                  rule(libertarian)));
    return infos;
}

}  // namespace parley::agents::dilemmas
