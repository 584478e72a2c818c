#pragma once
// The behaviour of an agent process that plays in sessions: it reads each
// invitation, hands the session to the handler of the kind of session it
// invites to (session_handler.hpp), or refuses it when none here plays that
// kind, and routes every later message of the session (cfp, inform, end,
// session events) to the handler that owns it. Only the runner that invited
// the agent speaks in a session: messages from anyone else are ignored.

#include <parley/agents/behaviour.hpp>
#include <parley/agents/session_handler.hpp>

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace parley::agents {

class SessionRouter : public Behaviour {
public:
    // `name` is what the agent plays (a framework or a strategy), for refusals.
    SessionRouter(std::string name, std::vector<std::unique_ptr<SessionHandler>> handlers);
    void attach(AgentClient& client) override;

    std::size_t active_sessions() const { return routes_.size(); }

private:
    struct Route {
        std::string runner;  // who invited: the only one whose messages count
        SessionHandler* handler = nullptr;
    };

    void on_invite(AgentClient& client, const protocol::Envelope& invite);
    void on_turn(AgentClient& client, const protocol::Envelope& cfp);
    void on_inform(const protocol::Envelope& inform);
    void on_end(AgentClient& client, const protocol::Envelope& end);
    void on_session_event(const protocol::Envelope& event);
    SessionHandler& handler_for(SessionKind kind);
    // The handler of the message's session, if its sender is that session's runner.
    SessionHandler* owner_of(const protocol::Envelope& message);
    // Gives `message` to its session's handler by `call`, refusing it with the
    // error when the handler throws. False when no handler here owns it.
    bool answer(AgentClient& client, const protocol::Envelope& message,
                const std::function<void(SessionHandler&)>& call);
    void close(const std::string& session);

    std::string name_;
    std::vector<std::unique_ptr<SessionHandler>> handlers_;
    std::map<std::string, Route> routes_;
};

// The agents that play in sessions, one behaviour each: one per registered
// value framework, which negotiates and plays its policy in games, and one per
// classic game strategy that is not also a framework, which plays only games;
// as the framework and game strategy registries hold them now.
std::vector<BehaviourInfo> session_agents();

}  // namespace parley::agents
