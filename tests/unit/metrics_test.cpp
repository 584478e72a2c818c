// Episode metrics on cases worked out by hand (the arithmetic is in the
// comments), satisfaction against a brute force over every welfare function,
// Gini, Kendall's tau, opponent-model accuracy, outcome samples, Student's t
// and the confidence intervals of the summary.

#include <parley/agents/framework.hpp>
#include <parley/domains/domain_generator.hpp>
#include <parley/metrics/metrics.hpp>
#include <parley/metrics/welfare.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <set>
#include <string>
#include <vector>

using namespace parley::worlds;

namespace {

// The frameworks' welfare functions, as the runner gives them to the metrics.
const WelfareLookup& welfare() {
    static const WelfareLookup lookup = parley::agents::FrameworkRegistry::builtin().welfare_lookup();
    return lookup;
}

// One issue "deal" with values a, b, c, d:
//             a     b     c     d
//   party 0   1.0   0.5   0.0   0.8    reservation 0.2, discount 0.9
//   party 1   0.0   0.75  1.0   0.5    reservation 0.1, discount 0.8
// Every outcome is Pareto-optimal. Rational (u0 >= 0.2, u1 >= 0.1): b and d.
// Nash: b (0.5-0.2)(0.75-0.1) = 0.3 * 0.65 = 0.195 < d (0.8-0.2)(0.5-0.1) = 0.6 * 0.4 = 0.24: d.
// Kalai: best over rational 0.8 and 0.75; smallest normalised gain
//   b min(0.3/0.6, 0.65/0.65) = 0.5, d min(0.6/0.6, 0.4/0.65 = 0.615) = 0.615: d.
// Max welfare: sums 1, 1.25, 1, 1.3: d.
DomainMetrics four_outcome_domain() {
    OutcomeSpace space({Issue::discrete("deal", {"a", "b", "c", "d"})});
    std::vector<LinearAdditiveProfile> profiles;
    profiles.emplace_back("zero", std::vector<double>{1.0}, std::vector<std::vector<double>>{{1.0, 0.5, 0.0, 0.8}},
                          0.2, 0.9);
    profiles.emplace_back("one", std::vector<double>{1.0}, std::vector<std::vector<double>>{{0.0, 0.75, 1.0, 0.5}},
                          0.1, 0.8);
    return DomainMetrics(std::move(space), std::move(profiles));
}

constexpr std::size_t kB = 1;
constexpr std::size_t kD = 3;

EpisodeOutcome agreement_on(std::size_t value, double exponent) {
    EpisodeOutcome outcome;
    outcome.reason = EndReason::Agreement;
    outcome.agreement = Outcome{value};
    outcome.discount_exponent = exponent;
    outcome.rounds = 3;
    return outcome;
}

EpisodeOutcome no_agreement(EndReason reason = EndReason::Deadline) {
    EpisodeOutcome outcome;
    outcome.reason = reason;
    outcome.rounds = 10;
    return outcome;
}

const std::vector<std::string> kSelfishPair{"selfish", "selfish"};

}  // namespace

TEST_CASE("metrics: the domain's analysis is made once and kept") {
    auto domain = four_outcome_domain();
    const auto& analysis = domain.analysis();
    CHECK(analysis.frontier.outcomes.size() == 4);
    REQUIRE(analysis.nash.has_value());
    CHECK(analysis.nash->outcome == kD);
    REQUIRE(analysis.kalai.has_value());
    CHECK(analysis.kalai->outcome == kD);
    CHECK(analysis.max_welfare.outcome == kD);
    CHECK(&domain.analysis() == &analysis);
    CHECK(domain.party_count() == 2);
    CHECK(domain.reservation_values()[1] == 0.1);
}

