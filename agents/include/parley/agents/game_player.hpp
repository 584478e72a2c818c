#pragma once
// The game handler: the player's side of repeated games (protocol/SPEC.md,
// "Game content"). It keeps one strategy per game session, with the public
// history it has been told, and answers each turn with the strategy's move.
// Agent processes are named by strategy (a framework's policy or a classic
// strategy); the invitation says which game and which strategy. Messages of
// one session never touch another's state. The session router
// (session_router.hpp) gives it its sessions.

#include <parley/agents/behaviour.hpp>
#include <parley/agents/game_strategy.hpp>
#include <parley/agents/session_handler.hpp>

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace parley::agents {

class GamePlayer final : public SessionHandler {
public:
    // `strategy`: the only strategy this agent plays, in any game that has it.
    GamePlayer(std::string strategy, Parameters defaults);

    SessionKind kind() const override { return SessionKind::game; }
    void join(const std::string& session, const nlohmann::ordered_json& content) override;
    void on_turn(AgentClient& client, const protocol::Envelope& cfp) override;
    // A stage's moves, or a settled round.
    void on_inform(const protocol::Envelope& inform) override;
    // Nothing to answer: the game's results are the runner's.
    void on_end(AgentClient&, const protocol::Envelope&) override {}
    void forget(const std::string& session) override { sessions_.erase(session); }
    std::size_t active() const override { return sessions_.size(); }

private:
    struct Session {
        std::string game;
        worlds::GameSettings settings;
        worlds::PartyIndex self = 0;
        std::unique_ptr<GameStrategy> strategy;
        std::vector<worlds::GameRound> history;    // settled rounds
        std::vector<worlds::StageMoves> current;  // stages of the round in progress
    };

    std::string strategy_;
    Parameters defaults_;
    std::map<std::string, Session> sessions_;
};

}  // namespace parley::agents
