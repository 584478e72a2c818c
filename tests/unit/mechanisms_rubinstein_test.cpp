// Rubinstein bargaining over the pie world: the pie domain itself, periods
// (the discount exponent is the number of offers rejected before the accepted
// one), the discounted utilities the metrics then give, the deadline in
// rounds, and the two-party limit.

#include "mechanisms_test_support.hpp"

#include <parley/domains/domain_error.hpp>
#include <parley/metrics/metrics.hpp>
#include <parley/domains/pie.hpp>

#include <doctest/doctest.h>

#include <memory>

using namespace parley::worlds;
using namespace parley::worlds::testing;

namespace {

struct PieGame {
    Domain pie;
    std::shared_ptr<const OutcomeSpace> space;
    std::unique_ptr<Mechanism> mechanism;

    PieGame(std::uint32_t rounds, double discount0 = 0.9, double discount1 = 0.8)
        : pie(make_pie_domain(10, discount0, discount1)),
          space(std::make_shared<const OutcomeSpace>(pie.space)),
          mechanism(make_mechanism("rubinstein", settings_for(space, 2, rounds))) {
        mechanism->start();
    }

    EpisodeMetrics metrics() const {
        DomainMetrics domain(pie.space, pie.profiles);
        const std::vector<std::string> frameworks{"selfish", "selfish"};
        return episode_metrics(domain, frameworks, mechanism->outcome());
    }
};

}  // namespace

TEST_CASE("the pie domain: one issue of shares and opposed profiles") {
    Domain pie = make_pie_domain(4, 0.9, 0.5);
    CHECK(pie.name == "pie");
    REQUIRE(pie.space.issue_count() == 1);
    CHECK(pie.space.outcome_count() == 5);  // shares 0, 1/4, 2/4, 3/4, 1
    CHECK(pie.space.issue(0).is_numeric());
    CHECK(pie.space.issue(0).number(1) == 0.25);
    REQUIRE(pie.profiles.size() == 2);
    for (std::size_t v = 0; v <= 4; ++v) {
        CAPTURE(v);
        CHECK(pie.profiles[0].utility({v}) == static_cast<double>(v) / 4.0);
        CHECK(pie.profiles[1].utility({v}) == static_cast<double>(4 - v) / 4.0);
    }
    CHECK(pie.profiles[0].discount_factor() == 0.9);
    CHECK(pie.profiles[1].discount_factor() == 0.5);
    CHECK(pie.profiles[0].reservation_value() == 0.0);
    CHECK_THROWS_AS(make_pie_domain(0, 0.9, 0.9), DomainError);
    CHECK_THROWS_AS(make_pie_domain(kMaxPieResolution + 1, 0.9, 0.9), DomainError);
    CHECK_THROWS_AS(make_pie_domain(10, 0.0, 0.9), DomainError);
    CHECK_THROWS_AS(make_pie_domain(10, 0.9, 1.5), DomainError);
    CHECK(make_pie_domain(1, 1.0, 1.0).space.outcome_count() == 2);
}

TEST_CASE("rubinstein: an opening offer accepted at once is not discounted") {
    PieGame game(10);
    game.mechanism->on_move(0, offer({6}));
    game.mechanism->on_move(1, accept());
    REQUIRE(game.mechanism->finished());
    const auto& outcome = game.mechanism->outcome();
    CHECK(outcome.reason == EndReason::Agreement);
    CHECK(outcome.agreement == Outcome{6});
    CHECK(outcome.discount_exponent == 0.0);  // no offer was rejected
    auto metrics = game.metrics();
    CHECK(metrics.parties[0].utility == doctest::Approx(0.6));
    CHECK(metrics.parties[1].utility == doctest::Approx(0.4));
}

