// SAOP on hand scripts with 2 and 3 parties: agreement needs every other
// party to accept the standing offer in succession, a counter-offer restarts
// the count, the deadline ends the episode, End walks away, the relative time
// is (round + position / n) / rounds, every move is told to the others, and
// each kind of bad move is named in the detail.

#include "mechanisms_test_support.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace parley::worlds;
using namespace parley::worlds::testing;

namespace {

// Plays `party`'s move and returns the one Ask that follows (checking that
// there is exactly one, unless the episode ended).
struct Saop {
    std::unique_ptr<Mechanism> mechanism;
    std::size_t parties;
    std::vector<Directive> last;

    Saop(std::size_t party_count, std::uint32_t rounds)
        : mechanism(make_mechanism("saop", settings_for(grid_space(2, 3), party_count, rounds))),
          parties(party_count) {
        last = mechanism->start();
    }

    const Directive& ask() const {
        REQUIRE(asks_in(last).size() == 1);
        return last.back();
    }

    void move(PartyIndex party, const Move& move) { last = mechanism->on_move(party, move); }
    const EpisodeOutcome& outcome() const {
        REQUIRE(mechanism->finished());
        return mechanism->outcome();
    }
};

const Outcome kA{0, 1};
const Outcome kB{2, 2};
const Outcome kC{1, 0};

}  // namespace

TEST_CASE("saop with 2 parties: an offer and its acceptance") {
    Saop saop(2, 10);
    // Party 0 opens at round 0, time 0, with nothing on the table.
    CHECK(saop.ask().party == 0);
    CHECK(saop.ask().turn.ask == Ask::Respond);
    CHECK(saop.ask().turn.round == 0);
    CHECK(saop.ask().turn.time == 0.0);
    CHECK_FALSE(saop.ask().turn.standing.has_value());

    saop.move(0, offer(kA));
    // Party 1 is told of the offer, then asked at time (0 + 1/2) / 10 = 0.05.
    auto informs = informs_in(saop.last);
    REQUIRE(informs.size() == 1);
    CHECK(informs[0].party == 1);
    CHECK(informs[0].observation.party == 0);
    CHECK(informs[0].observation.move.type == MoveType::Offer);
    CHECK(informs[0].observation.move.outcome == kA);
    CHECK(informs[0].observation.time == 0.0);  // the time of the move, not of the next turn
    CHECK(saop.last.front().type == Directive::Type::Inform);  // told before the next party is asked
    CHECK(saop.ask().party == 1);
    CHECK(saop.ask().turn.standing == kA);
    CHECK(saop.ask().turn.standing_by == PartyIndex{0});
    CHECK(saop.ask().turn.time == doctest::Approx(0.05));

    saop.move(1, accept());
    CHECK(saop.mechanism->finished());
    CHECK(asks_in(saop.last).empty());
    informs = informs_in(saop.last);
    REQUIRE(informs.size() == 1);  // party 0 learns that its offer was accepted
    CHECK(informs[0].party == 0);
    CHECK(informs[0].observation.move.type == MoveType::Accept);
    CHECK(informs[0].observation.move.outcome == kA);  // an acceptance names what it accepts
    CHECK(saop.outcome().reason == EndReason::Agreement);
    CHECK(saop.outcome().agreement == kA);
    CHECK(saop.outcome().rounds == 1);
    CHECK(saop.outcome().discount_exponent == doctest::Approx(0.05));  // the time of the accepting turn
}

TEST_CASE("saop with 2 parties: counter-offers, and an acceptance in the next round") {
    Saop saop(2, 10);
    saop.move(0, offer(kA));
    saop.move(1, offer(kB));  // rejects A by offering B
    CHECK(saop.ask().party == 0);
    CHECK(saop.ask().turn.round == 1);
    CHECK(saop.ask().turn.time == doctest::Approx(0.1));  // (1 + 0/2) / 10
    CHECK(saop.ask().turn.standing == kB);
    CHECK(saop.ask().turn.standing_by == PartyIndex{1});
    saop.move(0, accept());
    CHECK(saop.outcome().reason == EndReason::Agreement);
    CHECK(saop.outcome().agreement == kB);
    CHECK(saop.outcome().rounds == 2);
    CHECK(saop.outcome().discount_exponent == doctest::Approx(0.1));
}

