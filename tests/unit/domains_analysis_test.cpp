// Domain analysis: the Pareto frontier against an O(n^2) brute force on many
// small random domains (2 to 5 parties, with and without ties), the Nash,
// Kalai-Smorodinsky and maximum-welfare points and the opposition level
// against brute force over all outcomes, distance helpers and the JSON report
// on cases worked out by hand.

#include <parley/domains/domain_analysis.hpp>
#include <parley/domains/domain_error.hpp>
#include <parley/domains/domain_generator.hpp>
#include <parley/domains/genius_format.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>
#include <optional>
#include <random>
#include <set>
#include <vector>

using namespace parley::worlds;

namespace {

// ---- brute force, written independently of the library ----

bool brute_dominates(std::span<const double> a, std::span<const double> b) {
    bool strictly = false;
    for (std::size_t p = 0; p < a.size(); ++p) {
        if (a[p] < b[p]) return false;
        if (a[p] > b[p]) strictly = true;
    }
    return strictly;
}

std::set<std::size_t> brute_frontier(const UtilityMatrix& m) {
    std::set<std::size_t> frontier;
    for (std::size_t i = 0; i < m.outcome_count(); ++i) {
        bool dominated = false;
        for (std::size_t j = 0; j < m.outcome_count() && !dominated; ++j) {
            dominated = brute_dominates(m.row(j), m.row(i));
        }
        if (!dominated) frontier.insert(i);
    }
    return frontier;
}

bool rational(const UtilityMatrix& m, std::size_t outcome) {
    for (std::size_t p = 0; p < m.party_count(); ++p) {
        if (m.utility(outcome, p) < m.reservation_values()[p]) return false;
    }
    return true;
}

double nash_product(const UtilityMatrix& m, std::span<const double> u) {
    double product = 1.0;
    for (std::size_t p = 0; p < u.size(); ++p) product *= u[p] - m.reservation_values()[p];
    return product;
}

double welfare(std::span<const double> u) {
    double sum = 0.0;
    for (double x : u) sum += x;
    return sum;
}

std::vector<double> best_rational_utilities(const UtilityMatrix& m) {
    std::vector<double> best(m.party_count(), -std::numeric_limits<double>::infinity());
    for (std::size_t o = 0; o < m.outcome_count(); ++o) {
        if (!rational(m, o)) continue;
        for (std::size_t p = 0; p < m.party_count(); ++p) best[p] = std::max(best[p], m.utility(o, p));
    }
    return best;
}

double kalai_score(const UtilityMatrix& m, const std::vector<double>& best, std::span<const double> u) {
    double smallest = std::numeric_limits<double>::infinity();
    for (std::size_t p = 0; p < u.size(); ++p) {
        double room = best[p] - m.reservation_values()[p];
        if (room > 0.0) smallest = std::min(smallest, (u[p] - m.reservation_values()[p]) / room);
    }
    return smallest;
}

double brute_opposition(const UtilityMatrix& m) {
    std::vector<double> scale(m.party_count(), -std::numeric_limits<double>::infinity());
    for (std::size_t o = 0; o < m.outcome_count(); ++o) {
        for (std::size_t p = 0; p < m.party_count(); ++p) scale[p] = std::max(scale[p], m.utility(o, p));
    }
    double nearest = std::numeric_limits<double>::infinity();
    for (std::size_t o = 0; o < m.outcome_count(); ++o) {
        double squared = 0.0;
        for (std::size_t p = 0; p < m.party_count(); ++p) {
            double s = scale[p] > 0.0 ? scale[p] : 1.0;
            squared += (1.0 - m.utility(o, p) / s) * (1.0 - m.utility(o, p) / s);
        }
        nearest = std::min(nearest, squared);
    }
    return std::sqrt(nearest) / std::sqrt(static_cast<double>(m.party_count()));
}

// ---- random cases ----

double unit(std::mt19937_64& rng) { return static_cast<double>(rng() >> 11) * 0x1.0p-53; }

// Utilities on a grid of `levels` values (many ties when levels is small).
UtilityMatrix random_matrix(std::mt19937_64& rng, std::size_t parties, std::size_t outcomes, std::size_t levels,
                            bool with_reservations) {
    std::vector<double> values(parties * outcomes);
    for (auto& value : values) value = static_cast<double>(rng() % levels) / static_cast<double>(levels - 1);
    std::vector<double> reservations(parties, 0.0);
    if (with_reservations) {
        for (auto& r : reservations) r = 0.7 * unit(rng);
    }
    return UtilityMatrix(parties, std::move(values), std::move(reservations));
}

// Checks the frontier and every solution point of `m` against brute force.
void check_against_brute_force(const UtilityMatrix& m) {
    auto frontier = pareto_frontier(m);
    auto expected = brute_frontier(m);
    REQUIRE(std::set<std::size_t>(frontier.outcomes.begin(), frontier.outcomes.end()) == expected);
    REQUIRE(frontier.outcomes.size() == expected.size());

    // Order: utility vectors from the best for party 0, lexicographically; equal vectors by index.
    for (std::size_t k = 1; k < frontier.outcomes.size(); ++k) {
        auto a = m.row(frontier.outcomes[k - 1]);
        auto b = m.row(frontier.outcomes[k]);
        bool equal = std::equal(a.begin(), a.end(), b.begin());
        bool before = std::lexicographical_compare(b.begin(), b.end(), a.begin(), a.end());
        CHECK((before || (equal && frontier.outcomes[k - 1] < frontier.outcomes[k])));
    }
    std::set<std::vector<double>> distinct;
    for (auto o : expected) distinct.insert(std::vector<double>(m.row(o).begin(), m.row(o).end()));
    CHECK(std::set<std::vector<double>>(frontier.points.begin(), frontier.points.end()) == distinct);
    CHECK(frontier.points.size() == distinct.size());

    // Nash: the largest product of gains over all rational outcomes.
    std::optional<double> best_product;
    for (std::size_t o = 0; o < m.outcome_count(); ++o) {
        if (rational(m, o)) best_product = std::max(best_product.value_or(-1.0), nash_product(m, m.row(o)));
    }
    auto nash = nash_point(m, frontier);
    REQUIRE(nash.has_value() == best_product.has_value());
    if (nash) {
        CHECK(nash_product(m, nash->utilities) == *best_product);
        CHECK(expected.contains(nash->outcome));
        CHECK(rational(m, nash->outcome));
    }

    // Kalai-Smorodinsky: the largest smallest normalised gain over all rational outcomes.
    auto best = best_rational_utilities(m);
    std::optional<double> best_kalai;
    for (std::size_t o = 0; o < m.outcome_count(); ++o) {
        if (rational(m, o)) {
            best_kalai = std::max(best_kalai.value_or(-std::numeric_limits<double>::infinity()),
                                  kalai_score(m, best, m.row(o)));
        }
    }
    auto kalai = kalai_point(m, frontier);
    REQUIRE(kalai.has_value() == best_kalai.has_value());
    if (kalai) {
        CHECK(kalai_score(m, best, kalai->utilities) == *best_kalai);
        CHECK(expected.contains(kalai->outcome));
    }

    // Maximum welfare over all outcomes.
    double best_welfare = -std::numeric_limits<double>::infinity();
    for (std::size_t o = 0; o < m.outcome_count(); ++o) best_welfare = std::max(best_welfare, welfare(m.row(o)));
    auto max_welfare = max_welfare_point(m, frontier);
    CHECK(welfare(max_welfare.utilities) == best_welfare);
    CHECK(expected.contains(max_welfare.outcome));

    CHECK(opposition_level(m, frontier) == brute_opposition(m));
}

doctest::Approx exactly(double value) { return doctest::Approx(value).epsilon(1e-12); }

}  // namespace

