#include <parley/broker/router.hpp>

#include <spdlog/spdlog.h>

#include <algorithm>

namespace parley::broker {

using protocol::Body;
using protocol::ErrorCode;
using protocol::Header;
using protocol::Kind;
using protocol::SessionEventType;

namespace {

std::string describe(const std::string& identity) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string hex;
    for (unsigned char byte : identity) {
        hex += kHex[byte >> 4];
        hex += kHex[byte & 0xf];
    }
    return "socket " + hex;
}

template <class Body>
const Body* body_as(const protocol::Decoded<protocol::Envelope>& decoded) {
    return decoded ? std::get_if<Body>(&decoded->body) : nullptr;
}

}  // namespace

Router::Router(RouterConfig config, Outbox& outbox, Clock::time_point now)
    : config_(config), outbox_(outbox), started_(now), now_(now) {}

void Router::handle(const std::string& identity, std::string_view frame, Clock::time_point now) {
    now_ = now;
    ++counters_.messages_in;
    auto header = protocol::decode_header(frame, config_.limits);
    if (!header) {
        if (AgentRecord* sender = directory_.by_identity(identity)) sender->last_heard = now;
        const auto& error = header.error();
        Header about;  // what could be read of it, so the answer can name it
        about.id = error.message_id.value_or(0);
        about.kind = error.is_error_kind ? Kind::Error : Kind::Heartbeat;
        send_error(identity, error.message_id || error.is_error_kind ? &about : nullptr, error.code, error.detail);
        return;
    }
    if (header->kind == Kind::Register) {
        handle_register(identity, frame, *header, now);
        return;
    }
    AgentRecord* sender = directory_.by_identity(identity);
    if (sender == nullptr) {
        send_error(identity, &header.value(), ErrorCode::NotRegistered, "register before sending anything else");
        return;
    }
    sender->last_heard = now;  // any traffic counts as a heartbeat
    if (header->sender != sender->name) {
        send_error(identity, &header.value(), ErrorCode::ForgedSender,
                   "this socket is registered as '" + sender->name + "', not '" + header->sender + "'");
        return;
    }
    if (protocol::is_broker_only(header->kind)) {
        send_error(identity, &header.value(), ErrorCode::ProtocolViolation,
                   "only the broker sends '" + std::string(protocol::kind_name(header->kind)) + "'");
    } else if (protocol::is_broker_request(header->kind)) {
        handle_request(*sender, frame, *header, now);
    } else {
        route(*sender, *header, frame);
    }
}

void Router::handle_register(const std::string& identity, std::string_view frame, const Header& header,
                             Clock::time_point now) {
    auto decoded = protocol::decode(frame, config_.limits);
    const auto* body = body_as<protocol::RegisterBody>(decoded);
    if (body == nullptr) {
        send_error(identity, &header, decoded ? ErrorCode::ProtocolViolation : decoded.error().code,
                   decoded ? "register carries the wrong body" : decoded.error().detail);
        return;
    }
    const std::string& name = header.sender;
    if (name == protocol::kBrokerName) {
        send_error(identity, &header, ErrorCode::DuplicateName, "the name 'broker' is reserved");
        return;
    }
    AgentRecord* by_socket = directory_.by_identity(identity);
    if (by_socket != nullptr && by_socket->name != name) {
        send_error(identity, &header, ErrorCode::ProtocolViolation,
                   "this socket is already registered as '" + by_socket->name + "'");
        return;
    }
    AgentRecord* existing = directory_.by_name(name);
    if (existing != nullptr && existing->identity != identity) {
        // The same process on a new socket (it reconnected) may take its name back;
        // anyone else must wait until the holder is gone.
        if (body->instance.empty() || body->instance != existing->instance) {
            send_error(identity, &header, ErrorCode::DuplicateName, "the name '" + name + "' is taken");
            return;
        }
        spdlog::info("agent '{}' reconnected from a new socket", name);
        directory_.rebind(*existing, identity);
    }
    if (existing == nullptr) {
        AgentRecord record;
        record.name = name;
        record.identity = identity;
        record.last_sent = now;
        existing = &directory_.add(std::move(record));
        spdlog::debug("agent '{}' registered (framework {})", name, body->framework);
    }
    existing->framework = body->framework;
    existing->capabilities = body->capabilities;
    existing->instance = body->instance;
    existing->last_heard = now;

    protocol::WelcomeBody welcome;
    welcome.heartbeat_ms = static_cast<std::uint32_t>(config_.heartbeat_interval.count());
    welcome.liveness = config_.liveness;
    welcome.max_frame = config_.limits.max_frame_bytes;
    welcome.broker = "parley-broker/" + std::to_string(protocol::kProtocolVersion);
    auto reply = from_broker(Kind::Welcome, welcome);
    reply.header.in_reply_to = header.id;
    send_to(*existing, std::move(reply));
}