TEST_CASE("saop with 3 parties: agreement needs both others to accept in succession") {
    Saop saop(3, 10);
    saop.move(0, offer(kA));
    CHECK(informs_in(saop.last).size() == 2);  // parties 1 and 2
    saop.move(1, accept());
    CHECK_FALSE(saop.mechanism->finished());  // one acceptance is not enough
    CHECK(saop.ask().party == 2);
    CHECK(saop.ask().turn.standing == kA);
    CHECK(saop.ask().turn.standing_by == PartyIndex{0});
    CHECK(saop.ask().turn.time == doctest::Approx(2.0 / 30.0));  // (0 + 2/3) / 10
    saop.move(2, accept());
    CHECK(saop.outcome().reason == EndReason::Agreement);
    CHECK(saop.outcome().agreement == kA);
    CHECK(saop.outcome().rounds == 1);
}

TEST_CASE("saop with 3 parties: a counter-offer restarts the count of acceptances") {
    Saop saop(3, 10);
    saop.move(0, offer(kA));
    saop.move(1, accept());
    saop.move(2, offer(kB));  // A had one acceptance; now B stands with none
    CHECK(saop.ask().party == 0);
    CHECK(saop.ask().turn.standing == kB);
    CHECK(saop.ask().turn.standing_by == PartyIndex{2});
    saop.move(0, accept());
    CHECK_FALSE(saop.mechanism->finished());  // party 1 has not accepted B yet
    CHECK(saop.ask().party == 1);
    CHECK(saop.ask().turn.round == 1);
    saop.move(1, accept());
    CHECK(saop.outcome().reason == EndReason::Agreement);
    CHECK(saop.outcome().agreement == kB);
    CHECK(saop.outcome().rounds == 2);
    CHECK(saop.outcome().discount_exponent == doctest::Approx(4.0 / 30.0));  // turn 4 = (1 + 1/3) / 10
}

TEST_CASE("saop with 3 parties: acceptances must come in succession") {
    Saop saop(3, 10);
    saop.move(0, offer(kA));
    saop.move(1, offer(kB));
    saop.move(2, accept());   // B: 1 acceptance
    saop.move(0, offer(kC));  // C: 0
    saop.move(1, accept());   // C: 1
    CHECK_FALSE(saop.mechanism->finished());
    saop.move(2, accept());  // C: 2 = all others
    CHECK(saop.outcome().agreement == kC);
}

TEST_CASE("saop: the deadline ends the episode after rounds * parties turns") {
    Saop saop(2, 2);
    saop.move(0, offer(kA));
    saop.move(1, offer(kB));
    saop.move(0, offer(kC));
    CHECK(saop.ask().turn.round == 1);
    CHECK(saop.ask().turn.time == doctest::Approx(0.75));  // (1 + 1/2) / 2
    saop.move(1, offer(kA));  // the last offer of the last round: nobody can accept it
    CHECK(asks_in(saop.last).empty());
    CHECK(informs_in(saop.last).size() == 1);  // the last move is still told
    CHECK(saop.outcome().reason == EndReason::Deadline);
    CHECK_FALSE(saop.outcome().agreement.has_value());
    CHECK_FALSE(saop.outcome().offender.has_value());
    CHECK(saop.outcome().rounds == 2);
    CHECK(saop.outcome().detail.find("2 rounds") != std::string::npos);
}

TEST_CASE("saop: a deadline of one round with 2 parties leaves the counter-offer unanswered") {
    Saop saop(2, 1);
    saop.move(0, offer(kA));
    saop.move(1, offer(kB));
    CHECK(saop.outcome().reason == EndReason::Deadline);
}

TEST_CASE("saop: the runner's wall-clock deadline ends without agreement") {
    Saop saop(3, 10);
    saop.move(0, offer(kA));
    saop.move(1, accept());
    saop.mechanism->on_deadline();  // party 2 never got to accept
    CHECK(saop.outcome().reason == EndReason::Deadline);
    CHECK_FALSE(saop.outcome().agreement.has_value());
    CHECK(saop.outcome().rounds == 1);
    CHECK(saop.outcome().detail == "no agreement by the deadline, in 1 round");
}

