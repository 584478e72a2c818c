// The conformance test every registered mechanism passes (as OpenSpiel's
// shared game tests): parties that play random but valid moves reach an end
// within the deadline; a move out of turn, outside the space or of the wrong
// type ends the episode with a violation naming the offender; failures end it
// naming the party; every valid move is told to every other party; the same
// seeds give the same episode; bad settings are refused.

#include "mechanisms_test_support.hpp"

#include <parley/mechanisms/mechanism.hpp>

#include <doctest/doctest.h>

#include <cmath>
#include <random>
#include <set>
#include <string>
#include <vector>

using namespace parley::worlds;
using namespace parley::worlds::testing;

namespace {

constexpr std::uint32_t kRounds = 12;

Outcome random_outcome(const OutcomeSpace& space, std::mt19937_64& engine) {
    Outcome outcome(space.issue_count());
    for (std::size_t issue = 0; issue < outcome.size(); ++issue) outcome[issue] = engine() % space.issue(issue).size();
    return outcome;
}

// Random but valid: offers, accepts now and then, rarely ends; votes either way.
Move random_valid_move(const OutcomeSpace& space, const Turn& turn, std::mt19937_64& engine) {
    const auto dice = engine() % 100;
    if (turn.ask == Ask::Vote) {
        if (dice < 1) return end_negotiation();
        return dice < 60 ? accept() : reject();
    }
    if (!turn.standing) return offer(random_outcome(space, engine));
    if (dice < 1) return end_negotiation();
    if (dice < 30) return accept();
    return offer(random_outcome(space, engine));
}

Policy random_valid_policy(std::shared_ptr<const OutcomeSpace> space, std::uint64_t seed) {
    auto engine = std::make_shared<std::mt19937_64>(seed);
    return [space, engine](const Directive& ask, const DriverState&) {
        return Action{Action::Kind::Move, ask.party, random_valid_move(*space, ask.turn, *engine), Failure::Timeout};
    };
}

// Random valid moves until move `at`, then `bad` (built from the ask and the
// state) once; `bad` returns nullopt to wait for a later ask. The bad action
// taken, if any, is kept in `taken`.
using BadAction = std::function<std::optional<Action>(const Directive& ask, const DriverState& state)>;

Policy misbehaving_policy(std::shared_ptr<const OutcomeSpace> space, std::uint64_t seed, std::size_t at,
                          BadAction bad, std::shared_ptr<std::optional<Action>> taken) {
    auto valid = random_valid_policy(space, seed);
    return [=](const Directive& ask, const DriverState& state) {
        if (!*taken && state.moves_made >= at) {
            if (auto action = bad(ask, state)) {
                *taken = action;
                return *action;
            }
        }
        return valid(ask, state);
    };
}

struct Case {
    const MechanismInfo* info;
    std::size_t parties;
};

std::vector<Case> all_cases() {
    std::vector<Case> cases;
    for (const MechanismInfo* info : MechanismRegistry::builtin().list()) {
        for (std::size_t parties = info->min_parties; parties <= std::min<std::size_t>(info->max_parties, 4);
             ++parties) {
            cases.push_back({info, parties});
        }
    }
    return cases;
}

std::string case_name(const Case& c) { return c.info->name + " with " + std::to_string(c.parties) + " parties"; }

// Every valid move is told to every other party, in order, and to nobody else.
void check_informs(const Transcript& transcript, std::size_t parties) {
    for (PartyIndex recipient = 0; recipient < parties; ++recipient) {
        std::vector<std::pair<PartyIndex, MoveType>> expected;
        for (const auto& record : transcript.moves) {
            if (record.party != recipient) expected.emplace_back(record.party, record.move.type);
        }
        std::vector<std::pair<PartyIndex, MoveType>> told;
        for (const auto& observation : transcript.informs[recipient]) told.emplace_back(observation.party, observation.move.type);
        CHECK(told == expected);
    }
}

void check_turns(const Transcript& transcript, std::uint32_t rounds, std::size_t parties) {
    double previous_time = 0.0;
    for (const auto& ask : transcript.asks) {
        CHECK(ask.party < parties);
        CHECK(ask.turn.round < rounds);
        CHECK(ask.turn.time >= 0.0);
        CHECK(ask.turn.time < 1.0);
        CHECK(ask.turn.time >= previous_time);  // time never goes back
        previous_time = ask.turn.time;
        if (ask.turn.ask == Ask::Respond && ask.turn.standing) CHECK(ask.turn.standing_by.has_value());
    }
}

}  // namespace

