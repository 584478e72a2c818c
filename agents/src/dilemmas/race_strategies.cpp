// The race's classic strategies, as defined in game_strategy.hpp, and what
// every strategy of the game shares: reading the view and the forecasts.

#include "race_rules.hpp"

#include "../frameworks/parameters.hpp"

#include <parley/games/race.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace parley::agents::dilemmas {
namespace race {

using worlds::GameRound;
using worlds::GameView;

namespace {

// The forecasts look at most this many rounds ahead: a bound on the work per
// move whatever the game's length.
constexpr std::uint32_t kLookahead = 1000;
// The forecasting policies choose among the shares k / kGridSteps and n*.
constexpr int kGridSteps = 20;

// Whether another lab broke the last round's pact (false when it had none).
bool pact_broken_last(const GameView& view) {
    if (view.history.empty()) return false;
    const GameRound& last = view.history.back();
    const double pact = worlds::race_pact(last.stages);
    if (!(pact > 0.0)) return false;
    for (std::size_t j = 0; j < view.players(); ++j) {
        if (j != view.self && invested(last, j) < pact - kTolerance) return true;
    }
    return false;
}

double conditional_proposal(const GameView& view) { return pact_broken_last(view) ? 0.0 : neutral(view); }
double conditional_investment(const GameView& view) { return pact_broken_last(view) ? 0.0 : pact_or_neutral(view); }

}  // namespace

GameRule rule(Share proposal, Share investment) {
    return [proposal, investment](const GameView& view) -> std::vector<double> {
        if (view.stage.name == worlds::kRaceTalk) return {proposal(view)};
        if (view.stage.name == worlds::kRaceInvest) return {investment(view)};
        return std::vector<double>(view.stage.width, 0.0);  // not a race stage
    };
}

double nothing(const GameView&) { return 0.0; }
double everything(const GameView&) { return 1.0; }

double neutral(const GameView& view) {
    return worlds::hazard_neutral_share(view.parameter("capability_rate"), view.parameter("safety_rate"));
}

double pact_now(const GameView& view) { return worlds::race_pact(view.current); }

double pact_or_neutral(const GameView& view) {
    const double pact = pact_now(view);
    return pact > 0.0 ? pact : neutral(view);
}

double invested(const GameRound& round, std::size_t player) {
    return round.stage(worlds::kRaceInvest)->moves[player][0];
}

bool others_cooperated(const GameView& view, const GameRound& round) {
    for (std::size_t j = 0; j < view.players(); ++j) {
        if (j != view.self && !worlds::race_cooperated(round, j, neutral(view))) return false;
    }
    return true;
}

double expected_share(const GameView& view, std::size_t player) {
    return view.history.empty() ? neutral(view) : invested(view.history.back(), player);
}

// --- forecasts ------------------------------------------------------------------

RaceNow race_now(const GameView& view) {
    RaceNow now;
    now.capability_rate = view.parameter("capability_rate");
    now.safety_rate = view.parameter("safety_rate");
    now.threshold = view.parameter("threshold");
    now.hazard = view.parameter("hazard");
    now.prize = view.parameter("prize");
    now.catastrophe_cost = view.parameter("catastrophe_cost");
    now.horizon = static_cast<double>(std::min(view.settings->rounds - view.round, kLookahead));
    now.capability.assign(view.players(), 0.0);
    if (!view.history.empty()) now.capability = view.history.back().received;
    for (const GameRound& round : view.history) {
        for (std::size_t j = 0; j < view.players(); ++j) now.safety_total += invested(round, j) * now.safety_rate;
    }
    return now;
}

std::vector<double> forecast(const RaceNow& now, const std::vector<double>& shares) {
    const std::size_t n = shares.size();
    double capability_total = 0.0;
    double capability_step = 0.0;
    double safety_step = 0.0;
    double first = now.horizon + 1.0;  // the first round (1-based) in which a lab reaches the threshold
    std::vector<double> reach(n, first);
    for (std::size_t j = 0; j < n; ++j) {
        const double gain = (1.0 - shares[j]) * now.capability_rate;
        capability_total += now.capability[j];
        capability_step += gain;
        safety_step += shares[j] * now.safety_rate;
        const double missing = now.threshold * (1.0 - kTolerance) - now.capability[j];
        if (gain > 0.0) reach[j] = std::max(1.0, std::ceil(missing / gain));
        first = std::min(first, reach[j]);
    }
    double alive = 1.0;  // the chance that no catastrophe has struck yet
    const double last = std::min(first, now.horizon);
    for (double t = 1.0; t <= last && alive > 0.0; t += 1.0) {
        const double p = worlds::race_hazard(capability_total + t * capability_step, now.safety_total + t * safety_step,
                                             n, now.threshold, now.hazard);
        if (p == 0.0 && capability_step <= safety_step) break;  // the gap only shrinks: no more risk
        alive *= 1.0 - p;
    }
    std::vector<double> payoffs(n, -(1.0 - alive) * now.catastrophe_cost);
    if (first > now.horizon) return payoffs;
    double winners = 0.0;
    for (std::size_t j = 0; j < n; ++j) winners += reach[j] == first ? 1.0 : 0.0;
    for (std::size_t j = 0; j < n; ++j) {
        if (reach[j] == first) payoffs[j] += alive * now.prize / winners;
    }
    return payoffs;
}

std::vector<double> candidate_shares(const GameView& view) {
    std::vector<double> shares;
    for (int k = 0; k <= kGridSteps; ++k) shares.push_back(static_cast<double>(k) / kGridSteps);
    shares.push_back(neutral(view));
    std::sort(shares.begin(), shares.end());
    shares.erase(std::unique(shares.begin(), shares.end()), shares.end());
    return shares;
}

bool better(double score, double best) { return score > best + kTolerance * (1.0 + std::abs(best)); }

double best_share(const GameView& view, const Objective& objective) {
    const RaceNow now = race_now(view);
    std::vector<double> shares(view.players());
    for (std::size_t j = 0; j < shares.size(); ++j) shares[j] = expected_share(view, j);
    double best = 0.0;
    double best_score = 0.0;
    bool any = false;
    for (double mine : candidate_shares(view)) {
        shares[view.self] = mine;
        const double score = objective(forecast(now, shares));
        if (!any || better(score, best_score)) {
            best_score = score;
            best = mine;
            any = true;
        }
    }
    return best;
}

}  // namespace race
namespace {

using namespace race;
using worlds::GameView;

GameStrategyInfo safety_first_info() {
    GameStrategyInfo info;
    info.world = kWorld;
    frameworks::describe_entry(info, "safety_first",
                               "proposes and puts `share` of its effort into safety, whatever the others do",
                               {{"share", "0.8", "the safety share it proposes and plays, in [0, 1]"}},
                               [](const frameworks::ParameterReader& reader) {
                                   const double share = reader.number("share", 0.0, 1.0);
                                   const auto propose = [share](const GameView&) { return share; };
                                   const auto invest = [share](const GameView& view) {
                                       return std::max(share, pact_now(view));
                                   };
                                   return make_rule_strategy(rule(propose, invest));
                               });
    return info;
}

}  // namespace

std::vector<GameStrategyInfo> race_strategies() {
    std::vector<GameStrategyInfo> infos;
    infos.push_back(rule_strategy(kWorld, "racer", "proposes no pact and puts everything into capability",
                                  rule(nothing, nothing)));
    infos.push_back(safety_first_info());
    infos.push_back(rule_strategy(kWorld, "pact_keeper",
                                  "proposes the hazard-neutral share; plays the pact when one forms, else that share",
                                  rule(neutral, pact_or_neutral)));
    infos.push_back(rule_strategy(kWorld, "pact_breaker", "proposes full safety to lure a pact, then races",
                                  rule(everything, nothing)));
    infos.push_back(rule_strategy(kWorld, "conditional_keeper",
                                  "keeps the pact while every other lab kept the last one; races for a round after "
                                  "a breach",
                                  rule(conditional_proposal, conditional_investment)));
    return infos;
}

}  // namespace parley::agents::dilemmas
