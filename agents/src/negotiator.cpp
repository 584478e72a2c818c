#include <parley/agents/negotiator.hpp>

#include <parley/content/negotiation_wire.hpp>
#include <parley/protocol/json.hpp>

#include "session_messages.hpp"

namespace parley::agents {

using protocol::Envelope;
using protocol::Kind;

using session_messages::content_of;
using session_messages::payload_of;
using session_messages::reason_of;

Negotiator::Negotiator(const FrameworkInfo& framework, Parameters defaults)
    : framework_(framework), defaults_(std::move(defaults)) {}

void Negotiator::join(const std::string& session, const nlohmann::ordered_json& content) {
    auto invitation = worlds::invitation_from_json(content);
    if (invitation.framework != framework_.name) {
        throw worlds::WireError("this agent plays '" + framework_.name + "', not '" + invitation.framework + "'");
    }
    auto parameters = defaults_;
    for (const auto& [name, value] : invitation.parameters) parameters[name] = value;
    auto framework = framework_.make(parameters);
    framework->begin(invitation.setup);
    sessions_[session] = std::move(framework);
}

ValueFramework& Negotiator::framework_of(const Envelope& message) { return *sessions_.at(message.header.session); }

void Negotiator::on_turn(AgentClient& client, const Envelope& cfp) {
    auto& framework = framework_of(cfp);
    const auto content = worlds::cfp_from_payload(payload_of(cfp));
    // The moves folded into this cfp are observed first, as their informs would have been.
    for (const auto& seen : content.seen) framework.observe(seen);
    const auto move = framework.respond(content.turn);
    protocol::ActBody answer;
    answer.content = worlds::move_payload(move);
    answer.reason = move.reason;
    client.reply(cfp, worlds::move_kind(move.type), std::move(answer));
}

void Negotiator::on_inform(const Envelope& inform) {
    framework_of(inform).observe(worlds::observation_from_payload(payload_of(inform), reason_of(inform)));
}

void Negotiator::on_end(AgentClient& client, const Envelope& end) {
    const auto& framework = framework_of(end);
    const auto sample = worlds::estimate_request_from_json(content_of(end));
    if (sample.empty()) return;
    std::vector<std::vector<double>> rows;
    rows.reserve(sample.size());
    for (const auto& outcome : sample) rows.push_back(framework.estimated_utilities(outcome));
    protocol::ActBody answer;
    answer.content = protocol::payload_from_json(worlds::estimates_to_json(rows));
    client.reply(end, Kind::Inform, std::move(answer));
}

}  // namespace parley::agents
