// The welfare functions the frameworks declare (FrameworkInfo::welfare), the
// ones the metrics use: what each built-in framework's score of a utility
// vector is, worked out by hand.

#include <parley/agents/framework.hpp>
#include <parley/metrics/welfare.hpp>

#include <doctest/doctest.h>

#include <stdexcept>
#include <string>
#include <vector>

using parley::agents::FrameworkRegistry;
using parley::worlds::WelfareInput;

namespace {

double score(const std::string& framework, std::vector<double> utilities, std::vector<double> reservations,
             std::size_t self) {
    const auto* function = FrameworkRegistry::builtin().welfare_lookup()(framework);
    REQUIRE_MESSAGE(function != nullptr, framework);
    return function->score(WelfareInput{utilities, reservations, self});
}

}  // namespace

TEST_CASE("every framework has a welfare function, found by name") {
    const auto lookup = FrameworkRegistry::builtin().welfare_lookup();
    for (const auto* framework : FrameworkRegistry::builtin().list()) {
        CAPTURE(framework->name);
        CHECK_FALSE(framework->welfare.description.empty());
        CHECK(static_cast<bool>(framework->welfare.score));
        CHECK(lookup(framework->name) == &framework->welfare);
    }
    for (const char* built_in : {"selfish", "reciprocal", "utilitarian", "rawlsian", "nash", "deontological",
                                 "libertarian", "rubinstein"}) {
        CHECK(lookup(built_in) != nullptr);
    }
    CHECK(lookup("nihilist") == nullptr);
}

TEST_CASE("the scores, worked out by hand") {
    const std::vector<double> u{0.6, 0.3, 0.8};
    const std::vector<double> r{0.2, 0.1, 0.5};
    for (const std::string own : {"selfish", "reciprocal", "rubinstein"}) {
        CHECK(score(own, u, r, 0) == 0.6);
        CHECK(score(own, u, r, 2) == 0.8);
    }
    CHECK(score("utilitarian", u, r, 0) == doctest::Approx(1.7));
    CHECK(score("rawlsian", u, r, 0) == 0.3);
    CHECK(score("rawlsian", u, r, 2) == 0.3);  // the same from every position
    CHECK(score("nash", u, r, 1) == doctest::Approx(0.4 * 0.2 * 0.3));
    // A party below its reservation value has no gain: the product is 0, never negative.
    CHECK(score("nash", {0.6, 0.05}, {0.2, 0.1}, 0) == 0.0);
    CHECK(score("nash", {0.6, 0.3}, {}, 0) == doctest::Approx(0.18));  // no reservations known: 0
}

TEST_CASE("deontological and libertarian score a violation -1") {
    // Deontological: own utility when every party has at least the default floor 0.1.
    CHECK(score("deontological", {0.6, 0.3}, {}, 0) == 0.6);
    CHECK(score("deontological", {0.6, 0.1}, {}, 0) == 0.6);  // at the floor is not below it
    CHECK(score("deontological", {0.95, 0.05}, {}, 0) == -1.0);
    CHECK(score("deontological", {0.05, 0.95}, {}, 1) == -1.0);  // itself below the floor counts too
    // Libertarian: own utility when every party has at least its reservation value.
    CHECK(score("libertarian", {0.6, 0.4}, {0.3, 0.4}, 0) == 0.6);
    CHECK(score("libertarian", {0.7, 0.3}, {0.3, 0.4}, 0) == -1.0);
    CHECK(score("libertarian", {0.2, 0.8}, {0.3, 0.4}, 1) == -1.0);
    CHECK(score("libertarian", {0.7, 0.3}, {}, 0) == 0.7);  // no reservations known: 0
}

TEST_CASE("a position that is not a party is refused; no parties score 0 or 1") {
    CHECK_THROWS_AS(score("selfish", {0.5}, {}, 1), std::out_of_range);
    CHECK_THROWS_AS(score("deontological", {}, {}, 0), std::out_of_range);
    CHECK(score("utilitarian", {}, {}, 0) == 0.0);
    CHECK(score("rawlsian", {}, {}, 0) == 0.0);
    CHECK(score("nash", {}, {}, 0) == 1.0);  // the empty product
}
