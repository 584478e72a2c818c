#include <parley/protocol/message.hpp>

#include <algorithm>
#include <array>
#include <utility>

namespace parley::protocol {
namespace {

struct KindInfo {
    Kind kind;
    std::string_view name;
};

constexpr std::array<KindInfo, 20> kKindNames{{
    {Kind::Register, "register"},
    {Kind::Heartbeat, "heartbeat"},
    {Kind::DirectoryQuery, "directory_query"},
    {Kind::SessionInvite, "session_invite"},
    {Kind::SessionJoin, "session_join"},
    {Kind::SessionLeave, "session_leave"},
    {Kind::StatsRequest, "stats_request"},
    {Kind::Bye, "bye"},
    {Kind::Welcome, "welcome"},
    {Kind::Directory, "directory"},
    {Kind::SessionEvent, "session_event"},
    {Kind::Stats, "stats"},
    {Kind::Message, "message"},
    {Kind::Cfp, "cfp"},
    {Kind::Propose, "propose"},
    {Kind::AcceptProposal, "accept_proposal"},
    {Kind::RejectProposal, "reject_proposal"},
    {Kind::Inform, "inform"},
    {Kind::End, "end"},
    {Kind::Error, "error"},
}};

constexpr std::array<std::pair<ErrorCode, std::string_view>, 9> kErrorNames{{
    {ErrorCode::NotUnderstood, "not_understood"},
    {ErrorCode::ProtocolViolation, "protocol_violation"},
    {ErrorCode::UnknownRecipient, "unknown_recipient"},
    {ErrorCode::NotMember, "not_member"},
    {ErrorCode::TooLarge, "too_large"},
    {ErrorCode::UnsupportedVersion, "unsupported_version"},
    {ErrorCode::DuplicateName, "duplicate_name"},
    {ErrorCode::ForgedSender, "forged_sender"},
    {ErrorCode::NotRegistered, "not_registered"},
}};

constexpr std::array<std::pair<SessionEventType, std::string_view>, 4> kSessionEventNames{{
    {SessionEventType::Joined, "joined"},
    {SessionEventType::Left, "left"},
    {SessionEventType::Declined, "declined"},
    {SessionEventType::Lost, "lost"},
}};

template <class Table, class Key>
auto name_of(const Table& table, Key key) -> std::string_view {
    for (const auto& [k, name] : table) {
        if (k == key) return name;
    }
    return "unknown";
}

template <class Value, class Table>
auto value_of(const Table& table, std::string_view name) -> std::optional<Value> {
    for (const auto& [value, n] : table) {
        if (n == name) return value;
    }
    return std::nullopt;
}

}  // namespace

std::string_view kind_name(Kind kind) {
    for (const auto& info : kKindNames) {
        if (info.kind == kind) return info.name;
    }
    return "unknown";
}

std::optional<Kind> kind_from_name(std::string_view name) {
    for (const auto& info : kKindNames) {
        if (info.name == name) return info.kind;
    }
    return std::nullopt;
}

bool is_broker_request(Kind kind) {
    switch (kind) {
        case Kind::Register:
        case Kind::Heartbeat:
        case Kind::DirectoryQuery:
        case Kind::SessionInvite:
        case Kind::SessionJoin:
        case Kind::SessionLeave:
        case Kind::StatsRequest:
        case Kind::Bye:
            return true;
        default:
            return false;
    }
}

bool is_broker_only(Kind kind) {
    switch (kind) {
        case Kind::Welcome:
        case Kind::Directory:
        case Kind::SessionEvent:
        case Kind::Stats:
            return true;
        default:
            return false;
    }
}

bool is_routed(Kind kind) { return !is_broker_request(kind) && !is_broker_only(kind); }

std::string_view error_code_name(ErrorCode code) { return name_of(kErrorNames, code); }

std::optional<ErrorCode> error_code_from_name(std::string_view name) {
    return value_of<ErrorCode>(kErrorNames, name);
}

std::string_view session_event_name(SessionEventType type) { return name_of(kSessionEventNames, type); }

std::optional<SessionEventType> session_event_from_name(std::string_view name) {
    return value_of<SessionEventType>(kSessionEventNames, name);
}

Body empty_body_for(Kind kind) {
    switch (kind) {
        case Kind::Register:
            return RegisterBody{};
        case Kind::Welcome:
            return WelcomeBody{};
        case Kind::DirectoryQuery:
            return DirectoryQueryBody{};
        case Kind::Directory:
            return DirectoryBody{};
        case Kind::SessionInvite:
            return SessionInviteBody{};
        case Kind::SessionEvent:
            return SessionEventBody{};
        case Kind::Stats:
            return StatsBody{};
        case Kind::Error:
            return ErrorBody{};
        case Kind::Message:
        case Kind::Cfp:
        case Kind::Propose:
        case Kind::AcceptProposal:
        case Kind::RejectProposal:
        case Kind::Inform:
        case Kind::End:
            return ActBody{};
        case Kind::Heartbeat:
        case Kind::SessionJoin:
        case Kind::SessionLeave:
        case Kind::StatsRequest:
        case Kind::Bye:
            return EmptyBody{};
    }
    return EmptyBody{};
}

Envelope make_envelope(Kind kind, std::string sender, Body body) {
    Envelope envelope;
    envelope.header.kind = kind;
    envelope.header.sender = std::move(sender);
    envelope.body = std::move(body);
    return envelope;
}

}  // namespace parley::protocol
