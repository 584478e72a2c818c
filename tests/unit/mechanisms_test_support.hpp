#pragma once
// Shared by the mechanism tests: shorthands for moves, spaces and settings;
// and run_episode(), which plays an episode through the runner's own
// negotiation session (runner::NegotiationSession: the directives become cfp
// and inform messages, answers are read back from the wire) with the broker
// and the agents replaced by a policy that answers each cfp. It records what
// every party was told and writes a transcript for determinism checks.

#include <parley/runner/negotiation_session.hpp>

#include <parley/content/negotiation_wire.hpp>
#include <parley/mechanisms/mechanism.hpp>

#include <doctest/doctest.h>

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace parley::worlds::testing {

inline Move offer(Outcome outcome) { return Move{MoveType::Offer, std::move(outcome), std::nullopt}; }
inline Move accept() { return Move{MoveType::Accept, {}, std::nullopt}; }
inline Move reject() { return Move{MoveType::Reject, {}, std::nullopt}; }
inline Move end_negotiation() { return Move{MoveType::End, {}, std::nullopt}; }

// Issues "issue1".. each with `values` values "v0"..
inline std::shared_ptr<const OutcomeSpace> grid_space(std::size_t issues, std::size_t values) {
    std::vector<Issue> list;
    for (std::size_t i = 0; i < issues; ++i) {
        std::vector<std::string> names;
        for (std::size_t v = 0; v < values; ++v) names.push_back("v" + std::to_string(v));
        list.push_back(Issue::discrete("issue" + std::to_string(i + 1), std::move(names)));
    }
    return std::make_shared<const OutcomeSpace>(std::move(list));
}

inline MechanismSettings settings_for(std::shared_ptr<const OutcomeSpace> space, std::size_t parties,
                                      std::uint32_t rounds, std::uint64_t seed = 0) {
    MechanismSettings settings;
    settings.space = std::move(space);
    settings.party_count = parties;
    settings.rounds = rounds;
    settings.seed = seed;
    return settings;
}

inline std::unique_ptr<Mechanism> make_mechanism(const std::string& name, const MechanismSettings& settings) {
    const MechanismInfo* info = MechanismRegistry::builtin().find(name);
    REQUIRE(info != nullptr);
    return info->make(settings);
}

inline std::vector<Directive> asks_in(const std::vector<Directive>& directives) {
    std::vector<Directive> asks;
    for (const auto& directive : directives) {
        if (directive.type == Directive::Type::Ask) asks.push_back(directive);
    }
    return asks;
}

inline std::vector<Directive> informs_in(const std::vector<Directive>& directives) {
    std::vector<Directive> informs;
    for (const auto& directive : directives) {
        if (directive.type == Directive::Type::Inform) informs.push_back(directive);
    }
    return informs;
}

inline std::string describe(const Outcome& outcome) {
    std::string text = "[";
    for (auto value : outcome) text += std::to_string(value) + ",";
    return text + "]";
}

inline std::string describe(const Move& move) {
    return std::to_string(static_cast<int>(move.type)) + describe(move.outcome);
}

inline std::string describe(const Directive& directive) {
    if (directive.type == Directive::Type::Inform) {
        const auto& seen = directive.observation;
        return "inform " + std::to_string(directive.party) + " of " + std::to_string(seen.party) + " " +
               describe(seen.move) + " r" + std::to_string(seen.round) + " t" + std::to_string(seen.time);
    }
    const auto& turn = directive.turn;
    return "ask " + std::to_string(directive.party) + " " + std::to_string(static_cast<int>(turn.ask)) + " r" +
           std::to_string(turn.round) + " t" + std::to_string(turn.time) + " " +
           (turn.standing ? describe(*turn.standing) : "-") + " by " +
           (turn.standing_by ? std::to_string(*turn.standing_by) : "-");
}

// What a policy does with an Ask: a move by the asked party (normally) or by
// another one, or a failure of some party.
struct Action {
    enum class Kind { Move, Fail } kind = Kind::Move;
    PartyIndex party = 0;
    Move move;
    Failure failure = Failure::Timeout;
};

struct DriverState {
    std::size_t moves_made = 0;
    std::set<PartyIndex> outstanding;  // parties asked and not yet answered
};

using Policy = std::function<Action(const Directive& ask, const DriverState& state)>;

struct MoveRecord {
    PartyIndex party = 0;
    Move move;
};

struct Transcript {
    std::vector<std::string> lines;                 // every directive, move and failure, in order
    std::vector<Directive> asks;                    // in the order they were answered
    std::vector<MoveRecord> moves;                  // every move passed to on_move
    std::vector<std::vector<Observation>> informs;  // by recipient
    bool ask_after_end = false;                     // a mechanism asked something once finished
};

// The session owns its mechanism; the test keeps it, to look at it afterwards.
class BorrowedMechanism final : public Mechanism {
public:
    explicit BorrowedMechanism(Mechanism& mechanism) : mechanism_(mechanism) {}
    std::vector<Directive> start() override { return mechanism_.start(); }
    std::vector<Directive> on_move(PartyIndex party, const Move& move) override { return mechanism_.on_move(party, move); }
    void on_failure(PartyIndex party, Failure failure) override { mechanism_.on_failure(party, failure); }
    void on_deadline() override { mechanism_.on_deadline(); }
    bool finished() const override { return mechanism_.finished(); }
    const EpisodeOutcome& outcome() const override { return mechanism_.outcome(); }

private:
    Mechanism& mechanism_;
};

// Plays an episode: the session's messages are delivered first in, first out
// (an inform the session folded into a cfp is delivered just before it);
// every cfp is answered through `policy`, its move sent as the agent would
// send it. Stops when nothing is left to do, or after `max_moves` moves (a
// mechanism that never ends fails the caller's checks).
inline Transcript run_episode(Mechanism& mechanism, std::size_t party_count, const Policy& policy,
                              std::size_t max_moves = 100'000) {
    runner::NegotiationSession session(std::make_unique<BorrowedMechanism>(mechanism),
                                       std::vector<Invitation>(party_count), {});
    Transcript transcript;
    transcript.informs.resize(party_count);
    DriverState state;
    std::deque<runner::Outgoing> pending;
    auto take = [&](std::vector<runner::Outgoing> messages) {
        for (auto& message : messages) {
            if (message.kind == protocol::Kind::Cfp) {
                if (session.finished()) transcript.ask_after_end = true;
                state.outstanding.insert(message.party);
            }
            pending.push_back(std::move(message));
        }
    };
    auto inform = [&](PartyIndex party, const Observation& observation) {
        Directive directive{Directive::Type::Inform, party, {}, observation};
        transcript.lines.push_back(describe(directive));
        transcript.informs.at(party).push_back(observation);
    };
    take(session.start());
    while (!pending.empty() && state.moves_made < max_moves) {
        runner::Outgoing message = std::move(pending.front());
        pending.pop_front();
        if (message.kind == protocol::Kind::Inform) {
            inform(message.party, observation_from_payload(message.content, message.reason));
            continue;
        }
        auto cfp = cfp_from_payload(message.content);
        for (const auto& seen : cfp.seen) inform(message.party, seen);
        Directive directive{Directive::Type::Ask, message.party, cfp.turn, {}};
        transcript.lines.push_back(describe(directive));
        if (session.finished()) continue;
        transcript.asks.push_back(directive);
        Action action = policy(directive, state);
        if (action.kind == Action::Kind::Fail) {
            transcript.lines.push_back("fail " + std::to_string(action.party));
            session.on_failure(action.party, action.failure);
            continue;
        }
        transcript.lines.push_back("move " + std::to_string(action.party) + " " + describe(action.move));
        transcript.moves.push_back(MoveRecord{action.party, action.move});
        state.outstanding.erase(action.party);
        ++state.moves_made;
        const auto answer = protocol::make_envelope(move_kind(action.move.type), "party-" + std::to_string(action.party),
                                                    protocol::ActBody{move_payload(action.move), action.move.reason});
        std::string problem;
        take(session.on_answer(action.party, answer, problem));
        REQUIRE_MESSAGE(problem.empty(), problem);
    }
    if (mechanism.finished()) {
        const auto& outcome = mechanism.outcome();
        transcript.lines.push_back("end " + std::to_string(static_cast<int>(outcome.reason)) + " " +
                                   (outcome.agreement ? describe(*outcome.agreement) : "-") + " " +
                                   (outcome.offender ? std::to_string(*outcome.offender) : "-") + " " +
                                   outcome.detail + " rounds " + std::to_string(outcome.rounds) + " exponent " +
                                   std::to_string(outcome.discount_exponent));
    }
    return transcript;
}

}  // namespace parley::worlds::testing
