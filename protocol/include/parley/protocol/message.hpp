#pragma once
// The message model of the Parley protocol: envelope, kinds and typed bodies.
// protocol/SPEC.md is normative; this header mirrors it one to one.

#include <parley/protocol/limits.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace parley::protocol {

// Every message kind of SPEC.md, section "Message kinds".
enum class Kind : std::uint8_t {
    // lifecycle, agent -> broker
    Register,
    Heartbeat,
    DirectoryQuery,
    SessionInvite,
    SessionJoin,
    SessionLeave,
    StatsRequest,
    Bye,
    // broker -> agent
    Welcome,
    Directory,
    SessionEvent,
    Stats,
    // routed between agents, directly or through a session
    Message,
    Cfp,
    Propose,
    AcceptProposal,
    RejectProposal,
    Inform,
    End,
    // either way
    Error,
};

inline constexpr Kind kAllKinds[] = {
    Kind::Register,    Kind::Heartbeat,     Kind::DirectoryQuery, Kind::SessionInvite,
    Kind::SessionJoin, Kind::SessionLeave,  Kind::StatsRequest,   Kind::Bye,
    Kind::Welcome,     Kind::Directory,     Kind::SessionEvent,   Kind::Stats,
    Kind::Message,     Kind::Cfp,           Kind::Propose,        Kind::AcceptProposal,
    Kind::RejectProposal, Kind::Inform,     Kind::End,            Kind::Error,
};

// The wire name of a kind ("accept_proposal"), and back.
std::string_view kind_name(Kind kind);
std::optional<Kind> kind_from_name(std::string_view name);

// Kinds the broker answers itself, kinds only the broker may send, and kinds it
// routes to other agents without looking into their bodies.
bool is_broker_request(Kind kind);
bool is_broker_only(Kind kind);
bool is_routed(Kind kind);

// The error codes of SPEC.md, section "Errors".
enum class ErrorCode : std::uint8_t {
    NotUnderstood,       // not MessagePack, not an envelope, or an unknown kind
    ProtocolViolation,   // a field missing or of the wrong type, a kind sent the wrong way
    UnknownRecipient,    // no registered agent has that name
    NotMember,           // the sender or recipient is not a member of the session
    TooLarge,            // a frame, string, array, map or nesting over its limit
    UnsupportedVersion,  // a protocol version this peer does not speak
    DuplicateName,       // registration under a name another live agent holds
    ForgedSender,        // the envelope's sender is not the registered name of the socket
    NotRegistered,       // a message from a socket that has not registered
};

inline constexpr ErrorCode kAllErrorCodes[] = {
    ErrorCode::NotUnderstood,      ErrorCode::ProtocolViolation, ErrorCode::UnknownRecipient,
    ErrorCode::NotMember,          ErrorCode::TooLarge,          ErrorCode::UnsupportedVersion,
    ErrorCode::DuplicateName,      ErrorCode::ForgedSender,      ErrorCode::NotRegistered,
};

std::string_view error_code_name(ErrorCode code);
std::optional<ErrorCode> error_code_from_name(std::string_view name);

// One MessagePack value whose meaning belongs to the application (an offer, a
// profile, a move). Kept as its encoded bytes so the broker routes it untouched;
// the codec has already checked it against the limits.
struct Payload {
    std::string msgpack;  // exactly one encoded MessagePack object; empty = absent
    bool empty() const { return msgpack.empty(); }
    friend bool operator==(const Payload&, const Payload&) = default;
};

// Why an agent proposes or rejects: a machine-readable principle and a short text.
struct Reason {
    std::string principle;  // e.g. "floor_violation", "reciprocity"
    std::string text;
    friend bool operator==(const Reason&, const Reason&) = default;
};

// ---- bodies, one per kind ---------------------------------------------------

struct RegisterBody {
    std::string framework;
    std::vector<std::string> capabilities;
    std::string instance;  // random per process: lets a restarted socket reclaim its name
    friend bool operator==(const RegisterBody&, const RegisterBody&) = default;
};