TEST_CASE("metrics: an agreement on d after two periods") {
    auto domain = four_outcome_domain();
    auto metrics = episode_metrics(domain, kSelfishPair, welfare(), agreement_on(kD, 2.0));
    CHECK(metrics.agreement);
    CHECK(metrics.rounds == 3);
    CHECK(metrics.end_reason == EndReason::Agreement);
    CHECK_FALSE(metrics.offender.has_value());
    REQUIRE(metrics.parties.size() == 2);
    // u0 = 0.8 * 0.9^2 = 0.8 * 0.81 = 0.648; u1 = 0.5 * 0.8^2 = 0.5 * 0.64 = 0.32.
    CHECK(metrics.parties[0].utility == doctest::Approx(0.648));
    CHECK(metrics.parties[1].utility == doctest::Approx(0.32));
    // Advantages: 0.648 - 0.2 = 0.448; 0.32 - 0.1 = 0.22.
    CHECK(metrics.parties[0].advantage == doctest::Approx(0.448));
    CHECK(metrics.parties[1].advantage == doctest::Approx(0.22));
    CHECK(metrics.social_welfare == doctest::Approx(0.968));    // 0.648 + 0.32
    CHECK(metrics.nash_product == doctest::Approx(0.09856));    // 0.448 * 0.22
    CHECK(metrics.minimum_utility == doctest::Approx(0.32));
    // Gini = (|0.648-0.32| + |0.32-0.648|) / (2 * 2 * 0.968) = 0.656 / 3.872 = 0.169421...
    CHECK(metrics.equality == doctest::Approx(1.0 - 0.656 / 3.872));
    // Nearest frontier point is d = (0.8, 0.5): sqrt(0.152^2 + 0.18^2) = sqrt(0.023104 + 0.0324) = sqrt(0.055504);
    // b = (0.5, 0.75) is sqrt(0.148^2 + 0.43^2) = 0.4547 away, a = (1, 0) sqrt(0.352^2 + 0.32^2) = 0.4757.
    CHECK(metrics.distance_to_pareto == doctest::Approx(std::sqrt(0.055504)));
    REQUIRE(metrics.distance_to_nash.has_value());
    CHECK(*metrics.distance_to_nash == doctest::Approx(std::sqrt(0.055504)));  // Nash = Kalai = max welfare = d
    REQUIRE(metrics.distance_to_kalai.has_value());
    CHECK(*metrics.distance_to_kalai == doctest::Approx(std::sqrt(0.055504)));
    CHECK(metrics.distance_to_max_welfare == doctest::Approx(std::sqrt(0.055504)));
}

TEST_CASE("metrics: no agreement leaves everyone at the reservation value") {
    auto domain = four_outcome_domain();
    EpisodeOutcome outcome = no_agreement(EndReason::Violation);
    outcome.offender = 1;
    outcome.agreement = Outcome{kB};  // ignored: the episode did not end in agreement
    auto metrics = episode_metrics(domain, kSelfishPair, welfare(), outcome);
    CHECK_FALSE(metrics.agreement);
    CHECK(metrics.end_reason == EndReason::Violation);
    CHECK(metrics.offender == std::size_t{1});
    CHECK(metrics.parties[0].utility == 0.2);
    CHECK(metrics.parties[1].utility == 0.1);
    CHECK(metrics.parties[0].advantage == 0.0);
    CHECK(metrics.social_welfare == doctest::Approx(0.3));
    CHECK(metrics.nash_product == 0.0);  // no gains
    CHECK(metrics.minimum_utility == 0.1);
    // Gini = (0.1 + 0.1) / (2 * 2 * 0.3) = 0.2 / 1.2 = 1/6.
    CHECK(metrics.equality == doctest::Approx(5.0 / 6.0));
    // From (0.2, 0.1): a sqrt(0.64 + 0.01) = sqrt(0.65), b sqrt(0.09 + 0.4225) = sqrt(0.5125),
    // c sqrt(0.04 + 0.81) = sqrt(0.85), d sqrt(0.36 + 0.16) = sqrt(0.52): nearest b.
    CHECK(metrics.distance_to_pareto == doctest::Approx(std::sqrt(0.5125)));
    CHECK(*metrics.distance_to_nash == doctest::Approx(std::sqrt(0.52)));
    CHECK(metrics.distance_to_max_welfare == doctest::Approx(std::sqrt(0.52)));
}