TEST_CASE("rubinstein: each rejected offer is one period of discounting") {
    PieGame game(10);
    auto directives = game.mechanism->on_move(0, offer({8}));  // period 0: 0.8 for party 0
    CHECK(asks_in(directives).at(0).turn.time == doctest::Approx(0.05));
    game.mechanism->on_move(1, offer({3}));  // period 1: rejects 8, offers party 0 0.3
    game.mechanism->on_move(0, offer({5}));  // period 2: rejects 3
    game.mechanism->on_move(1, accept());   // accepts 5 after 2 rejections
    REQUIRE(game.mechanism->finished());
    const auto& outcome = game.mechanism->outcome();
    CHECK(outcome.reason == EndReason::Agreement);
    CHECK(outcome.agreement == Outcome{5});
    CHECK(outcome.discount_exponent == 2.0);
    CHECK(outcome.rounds == 2);
    // u_0 = 0.5 * 0.9^2 = 0.5 * 0.81 = 0.405; u_1 = 0.5 * 0.8^2 = 0.5 * 0.64 = 0.32.
    auto metrics = game.metrics();
    CHECK(metrics.parties[0].utility == doctest::Approx(0.405));
    CHECK(metrics.parties[1].utility == doctest::Approx(0.32));
    CHECK(metrics.social_welfare == doctest::Approx(0.725));
}

TEST_CASE("rubinstein: the responder accepting after many periods") {
    PieGame game(100, 0.5, 0.5);
    // 7 offers, the last accepted: 6 rejected, factor 0.5^6 = 1/64.
    for (std::size_t period = 0; period < 7; ++period) game.mechanism->on_move(period % 2, offer({5}));
    game.mechanism->on_move(1, accept());
    REQUIRE(game.mechanism->finished());
    CHECK(game.mechanism->outcome().discount_exponent == 6.0);
    CHECK(game.metrics().parties[0].utility == 0.5 / 64.0);  // exact: powers of two
}

TEST_CASE("rubinstein: the deadline is in rounds of two periods") {
    PieGame game(2);
    game.mechanism->on_move(0, offer({9}));
    game.mechanism->on_move(1, offer({1}));
    game.mechanism->on_move(0, offer({8}));
    CHECK_FALSE(game.mechanism->finished());
    game.mechanism->on_move(1, offer({2}));
    REQUIRE(game.mechanism->finished());
    CHECK(game.mechanism->outcome().reason == EndReason::Deadline);
    CHECK(game.mechanism->outcome().rounds == 2);
    auto metrics = game.metrics();
    CHECK_FALSE(metrics.agreement);
    CHECK(metrics.parties[0].utility == 0.0);  // the reservation value
}

TEST_CASE("rubinstein: rejecting is not a move here, ending is") {
    {
        PieGame game(10);
        game.mechanism->on_move(0, offer({5}));
        game.mechanism->on_move(1, reject());
        CHECK(game.mechanism->outcome().reason == EndReason::Violation);
        CHECK(game.mechanism->outcome().offender == PartyIndex{1});
    }
    {
        PieGame game(10);
        game.mechanism->on_move(0, offer({11}));  // a share above the whole pie
        CHECK(game.mechanism->outcome().reason == EndReason::Violation);
        CHECK(game.mechanism->outcome().detail.find("has no value 11") != std::string::npos);
    }
    {
        PieGame game(10);
        game.mechanism->on_move(0, offer({5}));
        game.mechanism->on_move(1, end_negotiation());
        CHECK(game.mechanism->outcome().reason == EndReason::PartyEnded);
        CHECK(game.mechanism->outcome().offender == PartyIndex{1});
    }
}

TEST_CASE("rubinstein: exactly two parties") {
    auto space = std::make_shared<const OutcomeSpace>(make_pie_domain(10, 0.9, 0.9).space);
    const auto* info = MechanismRegistry::builtin().find("rubinstein");
    REQUIRE(info != nullptr);
    CHECK_THROWS_WITH_AS(info->make(settings_for(space, 3, 10)), doctest::Contains("3 parties"),
                         std::invalid_argument);
}