struct WelcomeBody {
    std::uint32_t heartbeat_ms = 0;
    std::uint32_t liveness = 0;
    std::uint64_t max_frame = 0;
    std::string broker;
    friend bool operator==(const WelcomeBody&, const WelcomeBody&) = default;
};

struct EmptyBody {
    friend bool operator==(const EmptyBody&, const EmptyBody&) = default;
};

struct DirectoryQueryBody {
    std::optional<std::string> name;
    std::optional<std::string> framework;
    std::optional<std::string> capability;
    friend bool operator==(const DirectoryQueryBody&, const DirectoryQueryBody&) = default;
};

struct DirectoryEntry {
    std::string name;
    std::string framework;
    std::vector<std::string> capabilities;
    std::uint64_t idle_ms = 0;  // time since the broker last heard from it
    friend bool operator==(const DirectoryEntry&, const DirectoryEntry&) = default;
};

struct DirectoryBody {
    std::vector<DirectoryEntry> agents;
    friend bool operator==(const DirectoryBody&, const DirectoryBody&) = default;
};

struct SessionInviteBody {
    std::string invitee;
    Payload content;  // private to the invitee: terms, role, profile
    friend bool operator==(const SessionInviteBody&, const SessionInviteBody&) = default;
};

enum class SessionEventType : std::uint8_t { Joined, Left, Declined, Lost };
std::string_view session_event_name(SessionEventType type);
std::optional<SessionEventType> session_event_from_name(std::string_view name);

struct SessionEventBody {
    SessionEventType event = SessionEventType::Joined;
    std::string member;
    friend bool operator==(const SessionEventBody&, const SessionEventBody&) = default;
};

struct StatsBody {
    std::uint64_t uptime_ms = 0;
    std::uint64_t agents = 0;
    std::uint64_t sessions = 0;
    std::uint64_t messages_in = 0;
    std::uint64_t messages_routed = 0;
    std::uint64_t bytes_routed = 0;
    std::uint64_t dropped = 0;  // messages not delivered because a peer's queue was full
    std::map<std::string, std::uint64_t> errors;  // by error code name
    friend bool operator==(const StatsBody&, const StatsBody&) = default;
};

// The body of every routed kind: message, cfp, propose, accept_proposal,
// reject_proposal, inform, end.
struct ActBody {
    Payload content;
    std::optional<Reason> reason;
    friend bool operator==(const ActBody&, const ActBody&) = default;
};

struct ErrorBody {
    ErrorCode code = ErrorCode::NotUnderstood;
    std::string text;
    friend bool operator==(const ErrorBody&, const ErrorBody&) = default;
};

using Body = std::variant<EmptyBody, RegisterBody, WelcomeBody, DirectoryQueryBody, DirectoryBody,
                          SessionInviteBody, SessionEventBody, StatsBody, ActBody, ErrorBody>;

// The fields every message carries (SPEC.md, section "Envelope").
struct Header {
    std::uint32_t version = kProtocolVersion;
    Kind kind = Kind::Heartbeat;
    std::string sender;
    std::string recipient;  // empty: none
    std::string session;    // empty: none
    std::uint64_t id = 0;
    std::optional<std::uint64_t> in_reply_to;
    std::optional<std::uint64_t> reply_by_ms;  // milliseconds since the Unix epoch, UTC
    friend bool operator==(const Header&, const Header&) = default;
};

struct Envelope {
    Header header;
    Body body;
    friend bool operator==(const Envelope&, const Envelope&) = default;
};

// The name the broker signs its own messages with; no agent may register it.
inline constexpr std::string_view kBrokerName = "broker";

// The body type a kind carries, default-constructed.
Body empty_body_for(Kind kind);

// Builds an envelope of `kind` with the body that kind carries.
Envelope make_envelope(Kind kind, std::string sender, Body body);

}  // namespace parley::protocol