TEST_CASE("the registry holds the built-in mechanisms") {
    const auto& registry = MechanismRegistry::builtin();
    for (const char* name : {"saop", "rubinstein", "mediated"}) {
        const MechanismInfo* info = registry.find(name);
        REQUIRE(info != nullptr);
        CHECK(info->name == name);
        CHECK_FALSE(info->description.empty());
        CHECK(info->min_parties >= 2);
        CHECK(info->min_parties <= info->max_parties);
    }
    CHECK(registry.find("no-such-mechanism") == nullptr);
    CHECK(registry.list().size() == 3);
    CHECK(registry.find("rubinstein")->max_parties == 2);

    MechanismRegistry own;
    own.add(*registry.find("saop"));
    CHECK_THROWS_AS(own.add(*registry.find("saop")), std::invalid_argument);  // a name is registered once
    MechanismInfo nameless = *registry.find("saop");
    nameless.name.clear();
    CHECK_THROWS_AS(own.add(nameless), std::invalid_argument);
}

TEST_CASE("every end reason has its own name") {
    std::set<std::string_view> names;
    for (auto reason : {EndReason::Agreement, EndReason::Deadline, EndReason::PartyEnded, EndReason::Violation,
                        EndReason::Timeout, EndReason::AgentLost}) {
        names.insert(end_reason_name(reason));
    }
    CHECK(names.size() == 6);
    CHECK(end_reason_name(EndReason::PartyEnded) == "party_ended");
    CHECK(end_reason_name(EndReason::AgentLost) == "agent_lost");
}

TEST_CASE("conformance: random valid parties reach an end within the deadline") {
    auto space = grid_space(2, 4);
    for (const auto& c : all_cases()) {
        std::set<EndReason> reasons_seen;
        for (std::uint64_t seed = 0; seed < 30; ++seed) {
            CAPTURE(case_name(c));
            CAPTURE(seed);
            auto mechanism = c.info->make(settings_for(space, c.parties, kRounds, seed));
            CHECK_FALSE(mechanism->finished());
            auto transcript = run_episode(*mechanism, c.parties, random_valid_policy(space, seed * 7 + 1));
            REQUIRE(mechanism->finished());
            CHECK_FALSE(transcript.ask_after_end);
            CHECK(transcript.moves.size() <= std::size_t{kRounds} * c.parties);
            const auto& outcome = mechanism->outcome();
            CHECK((outcome.reason == EndReason::Agreement || outcome.reason == EndReason::Deadline ||
                   outcome.reason == EndReason::PartyEnded));
            CHECK(outcome.rounds >= 1);
            CHECK(outcome.rounds <= kRounds);
            CHECK(std::isfinite(outcome.discount_exponent));
            CHECK(outcome.discount_exponent >= 0.0);
            if (outcome.reason == EndReason::Agreement) {
                REQUIRE(outcome.agreement.has_value());
                CHECK(space->contains(*outcome.agreement));
                CHECK_FALSE(outcome.offender.has_value());
            } else {
                CHECK_FALSE(outcome.agreement.has_value());
            }
            if (outcome.reason == EndReason::PartyEnded) {
                REQUIRE(outcome.offender.has_value());
                bool ended = false;
                for (const auto& record : transcript.moves) {
                    ended = ended || (record.party == *outcome.offender && record.move.type == MoveType::End);
                }
                CHECK(ended);
            }
            if (outcome.reason == EndReason::Deadline) CHECK(outcome.rounds == kRounds);
            check_informs(transcript, c.parties);
            check_turns(transcript, kRounds, c.parties);
            reasons_seen.insert(outcome.reason);
        }
        CAPTURE(case_name(c));
        CHECK(reasons_seen.count(EndReason::Agreement) == 1);  // the random parties do agree sometimes
    }
}

