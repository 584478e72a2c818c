#pragma once
// A repeated-game match as a SessionGame: the game's directives become cfp
// (the stage asked, all players at once: moves are simultaneous) and inform
// messages (every stage's moves once all are in, then the settled round); the
// players' `propose` answers become moves. The game enforces the rules: a
// malformed, out-of-range or doubled move ends the match naming the player.

#include <parley/runner/session_game.hpp>

#include <parley/content/game_wire.hpp>
#include <parley/games/repeated_game.hpp>

#include <memory>
#include <vector>

namespace parley::runner {

class GameSession final : public SessionGame {
public:
    GameSession(std::unique_ptr<worlds::RepeatedGame> game, std::vector<worlds::GameInvitation> invitations);

    std::size_t parties() const override { return invitations_.size(); }
    nlohmann::ordered_json invitation(std::size_t party) const override;
    std::vector<Outgoing> start() override;
    bool is_answer(protocol::Kind kind) const override { return kind == protocol::Kind::Propose; }
    std::vector<Outgoing> on_answer(std::size_t party, const protocol::Envelope& message, std::string& problem) override;
    // A move that answers no pending turn breaks the rules, even when its content is valid.
    std::vector<Outgoing> on_out_of_turn(std::size_t party, const protocol::Envelope& message,
                                         std::string& problem) override;
    void on_failure(std::size_t party, worlds::Failure failure) override { game_->on_failure(party, failure); }
    // A game has no wall-clock deadline of its own (the scenario gives none).
    void on_time_up() override {}
    bool finished() const override { return game_->finished(); }
    nlohmann::ordered_json end_content() const override { return worlds::game_end_to_json(game_->result()); }

    // Valid once finished().
    worlds::GameResult result() const { return game_->result(); }
    const worlds::RepeatedGame& game() const { return *game_; }

private:
    std::vector<Outgoing> messages_for(const std::vector<worlds::GameDirective>& directives) const;

    std::unique_ptr<worlds::RepeatedGame> game_;
    std::vector<worlds::GameInvitation> invitations_;
};

}  // namespace parley::runner
