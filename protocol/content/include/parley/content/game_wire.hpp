#pragma once
// The content of repeated-game messages (protocol/SPEC.md, "Game content"):
// how an invitation, a turn (the stage asked), a move and the reports of
// stages and rounds travel inside session_invite, cfp, propose and inform.
// Both the runner and the agents use these functions, so the two sides cannot
// drift apart. Reading is strict: anything malformed throws WireError naming
// the field.
//
// The names in these messages are the game's own (GameInfo): a turn or a
// stage report names its stage as the game's description does, and the
// game's state and per-round numbers travel as fields under their declared
// names. A reader is given the game's description and accepts the stages and
// fields it declares. Version 1 of the protocol always carried a resource:
// `stock` in every turn, `stock_before` and `stock_after` in every round
// report. Those fields stay in every message, in their place: a game that
// declares a number of that name fills it, every other game sends 0 (and its
// readers ignore it); any other declared number follows them.

#include <parley/content/negotiation_wire.hpp>
#include <parley/games/repeated_game.hpp>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <vector>

namespace parley::worlds {

// What a player receives in its session_invite. The game's own seed (noise,
// random length, catastrophes) is never sent: only the player's seed.
struct GameInvitation {
    std::string game;
    PartyIndex self = 0;
    std::vector<std::string> parties;  // agent names, by player index
    std::uint32_t rounds = 0;          // the settings' rounds (for ipd with continuation < 1: the cap)
    std::map<std::string, double> parameters;  // every parameter of the game, defaults filled in
    std::uint64_t seed = 0;                    // this player's seed: its only source of randomness
    std::string strategy;                      // what it is to play: a framework's policy or a classic strategy
    std::map<std::string, std::string> strategy_parameters;

    // The settings as the player may know them (seed 0: the game's is secret).
    GameSettings settings() const;
};

nlohmann::ordered_json game_invitation_to_json(const GameInvitation& invitation);
GameInvitation game_invitation_from_json(const nlohmann::ordered_json& json);
// True when an invitation's content is a game's (it has a `game` field).
bool is_game_invitation(const nlohmann::ordered_json& json);

// The description of the built-in game `name` (GameRegistry::builtin()), by
// which its messages are read; throws WireError for an unknown game.
const GameInfo& game_description(const std::string& name);

// A cfp: the stage asked of the player now.
struct GameTurn {
    std::uint32_t round = 0;
    StageSpec stage;
    NamedNumbers state;  // the game's state now (RepeatedGame::state())
};

nlohmann::ordered_json game_turn_to_json(const GameTurn& turn);
// `game`: the game played, whose stages and state the turn must name.
GameTurn game_turn_from_json(const nlohmann::ordered_json& json, const GameInfo& game);

// A move: `propose` with {move: [numbers]}.
nlohmann::ordered_json game_move_to_json(std::span<const double> move);
std::vector<double> game_move_from_json(const nlohmann::ordered_json& json);

// What the runner tells every player: the moves of a stage once all are in,
// then the settled round.
struct GameReport {
    enum class Type : std::uint8_t { Stage, Round };
    Type type = Type::Stage;
    std::uint32_t round = 0;
    StageMoves stage;   // with Stage
    GameRound settled;  // with Round: payoffs, received, the round's numbers (no stages)
};

nlohmann::ordered_json stage_report_to_json(std::uint32_t round, const StageMoves& moves);
nlohmann::ordered_json round_report_to_json(std::uint32_t round, const GameRound& settled);
// `game`: the game played, whose stages and per-round numbers the report must
// name; `players`: how many numbers per-player lists must hold.
GameReport game_report_from_json(const nlohmann::ordered_json& json, const GameInfo& game, std::size_t players);

// The `end` of a game: why it ended and how many rounds were played.
nlohmann::ordered_json game_end_to_json(const GameResult& result);

}  // namespace parley::worlds
