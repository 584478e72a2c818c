// What each value framework accepts, refuses, offers and says, on small
// hand-made domains where every number can be worked out by hand.

#include "frameworks_test_support.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <string>

using namespace parley::frameworks_test;

namespace {

// Party 0's share in the split domain of `steps` steps.
double share_of(const Move& move, std::size_t steps) {
    REQUIRE(move.type == MoveType::Offer);
    return static_cast<double>(move.outcome.at(0)) / static_cast<double>(steps);
}

MoveType vote(ValueFramework& party, double time, std::size_t value) {
    return party.respond(vote_turn(time, {value})).type;
}

std::unique_ptr<ValueFramework> begun(const std::string& name, const SharedDomain& domain, PartyIndex self,
                                      const FrameworkParameters& parameters = {}, bool disclose = true) {
    auto party = make_framework(name, parameters);
    party->begin(setup_for(domain, self, disclose));
    return party;
}

// Two binary issues. Party 0 cares 0.9 for issue A (wants value 0) and 0.1 for
// B (wants 0); party 1 the reverse, wanting value 1 of each. Utilities:
//   (0,0): 1.0, 0.0   (0,1): 0.9, 0.9   (1,0): 0.1, 0.1   (1,1): 0.0, 1.0
// so (0,1) has the largest sum, minimum and product, and (0,0) is party 0's best.
SharedDomain trade_domain() {
    using parley::worlds::Issue;
    using parley::worlds::LinearAdditiveProfile;
    parley::worlds::Domain domain{
        "trade",
        parley::worlds::OutcomeSpace({Issue::discrete("A", {"a0", "a1"}), Issue::discrete("B", {"b0", "b1"})}),
        {LinearAdditiveProfile("zero", {0.9, 0.1}, {{1.0, 0.0}, {1.0, 0.0}}),
         LinearAdditiveProfile("one", {0.1, 0.9}, {{0.0, 1.0}, {0.0, 1.0}})}};
    return share(domain);
}

}  // namespace

TEST_CASE("the social frameworks open with the outcome best for all, the selfish with its own best") {
    const auto domain = trade_domain();
    for (const std::string name : {"utilitarian", "rawlsian", "nash"}) {
        CAPTURE(name);
        auto party = begun(name, domain, 0);
        const auto opening = party->respond(respond_turn(0.0));
        CHECK(opening.outcome == Outcome{0, 1});
        REQUIRE(opening.reason.has_value());
        CHECK(opening.reason->text.find("(known)") != std::string::npos);
        // At the start it accepts the best joint outcome but not its own best, which leaves party 1 nothing.
        CHECK(party->respond(vote_turn(0.0, {0, 1})).type == MoveType::Accept);
        CHECK(party->respond(vote_turn(0.0, {0, 0})).type == MoveType::Reject);
    }
    CHECK(begun("utilitarian", domain, 0)->respond(respond_turn(0.0)).reason->principle == "max_welfare");
    CHECK(begun("rawlsian", domain, 0)->respond(respond_turn(0.0)).reason->principle == "maximin");
    CHECK(begun("nash", domain, 0)->respond(respond_turn(0.0)).reason->principle == "nash_product");
    auto selfish = begun("selfish", domain, 0);
    CHECK(selfish->respond(respond_turn(0.0)).outcome == Outcome{0, 0});
    CHECK(selfish->respond(vote_turn(0.0, {0, 1})).type == MoveType::Reject);
}

