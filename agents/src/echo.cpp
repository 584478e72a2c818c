#include <parley/agents/echo.hpp>

#include <spdlog/spdlog.h>

namespace parley::agents {

using protocol::Kind;

void EchoBehaviour::attach(AgentClient& client) {
    client.on(Kind::SessionInvite, [](AgentClient& self, const protocol::Envelope& invite) {
        spdlog::info("'{}' joins session '{}' at the invitation of '{}'", self.name(), invite.header.session,
                     invite.header.sender);
        self.send_in_session(invite.header.session, Kind::SessionJoin, protocol::EmptyBody{});
    });
    client.on_other([](AgentClient& self, const protocol::Envelope& message) {
        const auto kind = message.header.kind;
        // Answering replies would let two echoes talk forever.
        if (!protocol::is_routed(kind) || kind == Kind::Error || message.header.in_reply_to) return;
        spdlog::debug("'{}' echoes {} from '{}'", self.name(), protocol::kind_name(kind), message.header.sender);
        self.reply(message, kind, message.body);
    });
}

BehaviourInfo echo_behaviour_info() {
    return {"echo", "answers every message with a copy of it and joins every session it is invited into",
            [](const Parameters&) { return std::make_unique<EchoBehaviour>(); }};
}

}  // namespace parley::agents
