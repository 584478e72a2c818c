#pragma once
// What one session plays, as SessionDriver sees it: a negotiation mechanism
// (negotiation_session.hpp) or a repeated game (game_session.hpp). The rules
// side turns answers into the messages to send next; the driver carries them
// over the broker and enforces the transport (who may answer, reply
// deadlines, lost agents).

#include <parley/protocol/message.hpp>
#include <parley/mechanisms/mechanism.hpp>

#include <nlohmann/json.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace parley::runner {

// A message for one party: a cfp (the party must answer before its reply
// deadline) or an inform.
struct Outgoing {
    std::size_t party = 0;
    protocol::Kind kind = protocol::Kind::Inform;
    protocol::Payload content;
    std::optional<protocol::Reason> reason;
};

class SessionGame {
public:
    virtual ~SessionGame() = default;

    virtual std::size_t parties() const = 0;
    // The private content of `party`'s session_invite.
    virtual nlohmann::ordered_json invitation(std::size_t party) const = 0;
    // Play begins: every party has joined.
    virtual std::vector<Outgoing> start() = 0;
    // Whether a message of this kind from a party is an answer to the rules.
    virtual bool is_answer(protocol::Kind kind) const = 0;
    // An answer of `party`. Malformed content is a breach of the rules like
    // any other: the rules end the game naming the party, and `problem` says
    // what was wrong with the content.
    virtual std::vector<Outgoing> on_answer(std::size_t party, const protocol::Envelope& message,
                                            std::string& problem) = 0;
    // An answer that does not refer to the party's pending cfp (none pending,
    // or an older one). By default an answer like any other: a negotiation
    // mechanism judges turns itself.
    virtual std::vector<Outgoing> on_out_of_turn(std::size_t party, const protocol::Envelope& message,
                                                 std::string& problem) {
        return on_answer(party, message, problem);
    }
    // The party timed out or was lost: the rules end the game naming it.
    virtual void on_failure(std::size_t party, worlds::Failure failure) = 0;
    // The wall-clock deadline of the whole session passed.
    virtual void on_time_up() = 0;
    virtual bool finished() const = 0;
    // The content of the `end` every party still present is told.
    virtual nlohmann::ordered_json end_content() const = 0;
    // Whether the end asks each party a question it answers with an inform
    // (the negotiation's opponent-model estimates).
    virtual bool asks_at_end() const { return false; }
    virtual void on_end_answer(std::size_t party, const nlohmann::ordered_json& content) {
        (void)party;
        (void)content;
    }
};

}  // namespace parley::runner