TEST_CASE("the rawlsian rejects an offer that gives the other party less than it accepts for itself") {
    // Split of 10 steps, linear concession: at t = 0.5 it asks a worst-off
    // utility of 0.5 * (1 - 0.5) = 0.25 (best 0.5 at the even split, 0 without a deal).
    const auto domain = split_domain(10);
    auto rawlsian = begun("rawlsian", domain, 0, {{"exponent", "1"}});
    CHECK(vote(*rawlsian, 0.5, 5) == MoveType::Accept);
    CHECK(vote(*rawlsian, 0.5, 3) == MoveType::Accept);  // 0.3 for itself is enough...
    const auto refusal = rawlsian->respond(vote_turn(0.5, {8}));
    CHECK(refusal.type == MoveType::Reject);  // ...but 0.2 for the other is not, though it would get 0.8
    REQUIRE(refusal.reason.has_value());
    CHECK(refusal.reason->principle == "below_aspiration");
    CHECK(refusal.reason->text == "the worst-off party's utility would be 0.200; I ask for 0.250 now");
    // A selfish party at the same point does the opposite.
    auto selfish = begun("selfish", domain, 0, {{"exponent", "1"}});
    CHECK(vote(*selfish, 0.5, 8) == MoveType::Accept);
    CHECK(vote(*selfish, 0.5, 3) == MoveType::Reject);
}

TEST_CASE("the deontological never accepts an outcome with a party below the floor, and says why") {
    const auto domain = split_domain(10);
    auto deontological = begun("deontological", domain, 0, {{"floor", "0.25"}});
    for (double time : {0.0, 0.3, 0.7, 0.95, 1.0}) {
        for (std::size_t v = 0; v <= 10; ++v) {
            CAPTURE(time);
            CAPTURE(v);
            const bool both_above_floor = v >= 3 && v <= 7;  // 0.3 .. 0.7 each
            if (!both_above_floor) CHECK(vote(*deontological, time, v) == MoveType::Reject);
            const auto offer = deontological->respond(respond_turn(time, Outcome{v}, 1));
            if (offer.type == MoveType::Accept) CHECK(both_above_floor);
            if (offer.type == MoveType::Offer) CHECK((offer.outcome[0] >= 3 && offer.outcome[0] <= 7));
        }
    }
    // At the deadline it accepts anything within its duties, with the true numbers in its reasons.
    CHECK(vote(*deontological, 1.0, 3) == MoveType::Accept);
    auto refusal = deontological->respond(vote_turn(1.0, {8}));
    REQUIRE(refusal.reason.has_value());
    CHECK(refusal.reason->principle == "below_floor");
    CHECK(refusal.reason->text ==
          "party 1 would get 0.200 by its disclosed profile, below the floor 0.250 that no party may fall under");
    refusal = deontological->respond(vote_turn(1.0, {2}));
    CHECK(refusal.reason->text ==
          "I would get 0.200 by my own profile, below the floor 0.250 that no party may fall under");
    // A counter-offer to a forbidden offer says why it was refused.
    const auto counter = deontological->respond(respond_turn(0.5, Outcome{9}, 1));
    REQUIRE(counter.type == MoveType::Offer);
    CHECK(counter.reason->principle == "below_floor");

    // Without disclosure it judges by its estimate and says so: party 1 has
    // offered value 0 (everything for itself) five times, so the frequency
    // model rates every other value 1 / (5 + 1) for it.
    auto estimating = begun("deontological", domain, 0, {{"floor", "0.25"}}, false);
    for (int i = 0; i < 5; ++i) estimating->observe(offer_seen(1, {0}, 0.0));
    refusal = estimating->respond(vote_turn(1.0, {8}));
    REQUIRE(refusal.type == MoveType::Reject);
    CHECK(refusal.reason->principle == "below_floor");
    CHECK(refusal.reason->text ==
          "party 1 would get 0.167 by my estimate of its profile, below the floor 0.250 that no party may fall under");
}

TEST_CASE("a deontological party that can keep no duty walks away, saying why") {
    // A floor of 0.6 for both sides of a split of one unit: no outcome respects it.
    const auto domain = split_domain(10);
    auto deontological = begun("deontological", domain, 0, {{"floor", "0.6"}});
    const auto move = deontological->respond(respond_turn(0.5, Outcome{5}, 1));
    CHECK(move.type == MoveType::End);
    REQUIRE(move.reason.has_value());
    CHECK(move.reason->principle == "no_permitted_outcome");
    CHECK(vote(*deontological, 1.0, 5) == MoveType::Reject);
}

