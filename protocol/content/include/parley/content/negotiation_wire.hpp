#pragma once
// The content of negotiation messages (protocol/SPEC.md, "Negotiation
// content"): how an invitation, a turn, a move and an observation travel inside
// the payload of session_invite, cfp, propose / accept_proposal /
// reject_proposal / end, and inform. Both the runner and the agents use these
// functions, so the two sides cannot drift apart. Reading is strict: anything
// malformed throws WireError with a message naming the field.

#include <parley/protocol/message.hpp>
#include <parley/mechanisms/negotiation.hpp>

#include <nlohmann/json.hpp>

#include <map>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

namespace parley::worlds {

struct WireError : std::invalid_argument {
    using std::invalid_argument::invalid_argument;
};

// What a party receives in its session_invite: its setup, who the parties
// are, and which framework with which parameters it is to play.
struct Invitation {
    PartySetup setup;
    std::vector<std::string> parties;  // agent names, by party index
    std::string framework;
    std::map<std::string, std::string> parameters;
};

nlohmann::ordered_json invitation_to_json(const Invitation& invitation);
Invitation invitation_from_json(const nlohmann::ordered_json& json);

// The content of a cfp, an answer and an inform are written straight as
// MessagePack: the runner and the agents write one per turn. The readers take
// the JSON form of the payload (protocol::payload_to_json).
// A cfp may carry `seen`: the moves of others the party has not been told of,
// oldest first, each with its mover's reason (SPEC.md). The runner folds an
// inform into the cfp that follows it to the same party: one message instead
// of two on every turn.
protocol::Payload turn_payload(const Turn& turn, std::span<const Observation> seen = {});
// The moves a cfp's content carries; empty when it carries none. Throws WireError.
std::vector<Observation> seen_from_json(const nlohmann::ordered_json& cfp_content);

// The readers of the hot paths read the payload in place (protocol::PayloadTree),
// with the same checks and errors as their JSON forms.
struct CfpContent {
    Turn turn;
    std::vector<Observation> seen;
};
CfpContent cfp_from_payload(const protocol::Payload& content);
Turn turn_from_json(const nlohmann::ordered_json& json);

// A move is the kind of message (propose, accept_proposal, reject_proposal,
// end) and a content that carries the outcome it refers to.
protocol::Kind move_kind(MoveType type);
protocol::Payload move_payload(const Move& move);
// Throws WireError for a kind that is not a move.
Move move_from_message(protocol::Kind kind, const nlohmann::ordered_json& content,
                       const std::optional<protocol::Reason>& reason);
Move move_from_payload(protocol::Kind kind, const protocol::Payload& content,
                       const std::optional<protocol::Reason>& reason);

protocol::Payload observation_payload(const Observation& observation);
Observation observation_from_json(const nlohmann::ordered_json& json, const std::optional<protocol::Reason>& reason);
Observation observation_from_payload(const protocol::Payload& content, const std::optional<protocol::Reason>& reason);

std::string_view move_type_name(MoveType type);

// At the end of an episode the runner may ask each party for its model of the
// others: the estimated utility of every party for each outcome of a sample.
// The request rides in the `end` message, the answer in an `inform` reply.
nlohmann::ordered_json estimate_request_to_json(const std::vector<Outcome>& sample);
// Empty when the message asks for nothing.
std::vector<Outcome> estimate_request_from_json(const nlohmann::ordered_json& end_content);
nlohmann::ordered_json estimates_to_json(const std::vector<std::vector<double>>& rows);
// Throws WireError unless it is one row of numbers per sampled outcome.
std::vector<std::vector<double>> estimates_from_json(const nlohmann::ordered_json& json, std::size_t sample_size);

}  // namespace parley::worlds
