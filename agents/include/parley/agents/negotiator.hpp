#pragma once
// The negotiator behaviour: an agent process that plays one value framework in
// as many episodes (sessions) at once as the runner invites it into. Each
// session gets its own framework instance, built from the agent's default
// parameters overridden by those of the invitation; messages of one session
// never touch another's state.

#include <parley/agents/behaviour.hpp>
#include <parley/agents/framework.hpp>

#include <map>
#include <memory>
#include <string>

namespace parley::agents {

class NegotiatorBehaviour : public Behaviour {
public:
    NegotiatorBehaviour(const FrameworkInfo& framework, Parameters defaults);
    void attach(AgentClient& client) override;

    std::size_t active_sessions() const { return sessions_.size(); }

private:
    struct Session {
        std::string runner;  // who invited: the only one whose turns it answers
        std::unique_ptr<ValueFramework> framework;
    };

    void on_invite(AgentClient& client, const protocol::Envelope& invite);
    void on_turn(AgentClient& client, const protocol::Envelope& cfp);
    void on_observation(const protocol::Envelope& inform);
    // The runner's `end` may ask for this party's model of the others.
    void answer_estimate_request(AgentClient& client, const protocol::Envelope& end, Session& session);
    Session* session_of(const protocol::Envelope& message);

    const FrameworkInfo& framework_;
    Parameters defaults_;
    std::map<std::string, Session> sessions_;
};

// One behaviour per registered value framework, named after it.
void add_negotiator_behaviours(BehaviourRegistry& registry);

}  // namespace parley::agents