TEST_CASE("the deontological never retracts what it offered or accepted") {
    const auto domain = split_domain(100);
    auto deontological = begun("deontological", domain, 0, {{"exponent", "1"}});
    auto selfish = begun("selfish", domain, 0, {{"exponent", "1"}});
    // Its offers never rise in its own utility, even when the clock is sent backwards.
    double previous = 2.0;
    for (double time : {0.0, 0.2, 0.5, 0.3, 0.1, 0.6}) {
        const double share = share_of(deontological->respond(respond_turn(time, Outcome{0}, 1)), 100);
        CHECK(share <= previous);
        previous = share;
    }
    CHECK(share_of(selfish->respond(respond_turn(0.6, Outcome{0}, 1)), 100) <
          share_of(selfish->respond(respond_turn(0.1, Outcome{0}, 1)), 100));  // the selfish asks more again
    // What it offered at t = 0.6 (about 0.4 for itself) it still accepts at t = 0.1.
    CHECK(vote(*deontological, 0.1, 40) == MoveType::Accept);
    CHECK(vote(*selfish, 0.1, 40) == MoveType::Reject);
    // An outcome it accepted stays acceptable.
    auto fresh = begun("deontological", domain, 0, {{"exponent", "1"}});
    CHECK(vote(*fresh, 0.9, 15) == MoveType::Accept);
    CHECK(vote(*fresh, 0.2, 15) == MoveType::Accept);
    CHECK(vote(*fresh, 0.2, 14) == MoveType::Reject);  // worse for it than anything it promised
}

TEST_CASE("the libertarian never goes below any party's reservation value") {
    // Reservation values 0.3 and 0.4: only shares 0.3 .. 0.6 for party 0 respect both.
    const auto domain = split_domain(10, 0.3, 0.4);
    auto libertarian = begun("libertarian", domain, 0);
    for (double time : {0.0, 0.5, 0.9, 1.0}) {
        for (std::size_t v = 0; v <= 10; ++v) {
            CAPTURE(time);
            CAPTURE(v);
            const bool entitled = v >= 3 && v <= 6;
            if (!entitled) CHECK(vote(*libertarian, time, v) == MoveType::Reject);
            const auto move = libertarian->respond(respond_turn(time, Outcome{v}, 1));
            if (move.type == MoveType::Accept) CHECK(entitled);
            if (move.type == MoveType::Offer) CHECK((move.outcome[0] >= 3 && move.outcome[0] <= 6));
        }
    }
    CHECK(vote(*libertarian, 1.0, 6) == MoveType::Accept);  // at the deadline all it insists on is rights
    const auto refusal = libertarian->respond(vote_turn(1.0, {7}));
    CHECK(refusal.reason->principle == "below_entitlement");
    CHECK(refusal.reason->text == "party 1 would get 0.300, below its reservation value 0.400, which is its right");
    CHECK(libertarian->respond(vote_turn(1.0, {2})).reason->principle == "below_reservation");
    // A selfish party only minds its own reservation value.
    auto selfish = begun("selfish", domain, 0);
    CHECK(vote(*selfish, 1.0, 9) == MoveType::Accept);
}

TEST_CASE("selfish Boulware concedes slower than a conceder at the same time") {
    const auto domain = split_domain(100);
    auto boulware = begun("selfish", domain, 0, {{"exponent", "0.2"}});
    auto conceder = begun("selfish", domain, 0, {{"exponent", "5"}});
    auto linear = begun("selfish", domain, 0, {{"exponent", "1"}});
    for (double time : {0.1, 0.3, 0.5, 0.7, 0.9}) {
        CAPTURE(time);
        const double firm = share_of(boulware->respond(respond_turn(time)), 100);
        const double soft = share_of(conceder->respond(respond_turn(time)), 100);
        const double even = share_of(linear->respond(respond_turn(time)), 100);
        CHECK(firm > even);
        CHECK(even > soft);
        // target(t) = 1 - t^(1/e), offered on the next step up (the band takes the one best for party 1).
        CHECK(firm == doctest::Approx(1.0 - std::pow(time, 5.0)).epsilon(0.011));
        CHECK(soft == doctest::Approx(1.0 - std::pow(time, 0.2)).epsilon(0.011));
        CHECK(even == doctest::Approx(1.0 - time).epsilon(0.011));
    }
    CHECK(share_of(boulware->respond(respond_turn(0.5)), 100) >= 0.96);
    CHECK(share_of(conceder->respond(respond_turn(0.5)), 100) <= 0.14);
}