TEST_CASE("saop: a party that ends walks away") {
    Saop saop(3, 10);
    saop.move(0, offer(kA));
    saop.move(1, end_negotiation());
    CHECK(saop.outcome().reason == EndReason::PartyEnded);
    CHECK(saop.outcome().offender == PartyIndex{1});
    CHECK_FALSE(saop.outcome().agreement.has_value());
    auto informs = informs_in(saop.last);
    REQUIRE(informs.size() == 2);
    CHECK(informs[0].observation.move.type == MoveType::End);
    CHECK(informs[0].observation.move.outcome.empty());

    Saop opening(2, 10);
    opening.move(0, end_negotiation());  // ending at once is allowed
    CHECK(opening.outcome().reason == EndReason::PartyEnded);
    CHECK(opening.outcome().offender == PartyIndex{0});
}

TEST_CASE("saop: every kind of bad move is a violation named in the detail") {
    SUBCASE("accepting with nothing on the table") {
        Saop saop(2, 10);
        saop.move(0, accept());
        CHECK(saop.outcome().reason == EndReason::Violation);
        CHECK(saop.outcome().offender == PartyIndex{0});
        CHECK(saop.outcome().detail.find("no offer is on the table") != std::string::npos);
        CHECK(saop.last.empty());  // nobody is told of an invalid move
    }
    SUBCASE("moving out of turn") {
        Saop saop(3, 10);
        saop.move(0, offer(kA));
        saop.move(2, accept());
        CHECK(saop.outcome().reason == EndReason::Violation);
        CHECK(saop.outcome().offender == PartyIndex{2});
        CHECK(saop.outcome().detail == "party 2 moved out of turn (it is party 1's turn)");
    }
    SUBCASE("rejecting, which is for votes") {
        Saop saop(2, 10);
        saop.move(0, offer(kA));
        saop.move(1, reject());
        CHECK(saop.outcome().reason == EndReason::Violation);
        CHECK(saop.outcome().offender == PartyIndex{1});
        CHECK(saop.outcome().detail.find("with reject") != std::string::npos);
    }
    SUBCASE("offering outside the space") {
        Saop saop(2, 10);
        saop.move(0, offer({0, 3}));
        CHECK(saop.outcome().reason == EndReason::Violation);
        CHECK(saop.outcome().offender == PartyIndex{0});
        CHECK(saop.outcome().detail ==
              "party 0 offered [0, 3], which is outside the outcome space: issue 'issue2' has no value 3 (it has 3)");
    }
    SUBCASE("offering too many values") {
        Saop saop(2, 10);
        saop.move(0, offer({0, 1, 2}));
        CHECK(saop.outcome().reason == EndReason::Violation);
        CHECK(saop.outcome().detail.find("3 values for 2 issues") != std::string::npos);
    }
    SUBCASE("accepting another outcome than the standing one") {
        Saop saop(2, 10);
        saop.move(0, offer(kA));
        saop.move(1, Move{MoveType::Accept, kB, std::nullopt});
        CHECK(saop.outcome().reason == EndReason::Violation);
        CHECK(saop.outcome().offender == PartyIndex{1});
        CHECK(saop.outcome().detail.find("on the table is [0, 1]") != std::string::npos);
    }
    SUBCASE("accepting while naming the standing outcome is fine") {
        Saop saop(2, 10);
        saop.move(0, offer(kA));
        saop.move(1, Move{MoveType::Accept, kA, std::nullopt});
        CHECK(saop.outcome().reason == EndReason::Agreement);
    }
}

TEST_CASE("saop: a reason given with a move is passed on to the others") {
    Saop saop(2, 10);
    Move reasoned = offer(kA);
    reasoned.reason = parley::protocol::Reason{"reciprocity", "you conceded last round"};
    saop.move(0, reasoned);
    auto informs = informs_in(saop.last);
    REQUIRE(informs.size() == 1);
    CHECK(informs[0].observation.move.reason == reasoned.reason);
}