TEST_CASE("metrics: an undiscounted agreement on the frontier") {
    auto domain = four_outcome_domain();
    auto metrics = episode_metrics(domain, kSelfishPair, welfare(), agreement_on(kB, 0.0));
    CHECK(metrics.parties[0].utility == 0.5);
    CHECK(metrics.parties[1].utility == 0.75);
    CHECK(metrics.distance_to_pareto == 0.0);
    // To d = (0.8, 0.5): sqrt(0.3^2 + 0.25^2) = sqrt(0.09 + 0.0625) = sqrt(0.1525).
    CHECK(*metrics.distance_to_nash == doctest::Approx(std::sqrt(0.1525)));
    // Nash product (0.5 - 0.2)(0.75 - 0.1) = 0.3 * 0.65 = 0.195.
    CHECK(metrics.nash_product == doctest::Approx(0.195));
}

TEST_CASE("metrics: satisfaction is scaled between the worst and best of each framework") {
    auto domain = four_outcome_domain();
    // selfish, party 0: own utilities {1, 0.5, 0, 0.8} and the disagreement 0.2: from 0 to 1.
    auto range = domain.satisfaction_range("selfish", welfare(), 0);
    REQUIRE(range.has_value());
    CHECK(range->worst == 0.0);
    CHECK(range->best == 1.0);
    // utilitarian: sums {1, 1.25, 1, 1.3} and the disagreement 0.2 + 0.1 = 0.3: from 0.3 to 1.3.
    range = domain.satisfaction_range("utilitarian", welfare(), 1);
    REQUIRE(range.has_value());
    CHECK(range->worst == doctest::Approx(0.3));
    CHECK(range->best == doctest::Approx(1.3));
    CHECK_FALSE(domain.satisfaction_range("no-such-framework", welfare(), 0).has_value());
    CHECK_THROWS_AS(domain.satisfaction_range("selfish", welfare(), 2), std::out_of_range);

    // Agreement on d after two periods: u = (0.648, 0.32).
    const std::vector<std::string> frameworks{"selfish", "utilitarian"};
    auto metrics = episode_metrics(domain, frameworks, welfare(), agreement_on(kD, 2.0));
    // selfish, party 0: (0.648 - 0) / (1 - 0) = 0.648.
    CHECK(*metrics.parties[0].satisfaction == doctest::Approx(0.648));
    // utilitarian: (0.968 - 0.3) / (1.3 - 0.3) = 0.668.
    CHECK(*metrics.parties[1].satisfaction == doctest::Approx(0.668));
    // Consensus: the lower of the two.
    CHECK(*metrics.consensus == doctest::Approx(0.648));

    // Two selfish parties: party 1's selfish range is {0, 0.75, 1, 0.5, 0.1} -> [0, 1], satisfaction 0.32.
    metrics = episode_metrics(domain, kSelfishPair, welfare(), agreement_on(kD, 2.0));
    CHECK(*metrics.parties[1].satisfaction == doctest::Approx(0.32));
    CHECK(*metrics.consensus == doctest::Approx(0.32));

    // No agreement: utilitarian at its worst (the disagreement point), selfish party 0 at 0.2.
    metrics = episode_metrics(domain, frameworks, welfare(), no_agreement());
    CHECK(*metrics.parties[0].satisfaction == doctest::Approx(0.2));
    CHECK(*metrics.parties[1].satisfaction == doctest::Approx(0.0));
    CHECK(*metrics.consensus == doctest::Approx(0.0));
}

