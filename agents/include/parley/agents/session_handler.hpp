#pragma once
// What an agent does in one kind of session. An agent process runs a session
// router (session_router.hpp) that reads each invitation, hands the session to
// the handler of the kind it invites to, and routes every later message of
// that session to it. A handler keeps the state of its sessions, by session
// id, and only plays: joining, leaving, who may speak in a session and
// refusing bad input are the router's. Another kind of session (or another way
// to play one) is one more handler.

#include <parley/agents/client.hpp>

#include <nlohmann/json_fwd.hpp>

#include <cstddef>
#include <string>
#include <string_view>

namespace parley::agents {

// What an invitation invites to (protocol/SPEC.md: its content says which).
enum class SessionKind { negotiation, game };

// The kind of session an invitation's content (already read as JSON) invites to.
SessionKind invited_to(const nlohmann::ordered_json& content);
// "negotiations", "games": for the refusal of an invitation nobody here plays.
std::string_view plural_name(SessionKind kind);

class SessionHandler {
public:
    virtual ~SessionHandler() = default;

    virtual SessionKind kind() const = 0;
    // Starts playing `session` as its invitation's content says (a session
    // already there starts again); throws, saying why, to refuse it.
    virtual void join(const std::string& session, const nlohmann::ordered_json& content) = 0;
    // The runner asks for this party's move; the answer replies to `cfp`.
    // Throws, saying why, on bad content: the router refuses it.
    virtual void on_turn(AgentClient& client, const protocol::Envelope& cfp) = 0;
    // The runner tells what happened; throws on bad content, which is ignored.
    virtual void on_inform(const protocol::Envelope& inform) = 0;
    // The runner ends the session: what to answer before it is forgotten.
    // Throws on a bad request: the router refuses it.
    virtual void on_end(AgentClient& client, const protocol::Envelope& end) = 0;
    // The session is over (ended, or its runner gone): its state goes.
    virtual void forget(const std::string& session) = 0;
    virtual std::size_t active() const = 0;
};

}  // namespace parley::agents
