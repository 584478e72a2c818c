// The Bayesian opponent model: a resample-move particle filter (Gilks and
// Berzuini 2001) over linear additive profiles, for a party assumed to offer
// like a Boltzmann-rational proposer (opponent_model.hpp says why).
//
// Notation: beta = rationality, w_i and e_i(v) a hypothesis' weights and value
// utilities, n_i(v) how often the party offered value v of issue i, K how many
// offers it made. Per hypothesis and issue we keep
//     S_i = sum_v exp(beta w_i e_i(v))     (the issue's factor of Z_h),
// and the log posterior density (the prior is uniform) is
//     log p(h | offers) = sum_i [ beta w_i sum_v n_i(v) e_i(v) - K log S_i ] + constant,
// a function of the counts alone, which lets a Metropolis-Hastings step that
// changes one issue re-evaluate only that issue.

#include <parley/core/determinism.hpp>

#include "one_table_model.hpp"

#include <algorithm>
#include <random>
#include <stdexcept>

namespace parley::agents {
namespace {

// Hypotheses times values stored at most: bounds memory (32 MiB of value
// utilities) for spaces with very many values, where fewer hypotheses are kept.
constexpr std::size_t kMaxStoredValueUtilities = std::size_t{1} << 22;
// Metropolis-Hastings steps per particle after each resampling.
constexpr int kMovesPerResampling = 4;
// Half-width of a proposed change of a value utility, and of the share of a
// pair of weights moved from one to the other.
constexpr double kValueStep = 0.25;
constexpr double kWeightStep = 0.25;

// Reflects x into [0, high]: keeps a uniform random-walk proposal symmetric at the edges.
double reflect(double x, double high) {
    if (x < 0.0) x = -x;
    if (x > high) x = 2.0 * high - x;
    return std::clamp(x, 0.0, high);
}

// A table of zeros with a row for each issue and an entry for each value.
UtilityTable zero_table(const worlds::OutcomeSpace& space) {
    UtilityTable table(space.issue_count());
    for (std::size_t issue = 0; issue < table.size(); ++issue) table[issue].resize(space.issue(issue).size());
    return table;
}

class BayesianModel : public OneTableModel {
public:
    BayesianModel(const worlds::OutcomeSpace& space, BayesianModelOptions options)
        : OneTableModel(zero_table(space)), beta_(options.rationality), engine_(options.seed) {
        if (!(options.rationality > 0.0) || options.hypotheses == 0) {
            throw std::invalid_argument("bayesian model: rationality must be > 0 and hypotheses >= 1");
        }
        issues_ = space.issue_count();
        for (std::size_t issue = 0; issue < issues_; ++issue) {
            offsets_.push_back(value_count_);
            value_count_ += space.issue(issue).size();
        }
        hypotheses_ = std::clamp<std::size_t>(kMaxStoredValueUtilities / value_count_, 1, options.hypotheses);
        counts_.assign(value_count_, 0.0);
        weights_.resize(hypotheses_ * issues_);
        values_.resize(hypotheses_ * value_count_);
        factors_.resize(hypotheses_ * issues_);
        log_posterior_.assign(hypotheses_, 0.0);
        log_partition_.assign(hypotheses_, 0.0);
        log_importance_.assign(hypotheses_, 0.0);
        posterior_.assign(hypotheses_, 1.0 / static_cast<double>(hypotheses_));
        // Antithetic pairs: every odd hypothesis mirrors the value utilities of
        // the one before (e -> 1 - e), so that the prior mean rates all values
        // of an issue alike: before any offer the model prefers nothing.
        for (std::size_t h = 0; h < hypotheses_; ++h) {
            if (h % 2 == 1) {
                mirror(h - 1, h);
            } else {
                draw_from_prior(h);
            }
            for (std::size_t issue = 0; issue < issues_; ++issue) log_partition_[h] += core::portable::log(factor(h, issue));
        }
        rebuild_table();
    }

    std::string_view kind() const override { return "bayesian"; }

    void observe_offer(const worlds::Outcome& offer, double time) override {
        const double evidence = offer_evidence(time);
        offers_ += evidence;
        for (std::size_t issue = 0; issue < issues_; ++issue) counts_[offsets_[issue] + offer[issue]] += evidence;
        for (std::size_t h = 0; h < hypotheses_; ++h) {
            const double log_likelihood = evidence * log_likelihood_of(h, offer);
            log_posterior_[h] += log_likelihood;
            log_importance_[h] += log_likelihood;
        }
        normalise_importance();
        if (effective_sample_size() < 0.5 * static_cast<double>(hypotheses_)) resample_and_move();
        rebuild_table();
        note_change();
    }