TEST_CASE("metrics: frameworks without a welfare function have no satisfaction") {
    auto domain = four_outcome_domain();
    const std::vector<std::string> one_unknown{"no-such-framework", "selfish"};
    auto metrics = episode_metrics(domain, one_unknown, welfare(), agreement_on(kB, 0.0));
    CHECK_FALSE(metrics.parties[0].satisfaction.has_value());
    CHECK(metrics.parties[0].framework == "no-such-framework");
    CHECK(*metrics.consensus == doctest::Approx(0.75));  // party 1 alone: (0.75 - 0) / 1
    const std::vector<std::string> both_unknown{"unregistered", "mystery"};
    CHECK_FALSE(episode_metrics(domain, both_unknown, welfare(), agreement_on(kB, 0.0)).consensus.has_value());
    // A lookup that knows no framework: nobody has a satisfaction.
    const auto unjudged = episode_metrics(domain, kSelfishPair, {}, agreement_on(kB, 0.0));
    CHECK_FALSE(unjudged.parties[0].satisfaction.has_value());
    CHECK_FALSE(unjudged.consensus.has_value());
    CHECK_FALSE(domain.satisfaction_range("selfish", {}, 0).has_value());
}

TEST_CASE("metrics: satisfaction is clamped, and full when nothing can be better") {
    // One issue, two values: party 0 (0.5, 1.0) reservation 0.4 discount 0.5; party 1 constant 0.5,
    // reservation 0.5.
    OutcomeSpace space({Issue::discrete("x", {"low", "high"})});
    std::vector<LinearAdditiveProfile> profiles;
    profiles.emplace_back("p0", std::vector<double>{1.0}, std::vector<std::vector<double>>{{0.5, 1.0}}, 0.4, 0.5);
    profiles.emplace_back("p1", std::vector<double>{1.0}, std::vector<std::vector<double>>{{0.5, 0.5}}, 0.5, 1.0);
    DomainMetrics domain(std::move(space), std::move(profiles));
    // Agreement on "low" after 2 periods: u0 = 0.5 * 0.5^2 = 0.125, below the selfish worst 0.4
    // (range [0.4, 1]): (0.125 - 0.4) / 0.6 < 0, clamped to 0. Party 1's selfish range is [0.5, 0.5]: 1.
    auto metrics = episode_metrics(domain, kSelfishPair, welfare(), agreement_on(0, 2.0));
    CHECK(metrics.parties[0].utility == 0.125);
    CHECK(*metrics.parties[0].satisfaction == 0.0);
    CHECK(*metrics.parties[1].satisfaction == 1.0);
    CHECK(*metrics.consensus == 0.0);
}

TEST_CASE("metrics: satisfaction of every welfare function against a brute force") {
    for (std::uint64_t seed = 0; seed < 6; ++seed) {
        GeneratorParameters parameters;
        parameters.issues = 2;
        parameters.values_per_issue = 4;
        parameters.parties = 2 + seed % 3;
        parameters.seed = seed;
        Domain generated = generate_domain(parameters);
        // Give the parties reservation values and discounts, which the generator leaves at 0 and 1.
        std::vector<LinearAdditiveProfile> profiles;
        for (std::size_t p = 0; p < generated.profiles.size(); ++p) {
            const auto& base = generated.profiles[p];
            std::vector<double> weights;
            for (std::size_t i = 0; i < base.issue_count(); ++i) weights.push_back(base.issue_weight(i));
            profiles.emplace_back(base.name(), weights, base.value_utilities(), 0.05 * static_cast<double>(p + 1),
                                  0.9);
        }
        const OutcomeSpace space = generated.space;
        DomainMetrics domain(space, profiles);
        std::vector<double> reservations;
        for (const auto& profile : profiles) reservations.push_back(profile.reservation_value());

        for (const auto* framework : parley::agents::FrameworkRegistry::builtin().list()) {
            CAPTURE(framework->name);
            const WelfareFunction& function = framework->welfare;
            const std::vector<std::string> frameworks(profiles.size(), framework->name);
            for (OutcomeIndex index = 0; index < space.outcome_count(); index += 3) {
                const Outcome agreed = space.outcome_at(index);
                EpisodeOutcome outcome = agreement_on(0, 1.0);  // one period: every utility times 0.9
                outcome.agreement = agreed;
                auto metrics = episode_metrics(domain, frameworks, welfare(), outcome);
                std::vector<double> result;
                for (const auto& profile : profiles) result.push_back(profile.utility(agreed) * 0.9);
                double lowest = 1.0;
                for (std::size_t position = 0; position < profiles.size(); ++position) {
                    // Brute force: the score over every outcome and the disagreement point.
                    double worst = function.score({reservations, reservations, position});
                    double best = worst;
                    for (OutcomeIndex other = 0; other < space.outcome_count(); ++other) {
                        std::vector<double> utilities;
                        for (const auto& profile : profiles) utilities.push_back(profile.utility(space.outcome_at(other)));
                        const double score = function.score({utilities, reservations, position});
                        worst = std::min(worst, score);
                        best = std::max(best, score);
                    }
                    const double score = function.score({result, reservations, position});
                    const double expected =
                        best > worst ? std::clamp((score - worst) / (best - worst), 0.0, 1.0) : 1.0;
                    REQUIRE(metrics.parties[position].satisfaction.has_value());
                    CHECK(*metrics.parties[position].satisfaction == doctest::Approx(expected));
                    lowest = std::min(lowest, expected);
                }
                CHECK(*metrics.consensus == doctest::Approx(lowest));
            }
        }
    }
}

