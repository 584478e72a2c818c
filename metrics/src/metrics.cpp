#include <parley/metrics/metrics.hpp>
#include <parley/metrics/welfare.hpp>

#include <parley/core/determinism.hpp>

#include <boost/math/distributions/students_t.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <set>
#include <stdexcept>
#include <utility>

namespace parley::worlds {
namespace {

// ---- satisfaction ----

std::vector<SatisfactionRange> compute_satisfaction_ranges(const WelfareFunction& function,
                                                           const WelfareParameters& parameters,
                                                           const OutcomeSpace& space,
                                                           std::span<const LinearAdditiveProfile> profiles,
                                                           std::span<const double> reservations,
                                                           std::uint64_t max_outcomes) {
    const std::size_t parties = profiles.size();
    constexpr double kInfinity = std::numeric_limits<double>::infinity();
    std::vector<SatisfactionRange> ranges(parties, SatisfactionRange{kInfinity, -kInfinity});
    auto include = [&](std::span<const double> utilities) {
        for (std::size_t position = 0; position < parties; ++position) {
            const double score = function.score(WelfareInput{utilities, reservations, position, &parameters});
            if (!std::isfinite(score)) continue;  // a score that says "never": not a bound of the scale
            ranges[position].worst = std::min(ranges[position].worst, score);
            ranges[position].best = std::max(ranges[position].best, score);
        }
    };
    include(reservations);  // the disagreement point
    // Built here rather than kept: it is needed once per framework, and a kept
    // matrix would hold 8 bytes per party and outcome for the domain's lifetime.
    const UtilityMatrix utilities(space, profiles, max_outcomes);
    for (std::size_t outcome = 0; outcome < utilities.outcome_count(); ++outcome) include(utilities.row(outcome));
    for (auto& range : ranges) {
        if (range.worst > range.best) range = SatisfactionRange{};  // no finite score at all
    }
    return ranges;
}

// Null for an empty lookup, which knows no framework.
const WelfareFunction* find_welfare(const WelfareLookup& welfare, std::string_view framework) {
    return welfare ? welfare(framework) : nullptr;
}

std::optional<double> satisfaction_of(const DomainMetrics& domain, const std::string& framework,
                                      const WelfareLookup& welfare, std::size_t position,
                                      std::span<const double> utilities, const WelfareParameters& parameters) {
    const WelfareFunction* function = find_welfare(welfare, framework);
    auto range = domain.satisfaction_range(framework, welfare, position, parameters);
    if (!function || !range) return std::nullopt;
    const double score = function->score(WelfareInput{utilities, domain.reservation_values(), position, &parameters});
    if (std::isnan(score)) return std::nullopt;
    if (!(range->best > range->worst)) return 1.0;  // every result is as good as any other
    return std::clamp((score - range->worst) / (range->best - range->worst), 0.0, 1.0);
}

// ---- opponent models ----

void check_estimate(const DomainMetrics& domain, std::size_t self, const OpponentModelEstimate& estimate) {
    const std::string who = "the opponent model of party " + std::to_string(self) + ": ";
    if (estimate.outcomes.empty()) throw std::invalid_argument(who + "the sample is empty");
    if (estimate.outcomes.size() != estimate.utilities.size()) {
        throw std::invalid_argument(who + std::to_string(estimate.outcomes.size()) + " outcomes but " +
                                    std::to_string(estimate.utilities.size()) + " rows of utilities");
    }
    if (estimate.outcomes.size() > kMaxOpponentModelSample) {
        throw std::invalid_argument(who + "a sample of " + std::to_string(estimate.outcomes.size()) +
                                    " outcomes, more than " + std::to_string(kMaxOpponentModelSample));
    }
    for (std::size_t k = 0; k < estimate.outcomes.size(); ++k) {
        if (!domain.space().contains(estimate.outcomes[k])) {
            throw std::invalid_argument(who + "sampled outcome " + std::to_string(k) + " is not in the space");
        }
        const auto& row = estimate.utilities[k];
        if (row.size() != domain.party_count()) {
            throw std::invalid_argument(who + "row " + std::to_string(k) + " has " + std::to_string(row.size()) +
                                        " utilities for " + std::to_string(domain.party_count()) + " parties");
        }
        for (std::size_t party = 0; party < row.size(); ++party) {
            if (party != self && !std::isfinite(row[party])) {
                throw std::invalid_argument(who + "row " + std::to_string(k) + " has a utility that is not finite");
            }
        }
    }
}

// ---- the result ----

void fill_group_metrics(const DomainMetrics& domain, std::span<const double> utilities, EpisodeMetrics& metrics) {
    auto reservations = domain.reservation_values();
    metrics.social_welfare = 0.0;
    metrics.nash_product = 1.0;
    metrics.minimum_utility = std::numeric_limits<double>::infinity();
    for (std::size_t party = 0; party < utilities.size(); ++party) {
        metrics.social_welfare += utilities[party];
        metrics.nash_product *= std::max(0.0, utilities[party] - reservations[party]);
        metrics.minimum_utility = std::min(metrics.minimum_utility, utilities[party]);
    }
    metrics.equality = 1.0 - gini(utilities);
    const auto& analysis = domain.analysis();
    metrics.distance_to_pareto = distance_to_frontier(utilities, analysis.frontier);
    if (analysis.nash) metrics.distance_to_nash = distance(utilities, analysis.nash->utilities);
    if (analysis.kalai) metrics.distance_to_kalai = distance(utilities, analysis.kalai->utilities);
    metrics.distance_to_max_welfare = distance(utilities, analysis.max_welfare.utilities);
}

}  // namespace

std::vector<double> result_utilities(const OutcomeSpace& space, std::span<const LinearAdditiveProfile> profiles,
                                     const EpisodeOutcome& outcome) {
    std::vector<double> utilities;
    if (outcome.reason != EndReason::Agreement) {
        for (const auto& profile : profiles) utilities.push_back(profile.reservation_value());
        return utilities;
    }
    if (!outcome.agreement) throw std::invalid_argument("an episode ended in agreement but names no outcome");
    if (!space.contains(*outcome.agreement)) {
        throw std::invalid_argument("the agreed outcome is not in the domain's space");
    }
    if (!(outcome.discount_exponent >= 0.0) || !std::isfinite(outcome.discount_exponent)) {
        throw std::invalid_argument("the discount exponent must be finite and >= 0");
    }
    for (const auto& profile : profiles) {
        utilities.push_back(discounted_utility(profile.utility(*outcome.agreement), profile.discount_factor(),
                                               outcome.discount_exponent));
    }
    return utilities;
}


// ---- DomainMetrics ----

DomainMetrics::DomainMetrics(OutcomeSpace space, std::vector<LinearAdditiveProfile> profiles,
                             std::uint64_t max_outcomes)
    : space_(std::move(space)),
      profiles_(std::move(profiles)),
      max_outcomes_(max_outcomes),
      analysis_(analyze_domain(space_, profiles_, max_outcomes)) {
    for (const auto& profile : profiles_) reservations_.push_back(profile.reservation_value());
}

std::optional<SatisfactionRange> DomainMetrics::satisfaction_range(std::string_view framework,
                                                                   const WelfareLookup& welfare, std::size_t position,
                                                                   const WelfareParameters& parameters) const {
    if (position >= party_count()) {
        throw std::out_of_range("no party " + std::to_string(position) + " in a domain of " +
                                std::to_string(party_count()) + " parties");
    }
    const WelfareFunction* function = find_welfare(welfare, framework);
    if (!function || !function->score) return std::nullopt;
    // Parameters are part of the key: a deontologist with a floor of 0.3 is scaled on its own range.
    std::string key(framework);
    for (const auto& [name, value] : parameters) key += "|" + name + "=" + std::to_string(value);
    {
        std::lock_guard lock(ranges_mutex_);
        if (auto found = ranges_.find(key); found != ranges_.end()) return found->second[position];
    }
    // Computed outside the lock so that other frameworks are not kept waiting;
    // two threads may both compute the same ranges, with the same result.
    auto ranges = compute_satisfaction_ranges(*function, parameters, space_, profiles_, reservations_, max_outcomes_);
    std::lock_guard lock(ranges_mutex_);
    return ranges_.emplace(std::move(key), std::move(ranges)).first->second[position];
}

// ---- opponent models ----

OpponentModelAccuracy opponent_model_accuracy(const DomainMetrics& domain, std::size_t self,
                                              const OpponentModelEstimate& estimate) {
    if (self >= domain.party_count()) throw std::invalid_argument("no party " + std::to_string(self));
    check_estimate(domain, self, estimate);
    const std::size_t samples = estimate.outcomes.size();
    OpponentModelAccuracy accuracy;
    accuracy.sample_size = samples;
    double absolute_error_sum = 0.0;
    double tau_sum = 0.0;
    std::size_t taus = 0;
    std::vector<double> truth(samples);
    std::vector<double> estimated(samples);
    for (std::size_t opponent = 0; opponent < domain.party_count(); ++opponent) {
        if (opponent == self) continue;
        for (std::size_t k = 0; k < samples; ++k) {
            truth[k] = domain.profiles()[opponent].utility(estimate.outcomes[k]);
            estimated[k] = estimate.utilities[k][opponent];
            absolute_error_sum += std::abs(estimated[k] - truth[k]);
        }
        if (auto tau = kendall_tau_b(estimated, truth)) {
            tau_sum += *tau;
            ++taus;
        }
    }
    const std::size_t opponents = domain.party_count() - 1;
    accuracy.mean_absolute_error = absolute_error_sum / static_cast<double>(opponents * samples);
    if (taus > 0) accuracy.kendall_tau = tau_sum / static_cast<double>(taus);
    return accuracy;
}

OpponentModelEstimate estimate_over(std::span<const Outcome> sample,
                                    const std::function<std::vector<double>(const Outcome&)>& estimated_utilities) {
    OpponentModelEstimate estimate;
    estimate.outcomes.assign(sample.begin(), sample.end());
    for (const auto& outcome : sample) estimate.utilities.push_back(estimated_utilities(outcome));
    return estimate;
}

std::vector<Outcome> sample_outcomes(const OutcomeSpace& space, std::size_t count, std::uint64_t seed) {
    if (count > kMaxOpponentModelSample) {
        throw std::invalid_argument("a sample of " + std::to_string(count) + " outcomes, more than " +
                                    std::to_string(kMaxOpponentModelSample));
    }
    const OutcomeIndex total = space.outcome_count();
    std::set<OutcomeIndex> chosen;
    if (total <= count) {
        for (OutcomeIndex index = 0; index < total; ++index) chosen.insert(index);
    } else {
        // Floyd's algorithm: `count` distinct indices with `count` draws.
        std::mt19937_64 engine(seed);
        for (OutcomeIndex candidate = total - count; candidate < total; ++candidate) {
            const OutcomeIndex drawn = core::portable::index_draw(engine, candidate + 1);
            if (!chosen.insert(drawn).second) chosen.insert(candidate);
        }
    }
    std::vector<Outcome> outcomes;
    outcomes.reserve(chosen.size());
    for (OutcomeIndex index : chosen) outcomes.push_back(space.outcome_at(index));
    return outcomes;
}

// ---- episode metrics ----

EpisodeMetrics episode_metrics(const DomainMetrics& domain, std::span<const std::string> frameworks,
                               const WelfareLookup& welfare, const EpisodeOutcome& outcome,
                               std::span<const std::optional<OpponentModelEstimate>> estimates,
                               std::span<const WelfareParameters> parameters) {
    const std::size_t parties = domain.party_count();
    if (frameworks.size() != parties) {
        throw std::invalid_argument(std::to_string(frameworks.size()) + " frameworks named for " +
                                    std::to_string(parties) + " parties");
    }
    if (!parameters.empty() && parameters.size() != parties) {
        throw std::invalid_argument(std::to_string(parameters.size()) + " parameter sets given for " +
                                    std::to_string(parties) + " parties");
    }
    if (!estimates.empty() && estimates.size() != parties) {
        throw std::invalid_argument(std::to_string(estimates.size()) + " opponent models given for " +
                                    std::to_string(parties) + " parties");
    }
    const auto utilities = result_utilities(domain.space(), domain.profiles(), outcome);
    EpisodeMetrics metrics;
    metrics.agreement = outcome.reason == EndReason::Agreement;
    metrics.rounds = outcome.rounds;
    metrics.end_reason = outcome.reason;
    metrics.offender = outcome.offender;
    for (std::size_t party = 0; party < parties; ++party) {
        PartyMetrics party_metrics;
        party_metrics.framework = frameworks[party];
        party_metrics.utility = utilities[party];
        party_metrics.advantage = utilities[party] - domain.reservation_values()[party];
        static const WelfareParameters kDefaults;
        party_metrics.satisfaction = satisfaction_of(domain, frameworks[party], welfare, party, utilities,
                                                     parameters.empty() ? kDefaults : parameters[party]);
        if (!estimates.empty() && estimates[party]) {
            party_metrics.opponent_model = opponent_model_accuracy(domain, party, *estimates[party]);
        }
        if (party_metrics.satisfaction) {
            metrics.consensus = std::min(metrics.consensus.value_or(1.0), *party_metrics.satisfaction);
        }
        metrics.parties.push_back(std::move(party_metrics));
    }
    fill_group_metrics(domain, utilities, metrics);
    return metrics;
}

double discounted_utility(double utility, double discount_factor, double exponent) {
    if (discount_factor == 1.0 || exponent == 0.0) return utility;
    constexpr double kLargestExactWhole = 9007199254740992.0;  // 2^53
    if (exponent == std::floor(exponent) && exponent <= kLargestExactWhole) {
        // Exponentiation by squaring: only multiplications, so the same on
        // every machine, unlike std::pow whose last bit varies between libraries.
        auto remaining = static_cast<std::uint64_t>(exponent);
        double factor = 1.0;
        double power = discount_factor;
        while (remaining > 0) {
            if (remaining & 1U) factor *= power;
            power *= power;
            remaining >>= 1U;
        }
        return utility * factor;
    }
    return utility * std::pow(discount_factor, exponent);
}

double gini(std::span<const double> values) {
    if (values.empty()) return 0.0;
    double total = 0.0;
    for (double value : values) total += std::max(0.0, value);
    if (total == 0.0) return 0.0;  // everyone has nothing: perfectly equal
    double absolute_differences = 0.0;
    for (double a : values) {
        for (double b : values) absolute_differences += std::abs(std::max(0.0, a) - std::max(0.0, b));
    }
    return absolute_differences / (2.0 * static_cast<double>(values.size()) * total);
}

std::optional<double> kendall_tau_b(std::span<const double> a, std::span<const double> b) {
    if (a.size() != b.size()) throw std::invalid_argument("Kendall's tau of sequences of different lengths");
    const std::size_t n = a.size();
    if (n < 2) return std::nullopt;
    std::uint64_t concordant = 0;
    std::uint64_t discordant = 0;
    std::uint64_t tied_in_a = 0;  // pairs tied in a (whatever b does)
    std::uint64_t tied_in_b = 0;
    for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t j = i + 1; j < n; ++j) {
            const double da = a[i] - a[j];
            const double db = b[i] - b[j];
            if (da == 0.0) ++tied_in_a;
            if (db == 0.0) ++tied_in_b;
            if (da == 0.0 || db == 0.0) continue;
            if ((da > 0.0) == (db > 0.0)) {
                ++concordant;
            } else {
                ++discordant;
            }
        }
    }
    const auto pairs = static_cast<double>(n * (n - 1) / 2);
    const double untied_a = pairs - static_cast<double>(tied_in_a);
    const double untied_b = pairs - static_cast<double>(tied_in_b);
    if (untied_a <= 0.0 || untied_b <= 0.0) return std::nullopt;
    return (static_cast<double>(concordant) - static_cast<double>(discordant)) / std::sqrt(untied_a * untied_b);
}