TEST_CASE("conformance: the same seeds give the same episode") {
    auto space = grid_space(3, 3);
    for (const auto& c : all_cases()) {
        for (std::uint64_t seed = 0; seed < 5; ++seed) {
            CAPTURE(case_name(c));
            auto first = c.info->make(settings_for(space, c.parties, kRounds, seed));
            auto second = c.info->make(settings_for(space, c.parties, kRounds, seed));
            auto one = run_episode(*first, c.parties, random_valid_policy(space, seed));
            auto two = run_episode(*second, c.parties, random_valid_policy(space, seed));
            CHECK(one.lines == two.lines);
        }
    }
}

TEST_CASE("conformance: misbehaviour ends the episode with a violation naming the offender") {
    auto space = grid_space(2, 4);
    for (const auto& c : all_cases()) {
        // Each kind of misbehaviour, given the ask it replaces; nullopt: not possible at this ask.
        const std::vector<std::pair<std::string, BadAction>> misbehaviours{
            {"out of turn",
             [parties = c.parties](const Directive&, const DriverState& state) -> std::optional<Action> {
                 // A party that has no question to answer.
                 for (PartyIndex party = 0; party < parties; ++party) {
                     if (!state.outstanding.count(party)) return Action{Action::Kind::Move, party, end_negotiation()};
                 }
                 return std::nullopt;
             }},
            {"outside the space",
             [space](const Directive& ask, const DriverState&) -> std::optional<Action> {
                 return Action{Action::Kind::Move, ask.party, offer({0, space->issue(1).size()})};
             }},
            {"too few values",
             [](const Directive& ask, const DriverState&) -> std::optional<Action> {
                 return Action{Action::Kind::Move, ask.party, offer({0})};
             }},
            {"wrong type",
             [](const Directive& ask, const DriverState&) -> std::optional<Action> {
                 Move wrong = ask.turn.ask == Ask::Respond ? reject() : offer({0, 0});
                 return Action{Action::Kind::Move, ask.party, wrong};
             }},
            {"answer naming another outcome",
             [](const Directive& ask, const DriverState&) -> std::optional<Action> {
                 if (!ask.turn.standing) return std::nullopt;
                 Outcome other = *ask.turn.standing;
                 other[0] = other[0] == 0 ? 1 : 0;
                 return Action{Action::Kind::Move, ask.party, Move{MoveType::Accept, other, std::nullopt}};
             }},
        };
        for (const auto& [what, bad] : misbehaviours) {
            std::size_t tried = 0;
            for (std::size_t at : {std::size_t{0}, std::size_t{1}, std::size_t{5}}) {
                CAPTURE(case_name(c));
                CAPTURE(what);
                CAPTURE(at);
                auto mechanism = c.info->make(settings_for(space, c.parties, kRounds, at));
                auto taken = std::make_shared<std::optional<Action>>();
                auto transcript =
                    run_episode(*mechanism, c.parties, misbehaving_policy(space, 3, at, bad, taken));
                REQUIRE(mechanism->finished());
                if (!*taken) continue;  // valid moves ended the episode before `at`
                ++tried;
                const auto& outcome = mechanism->outcome();
                CHECK(outcome.reason == EndReason::Violation);
                CHECK(outcome.offender == (*taken)->party);
                CHECK_FALSE(outcome.agreement.has_value());
                CHECK(outcome.detail.find("party " + std::to_string((*taken)->party)) != std::string::npos);
                // The others are told of valid moves only: what each party was
                // told is a prefix of the other parties' moves before the bad one.
                std::vector<MoveRecord> before_bad;
                for (const auto& record : transcript.moves) {
                    if (record.party == (*taken)->party && record.move.type == (*taken)->move.type &&
                        record.move.outcome == (*taken)->move.outcome) {
                        break;
                    }
                    before_bad.push_back(record);
                }
                for (PartyIndex recipient = 0; recipient < c.parties; ++recipient) {
                    std::vector<std::pair<PartyIndex, MoveType>> possible;
                    for (const auto& record : before_bad) {
                        if (record.party != recipient) possible.emplace_back(record.party, record.move.type);
                    }
                    const auto& told = transcript.informs[recipient];
                    REQUIRE(told.size() <= possible.size());
                    for (std::size_t k = 0; k < told.size(); ++k) {
                        CHECK(told[k].party == possible[k].first);
                        CHECK(told[k].move.type == possible[k].second);
                    }
                }
            }
            CAPTURE(case_name(c));
            CAPTURE(what);
            CHECK(tried > 0);
        }
    }
}

