#pragma once
// The negotiation handler: plays one value framework in as many negotiation
// sessions at once as the runner invites its agent into. Each session gets its
// own framework instance, built from the agent's default parameters overridden
// by those of the invitation; messages of one session never touch another's
// state. The session router (session_router.hpp) gives it its sessions.

#include <parley/agents/behaviour.hpp>
#include <parley/agents/framework.hpp>
#include <parley/agents/session_handler.hpp>

#include <map>
#include <memory>
#include <string>

namespace parley::agents {

class Negotiator final : public SessionHandler {
public:
    Negotiator(const FrameworkInfo& framework, Parameters defaults);

    SessionKind kind() const override { return SessionKind::negotiation; }
    void join(const std::string& session, const nlohmann::ordered_json& content) override;
    void on_turn(AgentClient& client, const protocol::Envelope& cfp) override;
    void on_inform(const protocol::Envelope& inform) override;
    // The runner's `end` may ask for this party's model of the others.
    void on_end(AgentClient& client, const protocol::Envelope& end) override;
    void forget(const std::string& session) override { sessions_.erase(session); }
    std::size_t active() const override { return sessions_.size(); }

private:
    ValueFramework& framework_of(const protocol::Envelope& message);

    const FrameworkInfo& framework_;
    Parameters defaults_;
    std::map<std::string, std::unique_ptr<ValueFramework>> sessions_;
};

}  // namespace parley::agents