void Router::handle_request(AgentRecord& sender, std::string_view frame, const Header& header,
                            Clock::time_point now) {
    if (header.kind == Kind::Heartbeat) return;
    if (header.kind == Kind::Bye) {
        spdlog::debug("agent '{}' said bye", sender.name);
        drop_agent(sender.name, SessionEventType::Left);
        return;
    }
    if (header.kind == Kind::StatsRequest) {
        auto reply = from_broker(Kind::Stats, stats(now));
        reply.header.in_reply_to = header.id;
        send_to(sender, std::move(reply));
        return;
    }
    if (header.kind == Kind::SessionJoin || header.kind == Kind::SessionLeave) {
        if (header.session.empty()) {
            send_error(sender.identity, &header, ErrorCode::ProtocolViolation, "a session message needs 'session'");
        } else if (header.kind == Kind::SessionJoin) {
            handle_join(sender, header);
        } else {
            handle_leave(sender, header);
        }
        return;
    }
    // The remaining requests carry bodies the broker must read.
    auto decoded = protocol::decode(frame, config_.limits);
    if (!decoded) {
        send_error(sender.identity, &header, decoded.error().code, decoded.error().detail);
    } else if (const auto* query = body_as<protocol::DirectoryQueryBody>(decoded)) {
        answer_directory(sender, header, *query, now);
    } else if (const auto* invite = body_as<protocol::SessionInviteBody>(decoded)) {
        handle_invite(sender, *invite, header, frame);
    }
}

void Router::answer_directory(AgentRecord& sender, const Header& header, const protocol::DirectoryQueryBody& query,
                              Clock::time_point now) {
    protocol::DirectoryBody answer;
    for (const auto& [name, record] : directory_.agents()) {
        if (query.name && *query.name != name) continue;
        if (query.framework && *query.framework != record.framework) continue;
        if (query.capability && std::find(record.capabilities.begin(), record.capabilities.end(),
                                          *query.capability) == record.capabilities.end()) {
            continue;
        }
        auto idle = std::chrono::duration_cast<std::chrono::milliseconds>(now - record.last_heard);
        answer.agents.push_back({name, record.framework, record.capabilities,
                                 static_cast<std::uint64_t>(std::max<std::int64_t>(0, idle.count()))});
    }
    auto reply = from_broker(Kind::Directory, std::move(answer));
    reply.header.in_reply_to = header.id;
    send_to(sender, std::move(reply));
}

void Router::handle_invite(AgentRecord& sender, const protocol::SessionInviteBody& body, const Header& header,
                           std::string_view frame) {
    if (header.session.empty()) {
        send_error(sender.identity, &header, ErrorCode::ProtocolViolation, "session_invite needs 'session'");
        return;
    }
    AgentRecord* invitee = directory_.by_name(body.invitee);
    if (invitee == nullptr) {
        send_error(sender.identity, &header, ErrorCode::UnknownRecipient,
                   "no agent named '" + body.invitee + "' to invite");
        return;
    }
    const SessionRecord* session = directory_.session(header.session);
    if (session == nullptr && sender.sessions.size() >= config_.max_sessions_per_agent) {
        send_error(sender.identity, &header, ErrorCode::TooLarge,
                   "'" + sender.name + "' is already in " + std::to_string(sender.sessions.size()) +
                       " sessions, the most one agent may be in");
        return;
    }
    if (!invitee->sessions.contains(header.session) &&
        invitee->sessions.size() >= config_.max_sessions_per_agent) {
        send_error(sender.identity, &header, ErrorCode::TooLarge,
                   "'" + invitee->name + "' is already in the most sessions one agent may be in");
        return;
    }
    if (session == nullptr) {
        directory_.open_session(header.session);
        directory_.join(header.session, sender.name);
        spdlog::debug("session '{}' opened by '{}'", header.session, sender.name);
    } else if (!session->members.contains(sender.name)) {
        send_error(sender.identity, &header, ErrorCode::NotMember,
                   "only members may invite into session '" + header.session + "'");
        return;
    }
    directory_.invite(header.session, invitee->name);
    deliver(*invitee, frame);  // the invitation's content is for the invitee alone
}

