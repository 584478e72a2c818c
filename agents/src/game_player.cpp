#include <parley/agents/game_player.hpp>

#include <parley/content/game_wire.hpp>
#include <parley/protocol/json.hpp>

#include "session_messages.hpp"

namespace parley::agents {

using protocol::Envelope;
using protocol::Kind;

using session_messages::content_of;

GamePlayer::GamePlayer(std::string strategy, Parameters defaults)
    : strategy_(std::move(strategy)), defaults_(std::move(defaults)) {}

void GamePlayer::join(const std::string& session, const nlohmann::ordered_json& content) {
    const auto invitation = worlds::game_invitation_from_json(content);
    if (invitation.strategy != strategy_) {
        throw worlds::WireError("this agent plays '" + strategy_ + "', not '" + invitation.strategy + "'");
    }
    auto parameters = defaults_;
    for (const auto& [name, value] : invitation.strategy_parameters) parameters[name] = value;
    Session state;
    state.game = invitation.game;
    state.settings = invitation.settings();
    state.self = invitation.self;
    state.strategy = GameStrategyRegistry::builtin().make(invitation.game, strategy_, parameters);
    state.strategy->reset(invitation.seed);
    sessions_[session] = std::move(state);
}

void GamePlayer::on_turn(AgentClient& client, const Envelope& cfp) {
    auto& session = sessions_.at(cfp.header.session);
    const auto turn = worlds::game_turn_from_json(content_of(cfp), worlds::game_description(session.game));
    worlds::GameView view;
    view.settings = &session.settings;
    view.self = session.self;
    view.round = turn.round;
    view.stage = turn.stage;
    view.history = session.history;
    view.current = session.current;
    view.state = turn.state;
    const auto move = session.strategy->choose(view);
    protocol::ActBody answer;
    answer.content = protocol::payload_from_json(worlds::game_move_to_json(move));
    client.reply(cfp, Kind::Propose, std::move(answer));
}

void GamePlayer::on_inform(const Envelope& inform) {
    auto& session = sessions_.at(inform.header.session);
    auto report = worlds::game_report_from_json(content_of(inform), worlds::game_description(session.game),
                                               session.settings.players);
    if (report.type == worlds::GameReport::Type::Stage) {
        session.current.push_back(std::move(report.stage));
        return;
    }
    report.settled.stages = std::move(session.current);
    session.current.clear();
    session.history.push_back(std::move(report.settled));
}

}  // namespace parley::agents
