#include <parley/agents/game_player.hpp>
#include <parley/agents/negotiator.hpp>

#include <parley/protocol/json.hpp>
#include <parley/content/game_wire.hpp>

#include <spdlog/spdlog.h>

#include "session_messages.hpp"

#include <set>

namespace parley::agents {

using protocol::Envelope;
using protocol::Kind;

using session_messages::content_of;
using session_messages::refuse;

GameSessions::GameSessions(std::string strategy, Parameters defaults)
    : strategy_(std::move(strategy)), defaults_(std::move(defaults)) {}

void GameSessions::accept(AgentClient& client, const Envelope& invite, const nlohmann::ordered_json& content) {
    try {
        const auto invitation = worlds::game_invitation_from_json(content);
        if (invitation.strategy != strategy_) {
            throw worlds::WireError("this agent plays '" + strategy_ + "', not '" + invitation.strategy + "'");
        }
        auto parameters = defaults_;
        for (const auto& [name, value] : invitation.strategy_parameters) parameters[name] = value;
        Session session;
        session.runner = invite.header.sender;
        session.game = invitation.game;
        session.settings = invitation.settings();
        session.self = invitation.self;
        session.strategy = GameStrategyRegistry::builtin().make(invitation.game, strategy_, parameters);
        session.strategy->reset(invitation.seed);
        sessions_[invite.header.session] = std::move(session);
        client.send_in_session(invite.header.session, Kind::SessionJoin, protocol::EmptyBody{});
    } catch (const std::exception& error) {
        refuse(client, invite, std::string("invitation refused: ") + error.what());
        client.send_in_session(invite.header.session, Kind::SessionLeave, protocol::EmptyBody{});
    }
}

GameSessions::Session* GameSessions::session_of(const Envelope& message) {
    auto found = sessions_.find(message.header.session);
    if (found == sessions_.end() || found->second.runner != message.header.sender) return nullptr;
    return &found->second;
}

void GameSessions::on_turn(AgentClient& client, const Envelope& cfp) {
    Session* session = session_of(cfp);
    if (session == nullptr) return;
    try {
        const auto turn = worlds::game_turn_from_json(content_of(cfp), worlds::game_description(session->game));
        worlds::GameView view;
        view.settings = &session->settings;
        view.self = session->self;
        view.round = turn.round;
        view.stage = turn.stage;
        view.history = session->history;
        view.current = session->current;
        view.state = turn.state;
        const auto move = session->strategy->choose(view);
        protocol::ActBody answer;
        answer.content = protocol::payload_from_json(worlds::game_move_to_json(move));
        client.reply(cfp, Kind::Propose, std::move(answer));
    } catch (const std::exception& error) {
        refuse(client, cfp, error.what());
    }
}

void GameSessions::on_report(const Envelope& inform) {
    Session* session = session_of(inform);
    if (session == nullptr) return;
    try {
        auto report = worlds::game_report_from_json(content_of(inform), worlds::game_description(session->game),
                                                   session->settings.players);
        if (report.type == worlds::GameReport::Type::Stage) {
            session->current.push_back(std::move(report.stage));
            return;
        }
        report.settled.stages = std::move(session->current);
        session->current.clear();
        session->history.push_back(std::move(report.settled));
    } catch (const std::exception& error) {
        spdlog::warn("ignoring a malformed game report from '{}': {}", inform.header.sender, error.what());
    }
}

void GameSessions::on_end(AgentClient& client, const Envelope& end) {
    if (session_of(end) == nullptr) return;
    sessions_.erase(end.header.session);
    client.send_in_session(end.header.session, Kind::SessionLeave, protocol::EmptyBody{});
}

void GameSessions::on_session_event(const Envelope& event) {
    const auto& body = std::get<protocol::SessionEventBody>(event.body);
    auto found = sessions_.find(event.header.session);
    if (found != sessions_.end() && body.member == found->second.runner &&
        body.event != protocol::SessionEventType::Joined) {
        sessions_.erase(found);
    }
}

void add_game_player_behaviours(BehaviourRegistry& registry) {
    const auto& strategies = GameStrategyRegistry::builtin();
    std::set<std::string> added;
    for (const auto& world : strategies.worlds()) {
        for (const auto* info : strategies.list(world)) {
            if (FrameworkRegistry::builtin().find(info->name) != nullptr || !added.insert(info->name).second) continue;
            registry.add({info->name, "plays the classic strategy '" + info->name + "' in the games that have it",
                          [name = info->name](const Parameters& defaults) {
                              return std::make_unique<NegotiatorBehaviour>(nullptr, name, defaults);
                          }});
        }
    }
}

}  // namespace parley::agents
