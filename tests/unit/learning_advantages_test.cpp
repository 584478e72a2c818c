// Generalised advantage estimation, against numbers worked out by hand.

#include <parley/learning/advantages.hpp>

#include <doctest/doctest.h>

#include <stdexcept>
#include <vector>

using parley::learning::generalized_advantages;

TEST_CASE("advantages and returns of an episode, worked out by hand") {
    const std::vector<double> rewards{1.0, 0.0, 2.0};
    const std::vector<double> values{0.5, 0.2, 1.0};
    const auto estimate = generalized_advantages(rewards, values, 0.9, 0.8);
    // delta = (1 + 0.9 * 0.2 - 0.5, 0 + 0.9 * 1 - 0.2, 2 - 1) = (0.68, 0.7, 1);
    // A_t = delta_t + 0.72 A_{t+1}.
    REQUIRE(estimate.advantages.size() == 3);
    CHECK(estimate.advantages[2] == doctest::Approx(1.0));
    CHECK(estimate.advantages[1] == doctest::Approx(1.42));
    CHECK(estimate.advantages[0] == doctest::Approx(1.7024));
    CHECK(estimate.returns[0] == doctest::Approx(2.2024));
    CHECK(estimate.returns[1] == doctest::Approx(1.62));
    CHECK(estimate.returns[2] == doctest::Approx(2.0));
}

TEST_CASE("lambda 1 gives the discounted returns, lambda 0 the one-step errors") {
    const std::vector<double> rewards{1.0, 0.0, 2.0};
    const std::vector<double> values{0.5, 0.2, 1.0};
    const auto monte_carlo = generalized_advantages(rewards, values, 0.9, 1.0);
    CHECK(monte_carlo.returns[0] == doctest::Approx(1.0 + 0.81 * 2.0));
    CHECK(monte_carlo.returns[1] == doctest::Approx(0.9 * 2.0));
    const auto one_step = generalized_advantages(rewards, values, 0.9, 0.0);
    CHECK(one_step.advantages[0] == doctest::Approx(0.68));
    CHECK(one_step.advantages[1] == doctest::Approx(0.7));
}

TEST_CASE("an empty episode has no advantages; mismatched lengths are refused") {
    CHECK(generalized_advantages({}, {}, 0.99, 0.95).advantages.empty());
    const std::vector<double> two{1.0, 2.0};
    const std::vector<double> one{1.0};
    CHECK_THROWS_AS(generalized_advantages(two, one, 0.99, 0.95), std::invalid_argument);
}