TEST_CASE("Pareto frontier and solution points equal brute force on random utilities with ties") {
    std::mt19937_64 rng(2024);
    for (std::size_t parties : {2U, 3U, 4U, 5U}) {
        for (int trial = 0; trial < 60; ++trial) {
            const std::size_t outcomes = 1 + rng() % 700;
            const std::size_t levels = std::vector<std::size_t>{2, 3, 5, 11, 1000001}[rng() % 5];
            const bool with_reservations = rng() % 2 == 0;
            CAPTURE(parties);
            CAPTURE(outcomes);
            CAPTURE(levels);
            check_against_brute_force(random_matrix(rng, parties, outcomes, levels, with_reservations));
        }
    }
}

TEST_CASE("Pareto frontier and solution points equal brute force on generated domains") {
    std::mt19937_64 rng(99);
    for (std::size_t parties : {2U, 3U, 4U}) {
        for (std::uint64_t seed = 0; seed < 25; ++seed) {
            GeneratorParameters parameters{.issues = 1 + rng() % 4, .values_per_issue = 2 + rng() % 4,
                                           .parties = parties, .opposition = unit(rng), .seed = seed};
            auto domain = generate_domain(parameters);
            CAPTURE(parties);
            CAPTURE(seed);
            check_against_brute_force(UtilityMatrix(domain.space, domain.profiles));
        }
    }
}

TEST_CASE("the utility matrix holds exactly what the profiles compute") {
    auto domain = generate_domain({.issues = 4, .values_per_issue = 3, .parties = 3, .opposition = 0.4, .seed = 5});
    UtilityMatrix m(domain.space, domain.profiles);
    REQUIRE(m.outcome_count() == 81);
    Outcome outcome;
    for (std::size_t o = 0; o < m.outcome_count(); ++o) {
        domain.space.outcome_at(o, outcome);
        for (std::size_t p = 0; p < 3; ++p) CHECK(m.utility(o, p) == domain.profiles[p].utility(outcome));
    }
}