TEST_CASE("conformance: failures end the episode naming the party") {
    auto space = grid_space(2, 3);
    for (const auto& c : all_cases()) {
        for (auto failure : {Failure::Timeout, Failure::AgentLost}) {
            for (std::size_t at : {std::size_t{0}, std::size_t{3}}) {
                CAPTURE(case_name(c));
                CAPTURE(at);
                auto mechanism = c.info->make(settings_for(space, c.parties, kRounds, 1));
                auto taken = std::make_shared<std::optional<Action>>();
                auto fail = [failure](const Directive& ask, const DriverState&) {
                    return std::optional<Action>(Action{Action::Kind::Fail, ask.party, {}, failure});
                };
                run_episode(*mechanism, c.parties, misbehaving_policy(space, 11, at, fail, taken));
                REQUIRE(mechanism->finished());
                if (!*taken) continue;  // valid moves ended the episode before `at`
                const auto& outcome = mechanism->outcome();
                CHECK(outcome.reason == (failure == Failure::Timeout ? EndReason::Timeout : EndReason::AgentLost));
                CHECK(outcome.offender == (*taken)->party);
                CHECK_FALSE(outcome.agreement.has_value());
                CHECK_FALSE(outcome.detail.empty());
            }
        }
        // A party that is not being asked can be lost too.
        auto mechanism = c.info->make(settings_for(space, c.parties, kRounds, 1));
        mechanism->start();
        mechanism->on_failure(c.parties - 1, Failure::AgentLost);
        REQUIRE(mechanism->finished());
        CHECK(mechanism->outcome().reason == EndReason::AgentLost);
        CHECK(mechanism->outcome().offender == c.parties - 1);
    }
}

TEST_CASE("conformance: nothing changes an episode once it has ended") {
    auto space = grid_space(2, 3);
    for (const auto& c : all_cases()) {
        CAPTURE(case_name(c));
        auto mechanism = c.info->make(settings_for(space, c.parties, kRounds, 2));
        auto asks = asks_in(mechanism->start());
        REQUIRE_FALSE(asks.empty());
        // The first party asked ends; any others asked with it (a ballot) accept.
        for (std::size_t k = 0; k < asks.size(); ++k) mechanism->on_move(asks[k].party, k == 0 ? end_negotiation() : accept());
        REQUIRE(mechanism->finished());
        const EpisodeOutcome before = mechanism->outcome();
        CHECK(before.reason == EndReason::PartyEnded);
        CHECK(mechanism->on_move(asks[0].party, offer({0, 0})).empty());
        mechanism->on_failure(0, Failure::Timeout);
        CHECK(mechanism->outcome().reason == before.reason);
        CHECK(mechanism->outcome().offender == before.offender);
        CHECK(mechanism->outcome().detail == before.detail);
    }
}

TEST_CASE("conformance: the outcome is known only at the end, and party indices are checked") {
    auto space = grid_space(2, 3);
    for (const auto& c : all_cases()) {
        CAPTURE(case_name(c));
        auto mechanism = c.info->make(settings_for(space, c.parties, kRounds));
        CHECK_THROWS_AS(mechanism->outcome(), std::logic_error);
        mechanism->start();
        CHECK_THROWS_AS(mechanism->on_move(c.parties, end_negotiation()), std::out_of_range);
        CHECK_THROWS_AS(mechanism->on_failure(c.parties, Failure::Timeout), std::out_of_range);
        CHECK_FALSE(mechanism->finished());
    }
}

