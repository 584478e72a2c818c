#include "game_session.hpp"

#include <parley/protocol/json.hpp>

namespace parley::runner {

using protocol::Kind;

GameSession::GameSession(std::unique_ptr<worlds::RepeatedGame> game, std::vector<worlds::GameInvitation> invitations)
    : game_(std::move(game)), invitations_(std::move(invitations)) {}

nlohmann::ordered_json GameSession::invitation(std::size_t party) const {
    return worlds::game_invitation_to_json(invitations_.at(party));
}

std::vector<Outgoing> GameSession::start() { return messages_for(game_->start()); }

std::vector<Outgoing> GameSession::on_answer(std::size_t party, const protocol::Envelope& message,
                                             std::string& problem) {
    std::vector<double> move;
    try {
        const auto* act = std::get_if<protocol::ActBody>(&message.body);
        move = worlds::game_move_from_json(protocol::payload_to_json(act->content));
    } catch (const worlds::WireError& error) {
        // An empty move is never the width a stage asks: the game names the offender.
        problem = std::string("player " + std::to_string(party) + " sent a malformed move: ") + error.what();
        move.clear();
    }
    return messages_for(game_->on_move(party, move));
}

std::vector<Outgoing> GameSession::on_out_of_turn(std::size_t party, const protocol::Envelope& message,
                                                  std::string& problem) {
    problem = "player " + std::to_string(party) + " moved out of turn (its move answers no pending turn" +
              (message.header.in_reply_to ? ": re " + std::to_string(*message.header.in_reply_to) : "") + ")";
    // No width a stage asks is 0: the game ends the match naming the player.
    return messages_for(game_->on_move(party, std::vector<double>{}));
}

std::vector<Outgoing> GameSession::messages_for(const std::vector<worlds::GameDirective>& directives) const {
    std::vector<Outgoing> messages;
    messages.reserve(directives.size());
    for (const auto& directive : directives) {
        switch (directive.type) {
            case worlds::GameDirective::Type::Ask:
                messages.push_back({directive.player, Kind::Cfp,
                                    protocol::payload_from_json(
                                        worlds::game_turn_to_json({directive.round, directive.stage, game_->state()})),
                                    std::nullopt});
                break;
            case worlds::GameDirective::Type::InformStage:
                messages.push_back({directive.player, Kind::Inform,
                                    protocol::payload_from_json(worlds::stage_report_to_json(directive.round, directive.moves)),
                                    std::nullopt});
                break;
            case worlds::GameDirective::Type::InformRound:
                messages.push_back({directive.player, Kind::Inform,
                                    protocol::payload_from_json(
                                        worlds::round_report_to_json(directive.round, directive.settled)),
                                    std::nullopt});
                break;
        }
    }
    return messages;
}

}  // namespace parley::runner