void Router::handle_join(AgentRecord& sender, const Header& header) {
    const SessionRecord* session = directory_.session(header.session);
    if (session == nullptr ||
        (!session->invited.contains(sender.name) && !session->members.contains(sender.name))) {
        send_error(sender.identity, &header, ErrorCode::NotMember,
                   "'" + sender.name + "' was not invited into session '" + header.session + "'");
        return;
    }
    directory_.join(header.session, sender.name);
    notify_session(header.session, SessionEventType::Joined, sender.name);
}

void Router::handle_leave(AgentRecord& sender, const Header& header) {
    const SessionRecord* session = directory_.session(header.session);
    const bool member = session != nullptr && session->members.contains(sender.name);
    const bool invited = session != nullptr && session->invited.contains(sender.name);
    if (!member && !invited) {
        send_error(sender.identity, &header, ErrorCode::NotMember,
                   "'" + sender.name + "' is not in session '" + header.session + "'");
        return;
    }
    directory_.leave(header.session, sender.name);
    // The leaver is told too, so that it knows the broker has taken it out.
    notify_session(header.session, member ? SessionEventType::Left : SessionEventType::Declined, sender.name,
                   sender.name);
}

void Router::route(AgentRecord& sender, const Header& header, std::string_view frame) {
    if (!header.session.empty()) {
        SessionRecord* session = directory_.session(header.session);
        if (session == nullptr || !session->members.contains(sender.name)) {
            send_error(sender.identity, &header, ErrorCode::NotMember,
                       "'" + sender.name + "' is not a member of session '" + header.session + "'");
            return;
        }
        if (!header.recipient.empty()) {
            AgentRecord* recipient = session->members.contains(header.recipient)
                                         ? directory_.by_name(header.recipient)
                                         : nullptr;
            if (recipient == nullptr) {
                send_error(sender.identity, &header, ErrorCode::NotMember,
                           "'" + header.recipient + "' is not a member of session '" + header.session + "'");
                return;
            }
            deliver(*recipient, frame);
            return;
        }
        for (const auto& member : session->members) {
            if (member == sender.name) continue;
            if (AgentRecord* recipient = directory_.by_name(member)) deliver(*recipient, frame);
        }
        return;
    }
    if (header.recipient.empty()) {
        send_error(sender.identity, &header, ErrorCode::ProtocolViolation,
                   "a routed message needs 'to' or 'session'");
        return;
    }
    AgentRecord* recipient = directory_.by_name(header.recipient);
    if (recipient == nullptr) {
        send_error(sender.identity, &header, ErrorCode::UnknownRecipient,
                   "no agent named '" + header.recipient + "'");
        return;
    }
    deliver(*recipient, frame);
}

Clock::time_point Router::tick(Clock::time_point now) {
    now_ = now;
    const auto expiry = config_.heartbeat_interval * config_.liveness;
    std::vector<std::string> lost;
    for (const auto& [name, record] : directory_.agents()) {
        if (now - record.last_heard > expiry) lost.push_back(name);
    }
    for (const auto& name : lost) {
        spdlog::warn("agent '{}' lost: silent for more than {} heartbeats", name, config_.liveness);
        drop_agent(name, SessionEventType::Lost);
    }
    for (const auto& [name, record] : directory_.agents()) {
        if (now - record.last_sent >= config_.heartbeat_interval) {
            send_to(*directory_.by_name(name), from_broker(Kind::Heartbeat, protocol::EmptyBody{}));
        }
    }
    return now + config_.heartbeat_interval / 2;
}

protocol::StatsBody Router::stats(Clock::time_point now) const {
    auto stats = counters_;
    stats.uptime_ms =
        static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(now - started_).count());
    stats.agents = directory_.agents().size();
    stats.sessions = directory_.session_count();
    return stats;
}