TEST_CASE("the reciprocal mirrors the other side's concessions") {
    const auto domain = split_domain(100);
    auto reciprocal = begun("reciprocal", domain, 0, {{"generosity", "0"}});
    auto offer_at = [&](double time, std::size_t their_offer) {
        reciprocal->observe(offer_seen(1, {their_offer}, time));
        return reciprocal->respond(respond_turn(time + 0.001, Outcome{their_offer}, 1));
    };
    CHECK(share_of(offer_at(0.00, 30), 100) == 1.0);  // nothing conceded yet: its best
    const auto mirrored = offer_at(0.02, 40);         // they gave it 0.1 more
    CHECK(share_of(mirrored, 100) == doctest::Approx(0.90));
    REQUIRE(mirrored.reason.has_value());
    CHECK(mirrored.reason->principle == "reciprocity");
    CHECK(mirrored.reason->text == "you conceded 0.100 to me; I concede 0.100");
    CHECK(share_of(offer_at(0.04, 40), 100) == doctest::Approx(0.90));  // no concession, none returned
    CHECK(share_of(offer_at(0.06, 35), 100) == doctest::Approx(0.90));  // a retreat is not a concession
    CHECK(share_of(offer_at(0.08, 55), 100) == doctest::Approx(0.75));  // 0.15 more, 0.15 back
    CHECK(vote(*reciprocal, 0.09, 75) == MoveType::Accept);             // it accepts what it offers
    CHECK(vote(*reciprocal, 0.09, 74) == MoveType::Reject);
    // When the other comes all the way to its target, it accepts.
    reciprocal->observe(offer_seen(1, {70}, 0.1));
    CHECK(reciprocal->respond(respond_turn(0.101, Outcome{70}, 1)).type == MoveType::Accept);  // 0.75 - 0.15 = 0.6

    // Half a mirror returns half.
    auto halfway = begun("reciprocal", domain, 0, {{"generosity", "0"}, {"mirror", "0.5"}});
    halfway->observe(offer_seen(1, {20}, 0.0));
    halfway->respond(respond_turn(0.01, Outcome{20}, 1));
    halfway->observe(offer_seen(1, {40}, 0.02));
    CHECK(share_of(halfway->respond(respond_turn(0.03, Outcome{40}, 1)), 100) == doctest::Approx(0.90));

    // Two reciprocal parties do not wait for each other forever.
    auto first = begun("reciprocal", domain, 0, {}, false);
    auto second = begun("reciprocal", domain, 1, {}, false);
    const auto episode = play("saop", domain, {first.get(), second.get()}, 100);
    CHECK(episode.outcome.reason == parley::worlds::EndReason::Agreement);
}

TEST_CASE("no framework accepts its own offer or answers a turn without an offer with Accept") {
    const auto domain = split_domain(10);
    for (const auto* info : FrameworkRegistry::builtin().list()) {
        CAPTURE(info->name);
        auto party = begun(info->name, domain, 0);
        const auto opening = party->respond(respond_turn(0.99));
        REQUIRE(opening.type == MoveType::Offer);
        CHECK(party->respond(respond_turn(0.99, opening.outcome, 0)).type == MoveType::Offer);
        CHECK(party->respond(respond_turn(1.0)).type == MoveType::Offer);
    }
}
