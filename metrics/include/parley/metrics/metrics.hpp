#pragma once
// How well an episode went, from the true profiles: what each party got, how
// good the result is for the group, how far it is from the points of the
// domain's analysis, how satisfied each party's value framework is with it,
// and how well each party modelled the others. And the summary of a column of
// results: its mean with a 95% confidence interval, by group.
//
// Definitions (u_i is party i's utility of the result, r_i its reservation value):
//   - utility: with an agreement o, u_i = utility_i(o) * discount_i ^ e, with e
//     the episode's discount exponent (EpisodeOutcome::discount_exponent);
//     without one, u_i = r_i.
//   - advantage: u_i - r_i.
//   - social welfare: sum of u_i. Nash product: product of max(0, u_i - r_i).
//     Minimum utility: min of u_i.
//   - equality: 1 - Gini(u), with
//         Gini(x) = sum_i sum_j |x_i - x_j| / (2 n sum_i x_i)
//     (half the relative mean absolute difference) over the utilities with
//     negative values taken as 0; Gini is 0 when all are equal (also all 0).
//     With n parties it lies in [0, (n - 1) / n]: the maximum is reached when
//     one party has everything, so equality is in [1/n, 1].
//   - distances: Euclidean, in utility space, from (u_1, .., u_n) to the
//     nearest point of the Pareto frontier and to the Nash, Kalai-Smorodinsky
//     and maximum-welfare points (bargaining_solutions.hpp; the first two do
//     not exist when no outcome is individually rational).
//   - satisfaction of party i's framework f: f's welfare function (welfare.hpp)
//     scores (u, r) from position i; the score is scaled linearly so that the
//     worst score over every outcome of the domain and the disagreement point
//     (u = r) is 0 and the best is 1, then clamped to [0, 1] (a discounted
//     result can score below every undiscounted outcome). When worst == best
//     every result satisfies fully: 1. Scores of outcomes use undiscounted
//     utilities. No satisfaction for a framework without a welfare function.
//   - consensus index: the lowest satisfaction among the parties whose
//     framework has one; none when no framework has one.
//   - opponent-model accuracy of party i: see OpponentModelAccuracy.

#include <parley/domains/domain_analysis.hpp>
#include <parley/metrics/welfare.hpp>
#include <parley/mechanisms/mechanism.hpp>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace parley::worlds {

// The worst and best score of one welfare function from one position over a
// domain's outcomes and its disagreement point.
struct SatisfactionRange {
    double worst = 0.0;
    double best = 0.0;
};

// What the metrics need of a domain, computed once and reused for every
// episode played on it: the runner keeps one per domain. The analysis is made
// in the constructor; the satisfaction range of a framework on first request
// (one sweep over the outcomes for all positions), then kept. Safe to share
// between threads.
class DomainMetrics {
public:
    // Throws DomainError as analyze_domain does (fewer than 2 profiles, a
    // profile that does not fit, more outcomes than max_outcomes).
    DomainMetrics(OutcomeSpace space, std::vector<LinearAdditiveProfile> profiles,
                  std::uint64_t max_outcomes = kDefaultMaxAnalysedOutcomes);
    DomainMetrics(const DomainMetrics&) = delete;
    DomainMetrics& operator=(const DomainMetrics&) = delete;

    const OutcomeSpace& space() const { return space_; }
    std::span<const LinearAdditiveProfile> profiles() const { return profiles_; }
    std::size_t party_count() const { return profiles_.size(); }
    std::span<const double> reservation_values() const { return reservations_; }
    const DomainAnalysis& analysis() const { return analysis_; }

    // nullopt when `welfare` has no function of that name. Throws
    // std::out_of_range for a position that is not a party.
    // `parameters`: the framework's numeric parameters (a deontological floor),
    // each distinct set with a range of its own.
    std::optional<SatisfactionRange> satisfaction_range(std::string_view framework, const WelfareLookup& welfare,
                                                        std::size_t position,
                                                        const WelfareParameters& parameters = {}) const;

private:
    OutcomeSpace space_;
    std::vector<LinearAdditiveProfile> profiles_;
    std::vector<double> reservations_;
    std::uint64_t max_outcomes_;
    DomainAnalysis analysis_;
    mutable std::mutex ranges_mutex_;
    // by framework and parameters, then by position
    mutable std::map<std::string, std::vector<SatisfactionRange>, std::less<>> ranges_;
};

// A party's model of the others, as a sample: for each outcome of the sample,
// the utility it believes each party has (one value per party, in party
// order; its own entry is not judged). ValueFramework::estimated_utilities
// gives exactly such rows.
struct OpponentModelEstimate {
    std::vector<Outcome> outcomes;
    std::vector<std::vector<double>> utilities;  // [sample][party]
};

// How close a party's model is to the truth, over the sample and the other parties:
//   - mean_absolute_error: the mean over opponents j and sampled outcomes o
//     of |estimate_j(o) - utility_j(o)|, with true utilities undiscounted;
//     0 is perfect, 1 as wrong as utilities in [0, 1] can be.
//   - kendall_tau: for each opponent, Kendall's tau-b between the estimated
//     and the true utilities over the sample (1: same ranking of outcomes, 0:
//     unrelated, -1: reversed), averaged over the opponents for whom it is
//     defined (neither ranking all ties); nullopt when it is defined for none.
// Rankings are what a strategy needs, errors what a welfare judgement needs:
// both are reported.
struct OpponentModelAccuracy {
    std::size_t sample_size = 0;
    double mean_absolute_error = 0.0;
    std::optional<double> kendall_tau;
};