TEST_CASE("metrics: bad input is refused with a clear error") {
    auto domain = four_outcome_domain();
    const std::vector<std::string> one{"selfish"};
    CHECK_THROWS_AS(episode_metrics(domain, one, welfare(), agreement_on(kB, 0.0)), std::invalid_argument);
    EpisodeOutcome claimed = agreement_on(kB, 0.0);
    claimed.agreement.reset();
    CHECK_THROWS_AS(episode_metrics(domain, kSelfishPair, welfare(), claimed), std::invalid_argument);
    CHECK_THROWS_AS(episode_metrics(domain, kSelfishPair, welfare(), agreement_on(7, 0.0)), std::invalid_argument);
    CHECK_THROWS_AS(episode_metrics(domain, kSelfishPair, welfare(), agreement_on(kB, -1.0)), std::invalid_argument);
    const std::vector<std::optional<OpponentModelEstimate>> three(3);
    CHECK_THROWS_AS(episode_metrics(domain, kSelfishPair, welfare(), agreement_on(kB, 0.0), three), std::invalid_argument);
}

TEST_CASE("metrics: discounting") {
    CHECK(discounted_utility(0.8, 0.9, 2.0) == doctest::Approx(0.648));  // 0.8 * 0.81
    CHECK(discounted_utility(0.8, 0.9, 0.0) == 0.8);
    CHECK(discounted_utility(0.8, 1.0, 5.5) == 0.8);
    CHECK(discounted_utility(1.0, 0.5, 10.0) == 1.0 / 1024.0);      // exact
    CHECK(discounted_utility(1.0, 0.25, 0.5) == doctest::Approx(0.5));  // relative time: sqrt(0.25)
}

TEST_CASE("metrics: Gini") {
    const std::vector<double> equal{0.4, 0.4, 0.4};
    CHECK(gini(equal) == 0.0);
    const std::vector<double> one_has_all{1.0, 0.0};
    CHECK(gini(one_has_all) == 0.5);  // (1 + 1) / (2 * 2 * 1): the maximum (n-1)/n for n = 2
    const std::vector<double> one_of_three{0.0, 0.9, 0.0};
    CHECK(gini(one_of_three) == doctest::Approx(2.0 / 3.0));  // 4 * 0.9 / (2 * 3 * 0.9)
    const std::vector<double> three_to_one{3.0, 1.0};
    CHECK(gini(three_to_one) == 0.25);  // (2 + 2) / (2 * 2 * 4) = 4 / 16
    const std::vector<double> nothing{0.0, 0.0};
    CHECK(gini(nothing) == 0.0);
    const std::vector<double> negative{-1.0, 1.0};
    CHECK(gini(negative) == 0.5);  // taken as (0, 1)
    CHECK(gini(std::vector<double>{}) == 0.0);
}

