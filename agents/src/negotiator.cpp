#include <parley/agents/negotiator.hpp>

#include <parley/protocol/json.hpp>
#include <parley/content/game_wire.hpp>
#include <parley/content/negotiation_wire.hpp>

#include <spdlog/spdlog.h>

#include "session_messages.hpp"

namespace parley::agents {

using protocol::Envelope;
using protocol::Kind;

using session_messages::content_of;
using session_messages::payload_of;
using session_messages::reason_of;
using session_messages::refuse;

NegotiatorBehaviour::NegotiatorBehaviour(const FrameworkInfo* framework, std::string name, Parameters defaults)
    : framework_(framework), name_(std::move(name)), defaults_(std::move(defaults)), games_(name_, defaults_) {}

void NegotiatorBehaviour::attach(AgentClient& client) {
    client.on(Kind::SessionInvite, [this](AgentClient& self, const Envelope& invite) { on_invite(self, invite); });
    client.on(Kind::Cfp, [this](AgentClient& self, const Envelope& cfp) {
        if (games_.owns(cfp.header.session)) return games_.on_turn(self, cfp);
        on_turn(self, cfp);
    });
    client.on(Kind::Inform, [this](AgentClient&, const Envelope& inform) {
        if (games_.owns(inform.header.session)) return games_.on_report(inform);
        on_observation(inform);
    });
    client.on(Kind::End, [this](AgentClient& self, const Envelope& end) {
        if (games_.owns(end.header.session)) return games_.on_end(self, end);
        Session* session = session_of(end);
        if (session == nullptr) return;
        answer_estimate_request(self, end, *session);
        sessions_.erase(end.header.session);
        self.send_in_session(end.header.session, Kind::SessionLeave, protocol::EmptyBody{});
    });
    client.on(Kind::SessionEvent, [this](AgentClient&, const Envelope& event) {
        games_.on_session_event(event);
        // The runner gone, the episode is over for this party too.
        const auto& body = std::get<protocol::SessionEventBody>(event.body);
        auto found = sessions_.find(event.header.session);
        if (found != sessions_.end() && body.member == found->second.runner &&
            body.event != protocol::SessionEventType::Joined) {
            sessions_.erase(found);
        }
    });
}

void NegotiatorBehaviour::on_invite(AgentClient& client, const Envelope& invite) {
    const auto& body = std::get<protocol::SessionInviteBody>(invite.body);
    try {
        const auto content = protocol::payload_to_json(body.content);
        if (worlds::is_game_invitation(content)) return games_.accept(client, invite, content);
        if (framework_ == nullptr) throw worlds::WireError("'" + name_ + "' plays only games, not negotiations");
        auto invitation = worlds::invitation_from_json(content);
        if (invitation.framework != framework_->name) {
            throw worlds::WireError("this agent plays '" + framework_->name + "', not '" + invitation.framework + "'");
        }
        auto parameters = defaults_;
        for (const auto& [name, value] : invitation.parameters) parameters[name] = value;
        auto framework = framework_->make(parameters);
        framework->begin(invitation.setup);
        sessions_[invite.header.session] = Session{invite.header.sender, std::move(framework)};
        client.send_in_session(invite.header.session, Kind::SessionJoin, protocol::EmptyBody{});
    } catch (const std::exception& error) {
        // Declining tells the runner at once; the error says why.
        refuse(client, invite, std::string("invitation refused: ") + error.what());
        client.send_in_session(invite.header.session, Kind::SessionLeave, protocol::EmptyBody{});
    }
}

void NegotiatorBehaviour::on_turn(AgentClient& client, const Envelope& cfp) {
    Session* session = session_of(cfp);
    if (session == nullptr) return;
    try {
        const auto content = worlds::cfp_from_payload(payload_of(cfp));
        // The moves folded into this cfp are observed first, as their informs would have been.
        for (const auto& seen : content.seen) session->framework->observe(seen);
        const auto move = session->framework->respond(content.turn);
        protocol::ActBody answer;
        answer.content = worlds::move_payload(move);
        answer.reason = move.reason;
        client.reply(cfp, worlds::move_kind(move.type), std::move(answer));
    } catch (const std::exception& error) {
        refuse(client, cfp, error.what());
    }
}

void NegotiatorBehaviour::on_observation(const Envelope& inform) {
    Session* session = session_of(inform);
    if (session == nullptr) return;
    try {
        session->framework->observe(worlds::observation_from_payload(payload_of(inform), reason_of(inform)));
    } catch (const std::exception& error) {
        spdlog::warn("ignoring a malformed observation from '{}': {}", inform.header.sender, error.what());
    }
}

void NegotiatorBehaviour::answer_estimate_request(AgentClient& client, const Envelope& end, Session& session) {
    try {
        const auto sample = worlds::estimate_request_from_json(content_of(end));
        if (sample.empty()) return;
        std::vector<std::vector<double>> rows;
        rows.reserve(sample.size());
        for (const auto& outcome : sample) rows.push_back(session.framework->estimated_utilities(outcome));
        protocol::ActBody answer;
        answer.content = protocol::payload_from_json(worlds::estimates_to_json(rows));
        client.reply(end, Kind::Inform, std::move(answer));
    } catch (const std::exception& error) {
        refuse(client, end, error.what());
    }
}

NegotiatorBehaviour::Session* NegotiatorBehaviour::session_of(const Envelope& message) {
    auto found = sessions_.find(message.header.session);
    // Only the runner that invited this party speaks for the mechanism.
    if (found == sessions_.end() || found->second.runner != message.header.sender) return nullptr;
    return &found->second;
}

void add_negotiator_behaviours(BehaviourRegistry& registry) {
    for (const auto* framework : FrameworkRegistry::builtin().list()) {
        registry.add({framework->name, framework->description, [framework](const Parameters& defaults) {
                          return std::make_unique<NegotiatorBehaviour>(framework, framework->name, defaults);
                      }});
    }
}

}  // namespace parley::agents
