// The race's strategies, classic and per value framework, as defined in
// game_strategy.hpp.

#include "game_strategies.hpp"

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
namespace {

using worlds::GameRound;
using worlds::GameView;
using Share = std::function<double(const GameView&)>;

const std::string kWorld = "race";
constexpr double kTolerance = 1e-9;
// The forecasts look at most this many rounds ahead: a bound on the work per
// move whatever the game's length.
constexpr std::uint32_t kLookahead = 1000;
// The forecasting policies choose among the shares k / kGridSteps and n*.
constexpr int kGridSteps = 20;

// A strategy from its proposal in talk stages and its safety share in the invest stage.
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

// The pact of this round, read in the invest stage (0 when none formed).
double pact_now(const GameView& view) { return worlds::race_pact(view.current); }

// The pact when one formed, else n*: what a lab that means to cooperate plays.
double pact_or_neutral(const GameView& view) {
    const double pact = pact_now(view);
    return pact > 0.0 ? pact : neutral(view);
}

double invested(const GameRound& round, std::size_t player) {
    return round.stage(worlds::kRaceInvest)->moves[player][0];
}

// Whether every other lab cooperated in `round` (race.hpp's definition).
bool others_cooperated(const GameView& view, const GameRound& round) {
    for (std::size_t j = 0; j < view.players(); ++j) {
        if (j != view.self && !worlds::race_cooperated(round, j, neutral(view))) return false;
    }
    return true;
}

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

bool others_always_cooperated(const GameView& view) {
    return std::all_of(view.history.begin(), view.history.end(),
                       [&](const GameRound& round) { return others_cooperated(view, round); });
}

// Lab j's share in the last round, n* before any: what the forecasts expect it to play.
double expected_share(const GameView& view, std::size_t player) {
    return view.history.empty() ? neutral(view) : invested(view.history.back(), player);
}

double others_mean_share(const GameView& view) {
    double sum = 0.0;
    for (std::size_t j = 0; j < view.players(); ++j) {
        if (j != view.self) sum += expected_share(view, j);
    }
    return sum / static_cast<double>(view.players() - 1);
}

// --- forecasts ------------------------------------------------------------------

// What a forecast needs: the rules and the state of the race now.
struct RaceNow {
    double capability_rate = 0.0;
    double safety_rate = 0.0;
    double threshold = 0.0;
    double hazard = 0.0;
    double prize = 0.0;
    double catastrophe_cost = 0.0;
    double horizon = 0.0;  // the rounds left to forecast, this one included
    std::vector<double> capability;
    double safety_total = 0.0;
};

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

// Every lab's expected payoff from now to the end of the forecast when each
// lab j plays shares[j] in every round left. A lab reaching the threshold
// after the horizon wins nothing in the forecast, as in the game.
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

// The shares a forecasting policy considers, ascending: k / kGridSteps and n*.
std::vector<double> candidate_shares(const GameView& view) {
    std::vector<double> shares;
    for (int k = 0; k <= kGridSteps; ++k) shares.push_back(static_cast<double>(k) / kGridSteps);
    shares.push_back(neutral(view));
    std::sort(shares.begin(), shares.end());
    shares.erase(std::unique(shares.begin(), shares.end()), shares.end());
    return shares;
}

// Whether `score` beats `best` by more than rounding: ties go to the earlier
// (smaller, faster) share.
bool better(double score, double best) { return score > best + kTolerance * (1.0 + std::abs(best)); }

// The share that maximises `objective` (of every lab's forecast payoff),
// expecting each other lab to repeat its last share (n* before any).
using Objective = std::function<double(const std::vector<double>& payoffs)>;
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

double selfish(const GameView& view) {
    return best_share(view, [&](const std::vector<double>& payoffs) { return payoffs[view.self]; });
}

double utilitarian(const GameView& view) {
    return best_share(view, [](const std::vector<double>& payoffs) {
        double sum = 0.0;
        for (double payoff : payoffs) sum += payoff;
        return sum;
    });
}

double rawlsian(const GameView& view) {
    return best_share(view, [](const std::vector<double>& payoffs) {
        return *std::min_element(payoffs.begin(), payoffs.end());
    });
}

// A product of non-negative factors as mantissa x 2^(64 exponent), mantissa in
// [1, 2^64) (or 0), so that the product of a thousand labs' gains neither
// overflows nor underflows; scaling by powers of two is exact.
class ScaledProduct {
public:
    void multiply(double factor) {
        mantissa_ *= factor;
        if (mantissa_ == 0.0) return;
        while (mantissa_ >= kScale) {
            mantissa_ /= kScale;
            ++exponent_;
        }
        while (mantissa_ < 1.0) {
            mantissa_ *= kScale;
            --exponent_;
        }
    }
    bool positive() const { return mantissa_ > 0.0; }
    // Whether this exceeds `other` by more than rounding.
    bool exceeds(const ScaledProduct& other) const {
        if (!positive()) return false;
        if (!other.positive()) return true;
        if (exponent_ != other.exponent_) return exponent_ > other.exponent_;
        return mantissa_ > other.mantissa_ * (1.0 + kTolerance);
    }

private:
    static constexpr double kScale = 18446744073709551616.0;  // 2^64
    double mantissa_ = 1.0;
    std::int64_t exponent_ = 0;
};

// The Nash bargaining solution against the disagreement point "every lab races
// from now on": the share that maximises the product of the labs' forecast gains
// over that point; when no share gives every lab a gain, the largest sum of gains.
double nash(const GameView& view) {
    const RaceNow now = race_now(view);
    const std::vector<double> disagreement = forecast(now, std::vector<double>(view.players(), 0.0));
    std::vector<double> shares(view.players());
    for (std::size_t j = 0; j < shares.size(); ++j) shares[j] = expected_share(view, j);
    double best_by_product = -1.0;
    ScaledProduct best_product;
    double best_by_sum = 0.0;
    double best_sum = 0.0;
    bool any = false;
    for (double mine : candidate_shares(view)) {
        shares[view.self] = mine;
        const std::vector<double> payoffs = forecast(now, shares);
        ScaledProduct product;
        double sum = 0.0;
        for (std::size_t j = 0; j < payoffs.size(); ++j) {
            const double gain = payoffs[j] - disagreement[j];
            product.multiply(std::max(0.0, gain));
            sum += gain;
        }
        if (product.positive() && (best_by_product < 0.0 || product.exceeds(best_product))) {
            best_product = product;
            best_by_product = mine;
        }
        if (!any || better(sum, best_sum)) {
            best_sum = sum;
            best_by_sum = mine;
            any = true;
        }
    }
    return best_by_product >= 0.0 ? best_by_product : best_by_sum;
}

// --- rule-following policies ------------------------------------------------------

double conditional_proposal(const GameView& view) { return pact_broken_last(view) ? 0.0 : neutral(view); }
double conditional_investment(const GameView& view) { return pact_broken_last(view) ? 0.0 : pact_or_neutral(view); }

double libertarian_proposal(const GameView& view) { return others_always_cooperated(view) ? neutral(view) : 0.0; }
double libertarian_investment(const GameView& view) {
    return others_always_cooperated(view) ? pact_or_neutral(view) : 0.0;
}

double deontological(const GameView& view) { return std::max(neutral(view), pact_now(view)); }

GameStrategyInfo safety_first_info() {
    GameStrategyInfo info;
    info.world = kWorld;
    info.name = "safety_first";
    info.description = "proposes and puts `share` of its effort into safety, whatever the others do";
    info.parameters = {{"share", "0.8", "the safety share it proposes and plays, in [0, 1]"}};
    info.make = [parameters = info.parameters](const FrameworkParameters& given) -> std::unique_ptr<GameStrategy> {
        const frameworks::ParameterReader reader("safety_first", parameters, given);
        const double share = reader.number("share", 0.0, 1.0);
        const auto propose = [share](const GameView&) { return share; };
        const auto invest = [share](const GameView& view) { return std::max(share, pact_now(view)); };
        return make_rule_strategy(rule(propose, invest));
    };
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
    infos.push_back(rule_strategy(kWorld, "selfish",
                                  "agrees to any pact in talk; plays its best reply for its own expected payoff",
                                  rule(everything, selfish)));
    infos.push_back(rule_strategy(kWorld, "reciprocal", "proposes and plays the others' last mean safety share",
                                  rule(others_mean_share, others_mean_share)));
    infos.push_back(rule_strategy(kWorld, "utilitarian",
                                  "the safety share that maximises the expected sum of payoffs; proposes it",
                                  rule(utilitarian, utilitarian)));
    infos.push_back(rule_strategy(kWorld, "rawlsian",
                                  "the safety share that maximises the lowest expected payoff; proposes it",
                                  rule(rawlsian, rawlsian)));
    infos.push_back(rule_strategy(kWorld, "nash",
                                  "the safety share that maximises the product of expected gains over all racing; "
                                  "proposes it",
                                  rule(nash, nash)));
    infos.push_back(rule_strategy(kWorld, "deontological",
                                  "proposes and plays the hazard-neutral share always, and keeps every pact",
                                  rule(neutral, deontological)));
    infos.push_back(rule_strategy(kWorld, "libertarian",
                                  "keeps the pact (else the hazard-neutral share) until another lab breaks one, then "
                                  "races for good",
                                  rule(libertarian_proposal, libertarian_investment)));
    return infos;
}

}  // namespace parley::agents::dilemmas
