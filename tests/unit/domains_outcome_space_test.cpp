// Outcome spaces (issues, mixed-radix numbering) and linear additive profiles:
// the building blocks that importers, the generator and the analysis share.

#include <parley/domains/domain_error.hpp>
#include <parley/domains/linear_additive_profile.hpp>
#include <parley/domains/outcome_space.hpp>

#include <doctest/doctest.h>

#include <stdexcept>
#include <string>
#include <vector>

using namespace parley::worlds;

namespace {

// 3 x 2 x 4 = 24 outcomes.
OutcomeSpace small_space() {
    return OutcomeSpace({Issue::discrete("colour", {"red", "green", "blue"}), Issue::discrete("size", {"S", "L"}),
                         Issue::discrete("count", {"1", "2", "3", "4"})});
}

}  // namespace

TEST_CASE("outcomes are numbered in mixed radix with the last issue changing fastest") {
    auto space = small_space();
    CHECK(space.outcome_count() == 24);
    CHECK(space.outcome_at(0) == Outcome{0, 0, 0});
    CHECK(space.outcome_at(1) == Outcome{0, 0, 1});
    CHECK(space.outcome_at(4) == Outcome{0, 1, 0});
    CHECK(space.outcome_at(8) == Outcome{1, 0, 0});
    CHECK(space.outcome_at(23) == Outcome{2, 1, 3});
    // index = colour * 8 + size * 4 + count
    CHECK(space.index_of({2, 0, 1}) == 2 * 8 + 0 * 4 + 1);
    Outcome reused;
    for (OutcomeIndex index = 0; index < space.outcome_count(); ++index) {
        space.outcome_at(index, reused);
        CHECK(space.index_of(reused) == index);
    }
}

TEST_CASE("an outcome space finds issues and values by name and describes outcomes") {
    auto space = small_space();
    CHECK(space.find_issue("size") == 1U);
    CHECK_FALSE(space.find_issue("weight").has_value());
    CHECK(space.issue(0).find_value("blue") == 2U);
    CHECK_FALSE(space.issue(0).find_value("Blue").has_value());
    CHECK(space.describe({1, 1, 3}) == "colour=green, size=L, count=4");
    CHECK(space.contains({2, 1, 3}));
    CHECK_FALSE(space.contains({3, 0, 0}));
    CHECK_FALSE(space.contains({0, 0}));
}

TEST_CASE("indices and outcomes outside the space are refused") {
    auto space = small_space();
    CHECK_THROWS_AS(space.outcome_at(24), std::out_of_range);
    CHECK_THROWS_AS(space.index_of({0, 2, 0}), std::out_of_range);
    CHECK_THROWS_AS(space.index_of({0, 0}), std::out_of_range);
}

TEST_CASE("numeric issues are ranges discretised into evenly spaced values") {
    auto price = Issue::numeric("price", 10.0, 20.0, 5);
    REQUIRE(price.size() == 5);
    CHECK(price.is_numeric());
    CHECK(price.values() == std::vector<std::string>{"10", "12.5", "15", "17.5", "20"});
    CHECK(price.number(1) == 12.5);
    CHECK(price.number(4) == 20.0);
    auto single = Issue::numeric("fixed", 3.0, 3.0, 1);
    CHECK(single.values() == std::vector<std::string>{"3"});
    CHECK_FALSE(Issue::discrete("colour", {"red"}).is_numeric());
    CHECK_THROWS_AS(Issue::discrete("colour", {"red"}).number(0), std::logic_error);
    CHECK_THROWS_AS(Issue::numeric("bad", 2.0, 1.0, 3), DomainError);
    CHECK_THROWS_AS(Issue::numeric("bad", 1.0, 1.0, 3), DomainError);
    CHECK_THROWS_AS(Issue::numeric("bad", 0.0, 1.0, 0), DomainError);
}

TEST_CASE("malformed issues and spaces give DomainError") {
    CHECK_THROWS_AS(Issue::discrete("", {"a"}), DomainError);
    CHECK_THROWS_AS(Issue::discrete("empty", {}), DomainError);
    CHECK_THROWS_WITH_AS(Issue::discrete("colour", {"red", "red"}), doctest::Contains("'red' appears twice"),
                         DomainError);
    CHECK_THROWS_AS(OutcomeSpace({}), DomainError);
    CHECK_THROWS_AS(OutcomeSpace({Issue::discrete("a", {"x"}), Issue::discrete("a", {"y"})}), DomainError);
    // 65 binary issues have 2^65 outcomes: more than an OutcomeIndex counts.
    std::vector<Issue> many;
    for (int i = 0; i < 65; ++i) many.push_back(Issue::discrete("i" + std::to_string(i), {"0", "1"}));
    CHECK_THROWS_WITH_AS(OutcomeSpace{many}, doctest::Contains("more outcomes than can be counted"), DomainError);
}

TEST_CASE("a linear additive profile sums weighted value utilities") {
    auto space = small_space();
    LinearAdditiveProfile profile("buyer", {0.5, 0.2, 0.3},
                                  {{1.0, 0.5, 0.0}, {0.25, 1.0}, {0.0, 0.1, 0.9, 1.0}}, 0.3, 0.9);
    CHECK(profile.fits(space));
    CHECK(profile.reservation_value() == 0.3);
    CHECK(profile.discount_factor() == 0.9);
    // green, S, 3: 0.5 * 0.5 + 0.2 * 0.25 + 0.3 * 0.9 = 0.25 + 0.05 + 0.27 = 0.57
    CHECK(profile.utility({1, 0, 2}) == doctest::Approx(0.57).epsilon(1e-12));
    // best: red, L, 4 = 0.5 + 0.2 + 0.3 = 1; worst: blue, S, 1 = 0 + 0.2 * 0.25 + 0 = 0.05
    CHECK(profile.max_utility() == doctest::Approx(1.0).epsilon(1e-12));
    CHECK(profile.min_utility() == doctest::Approx(0.05).epsilon(1e-12));
    CHECK_THROWS_AS(profile.utility({1, 0}), std::out_of_range);

    LinearAdditiveProfile other_shape("x", {1.0}, {{1.0, 0.0}});
    CHECK_FALSE(other_shape.fits(space));
}

TEST_CASE("invalid profiles give DomainError") {
    CHECK_THROWS_AS(LinearAdditiveProfile("p", {}, {}), DomainError);
    CHECK_THROWS_AS(LinearAdditiveProfile("p", {1.0, 0.0}, {{1.0}}), DomainError);
    CHECK_THROWS_AS(LinearAdditiveProfile("p", {-0.1}, {{1.0}}), DomainError);
    CHECK_THROWS_WITH_AS(LinearAdditiveProfile("p", {1.0}, {{1.5}}), doctest::Contains("outside [0, 1]"), DomainError);
    CHECK_THROWS_AS(LinearAdditiveProfile("p", {1.0}, {{}}), DomainError);
    CHECK_THROWS_AS(LinearAdditiveProfile("p", {1.0}, {{1.0}}, 0.0, 0.0), DomainError);
    CHECK_THROWS_AS(LinearAdditiveProfile("p", {1.0}, {{1.0}}, 0.0, 1.5), DomainError);
}