TEST_CASE("a frontier with repeated utility vectors, worked out by hand") {
    // Outcomes 0 and 5 are both (1, 0); 1 and 2 are both (0.5, 0.5); 3 = (0.4, 0.4) is dominated by them.
    UtilityMatrix m(2, {1, 0, 0.5, 0.5, 0.5, 0.5, 0.4, 0.4, 0, 1, 1, 0}, {0, 0});
    auto frontier = pareto_frontier(m);
    CHECK(frontier.outcomes == std::vector<std::size_t>{0, 5, 1, 2, 4});
    CHECK(frontier.points == std::vector<std::vector<double>>{{1, 0}, {0.5, 0.5}, {0, 1}});
    CHECK(dominates(m.row(1), m.row(3)));
    CHECK_FALSE(dominates(m.row(1), m.row(2)));
    CHECK_FALSE(dominates(m.row(0), m.row(4)));
}

TEST_CASE("the solution points of a one-issue bargain, worked out by hand") {
    // price low: buyer 1, seller 0; mid: buyer 0.5, seller 0.6; high: buyer 0, seller 1.
    OutcomeSpace space({Issue::discrete("price", {"low", "mid", "high"})});
    std::vector<LinearAdditiveProfile> profiles{LinearAdditiveProfile("buyer", {1.0}, {{1.0, 0.5, 0.0}}),
                                                LinearAdditiveProfile("seller", {1.0}, {{0.0, 0.6, 1.0}})};
    auto report = analysis_report(space, profiles);
    using Json = nlohmann::ordered_json;
    std::vector<std::string> keys;
    for (const auto& [key, value] : report.items()) keys.push_back(key);
    CHECK(keys == std::vector<std::string>{"outcomes", "pareto", "nash", "kalai", "max_welfare", "opposition"});
    CHECK(report["outcomes"] == 3);
    CHECK(report["pareto"] == Json::parse("[[1.0, 0.0], [0.5, 0.6], [0.0, 1.0]]"));
    const auto mid = Json::parse(R"({"outcome": {"price": "mid"}, "utilities": [0.5, 0.6]})");
    CHECK(report["nash"] == mid);
    CHECK(report["kalai"] == mid);
    CHECK(report["max_welfare"] == mid);
    // Nash products 0, 0.3, 0; smallest normalised gains 0, 0.5, 0; welfare 1, 1.1, 1: mid every time.
    // Opposition: mid is nearest to (1, 1): sqrt(0.5^2 + 0.4^2) / sqrt(2) = sqrt(0.41 / 2) = 0.4527692569068709.
    CHECK(report["opposition"].get<double>() == exactly(0.4527692569068709));

    // With reservation values that only "high" meets for the seller and only "low" for the buyer, no
    // outcome is rational: no Nash or Kalai point, but still a maximum-welfare point.
    profiles = {LinearAdditiveProfile("buyer", {1.0}, {{1.0, 0.5, 0.0}}, 0.7),
                LinearAdditiveProfile("seller", {1.0}, {{0.0, 0.6, 1.0}}, 0.7)};
    auto analysis = analyze_domain(space, profiles);
    CHECK_FALSE(analysis.nash.has_value());
    CHECK_FALSE(analysis.kalai.has_value());
    CHECK(analysis.max_welfare.outcome == 1);
    auto without = analysis_report(space, analysis);
    CHECK(without["nash"].is_null());
    CHECK(without["kalai"].is_null());
}

TEST_CASE("Nash and Kalai-Smorodinsky points differ where they should, worked out by hand") {
    // a = (1, 0.1), b = (0.8, 0.3), c = (0.62, 0.38), e = (0.1, 0.5), reservation values 0.
    // Nash products: a 0.1, b 0.24, c 0.2356, e 0.05 -> b.
    // Best utilities 1 and 0.5, so normalised gains: a (1, 0.2), b (0.8, 0.6), c (0.62, 0.76), e (0.1, 1);
    // their minima 0.2, 0.6, 0.62, 0.1 -> c.
    const std::vector<double> utilities{1.0, 0.1, 0.8, 0.3, 0.62, 0.38, 0.1, 0.5};
    UtilityMatrix m(2, utilities, {0, 0});
    auto frontier = pareto_frontier(m);
    CHECK(frontier.outcomes.size() == 4);
    CHECK(nash_point(m, frontier)->outcome == 1);
    CHECK(kalai_point(m, frontier)->outcome == 2);

    // Second reservation value 0.35: only c and e are rational. Gains c (0.62, 0.03), e (0.1, 0.15):
    // Nash products 0.0186 and 0.015 -> c. Best rational utilities 0.62 and 0.5, room 0.62 and 0.15:
    // normalised c (1, 0.2), e (0.161, 1) -> minima 0.2 and 0.161 -> c.
    UtilityMatrix raised(2, utilities, {0, 0.35});
    auto raised_frontier = pareto_frontier(raised);
    CHECK(nash_point(raised, raised_frontier)->outcome == 2);
    CHECK(kalai_point(raised, raised_frontier)->outcome == 2);

    // 0.6 is more than anyone offers the second party: nothing is rational.
    UtilityMatrix none(2, utilities, {0, 0.6});
    auto none_frontier = pareto_frontier(none);
    CHECK_FALSE(nash_point(none, none_frontier).has_value());
    CHECK_FALSE(kalai_point(none, none_frontier).has_value());
}

