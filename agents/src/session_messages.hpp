#pragma once
// What the behaviours that play in sessions share: reading a message's
// content, and refusing bad input from a peer.

#include <parley/agents/client.hpp>
#include <parley/protocol/json.hpp>

#include <spdlog/spdlog.h>

#include <optional>
#include <string>

namespace parley::agents::session_messages {

inline nlohmann::ordered_json content_of(const protocol::Envelope& message) {
    const auto* act = std::get_if<protocol::ActBody>(&message.body);
    return act ? protocol::payload_to_json(act->content) : nlohmann::ordered_json();
}

// The payload of an act, read in place by the hot paths; empty for anything else.
inline const protocol::Payload& payload_of(const protocol::Envelope& message) {
    static const protocol::Payload none;
    const auto* act = std::get_if<protocol::ActBody>(&message.body);
    return act ? act->content : none;
}

inline std::optional<protocol::Reason> reason_of(const protocol::Envelope& message) {
    const auto* act = std::get_if<protocol::ActBody>(&message.body);
    return act ? act->reason : std::nullopt;
}

// Bad input from a peer is answered, logged, and leaves the agent running.
inline void refuse(AgentClient& client, const protocol::Envelope& message, const std::string& why) {
    spdlog::warn("'{}': refusing {} from '{}': {}", client.name(), protocol::kind_name(message.header.kind),
                 message.header.sender, why);
    client.reply(message, protocol::Kind::Error, protocol::ErrorBody{protocol::ErrorCode::ProtocolViolation, why});
}

}  // namespace parley::agents::session_messages
