#include <parley/protocol/message.hpp>

#include <parley/core/name_table.hpp>

#include <algorithm>
#include <array>
#include <utility>

namespace parley::protocol {
namespace {

constexpr core::NameTable<Kind, 20> kKindNames{{
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

constexpr core::NameTable<ErrorCode, 9> kErrorNames{{
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

constexpr core::NameTable<SessionEventType, 4> kSessionEventNames{{
    {SessionEventType::Joined, "joined"},
    {SessionEventType::Left, "left"},
    {SessionEventType::Declined, "declined"},
    {SessionEventType::Lost, "lost"},
}};

}  // namespace

std::string_view kind_name(Kind kind) { return core::name_in(kKindNames, kind).value_or("unknown"); }

std::optional<Kind> kind_from_name(std::string_view name) { return core::value_in(kKindNames, name); }

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

std::string_view error_code_name(ErrorCode code) { return core::name_in(kErrorNames, code).value_or("unknown"); }

std::optional<ErrorCode> error_code_from_name(std::string_view name) {
    return core::value_in(kErrorNames, name);
}

std::string_view session_event_name(SessionEventType type) { return core::name_in(kSessionEventNames, type).value_or("unknown"); }

std::optional<SessionEventType> session_event_from_name(std::string_view name) {
    return core::value_in(kSessionEventNames, name);
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