TEST_CASE("distances to a point and to the frontier, worked out by hand") {
    const std::vector<double> origin{0.0, 0.0};
    const std::vector<double> three_four{3.0, 4.0};
    CHECK(distance(origin, three_four) == 5.0);
    CHECK(distance(three_four, three_four) == 0.0);
    CHECK_THROWS_AS(distance(origin, std::vector<double>{1.0}), DomainError);

    ParetoFrontier frontier;
    frontier.points = {{1.0, 0.0}, {0.6, 0.6}, {0.0, 1.0}};
    // (0.6, 0.6) at sqrt(0.36 + 0.36) = 0.8485 is nearer the origin than (1, 0) and (0, 1) at 1.
    CHECK(distance_to_frontier(origin, frontier) == exactly(std::sqrt(0.72)));
    const std::vector<double> beyond{1.0, -1.0};
    CHECK(distance_to_frontier(beyond, frontier) == 1.0);  // (1, 0) is at 1
    const std::vector<double> on_it{0.6, 0.6};
    CHECK(distance_to_frontier(on_it, frontier) == 0.0);
    // (0.5, 0.4) to (0.6, 0.6): sqrt(0.01 + 0.04) = sqrt(0.05)
    const std::vector<double> inside{0.5, 0.4};
    CHECK(distance_to_frontier(inside, frontier) == exactly(std::sqrt(0.05)));
    CHECK_THROWS_AS(distance_to_frontier(origin, ParetoFrontier{}), DomainError);
}

TEST_CASE("the analysis refuses what it cannot do with a DomainError") {
    auto domain = generate_domain({.issues = 3, .values_per_issue = 4, .parties = 2, .seed = 1});
    CHECK_THROWS_WITH_AS(UtilityMatrix(domain.space, std::span(domain.profiles).first(1)),
                         doctest::Contains("2 to 64 profiles"), DomainError);
    CHECK_THROWS_WITH_AS(UtilityMatrix(domain.space, domain.profiles, 63), doctest::Contains("64 outcomes"),
                         DomainError);
    OutcomeSpace other({Issue::discrete("a", {"x", "y"})});
    CHECK_THROWS_AS(analyze_domain(other, domain.profiles), DomainError);
    CHECK_THROWS_AS(UtilityMatrix(2, {0.1, 0.2, 0.3}, {0, 0}), DomainError);
    CHECK_THROWS_AS(UtilityMatrix(2, {0.1, 0.2}, {0}), DomainError);
    CHECK_THROWS_AS(UtilityMatrix(2, {0.1, std::nan("")}, {0, 0}), DomainError);
}

TEST_CASE("the report of a shared domain has one entry per party everywhere") {
    const std::filesystem::path folder = PARLEY_SHARED_DIR "/domains/genius/Laptop";
    if (!std::filesystem::is_directory(folder)) {
        MESSAGE("skipped: " PARLEY_SHARED_DIR "/domains does not exist");
        return;
    }
    const std::vector<std::filesystem::path> profiles{folder / "Laptop-C-prof1.xml", folder / "Laptop-C-prof2.xml"};
    auto domain = load_genius_domain(folder / "Laptop-C-domain.xml", profiles);
    auto report = analysis_report(domain.space, domain.profiles);
    std::vector<std::string> keys;
    for (const auto& [key, value] : report.items()) keys.push_back(key);
    CHECK(keys == std::vector<std::string>{"outcomes", "pareto", "nash", "kalai", "max_welfare", "opposition"});
    CHECK(report["outcomes"] == 27);
    REQUIRE(report["pareto"].size() >= 2);
    for (const auto& point : report["pareto"]) CHECK(point.size() == 2);
    for (const char* key : {"nash", "kalai", "max_welfare"}) {
        CAPTURE(key);
        CHECK(report[key]["utilities"].size() == 2);
        CHECK(report[key]["outcome"].size() == 3);
        CHECK(report[key]["outcome"].contains("Harddisk"));
    }
    CHECK(report["opposition"].get<double>() > 0.0);
    CHECK(report["opposition"].get<double>() < 1.0);
}