TEST_CASE("metrics: Kendall's tau-b") {
    const std::vector<double> rising{1, 2, 3, 4};
    const std::vector<double> falling{4, 3, 2, 1};
    const std::vector<double> tied{1, 2, 2, 3};
    const std::vector<double> flat{5, 5, 5, 5};
    CHECK(*kendall_tau_b(rising, rising) == 1.0);
    CHECK(*kendall_tau_b(rising, falling) == -1.0);
    // 6 pairs: 5 concordant, 1 tied in the first sequence only: 5 / sqrt((6 - 1) * (6 - 0)) = 5 / sqrt(30).
    CHECK(*kendall_tau_b(tied, rising) == doctest::Approx(5.0 / std::sqrt(30.0)));
    CHECK_FALSE(kendall_tau_b(flat, rising).has_value());
    CHECK_FALSE(kendall_tau_b(std::vector<double>{1.0}, std::vector<double>{1.0}).has_value());
    CHECK_THROWS_AS(kendall_tau_b(rising, std::span<const double>(tied).subspan(0, 3)), std::invalid_argument);
}

TEST_CASE("metrics: opponent-model accuracy") {
    auto domain = four_outcome_domain();
    OpponentModelEstimate estimate;
    estimate.outcomes = {{0}, {1}, {2}};
    // Party 0's estimate of party 1 on a, b, c: 0.1, 0.5, 0.9 against the truth 0, 0.75, 1.
    // Its own entries are not judged (NaN is fine there).
    const double nan = std::numeric_limits<double>::quiet_NaN();
    estimate.utilities = {{nan, 0.1}, {nan, 0.5}, {nan, 0.9}};
    auto accuracy = opponent_model_accuracy(domain, 0, estimate);
    CHECK(accuracy.sample_size == 3);
    // (|0.1 - 0| + |0.5 - 0.75| + |0.9 - 1|) / 3 = (0.1 + 0.25 + 0.1) / 3 = 0.15.
    CHECK(accuracy.mean_absolute_error == doctest::Approx(0.15));
    CHECK(*accuracy.kendall_tau == 1.0);  // the same order

    // Through episode_metrics, for party 1 only.
    OpponentModelEstimate reversed;
    reversed.outcomes = {{0}, {1}, {2}};
    reversed.utilities = {{0.0, 0.0}, {0.5, 0.0}, {1.0, 0.0}};  // party 0's truth: 1, 0.5, 0 -> reversed
    std::vector<std::optional<OpponentModelEstimate>> estimates{std::nullopt, reversed};
    auto metrics = episode_metrics(domain, kSelfishPair, welfare(), agreement_on(kB, 0.0), estimates);
    CHECK_FALSE(metrics.parties[0].opponent_model.has_value());
    REQUIRE(metrics.parties[1].opponent_model.has_value());
    CHECK(*metrics.parties[1].opponent_model->kendall_tau == -1.0);
    // (|0 - 1| + |0.5 - 0.5| + |1 - 0|) / 3 = 2/3.
    CHECK(metrics.parties[1].opponent_model->mean_absolute_error == doctest::Approx(2.0 / 3.0));

    // The same model as a function over the same sample.
    auto from_function = estimate_over(estimate.outcomes, [](const Outcome& outcome) {
        const double believed[] = {0.1, 0.5, 0.9};
        return std::vector<double>{0.0, believed[outcome[0]]};
    });
    CHECK(opponent_model_accuracy(domain, 0, from_function).mean_absolute_error == doctest::Approx(0.15));

    // A constant estimate has no ranking: no tau, but an error.
    OpponentModelEstimate constant = estimate;
    constant.utilities = {{0.0, 0.5}, {0.0, 0.5}, {0.0, 0.5}};
    CHECK_FALSE(opponent_model_accuracy(domain, 0, constant).kendall_tau.has_value());

    // Malformed estimates: from agents, so untrusted.
    OpponentModelEstimate bad = estimate;
    bad.utilities[1] = {0.5};
    CHECK_THROWS_AS(opponent_model_accuracy(domain, 0, bad), std::invalid_argument);
    bad = estimate;
    bad.outcomes[2] = {9};
    CHECK_THROWS_AS(opponent_model_accuracy(domain, 0, bad), std::invalid_argument);
    bad = estimate;
    bad.utilities[0][1] = std::numeric_limits<double>::infinity();
    CHECK_THROWS_AS(opponent_model_accuracy(domain, 0, bad), std::invalid_argument);
    bad = estimate;
    bad.outcomes.pop_back();
    CHECK_THROWS_AS(opponent_model_accuracy(domain, 0, bad), std::invalid_argument);
    CHECK_THROWS_AS(opponent_model_accuracy(domain, 0, OpponentModelEstimate{}), std::invalid_argument);
}