TEST_CASE("conformance: a move before the start is out of turn") {
    auto space = grid_space(2, 3);
    for (const auto& c : all_cases()) {
        CAPTURE(case_name(c));
        auto mechanism = c.info->make(settings_for(space, c.parties, kRounds));
        mechanism->on_move(0, offer({0, 0}));
        REQUIRE(mechanism->finished());
        CHECK(mechanism->outcome().reason == EndReason::Violation);
        CHECK(mechanism->outcome().offender == PartyIndex{0});
    }
}

TEST_CASE("conformance: bad settings are refused") {
    auto space = grid_space(2, 3);
    for (const MechanismInfo* info : MechanismRegistry::builtin().list()) {
        CAPTURE(info->name);
        CHECK_THROWS_AS(info->make(settings_for(space, info->min_parties - 1, kRounds)), std::invalid_argument);
        CHECK_THROWS_AS(info->make(settings_for(space, info->max_parties + 1, kRounds)), std::invalid_argument);
        CHECK_THROWS_AS(info->make(settings_for(space, info->min_parties, 0)), std::invalid_argument);
        CHECK_THROWS_AS(info->make(settings_for(nullptr, info->min_parties, kRounds)), std::invalid_argument);
        auto with_parameter = settings_for(space, info->min_parties, kRounds);
        with_parameter.parameters["colour"] = "blue";
        CHECK_THROWS_WITH_AS(info->make(with_parameter), doctest::Contains("colour"), std::invalid_argument);
        CHECK(info->make(settings_for(space, info->min_parties, 1)) != nullptr);
    }
}

TEST_CASE("conformance: the runner's wall-clock deadline ends the episode") {
    auto space = grid_space(2, 3);
    for (const auto& c : all_cases()) {
        for (std::size_t at : {std::size_t{0}, std::size_t{2}, std::size_t{7}}) {
            CAPTURE(case_name(c));
            CAPTURE(at);
            auto mechanism = c.info->make(settings_for(space, c.parties, kRounds, 3));
            // Valid moves, then the wall clock runs out instead of move `at`.
            bool called = false;
            auto transcript = run_episode(*mechanism, c.parties, [&, valid = random_valid_policy(space, 5)](
                                                                     const Directive& ask, const DriverState& state) {
                if (state.moves_made == at && !called) {
                    called = true;
                    mechanism->on_deadline();
                    return Action{Action::Kind::Fail, ask.party, {}, Failure::Timeout};  // ignored: already ended
                }
                return valid(ask, state);
            });
            REQUIRE(mechanism->finished());
            if (!called) continue;  // the moves before `at` ended it
            const auto& outcome = mechanism->outcome();
            CHECK((outcome.reason == EndReason::Deadline || outcome.reason == EndReason::Agreement));
            CHECK_FALSE(outcome.offender.has_value());
            CHECK(outcome.agreement.has_value() == (outcome.reason == EndReason::Agreement));
            const std::size_t moves = transcript.moves.size();
            mechanism->on_deadline();  // a second time changes nothing
            CHECK(mechanism->outcome().reason == outcome.reason);
            CHECK(transcript.moves.size() == moves);
        }
    }
}

TEST_CASE("conformance: a party lost before the start leaves nothing to ask") {
    auto space = grid_space(2, 3);
    for (const auto& c : all_cases()) {
        CAPTURE(case_name(c));
        auto mechanism = c.info->make(settings_for(space, c.parties, kRounds));
        mechanism->on_failure(1, Failure::AgentLost);
        CHECK(mechanism->start().empty());
        CHECK(mechanism->outcome().reason == EndReason::AgentLost);
        CHECK(mechanism->outcome().offender == PartyIndex{1});
    }
}