// Samples larger than this are refused (tau takes time quadratic in the sample).
inline constexpr std::size_t kMaxOpponentModelSample = 4096;

// Throws std::invalid_argument when the estimate is empty, larger than
// kMaxOpponentModelSample, has rows of the wrong length or non-finite values,
// or an outcome outside the space (estimates come from agents: untrusted).
OpponentModelAccuracy opponent_model_accuracy(const DomainMetrics& domain, std::size_t self,
                                              const OpponentModelEstimate& estimate);

// A model given as a function (e.g. ValueFramework::estimated_utilities),
// evaluated over a sample.
OpponentModelEstimate estimate_over(std::span<const Outcome> sample,
                                    const std::function<std::vector<double>(const Outcome&)>& estimated_utilities);

// `count` distinct outcomes drawn with std::mt19937_64 from `seed`, in
// increasing index order, the same on every machine; every outcome when the
// space has no more than `count`. For asking parties for their estimates.
std::vector<Outcome> sample_outcomes(const OutcomeSpace& space, std::size_t count, std::uint64_t seed);

struct PartyMetrics {
    std::string framework;
    double utility = 0.0;
    double advantage = 0.0;                // utility - reservation value
    std::optional<double> satisfaction;    // nullopt: the framework has no welfare function
    std::optional<OpponentModelAccuracy> opponent_model;  // nullopt: no estimate given
};

struct EpisodeMetrics {
    bool agreement = false;
    std::uint32_t rounds = 0;
    EndReason end_reason = EndReason::Deadline;
    std::optional<std::size_t> offender;
    std::vector<PartyMetrics> parties;
    double social_welfare = 0.0;
    double nash_product = 0.0;
    double minimum_utility = 0.0;
    double equality = 1.0;
    double distance_to_pareto = 0.0;
    std::optional<double> distance_to_nash;   // nullopt: no individually rational outcome
    std::optional<double> distance_to_kalai;  // nullopt: no individually rational outcome
    double distance_to_max_welfare = 0.0;
    std::optional<double> consensus;          // nullopt: no framework has a welfare function
};

// `frameworks` names each party's framework, in party order, and `welfare`
// finds their welfare functions (a framework it does not know gets no
// satisfaction); `estimates`
// holds each party's opponent model, in party order, or is empty;
// `parameters` each party's framework parameters, in party order, or is empty
// (defaults). Throws
// std::invalid_argument when the sizes do not match the domain's parties, an
// agreement is claimed without an outcome or with one outside the space, or an
// estimate is malformed (see opponent_model_accuracy).
EpisodeMetrics episode_metrics(const DomainMetrics& domain, std::span<const std::string> frameworks,
                               const WelfareLookup& welfare, const EpisodeOutcome& outcome,
                               std::span<const std::optional<OpponentModelEstimate>> estimates = {},
                               std::span<const WelfareParameters> parameters = {});

// Parts of the above, for tests and for other uses.
//   utility * discount ^ exponent; exact (repeated multiplication) for a whole
//   exponent such as Rubinstein's periods, std::pow otherwise.
double discounted_utility(double utility, double discount_factor, double exponent);
//   Each party's utility of an episode's result: the agreement discounted, or
//   its reservation value without one (what episode_metrics reports); for
//   callers that need no analysis of the domain (the learning sandbox).
//   Throws std::invalid_argument for an agreement without an outcome, outside
//   the space, or with an exponent that is not finite and >= 0.
std::vector<double> result_utilities(const OutcomeSpace& space, std::span<const LinearAdditiveProfile> profiles,
                                     const EpisodeOutcome& outcome);
double gini(std::span<const double> values);  // as defined at the top; 0 for no values
// Kendall's tau-b; nullopt when either sequence is constant or they have fewer than 2 values.
// Throws std::invalid_argument when their lengths differ.
std::optional<double> kendall_tau_b(std::span<const double> a, std::span<const double> b);

// ---- summary: mean and 95% confidence interval ----

struct MeanInterval {
    std::size_t count = 0;  // finite values used
    double mean = 0.0;      // 0 when count is 0
    // t_{0.975, count-1} * s / sqrt(count), s the sample standard deviation;
    // nullopt with fewer than 2 values.
    std::optional<double> half_width;
    double low() const { return mean - half_width.value_or(0.0); }
    double high() const { return mean + half_width.value_or(0.0); }
};

// The 0.975 quantile of Student's t with `degrees_of_freedom` >= 1, from
// Boost.Math: within 0.61 ulp of the exact value for df 1..3000, except df =
// 6 (22 ulps). Boost evaluates through the C library's functions, so the last
// bits may differ between platforms. Throws std::invalid_argument for 0.
double student_t_975(std::size_t degrees_of_freedom);

// Values that are not finite (a metric that does not exist for an episode) are left out.
MeanInterval mean_interval(std::span<const double> values);
// One interval per distinct key (e.g. the framework pairing), values[k] under keys[k].
// Throws std::invalid_argument when the lengths differ.
std::map<std::string, MeanInterval> mean_intervals_by(std::span<const std::string> keys,
                                                      std::span<const double> values);

}  // namespace parley::worlds
