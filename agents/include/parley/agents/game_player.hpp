#pragma once
// The player's side of repeated games (protocol/SPEC.md, "Game content"): an
// agent process keeps one strategy per game session, with the public history
// it has been told, and answers each turn with the strategy's move. Agent
// processes are named by strategy (a framework's policy or a classic
// strategy); the invitation says which game and which strategy. Messages of
// one session never touch another's state.

#include <parley/agents/behaviour.hpp>
#include <parley/agents/game_strategy.hpp>

#include <nlohmann/json.hpp>

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace parley::agents {

class GameSessions {
public:
    // `strategy`: the only strategy this agent plays, in any game that has it.
    GameSessions(std::string strategy, Parameters defaults);

    // A game invitation (its content already read as JSON): joins the session,
    // or refuses with an error and leaves.
    void accept(AgentClient& client, const protocol::Envelope& invite, const nlohmann::ordered_json& content);
    bool owns(const std::string& session) const { return sessions_.contains(session); }
    void on_turn(AgentClient& client, const protocol::Envelope& cfp);
    void on_report(const protocol::Envelope& inform);
    void on_end(AgentClient& client, const protocol::Envelope& end);
    // The runner gone, the game is over for this player too.
    void on_session_event(const protocol::Envelope& event);
    std::size_t active() const { return sessions_.size(); }

private:
    struct Session {
        std::string runner;  // who invited: the only one whose messages count
        std::string game;
        worlds::GameSettings settings;
        worlds::PartyIndex self = 0;
        std::unique_ptr<GameStrategy> strategy;
        std::vector<worlds::GameRound> history;    // settled rounds
        std::vector<worlds::StageMoves> current;  // stages of the round in progress
    };
    Session* session_of(const protocol::Envelope& message);

    std::string strategy_;
    Parameters defaults_;
    std::map<std::string, Session> sessions_;
};

// One behaviour for each classic game strategy that is not also a value
// framework (frameworks play games through their negotiator behaviour).
void add_game_player_behaviours(BehaviourRegistry& registry);

}  // namespace parley::agents