TEST_CASE("metrics: samples of outcomes for opponent models") {
    OutcomeSpace small({Issue::discrete("x", {"a", "b", "c"})});
    auto all = sample_outcomes(small, 10, 1);
    CHECK(all == std::vector<Outcome>{{0}, {1}, {2}});  // the whole space, in order

    OutcomeSpace large({Issue::numeric("x", 0.0, 1.0, 100), Issue::numeric("y", 0.0, 1.0, 100)});
    auto sample = sample_outcomes(large, 50, 7);
    CHECK(sample.size() == 50);
    std::set<OutcomeIndex> indices;
    for (const auto& outcome : sample) indices.insert(large.index_of(outcome));
    CHECK(indices.size() == 50);  // distinct
    CHECK(std::is_sorted(sample.begin(), sample.end(), [&](const Outcome& a, const Outcome& b) {
        return large.index_of(a) < large.index_of(b);
    }));
    CHECK(sample_outcomes(large, 50, 7) == sample);  // the seed decides
    CHECK(sample_outcomes(large, 50, 8) != sample);
    CHECK(sample_outcomes(large, 0, 7).empty());
    CHECK_THROWS_AS(sample_outcomes(large, kMaxOpponentModelSample + 1, 7), std::invalid_argument);
}

TEST_CASE("summary: Student's t quantiles") {
    // Reference values from mpmath (40 digits), rounded to double.
    CHECK(student_t_975(1) == doctest::Approx(12.706204736174705).epsilon(1e-12));
    CHECK(student_t_975(4) == doctest::Approx(2.7764451051977943).epsilon(1e-12));
    CHECK(student_t_975(30) == doctest::Approx(2.042272456301238).epsilon(1e-12));
    CHECK(student_t_975(31) == doctest::Approx(2.0395134463964086).epsilon(1e-12));
    CHECK(student_t_975(60) == doctest::Approx(2.0002978220142604).epsilon(1e-12));
    CHECK(student_t_975(1000) == doctest::Approx(1.9623390808264085).epsilon(1e-12));
    CHECK(student_t_975(100'000'000) == doctest::Approx(1.959963984540054));  // the normal quantile
    for (std::size_t df = 1; df < 2000; ++df) CHECK(student_t_975(df + 1) < student_t_975(df));
    CHECK_THROWS_AS(student_t_975(0), std::invalid_argument);
}

