// The nash framework in each repeated game: the same values as in
// negotiation (nash.cpp), played by the rules of the game (game_strategy.hpp
// gives each game's notation).
//
// ipd: = pavlov: its aspiration is the disagreement point P of the Nash
//   bargaining solution (whose agreement here is CC): it stays with a move that
//   earned more than P (R or T) and shifts after one that earned no more (S or
//   P).
//
// public_goods: maximises the product of max(0, total) over the players after
//   the round, with the same prediction, over the 41 contributions k E / 40
//   (ties to the larger); announces the same; never punishes.
//
// commons: the stock-keeping share, the equal split of the bargaining point;
//   for one round after any other player asked more than twice its stock-
//   keeping share, max_harvest (the disagreement point), then back.
//
// race: the x that maximises the product of the labs' forecast gains over the
//   disagreement point, every lab racing from now on (the forecast with every
//   share 0); when no x gives every lab a gain, the largest sum of gains. n*
//   among labs at n* (the equal split without hazard).

#include "game_policies.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace parley::agents::frameworks {
namespace {

const std::string kName = "nash";

// The contribution k E / 40 that maximises the product of max(0, total) after
// the round (ties to the larger).
double product_contribution(const GameView& view) {
    constexpr int kSteps = 40;
    double best = 0.0;
    double best_product = -1.0;
    for (int k = 0; k <= kSteps; ++k) {
        const double mine = public_goods::endowment(view) * static_cast<double>(k) / kSteps;
        double product = 1.0;
        for (double total : public_goods::predicted_totals(view, mine)) product *= std::max(0.0, total);
        if (product >= best_product) {
            best_product = product;
            best = mine;
        }
    }
    return best;
}

// The stock-keeping share; max_harvest for a round after another overharvests.
double bargaining_harvest(const GameView& view) {
    if (!view.history.empty() && commons::overharvested(view, view.history.back(), 2.0)) {
        return commons::max_harvest(view);
    }
    return commons::keeping_share_now(view);
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
        return mantissa_ > other.mantissa_ * (1.0 + race::kTolerance);
    }

private:
    static constexpr double kScale = 18446744073709551616.0;  // 2^64
    double mantissa_ = 1.0;
    std::int64_t exponent_ = 0;
};

// The Nash bargaining solution against the disagreement point "every lab races
// from now on": the share that maximises the product of the labs' forecast gains
// over that point; when no share gives every lab a gain, the largest sum of gains.
double bargaining_share(const GameView& view) {
    const race::RaceNow now = race::race_now(view);
    const std::vector<double> disagreement = race::forecast(now, std::vector<double>(view.players(), 0.0));
    std::vector<double> shares(view.players());
    for (std::size_t j = 0; j < shares.size(); ++j) shares[j] = race::expected_share(view, j);
    double best_by_product = -1.0;
    ScaledProduct best_product;
    double best_by_sum = 0.0;
    double best_sum = 0.0;
    bool any = false;
    for (double mine : race::candidate_shares(view)) {
        shares[view.self] = mine;
        const std::vector<double> payoffs = race::forecast(now, shares);
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
        if (!any || race::better(sum, best_sum)) {
            best_sum = sum;
            best_by_sum = mine;
            any = true;
        }
    }
    return best_by_product >= 0.0 ? best_by_product : best_by_sum;
}

}  // namespace

std::vector<GameStrategyInfo> nash_games() {
    return framework_games(
        kName, {.ipd = dilemmas::classic_alias("pavlov", kName,
                                               "stays after earning more than the disagreement payoff P, shifts "
                                               "otherwise"),
                .public_goods = {"the contribution that maximises the product of cumulative scores",
                                 public_goods::rule(product_contribution)},
                .commons = {"the stock-keeping share; max_harvest for a round after another overharvests",
                            commons::rule(bargaining_harvest)},
                .race = {"the safety share that maximises the product of expected gains over all racing; proposes it",
                         race::rule(bargaining_share, bargaining_share)}});
}

}  // namespace parley::agents::frameworks
