// The mediated single-text protocol: ballots in party order with votes told
// only when the ballot closes, the text changes only on unanimous acceptance,
// each proposal is the current text with one issue changed, the agreement is
// the last text all parties accepted, the runner's wall-clock deadline, and
// the mediator's draws depend on the seed alone.

#include "mechanisms_test_support.hpp"

#include <doctest/doctest.h>

#include <functional>
#include <set>

using namespace parley::worlds;
using namespace parley::worlds::testing;

namespace {

std::size_t issues_changed(const Outcome& a, const Outcome& b) {
    std::size_t changed = 0;
    for (std::size_t issue = 0; issue < a.size(); ++issue) changed += a[issue] != b[issue] ? 1 : 0;
    return changed;
}

// Plays a whole episode in which party p's vote in round r is vote(p, r),
// checking that the parties are asked one at a time, in order, about one text.
struct Ballots {
    std::vector<Outcome> proposals;  // by round
    std::vector<Directive> last;     // the directives that came with the last move
};

Ballots play(Mechanism& mechanism, std::size_t parties, const std::function<Move(PartyIndex, std::uint32_t)>& vote) {
    Ballots ballots;
    auto directives = mechanism.start();
    while (!mechanism.finished()) {
        auto asks = asks_in(directives);
        REQUIRE(asks.size() == 1);
        const auto ask = asks[0];
        CHECK(ask.turn.ask == Ask::Vote);
        CHECK_FALSE(ask.turn.standing_by.has_value());  // put there by the mediator
        REQUIRE(ask.turn.standing.has_value());
        if (ask.party == 0) {
            CHECK(ask.turn.round == ballots.proposals.size());
            ballots.proposals.push_back(*ask.turn.standing);
        } else {
            CHECK(ask.turn.standing == ballots.proposals.back());  // one text for the whole ballot
            CHECK(informs_in(directives).empty());                // votes stay secret until the ballot closes
        }
        CHECK(ask.party < parties);
        directives = mechanism.on_move(ask.party, vote(ask.party, ask.turn.round));
        ballots.last = directives;
    }
    return ballots;
}

}  // namespace

TEST_CASE("mediated: the text changes only on unanimous acceptance") {
    const std::size_t parties = 3;
    const std::uint32_t rounds = 40;
    auto space = grid_space(3, 4);
    auto mechanism = make_mechanism("mediated", settings_for(space, parties, rounds, 7));
    // Party 0 accepts in even rounds, party 1 in rounds not divisible by 3, party 2 always:
    // unanimous in rounds 2, 4, 8, 10, 14, ...
    auto vote = [](PartyIndex party, std::uint32_t round) {
        if (party == 0) return round % 2 == 0 ? accept() : reject();
        if (party == 1) return round % 3 != 0 ? accept() : reject();
        return accept();
    };
    auto ballots = play(*mechanism, parties, vote);
    REQUIRE(ballots.proposals.size() == rounds);

    Outcome current = ballots.proposals[0];  // round 0 puts the mediator's random text to the vote
    std::optional<Outcome> last_accepted;
    std::uint32_t last_accepted_round = 0;
    for (std::uint32_t round = 0; round < rounds; ++round) {
        CAPTURE(round);
        const Outcome& proposal = ballots.proposals[round];
        CHECK(space->contains(proposal));
        if (round > 0) CHECK(issues_changed(proposal, current) == 1);  // a mutation of the current text
        const bool unanimous = round % 2 == 0 && round % 3 != 0;
        if (unanimous) {
            current = proposal;
            last_accepted = proposal;
            last_accepted_round = round;
        }
    }
    REQUIRE(last_accepted.has_value());
    const auto& outcome = mechanism->outcome();
    CHECK(outcome.reason == EndReason::Agreement);
    CHECK(outcome.agreement == last_accepted);
    CHECK(last_accepted_round == 38);  // 38 is even and not divisible by 3; 39 is odd
    CHECK(outcome.discount_exponent == doctest::Approx(38.0 / 40.0));  // the time of the accepting ballot
    CHECK(outcome.rounds == rounds);
}

TEST_CASE("mediated: no agreement when the parties never all accept") {
    auto mechanism = make_mechanism("mediated", settings_for(grid_space(2, 3), 2, 5, 1));
    play(*mechanism, 2, [](PartyIndex party, std::uint32_t) { return party == 0 ? accept() : reject(); });
    const auto& outcome = mechanism->outcome();
    CHECK(outcome.reason == EndReason::Deadline);
    CHECK_FALSE(outcome.agreement.has_value());
    CHECK(outcome.rounds == 5);
}

TEST_CASE("mediated: a party that ends walks away from an accepted text") {
    auto mechanism = make_mechanism("mediated", settings_for(grid_space(2, 3), 2, 10, 1));
    auto ballots = play(*mechanism, 2, [](PartyIndex party, std::uint32_t round) {
        return round == 3 && party == 1 ? end_negotiation() : accept();
    });
    const auto& outcome = mechanism->outcome();
    CHECK(outcome.reason == EndReason::PartyEnded);
    CHECK(outcome.offender == PartyIndex{1});
    CHECK_FALSE(outcome.agreement.has_value());
    CHECK(outcome.rounds == 4);
    CHECK(informs_in(ballots.last).size() == 2);  // both votes of the last ballot are told
}