void Router::reject(const std::string& identity, ErrorCode code, const std::string& text, Clock::time_point now) {
    now_ = now;
    ++counters_.messages_in;
    if (AgentRecord* sender = directory_.by_identity(identity)) sender->last_heard = now;
    send_error(identity, nullptr, code, text);
}

void Router::drop_agent(std::string name, SessionEventType why) {
    AgentRecord* record = directory_.by_name(name);
    if (record == nullptr) return;
    // An agent that was only invited did not leave a session it never joined: it declined.
    std::vector<std::pair<std::string, SessionEventType>> notices;
    for (const auto& session : record->sessions) {
        const SessionRecord* members = directory_.session(session);
        const bool joined = members != nullptr && members->members.contains(name);
        notices.emplace_back(session, joined || why == SessionEventType::Lost ? why : SessionEventType::Declined);
    }
    directory_.remove(name);
    for (const auto& [session, event] : notices) {
        if (directory_.session(session) != nullptr) notify_session(session, event, name);
    }
}

void Router::notify_session(const std::string& session, SessionEventType event, const std::string& member,
                            const std::string& also_tell) {
    std::set<std::string> audience;
    if (const SessionRecord* record = directory_.session(session)) audience = record->members;
    if (!also_tell.empty()) audience.insert(also_tell);
    for (const auto& name : audience) {
        AgentRecord* recipient = directory_.by_name(name);
        if (recipient == nullptr) continue;
        auto envelope = from_broker(Kind::SessionEvent, protocol::SessionEventBody{event, member});
        envelope.header.session = session;
        send_to(*recipient, std::move(envelope));
    }
}

void Router::deliver(AgentRecord& recipient, std::string_view frame) {
    if (outbox_.send(recipient.identity, frame)) {
        ++counters_.messages_routed;
        counters_.bytes_routed += frame.size();
        recipient.last_sent = now_;
    } else {
        ++counters_.dropped;
        spdlog::debug("message to '{}' dropped: its queue is full or it is gone", recipient.name);
    }
}

void Router::send_to(AgentRecord& recipient, protocol::Envelope envelope) {
    envelope.header.recipient = recipient.name;
    if (outbox_.send(recipient.identity, protocol::encode(envelope))) {
        recipient.last_sent = now_;
    } else {
        ++counters_.dropped;
    }
}

void Router::send_error(const std::string& identity, const Header* about, ErrorCode code, const std::string& text) {
    ++counters_.errors[std::string(protocol::error_code_name(code))];
    const AgentRecord* known = directory_.by_identity(identity);
    if (may_log_refusal()) {
        spdlog::warn("{} from {}: {}", protocol::error_code_name(code),
                     known ? "'" + known->name + "'" : describe(identity), text);
    }
    // An error is never answered with an error: two confused peers must not loop.
    if (about != nullptr && about->kind == Kind::Error) return;
    auto envelope = from_broker(Kind::Error, protocol::ErrorBody{code, text});
    if (about != nullptr) envelope.header.in_reply_to = about->id;
    if (known != nullptr) envelope.header.recipient = known->name;
    if (!outbox_.send(identity, protocol::encode(envelope))) ++counters_.dropped;
}

bool Router::may_log_refusal() {
    // A flood of bad frames must not become a flood of log lines: at most
    // kRefusalsLoggedPerSecond a second; the rest are counted and summed up.
    constexpr std::uint32_t kRefusalsLoggedPerSecond = 20;
    if (now_ - refusal_window_start_ >= std::chrono::seconds(1)) {
        if (refusals_unlogged_ > 0) {
            spdlog::warn("{} more refused messages in the last second were not logged (see the stats)",
                         refusals_unlogged_);
        }
        refusal_window_start_ = now_;
        refusals_logged_ = refusals_unlogged_ = 0;
    }
    if (refusals_logged_ < kRefusalsLoggedPerSecond) {
        ++refusals_logged_;
        return true;
    }
    ++refusals_unlogged_;
    return false;
}

protocol::Envelope Router::from_broker(Kind kind, Body body) {
    auto envelope = protocol::make_envelope(kind, std::string(protocol::kBrokerName), std::move(body));
    envelope.header.id = next_id_++;
    return envelope;
}

}  // namespace parley::broker