TEST_CASE("summary: mean and 95% confidence interval") {
    // 1..5: mean 3, s = sqrt(((-2)^2 + (-1)^2 + 0 + 1 + 4) / 4) = sqrt(2.5),
    // half width = t(4) * sqrt(2.5) / sqrt(5) = 2.7764451051977943 * 0.7071067811865476 = 1.9632431614775576.
    const std::vector<double> five{1, 2, 3, 4, 5};
    auto interval = mean_interval(five);
    CHECK(interval.count == 5);
    CHECK(interval.mean == 3.0);
    REQUIRE(interval.half_width.has_value());
    CHECK(*interval.half_width == doctest::Approx(1.9632431614775576));
    CHECK(interval.low() == doctest::Approx(3.0 - 1.9632431614775576));
    CHECK(interval.high() == doctest::Approx(3.0 + 1.9632431614775576));

    // Values that are not finite are left out; one value has no interval.
    const std::vector<double> gaps{2.0, std::numeric_limits<double>::quiet_NaN()};
    interval = mean_interval(gaps);
    CHECK(interval.count == 1);
    CHECK(interval.mean == 2.0);
    CHECK_FALSE(interval.half_width.has_value());
    CHECK(mean_interval(std::vector<double>{}).count == 0);

    // By key: a = {1, 3}: mean 2, s = sqrt(2), half = t(1) * sqrt(2) / sqrt(2) = 12.7062...;
    // b = {10, 20}: mean 15, s = sqrt(50), half = t(1) * sqrt(50) / sqrt(2) = 12.7062... * 5 = 63.531...
    const std::vector<std::string> keys{"a", "b", "a", "b"};
    const std::vector<double> values{1, 10, 3, 20};
    auto groups = mean_intervals_by(keys, values);
    REQUIRE(groups.size() == 2);
    CHECK(groups["a"].mean == 2.0);
    CHECK(*groups["a"].half_width == doctest::Approx(12.706204736174705));
    CHECK(groups["b"].mean == 15.0);
    CHECK(*groups["b"].half_width == doctest::Approx(5 * 12.706204736174705));
    CHECK_THROWS_AS(mean_intervals_by(keys, five), std::invalid_argument);
}

TEST_CASE("metrics: a deontologist is judged by the floor its scenario set, not the default") {
    // One issue with values a, b, c; reservation values 0 (the disagreement point is (0, 0)):
    //             a     b     c
    //   party 0   0.9   0.95  0.2
    //   party 1   0.8   0.3   0.2
    OutcomeSpace space({Issue::discrete("deal", {"a", "b", "c"})});
    std::vector<LinearAdditiveProfile> profiles;
    profiles.emplace_back("zero", std::vector<double>{1.0}, std::vector<std::vector<double>>{{0.9, 0.95, 0.2}});
    profiles.emplace_back("one", std::vector<double>{1.0}, std::vector<std::vector<double>>{{0.8, 0.3, 0.2}});
    DomainMetrics domain(std::move(space), std::move(profiles));
    const std::vector<std::string> pair{"deontological", "selfish"};
    constexpr std::size_t kValueB = 1;

    // Default floor 0.1: a, b and c respect it, the disagreement point (0, 0) does not.
    // Party 0's scale runs from -1 to 0.95 (b); b scores 0.95: satisfaction 1.
    auto by_default = episode_metrics(domain, pair, welfare(), agreement_on(kValueB, 0.0));
    REQUIRE(by_default.parties[0].satisfaction.has_value());
    CHECK(*by_default.parties[0].satisfaction == doctest::Approx(1.0));

    // Floor 0.5: only a (0.9, 0.8) respects it. The scale runs from -1 to 0.9;
    // b leaves party 1 at 0.3, below the floor: -1, satisfaction 0.
    const std::vector<WelfareParameters> strict{{{"floor", 0.5}}, {}};
    auto by_scenario = episode_metrics(domain, pair, welfare(), agreement_on(kValueB, 0.0), {}, strict);
    REQUIRE(by_scenario.parties[0].satisfaction.has_value());
    CHECK(*by_scenario.parties[0].satisfaction == doctest::Approx(0.0));
    // The selfish party's satisfaction does not depend on the deontologist's floor.
    CHECK(*by_scenario.parties[1].satisfaction == doctest::Approx(*by_default.parties[1].satisfaction));
    CHECK(numeric_parameters({{"floor", "0.5"}, {"model", "bayesian"}}) == WelfareParameters{{"floor", 0.5}});
}