// ---- summary ----

double student_t_975(std::size_t degrees_of_freedom) {
    if (degrees_of_freedom == 0) throw std::invalid_argument("Student's t needs at least 1 degree of freedom");
    const boost::math::students_t_distribution<double> t(static_cast<double>(degrees_of_freedom));
    // The upper 2.5% tail: 0.025 is held in a double far more closely than
    // 0.975 is (whose rounding moves t(1) by 6 ulps).
    return boost::math::quantile(boost::math::complement(t, 0.025));
}

MeanInterval mean_interval(std::span<const double> values) {
    MeanInterval interval;
    double sum = 0.0;
    for (double value : values) {
        if (!std::isfinite(value)) continue;
        sum += value;
        ++interval.count;
    }
    if (interval.count == 0) return interval;
    const auto count = static_cast<double>(interval.count);
    interval.mean = sum / count;
    if (interval.count < 2) return interval;
    double squared_deviations = 0.0;  // two passes: no cancellation between sums of squares
    for (double value : values) {
        if (std::isfinite(value)) squared_deviations += (value - interval.mean) * (value - interval.mean);
    }
    const double standard_deviation = std::sqrt(squared_deviations / (count - 1.0));
    interval.half_width = student_t_975(interval.count - 1) * standard_deviation / std::sqrt(count);
    return interval;
}

std::map<std::string, MeanInterval> mean_intervals_by(std::span<const std::string> keys,
                                                      std::span<const double> values) {
    if (keys.size() != values.size()) {
        throw std::invalid_argument(std::to_string(keys.size()) + " keys for " + std::to_string(values.size()) +
                                    " values");
    }
    std::map<std::string, std::vector<double>> groups;
    for (std::size_t k = 0; k < keys.size(); ++k) groups[keys[k]].push_back(values[k]);
    std::map<std::string, MeanInterval> intervals;
    for (const auto& [key, group] : groups) intervals.emplace(key, mean_interval(group));
    return intervals;
}

}  // namespace parley::worlds