    double reservation_value() const override { return 0.0; }

private:
    double& weight(std::size_t h, std::size_t issue) { return weights_[h * issues_ + issue]; }
    double& value(std::size_t h, std::size_t issue, std::size_t v) {
        return values_[h * value_count_ + offsets_[issue] + v];
    }
    double& factor(std::size_t h, std::size_t issue) { return factors_[h * issues_ + issue]; }
    std::size_t values_of(std::size_t issue) const {
        return (issue + 1 < issues_ ? offsets_[issue + 1] : value_count_) - offsets_[issue];
    }

    // Weights uniform on the simplex (spacings of sorted uniforms), value utilities uniform in [0, 1).
    void draw_from_prior(std::size_t h) {
        std::vector<double> cuts(issues_ - 1);
        for (auto& cut : cuts) cut = core::portable::unit_draw(engine_);
        std::sort(cuts.begin(), cuts.end());
        double previous = 0.0;
        for (std::size_t issue = 0; issue < issues_; ++issue) {
            const double next = issue < cuts.size() ? cuts[issue] : 1.0;
            weight(h, issue) = next - previous;
            previous = next;
        }
        for (std::size_t issue = 0; issue < issues_; ++issue) {
            for (std::size_t v = 0; v < values_of(issue); ++v) value(h, issue, v) = core::portable::unit_draw(engine_);
            factor(h, issue) = issue_factor(h, issue, weight(h, issue));
        }
    }

    void mirror(std::size_t source, std::size_t h) {
        for (std::size_t issue = 0; issue < issues_; ++issue) {
            weight(h, issue) = weight(source, issue);
            for (std::size_t v = 0; v < values_of(issue); ++v) value(h, issue, v) = 1.0 - value(source, issue, v);
            factor(h, issue) = issue_factor(h, issue, weight(h, issue));
        }
    }

    double issue_factor(std::size_t h, std::size_t issue, double issue_weight) {
        double sum = 0.0;
        for (std::size_t v = 0; v < values_of(issue); ++v)
            sum += core::portable::exp(beta_ * issue_weight * value(h, issue, v));
        return sum;
    }

    // log of exp(beta u_h(offer)) / Z_h.
    double log_likelihood_of(std::size_t h, const worlds::Outcome& offer) {
        double utility = 0.0;
        for (std::size_t issue = 0; issue < issues_; ++issue)
            utility += weight(h, issue) * value(h, issue, offer[issue]);
        return beta_ * utility - log_partition_[h];
    }

    // sum_v n_i(v) e_i(v): how much the offers so far liked issue i under h.
    double issue_evidence(std::size_t h, std::size_t issue) {
        double sum = 0.0;
        for (std::size_t v = 0; v < values_of(issue); ++v) sum += counts_[offsets_[issue] + v] * value(h, issue, v);
        return sum;
    }

    void normalise_importance() {
        const double top = *std::max_element(log_importance_.begin(), log_importance_.end());
        double total = 0.0;
        for (std::size_t h = 0; h < hypotheses_; ++h) total += posterior_[h] = core::portable::exp(log_importance_[h] - top);
        for (auto& p : posterior_) p /= total;
    }

    double effective_sample_size() const {
        double squares = 0.0;
        for (double p : posterior_) squares += p * p;
        return 1.0 / squares;
    }

    void resample_and_move() {
        systematic_resample();
        for (std::size_t h = 0; h < hypotheses_; ++h) {
            for (int step = 0; step < kMovesPerResampling; ++step) {
                const auto issue = static_cast<std::size_t>(core::portable::pick_index(engine_, issues_));
                if (issues_ > 1 && core::portable::unit_draw(engine_) < 0.5) {
                    move_weight(h, issue);
                } else {
                    move_value(h, issue);
                }
            }
        }
    }

    // Keeps copies of the hypotheses in proportion to their posterior weights, with one draw.
    void systematic_resample() {
        std::vector<std::size_t> chosen(hypotheses_);
        const double step = 1.0 / static_cast<double>(hypotheses_);
        double pointer = core::portable::unit_draw(engine_) * step;
        double cumulative = posterior_[0];
        std::size_t source = 0;
        for (std::size_t h = 0; h < hypotheses_; ++h) {
            while (pointer > cumulative && source + 1 < hypotheses_) cumulative += posterior_[++source];
            chosen[h] = source;
            pointer += step;
        }
        auto copy_rows = [&](std::vector<double>& data, std::size_t width) {
            std::vector<double> copied(data.size());
            for (std::size_t h = 0; h < hypotheses_; ++h) {
                std::copy_n(data.begin() + static_cast<std::ptrdiff_t>(chosen[h] * width), width,
                            copied.begin() + static_cast<std::ptrdiff_t>(h * width));
            }
            data.swap(copied);
        };
        copy_rows(weights_, issues_);
        copy_rows(values_, value_count_);
        copy_rows(factors_, issues_);
        copy_rows(log_posterior_, 1);
        copy_rows(log_partition_, 1);
        log_importance_.assign(hypotheses_, 0.0);
        posterior_.assign(hypotheses_, step);
    }