TEST_CASE("mediated: votes are told to the others once the ballot closes") {
    auto mechanism = make_mechanism("mediated", settings_for(grid_space(2, 3), 3, 10, 4));
    auto directives = mechanism->start();
    REQUIRE(directives.size() == 1);
    CHECK(directives[0].party == 0);
    CHECK(directives[0].turn.time == 0.0);
    const Outcome proposal = *directives[0].turn.standing;
    directives = mechanism->on_move(0, accept());
    REQUIRE(directives.size() == 1);  // only the next voter's ask
    CHECK(directives[0].party == 1);
    directives = mechanism->on_move(1, reject());
    REQUIRE(directives.size() == 1);
    CHECK(directives[0].party == 2);
    directives = mechanism->on_move(2, accept());
    auto informs = informs_in(directives);
    REQUIRE(informs.size() == 6);  // each of 3 votes to the 2 others
    for (const auto& inform : informs) {
        CHECK(inform.party != inform.observation.party);
        CHECK(inform.observation.move.outcome == proposal);  // a vote names the text it is about
        CHECK(inform.observation.round == 0);
    }
    CHECK(informs[0].observation.party == 0);
    CHECK(informs[2].observation.move.type == MoveType::Reject);
    auto next = asks_in(directives);
    REQUIRE(next.size() == 1);
    CHECK(next[0].party == 0);
    CHECK(next[0].turn.round == 1);
    CHECK(next[0].turn.time == doctest::Approx(0.1));  // round / rounds
    // Rejected, so the current text is still the first one: the next proposal changes one of its issues.
    CHECK(issues_changed(*next[0].turn.standing, proposal) == 1);
}

TEST_CASE("mediated: bad votes") {
    auto fresh = [] { return make_mechanism("mediated", settings_for(grid_space(2, 3), 3, 10, 2)); };
    SUBCASE("an offer is not a vote") {
        auto mechanism = fresh();
        mechanism->start();
        mechanism->on_move(0, accept());
        CHECK(mechanism->on_move(1, offer({0, 0})).empty());  // nobody hears of the ballot
        CHECK(mechanism->outcome().reason == EndReason::Violation);
        CHECK(mechanism->outcome().offender == PartyIndex{1});
        CHECK(mechanism->outcome().detail.find("a vote with offer") != std::string::npos);
    }
    SUBCASE("a vote about another text") {
        auto mechanism = fresh();
        mechanism->start();
        mechanism->on_move(0, Move{MoveType::Accept, {9, 9}, std::nullopt});
        CHECK(mechanism->outcome().reason == EndReason::Violation);
        CHECK(mechanism->outcome().offender == PartyIndex{0});
    }
    SUBCASE("voting out of order, or twice, is out of turn") {
        auto mechanism = fresh();
        mechanism->start();
        mechanism->on_move(2, accept());
        CHECK(mechanism->outcome().reason == EndReason::Violation);
        CHECK(mechanism->outcome().offender == PartyIndex{2});
        CHECK(mechanism->outcome().detail == "party 2 moved out of turn (it is party 0's vote)");

        auto twice = fresh();
        twice->start();
        twice->on_move(0, accept());
        twice->on_move(0, accept());
        CHECK(twice->outcome().reason == EndReason::Violation);
        CHECK(twice->outcome().offender == PartyIndex{0});
    }
}

TEST_CASE("mediated: the runner's wall-clock deadline keeps the last accepted text") {
    auto mechanism = make_mechanism("mediated", settings_for(grid_space(2, 3), 2, 100, 5));
    auto directives = mechanism->start();
    const Outcome first = *directives[0].turn.standing;
    mechanism->on_move(0, accept());
    mechanism->on_move(1, accept());  // round 0: accepted by both
    mechanism->on_move(0, reject());  // round 1 under way
    mechanism->on_deadline();
    REQUIRE(mechanism->finished());
    CHECK(mechanism->outcome().reason == EndReason::Agreement);
    CHECK(mechanism->outcome().agreement == first);
    CHECK(mechanism->outcome().rounds == 2);
    CHECK(mechanism->outcome().discount_exponent == 0.0);  // accepted in round 0

    auto never = make_mechanism("mediated", settings_for(grid_space(2, 3), 2, 100, 5));
    never->start();
    never->on_deadline();
    CHECK(never->outcome().reason == EndReason::Deadline);
    CHECK_FALSE(never->outcome().agreement.has_value());
}

TEST_CASE("mediated: the mediator's texts depend on the seed") {
    auto proposals_for = [](std::uint64_t seed) {
        auto mechanism = make_mechanism("mediated", settings_for(grid_space(4, 5), 2, 15, seed));
        return play(*mechanism, 2, [](PartyIndex, std::uint32_t round) { return round % 2 ? accept() : reject(); })
            .proposals;
    };
    CHECK(proposals_for(3) == proposals_for(3));
    std::set<std::vector<Outcome>> distinct;
    for (std::uint64_t seed = 0; seed < 5; ++seed) distinct.insert(proposals_for(seed));
    CHECK(distinct.size() == 5);
}

TEST_CASE("mediated: a space of one outcome") {
    auto single = std::make_shared<const OutcomeSpace>(std::vector<Issue>{Issue::discrete("only", {"one"})});
    auto mechanism = make_mechanism("mediated", settings_for(single, 2, 3, 0));
    auto ballots = play(*mechanism, 2, [](PartyIndex, std::uint32_t) { return accept(); });
    for (const auto& proposal : ballots.proposals) CHECK(proposal == Outcome{0});
    CHECK(mechanism->outcome().agreement == Outcome{0});
}
