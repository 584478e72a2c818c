#pragma once
// The negotiator behaviour: an agent process that plays one value framework in
// as many episodes (sessions) at once as the runner invites it into. Each
// session gets its own framework instance, built from the agent's default
// parameters overridden by those of the invitation; messages of one session
// never touch another's state. The same process plays its framework's policy
// in repeated games (game_player.hpp): the invitation's content says which.
// Built without a framework, it plays only games, with a classic strategy.

#include <parley/agents/behaviour.hpp>
#include <parley/agents/framework.hpp>
#include <parley/agents/game_player.hpp>

#include <map>
#include <memory>
#include <string>

namespace parley::agents {

class NegotiatorBehaviour : public Behaviour {
public:
    // `framework` may be null: an agent that only plays games as `name`.
    NegotiatorBehaviour(const FrameworkInfo* framework, std::string name, Parameters defaults);
    void attach(AgentClient& client) override;

    std::size_t active_sessions() const { return sessions_.size() + games_.active(); }

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

    const FrameworkInfo* framework_;
    std::string name_;
    Parameters defaults_;
    std::map<std::string, Session> sessions_;
    GameSessions games_;
};

// One behaviour per registered value framework, named after it.
void add_negotiator_behaviours(BehaviourRegistry& registry);

}  // namespace parley::agents
