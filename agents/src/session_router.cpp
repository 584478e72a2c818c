#include <parley/agents/session_router.hpp>

#include <parley/agents/framework.hpp>
#include <parley/agents/game_player.hpp>
#include <parley/agents/game_strategy.hpp>
#include <parley/agents/negotiator.hpp>
#include <parley/content/negotiation_wire.hpp>
#include <parley/protocol/json.hpp>

#include <spdlog/spdlog.h>

#include "session_messages.hpp"

#include <set>

namespace parley::agents {

using protocol::Envelope;
using protocol::Kind;

using session_messages::refuse;

SessionRouter::SessionRouter(std::string name, std::vector<std::unique_ptr<SessionHandler>> handlers)
    : name_(std::move(name)), handlers_(std::move(handlers)) {}

void SessionRouter::attach(AgentClient& client) {
    client.on(Kind::SessionInvite, [this](AgentClient& self, const Envelope& invite) { on_invite(self, invite); });
    client.on(Kind::Cfp, [this](AgentClient& self, const Envelope& cfp) { on_turn(self, cfp); });
    client.on(Kind::Inform, [this](AgentClient&, const Envelope& inform) { on_inform(inform); });
    client.on(Kind::End, [this](AgentClient& self, const Envelope& end) { on_end(self, end); });
    client.on(Kind::SessionEvent, [this](AgentClient&, const Envelope& event) { on_session_event(event); });
}

SessionHandler& SessionRouter::handler_for(SessionKind kind) {
    std::string plays;
    for (const auto& handler : handlers_) {
        if (handler->kind() == kind) return *handler;
        plays += (plays.empty() ? "" : " and ") + std::string(plural_name(handler->kind()));
    }
    throw worlds::WireError("'" + name_ + "' plays only " + plays + ", not " + std::string(plural_name(kind)));
}

void SessionRouter::on_invite(AgentClient& client, const Envelope& invite) {
    const auto& session = invite.header.session;
    try {
        const auto content = protocol::payload_to_json(std::get<protocol::SessionInviteBody>(invite.body).content);
        auto& handler = handler_for(invited_to(content));
        handler.join(session, content);
        auto [route, fresh] = routes_.try_emplace(session);
        // Invited again, to another kind of session: the other handler's state goes.
        if (!fresh && route->second.handler != &handler) route->second.handler->forget(session);
        route->second = Route{invite.header.sender, &handler};
        client.send_in_session(session, Kind::SessionJoin, protocol::EmptyBody{});
    } catch (const std::exception& error) {
        // Declining tells the runner at once; the error says why.
        refuse(client, invite, std::string("invitation refused: ") + error.what());
        client.send_in_session(session, Kind::SessionLeave, protocol::EmptyBody{});
    }
}

SessionHandler* SessionRouter::owner_of(const Envelope& message) {
    auto found = routes_.find(message.header.session);
    // Only the runner that invited this party speaks for the mechanism or the game.
    if (found == routes_.end() || found->second.runner != message.header.sender) return nullptr;
    return found->second.handler;
}

bool SessionRouter::answer(AgentClient& client, const Envelope& message,
                           const std::function<void(SessionHandler&)>& call) {
    SessionHandler* handler = owner_of(message);
    if (handler == nullptr) return false;
    try {
        call(*handler);
    } catch (const std::exception& error) {
        refuse(client, message, error.what());
    }
    return true;
}

void SessionRouter::on_turn(AgentClient& client, const Envelope& cfp) {
    answer(client, cfp, [&](SessionHandler& handler) { handler.on_turn(client, cfp); });
}

void SessionRouter::on_inform(const Envelope& inform) {
    SessionHandler* handler = owner_of(inform);
    if (handler == nullptr) return;
    try {
        handler->on_inform(inform);
    } catch (const std::exception& error) {
        spdlog::warn("ignoring a malformed inform from '{}' in session '{}': {}", inform.header.sender,
                     inform.header.session, error.what());
    }
}

void SessionRouter::on_end(AgentClient& client, const Envelope& end) {
    if (!answer(client, end, [&](SessionHandler& handler) { handler.on_end(client, end); })) return;
    close(end.header.session);
    client.send_in_session(end.header.session, Kind::SessionLeave, protocol::EmptyBody{});
}

void SessionRouter::on_session_event(const Envelope& event) {
    const auto& body = std::get<protocol::SessionEventBody>(event.body);
    auto found = routes_.find(event.header.session);
    // The runner gone, the session is over for this party too.
    if (found != routes_.end() && body.member == found->second.runner &&
        body.event != protocol::SessionEventType::Joined) {
        close(event.header.session);
    }
}

void SessionRouter::close(const std::string& session) {
    auto found = routes_.find(session);
    if (found == routes_.end()) return;
    found->second.handler->forget(session);
    routes_.erase(found);
}

std::vector<BehaviourInfo> session_agents() {
    std::vector<BehaviourInfo> agents;
    for (const auto* framework : FrameworkRegistry::builtin().list()) {
        agents.push_back({framework->name, framework->description, [framework](const Parameters& defaults) {
                              std::vector<std::unique_ptr<SessionHandler>> handlers;
                              handlers.push_back(std::make_unique<Negotiator>(*framework, defaults));
                              // Its policy in the repeated games (game_strategy.hpp).
                              handlers.push_back(std::make_unique<GamePlayer>(framework->name, defaults));
                              return std::make_unique<SessionRouter>(framework->name, std::move(handlers));
                          }});
    }
    const auto& strategies = GameStrategyRegistry::builtin();
    std::set<std::string> added;
    for (const auto& world : strategies.worlds()) {
        for (const auto* info : strategies.list(world)) {
            if (FrameworkRegistry::builtin().find(info->name) != nullptr || !added.insert(info->name).second) continue;
            agents.push_back({info->name, "plays the classic strategy '" + info->name + "' in the games that have it",
                              [name = info->name](const Parameters& defaults) {
                                  std::vector<std::unique_ptr<SessionHandler>> handlers;
                                  handlers.push_back(std::make_unique<GamePlayer>(name, defaults));
                                  return std::make_unique<SessionRouter>(name, std::move(handlers));
                              }});
        }
    }
    return agents;
}

}  // namespace parley::agents