    // Accepts a proposed change of log posterior `delta` with probability min(1, e^delta).
    bool metropolis_accepts(double delta) {
        const double draw = core::portable::unit_draw(engine_);  // drawn always: the stream does not depend on delta
        return delta >= 0.0 || draw < core::portable::exp(delta);
    }

    // Changes one value utility. Its issue's factor changes by one term, so
    // the step costs O(1); weight moves recompute factors in full, which keeps
    // rounding from accumulating.
    void move_value(std::size_t h, std::size_t issue) {
        const auto v = static_cast<std::size_t>(core::portable::pick_index(engine_, values_of(issue)));
        double& stored = value(h, issue, v);
        const double old_value = stored;
        const double new_value = reflect(old_value + kValueStep * (2.0 * core::portable::unit_draw(engine_) - 1.0), 1.0);
        const double w = weight(h, issue);
        const double old_factor = factor(h, issue);
        const double new_factor =
            old_factor - core::portable::exp(beta_ * w * old_value) + core::portable::exp(beta_ * w * new_value);
        const double log_change = core::portable::log(new_factor) - core::portable::log(old_factor);
        const double delta = beta_ * w * counts_[offsets_[issue] + v] * (new_value - old_value) - offers_ * log_change;
        if (metropolis_accepts(delta)) {
            stored = new_value;
            factor(h, issue) = new_factor;
            log_partition_[h] += log_change;
            log_posterior_[h] += delta;
        }
    }

    // Moves weight between `issue` and another issue, keeping their sum.
    void move_weight(std::size_t h, std::size_t issue) {
        auto other = static_cast<std::size_t>(core::portable::pick_index(engine_, issues_ - 1));
        if (other >= issue) ++other;
        const double pair = weight(h, issue) + weight(h, other);
        const double old_first = weight(h, issue);
        const double new_first =
            reflect(old_first + kWeightStep * pair * (2.0 * core::portable::unit_draw(engine_) - 1.0), pair);
        const double new_second = pair - new_first;
        const double old_second = weight(h, other);
        const double first_factor = issue_factor(h, issue, new_first);
        const double second_factor = issue_factor(h, other, new_second);
        const double log_change = core::portable::log(first_factor) - core::portable::log(factor(h, issue)) +
                                  core::portable::log(second_factor) - core::portable::log(factor(h, other));
        const double delta = beta_ * ((new_first - old_first) * issue_evidence(h, issue) +
                                      (new_second - old_second) * issue_evidence(h, other)) -
                             offers_ * log_change;
        if (metropolis_accepts(delta)) {
            weight(h, issue) = new_first;
            weight(h, other) = new_second;
            factor(h, issue) = first_factor;
            factor(h, other) = second_factor;
            log_partition_[h] += log_change;
            log_posterior_[h] += delta;
        }
    }

    // The posterior mean of every weighted value utility.
    void rebuild_table() {
        UtilityTable& mean = estimate();
        for (auto& row : mean) std::fill(row.begin(), row.end(), 0.0);
        for (std::size_t h = 0; h < hypotheses_; ++h) {
            const double p = posterior_[h];
            for (std::size_t issue = 0; issue < issues_; ++issue) {
                const double scale = p * weight(h, issue);
                auto& row = mean[issue];
                for (std::size_t v = 0; v < row.size(); ++v) row[v] += scale * value(h, issue, v);
            }
        }
    }

    double beta_;
    std::mt19937_64 engine_;
    std::size_t issues_ = 0;
    std::size_t value_count_ = 0;       // values of all issues together
    std::vector<std::size_t> offsets_;  // first value of each issue in a hypothesis' row
    std::size_t hypotheses_ = 0;
    std::vector<double> counts_;          // n_i(v), flat like a row of values_
    double offers_ = 0.0;                 // K: offers, weighted by their evidence
    std::vector<double> weights_;         // [h][issue]
    std::vector<double> values_;          // [h][issue, value]
    std::vector<double> factors_;         // [h][issue]: S_i
    std::vector<double> log_posterior_;   // log p(h | offers), up to a constant
    std::vector<double> log_partition_;   // log Z_h = sum_i log S_i
    std::vector<double> log_importance_;  // log importance weight since the last resampling
    std::vector<double> posterior_;       // normalised importance weights
};

}  // namespace

std::unique_ptr<OpponentModel> make_bayesian_model(const worlds::OutcomeSpace& space, BayesianModelOptions options) {
    return std::make_unique<BayesianModel>(space, options);
}

}  // namespace parley::agents
