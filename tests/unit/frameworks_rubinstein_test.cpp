// The subgame-perfect strategy of Rubinstein bargaining over the pie world.

#include "frameworks_test_support.hpp"

#include <parley/agents/concession.hpp>
#include <parley/domains/pie.hpp>

#include <doctest/doctest.h>

#include <cmath>

using namespace parley::frameworks_test;
using parley::agents::rubinstein_proposer_share;
using parley::agents::rubinstein_responder_share;

namespace {

// Party 0's share of the pie in an offer on a pie of 1000 steps.
double first_share_of(const Move& move) {
    REQUIRE(move.type == MoveType::Offer);
    return static_cast<double>(move.outcome.at(0)) / 1000.0;
}

}  // namespace

TEST_CASE("the equilibrium shares, worked out by hand") {
    // x_1 = (1 - d_2) / (1 - d_1 d_2) = 0.2 / 0.28; the responder keeps d_2 x_2 = 0.8 * 0.1 / 0.28 = 1 - x_1.
    CHECK(rubinstein_proposer_share(0.9, 0.8) == doctest::Approx(0.2 / 0.28));
    CHECK(rubinstein_proposer_share(0.8, 0.9) == doctest::Approx(0.1 / 0.28));
    CHECK(rubinstein_responder_share(0.8, 0.9) == doctest::Approx(1.0 - 0.2 / 0.28));
    CHECK(rubinstein_responder_share(0.9, 0.8) == doctest::Approx(1.0 - 0.1 / 0.28));
    // Equal patience: the proposer's advantage is 1 / (1 + d); infinitely patient parties split evenly.
    CHECK(rubinstein_proposer_share(0.5, 0.5) == doctest::Approx(1.0 / 1.5));
    CHECK(rubinstein_proposer_share(1.0, 1.0) == 0.5);
    // A perfectly patient responder takes everything; facing an impatient one the proposer does.
    CHECK(rubinstein_proposer_share(0.9, 1.0) == 0.0);
    CHECK(rubinstein_proposer_share(1.0, 0.9) == 1.0);
}

TEST_CASE("with d1 = 0.9 and d2 = 0.8 the first mover takes (1 - 0.8) / (1 - 0.72) and is accepted at once") {
    const std::size_t steps = 1000;
    const auto pie = share(parley::worlds::make_pie_domain(steps, 0.9, 0.8));
    const double first_share = (1.0 - 0.8) / (1.0 - 0.9 * 0.8);  // 0.714285...

    auto first = make_framework("rubinstein");
    auto second = make_framework("rubinstein");
    first->begin(setup_for(pie, 0, true, 100, 1, "rubinstein"));
    second->begin(setup_for(pie, 1, true, 100, 1, "rubinstein"));

    const auto opening = first->respond(respond_turn(0.0));
    REQUIRE(opening.type == MoveType::Offer);
    const double offered = first_share_of(opening);  // party 0's share
    CHECK(std::fabs(offered - first_share) <= 1.0 / steps);
    CHECK(opening.outcome.at(0) == 714);  // the value nearest 714.29
    REQUIRE(opening.reason.has_value());
    CHECK(opening.reason->principle == "spe_share");

    second->observe(offer_seen(0, opening.outcome, 0.0));
    CHECK(second->respond(respond_turn(0.005, opening.outcome, 0)).type == MoveType::Accept);
    // One step less for the responder is refused: it would rather propose (and get d2 x2 now).
    const auto greedier = parley::worlds::Outcome{opening.outcome[0] + 1};
    const auto refusal = second->respond(respond_turn(0.005, greedier, 0));
    REQUIRE(refusal.type == MoveType::Offer);
    // As proposer the second party takes (1 - 0.9) / (1 - 0.72) = 0.357 of the pie.
    CHECK(std::fabs((1.0 - first_share_of(refusal)) - 0.1 / 0.28) <= 1.0 / steps);
    // And the first accepts that at once: it leaves it d1 x1 = 0.643.
    CHECK(first->respond(respond_turn(0.01, refusal.outcome, 1)).type == MoveType::Accept);

    // Played by the real mechanism: agreement on the very first offer, with no discounting.
    first->begin(setup_for(pie, 0, true, 100, 1, "rubinstein"));
    second->begin(setup_for(pie, 1, true, 100, 1, "rubinstein"));
    const auto episode = play("rubinstein", pie, {first.get(), second.get()}, 100);
    CHECK(episode.outcome.reason == parley::worlds::EndReason::Agreement);
    CHECK(episode.outcome.agreement == opening.outcome);
    CHECK(episode.outcome.discount_exponent == 0.0);
    CHECK(episode.steps.size() == 2);
}

TEST_CASE("the equilibrium offer follows the parties' patience") {
    // A more patient second party gets more; the first mover's share falls with d2.
    const std::size_t steps = 1000;
    double previous = 1.0;
    for (double second_discount : {0.5, 0.7, 0.9, 0.99}) {
        CAPTURE(second_discount);
        const auto pie = share(parley::worlds::make_pie_domain(steps, 0.9, second_discount));
        auto first = make_framework("rubinstein");
        first->begin(setup_for(pie, 0, true, 100, 1, "rubinstein"));
        const double offered = first_share_of(first->respond(respond_turn(0.0)));
        CHECK(std::fabs(offered - rubinstein_proposer_share(0.9, second_discount)) <= 1.0 / steps);
        CHECK(offered < previous);
        previous = offered;
    }
}

TEST_CASE("without the other's profile the Rubinstein party assumes equal patience") {
    const auto pie = share(parley::worlds::make_pie_domain(1000, 0.8, 0.5));
    auto first = make_framework("rubinstein");
    first->begin(setup_for(pie, 0, false, 100, 1, "rubinstein"));
    // x = (1 - 0.8) / (1 - 0.64) = 0.5556: the value nearest it.
    const double offered = first_share_of(first->respond(respond_turn(0.0)));
    CHECK(std::fabs(offered - 0.2 / 0.36) <= 0.001);
}
