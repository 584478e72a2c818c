#include <parley/domains/domain_error.hpp>
#include <parley/content/negotiation_wire.hpp>

#include <parley/protocol/payload_writer.hpp>

#include "wire_fields.hpp"

#include <array>
#include <limits>

namespace parley::worlds {
namespace {

using Json = nlohmann::ordered_json;

using wire::as_array;
using wire::as_number;
using wire::as_string;
using wire::as_uint;
using wire::field;

// An outcome is the array of its value indices, as outcome_to_json writes it.
void write_outcome(protocol::PayloadWriter& out, const Outcome& outcome) {
    out.array(outcome.size());
    for (auto index : outcome) out.unsigned_integer(index);
}

// An inform's content; in a cfp's `seen`, with the mover's reason, which an
// inform carries beside its content.
void write_observation(protocol::PayloadWriter& out, const Observation& observation, bool with_reason) {
    const bool reason = with_reason && observation.move.reason.has_value();
    out.map(4 + (observation.move.outcome.empty() ? 0 : 1) + (reason ? 1 : 0));
    out.string("party").unsigned_integer(observation.party);
    out.string("move").string(move_type_name(observation.move.type));
    out.string("round").unsigned_integer(observation.round);
    out.string("time").number(observation.time);
    if (!observation.move.outcome.empty()) write_outcome(out.string("outcome"), observation.move.outcome);
    if (reason) {
        out.string("reason").map(2);
        out.string("principle").string(observation.move.reason->principle);
        out.string("text").string(observation.move.reason->text);
    }
}

constexpr std::array<std::pair<MoveType, std::string_view>, 4> kMoveNames{{
    {MoveType::Offer, "offer"}, {MoveType::Accept, "accept"}, {MoveType::Reject, "reject"}, {MoveType::End, "end"}}};

MoveType move_type_from_name(const std::string& name) {
    for (const auto& [type, text] : kMoveNames) {
        if (text == name) return type;
    }
    throw WireError("unknown move '" + name + "'");
}

using wire::optional_field;

// The content readers, for a JSON value and for a payload read in place alike.
template <class Value>
Outcome read_outcome(const Value& value, const char* name) {
    Outcome outcome;
    const auto& items = as_array(value, name);
    outcome.reserve(items.size());
    for (const auto& index : items) outcome.push_back(static_cast<std::size_t>(as_uint(index, name)));
    return outcome;
}

Outcome outcome_from_json(const Json& value, const char* name) { return read_outcome(value, name); }

template <class Value>
Observation read_observation(const Value& value, const std::optional<protocol::Reason>& reason) {
    Observation observation;
    observation.party = static_cast<PartyIndex>(as_uint(field(value, "party"), "party"));
    observation.move.type = move_type_from_name(as_string(field(value, "move"), "move"));
    if (auto outcome = optional_field(value, "outcome")) observation.move.outcome = read_outcome(*outcome, "outcome");
    observation.move.reason = reason;
    const auto round = as_uint(field(value, "round"), "round");
    if (round > std::numeric_limits<std::uint32_t>::max()) throw WireError("'round' out of range");
    observation.round = static_cast<std::uint32_t>(round);
    observation.time = as_number(field(value, "time"), "time");
    return observation;
}

template <class Value>
std::vector<Observation> read_seen(const Value& cfp_content) {
    std::vector<Observation> seen;
    const auto carried = optional_field(cfp_content, "seen");
    if (!carried) return seen;
    for (const auto& item : as_array(*carried, "seen")) {
        std::optional<protocol::Reason> reason;
        if (auto given = optional_field(item, "reason")) {
            reason = protocol::Reason{as_string(field(*given, "principle"), "reason.principle"),
                                      as_string(field(*given, "text"), "reason.text")};
        }
        seen.push_back(read_observation(item, reason));
    }
    return seen;
}

template <class Value>
Turn read_turn(const Value& value) {
    Turn turn;
    const auto ask = as_string(field(value, "ask"), "ask");
    if (ask != "respond" && ask != "vote") throw WireError("unknown ask '" + ask + "'");
    turn.ask = ask == "vote" ? Ask::Vote : Ask::Respond;
    const auto round = as_uint(field(value, "round"), "round");
    if (round > std::numeric_limits<std::uint32_t>::max()) throw WireError("'round' out of range");
    turn.round = static_cast<std::uint32_t>(round);
    turn.time = as_number(field(value, "time"), "time");
    if (auto standing = optional_field(value, "standing")) turn.standing = read_outcome(*standing, "standing");
    if (auto by = optional_field(value, "standing_by")) {
        turn.standing_by = static_cast<PartyIndex>(as_uint(*by, "standing_by"));
    }
    return turn;
}

MoveType move_type_of(protocol::Kind kind) {
    switch (kind) {
        case protocol::Kind::Propose:
            return MoveType::Offer;
        case protocol::Kind::AcceptProposal:
            return MoveType::Accept;
        case protocol::Kind::RejectProposal:
            return MoveType::Reject;
        case protocol::Kind::End:
            return MoveType::End;
        default:
            throw WireError("'" + std::string(protocol::kind_name(kind)) + "' is not a negotiation move");
    }
}

template <class Value>
Move read_move(protocol::Kind kind, const Value& content, const std::optional<protocol::Reason>& reason) {
    Move move;
    move.type = move_type_of(kind);
    if (content.is_object()) {
        if (auto outcome = optional_field(content, "outcome")) move.outcome = read_outcome(*outcome, "outcome");
    } else if (!content.is_null()) {
        throw WireError("a move's content must be an object");
    }
    if (move.type == MoveType::Offer && move.outcome.empty()) throw WireError("propose needs an 'outcome'");
    move.reason = reason;
    return move;
}

// A payload that is not one MessagePack value is as malformed as a bad field.
template <class Read>
auto read_payload(const protocol::Payload& payload, Read read) {
    std::optional<protocol::PayloadTree> tree;
    try {
        tree.emplace(payload);
    } catch (const std::invalid_argument& error) {
        throw WireError(error.what());
    }
    return read(tree->root());
}

Json outcome_to_json(const Outcome& outcome) {
    Json array = Json::array();
    for (auto index : outcome) array.push_back(static_cast<std::uint64_t>(index));
    return array;
}

Json profile_to_json(const LinearAdditiveProfile& profile) {
    Json weights = Json::array();
    Json utilities = Json::array();
    for (std::size_t issue = 0; issue < profile.issue_count(); ++issue) {
        weights.push_back(profile.issue_weight(issue));
        utilities.push_back(profile.value_utilities().at(issue));
    }
    return {{"name", profile.name()},
            {"weights", weights},
            {"utilities", utilities},
            {"reservation", profile.reservation_value()},
            {"discount", profile.discount_factor()}};
}

std::shared_ptr<const LinearAdditiveProfile> profile_from_json(const Json& json) {
    std::vector<double> weights;
    for (const auto& weight : as_array(field(json, "weights"), "weights")) weights.push_back(as_number(weight, "weights"));
    std::vector<std::vector<double>> utilities;
    for (const auto& issue : as_array(field(json, "utilities"), "utilities")) {
        auto& values = utilities.emplace_back();
        for (const auto& value : as_array(issue, "utilities")) values.push_back(as_number(value, "utilities"));
    }
    try {
        return std::make_shared<const LinearAdditiveProfile>(
            as_string(field(json, "name"), "name"), std::move(weights), std::move(utilities),
            as_number(field(json, "reservation"), "reservation"), as_number(field(json, "discount"), "discount"));
    } catch (const DomainError& error) {
        throw WireError(std::string("profile: ") + error.what());
    }
}

Json space_to_json(const OutcomeSpace& space) {
    Json issues = Json::array();
    for (const auto& issue : space.issues()) issues.push_back({{"name", issue.name()}, {"values", issue.values()}});
    return issues;
}

std::shared_ptr<const OutcomeSpace> space_from_json(const Json& json) {
    std::vector<Issue> issues;
    try {
        for (const auto& issue : as_array(json, "issues")) {
            std::vector<std::string> values;
            for (const auto& value : as_array(field(issue, "values"), "values")) values.push_back(as_string(value, "values"));
            issues.push_back(Issue::discrete(as_string(field(issue, "name"), "name"), std::move(values)));
        }
        return std::make_shared<const OutcomeSpace>(std::move(issues));
    } catch (const DomainError& error) {
        throw WireError(std::string("issues: ") + error.what());
    }
}


}  // namespace

std::string_view move_type_name(MoveType type) {
    for (const auto& [candidate, text] : kMoveNames) {
        if (candidate == type) return text;
    }
    return "unknown";
}

Json invitation_to_json(const Invitation& invitation) {
    const auto& setup = invitation.setup;
    Json disclosed = Json::array();
    for (const auto& profile : setup.disclosed) disclosed.push_back(profile ? profile_to_json(*profile) : Json());
    Json parameters = Json::object();
    for (const auto& [name, value] : invitation.parameters) parameters[name] = value;
    return {{"mechanism", setup.mechanism},
            {"self", static_cast<std::uint64_t>(setup.self)},
            {"parties", invitation.parties},
            {"issues", space_to_json(*setup.space)},
            {"profile", profile_to_json(*setup.profile)},
            {"disclosed", disclosed},
            {"rounds", setup.rounds},
            {"seed", setup.seed},
            {"framework", invitation.framework},
            {"parameters", parameters}};
}

Invitation invitation_from_json(const Json& json) {
    Invitation invitation;
    auto& setup = invitation.setup;
    setup.mechanism = as_string(field(json, "mechanism"), "mechanism");
    for (const auto& name : as_array(field(json, "parties"), "parties")) {
        invitation.parties.push_back(as_string(name, "parties"));
    }
    setup.party_count = invitation.parties.size();
    setup.self = static_cast<PartyIndex>(as_uint(field(json, "self"), "self"));
    if (setup.self >= setup.party_count) throw WireError("'self' is not the index of a party");
    setup.space = space_from_json(field(json, "issues"));
    setup.profile = profile_from_json(field(json, "profile"));
    if (!setup.profile->fits(*setup.space)) throw WireError("the profile does not fit the issues");
    if (auto disclosed = json.find("disclosed"); disclosed != json.end()) {
        for (const auto& profile : as_array(*disclosed, "disclosed")) {
            setup.disclosed.push_back(profile.is_null() ? nullptr : profile_from_json(profile));
            if (setup.disclosed.back() && !setup.disclosed.back()->fits(*setup.space)) {
                throw WireError("a disclosed profile does not fit the issues");
            }
        }
        if (!setup.disclosed.empty() && setup.disclosed.size() != setup.party_count) {
            throw WireError("'disclosed' must have one entry per party");
        }
    }
    const auto rounds = as_uint(field(json, "rounds"), "rounds");
    if (rounds == 0 || rounds > std::numeric_limits<std::uint32_t>::max()) throw WireError("'rounds' out of range");
    setup.rounds = static_cast<std::uint32_t>(rounds);
    setup.seed = as_uint(field(json, "seed"), "seed");
    invitation.framework = as_string(field(json, "framework"), "framework");
    if (auto parameters = json.find("parameters"); parameters != json.end()) {
        if (!parameters->is_object()) throw WireError("'parameters' must be an object");
        for (const auto& [name, value] : parameters->items()) {
            invitation.parameters[name] = as_string(value, "parameters");
        }
    }
    return invitation;
}

protocol::Payload turn_payload(const Turn& turn, std::span<const Observation> seen) {
    protocol::PayloadWriter out;
    out.map(3 + (turn.standing ? 1 : 0) + (turn.standing_by ? 1 : 0) + (seen.empty() ? 0 : 1));
    out.string("ask").string(turn.ask == Ask::Vote ? "vote" : "respond");
    out.string("round").unsigned_integer(turn.round);
    out.string("time").number(turn.time);
    if (turn.standing) write_outcome(out.string("standing"), *turn.standing);
    if (turn.standing_by) out.string("standing_by").unsigned_integer(*turn.standing_by);
    if (!seen.empty()) {
        out.string("seen").array(seen.size());
        for (const auto& observation : seen) write_observation(out, observation, /*with_reason=*/true);
    }
    return out.finish();
}

std::vector<Observation> seen_from_json(const Json& cfp_content) { return read_seen(cfp_content); }

Turn turn_from_json(const Json& json) { return read_turn(json); }

CfpContent cfp_from_payload(const protocol::Payload& content) {
    return read_payload(content, [](const protocol::PayloadValue& value) {
        return CfpContent{read_turn(value), read_seen(value)};
    });
}

protocol::Kind move_kind(MoveType type) {
    switch (type) {
        case MoveType::Offer:
            return protocol::Kind::Propose;
        case MoveType::Accept:
            return protocol::Kind::AcceptProposal;
        case MoveType::Reject:
            return protocol::Kind::RejectProposal;
        case MoveType::End:
            return protocol::Kind::End;
    }
    return protocol::Kind::End;
}

protocol::Payload move_payload(const Move& move) {
    protocol::PayloadWriter out;
    out.map(move.outcome.empty() ? 0 : 1);
    if (!move.outcome.empty()) write_outcome(out.string("outcome"), move.outcome);
    return out.finish();
}

Move move_from_message(protocol::Kind kind, const Json& content, const std::optional<protocol::Reason>& reason) {
    return read_move(kind, content, reason);
}

Move move_from_payload(protocol::Kind kind, const protocol::Payload& content,
                       const std::optional<protocol::Reason>& reason) {
    return read_payload(content, [&](const protocol::PayloadValue& value) { return read_move(kind, value, reason); });
}

protocol::Payload observation_payload(const Observation& observation) {
    protocol::PayloadWriter out;
    write_observation(out, observation, /*with_reason=*/false);
    return out.finish();
}

Json estimate_request_to_json(const std::vector<Outcome>& sample) {
    Json outcomes = Json::array();
    for (const auto& outcome : sample) outcomes.push_back(outcome_to_json(outcome));
    return outcomes;
}

std::vector<Outcome> estimate_request_from_json(const Json& end_content) {
    std::vector<Outcome> sample;
    if (!end_content.is_object()) return sample;
    auto request = end_content.find("estimate");
    if (request == end_content.end() || request->is_null()) return sample;
    for (const auto& outcome : as_array(*request, "estimate")) sample.push_back(outcome_from_json(outcome, "estimate"));
    return sample;
}

Json estimates_to_json(const std::vector<std::vector<double>>& rows) { return Json{{"estimates", rows}}; }

std::vector<std::vector<double>> estimates_from_json(const Json& json, std::size_t sample_size) {
    const auto& rows = as_array(field(json, "estimates"), "estimates");
    if (rows.size() != sample_size) throw WireError("'estimates' needs one row per sampled outcome");
    std::vector<std::vector<double>> estimates;
    for (const auto& row : rows) {
        auto& values = estimates.emplace_back();
        for (const auto& value : as_array(row, "estimates")) values.push_back(as_number(value, "estimates"));
    }
    return estimates;
}

Observation observation_from_json(const Json& json, const std::optional<protocol::Reason>& reason) {
    return read_observation(json, reason);
}

Observation observation_from_payload(const protocol::Payload& content, const std::optional<protocol::Reason>& reason) {
    return read_payload(content, [&](const protocol::PayloadValue& value) { return read_observation(value, reason); });
}

}  // namespace parley::worlds
