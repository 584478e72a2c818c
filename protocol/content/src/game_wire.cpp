#include <parley/content/game_wire.hpp>

#include "wire_fields.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string_view>

namespace parley::worlds {
namespace {

using wire::as_array;
using wire::as_number;
using wire::as_string;
using wire::as_uint;
using wire::field;
using wire::Json;

constexpr std::size_t kMaxPlayers = 1000;  // as GameRegistry allows

// The fields of version 1 that every turn and every round report carries,
// whatever the game (see game_wire.hpp).
constexpr std::array<std::string_view, 1> kTurnFields = {"stock"};
constexpr std::array<std::string_view, 2> kRoundFields = {"stock_before", "stock_after"};

template <std::size_t N>
bool is_fixed(const std::array<std::string_view, N>& fields, const std::string& name) {
    return std::find(fields.begin(), fields.end(), name) != fields.end();
}

// Writes the fixed fields (each the number of that name, or 0), then every
// other number by its name. A game's number named like a field the message
// already has is a mistake in the game's description, never input.
template <std::size_t N>
void put_numbers(Json& json, const std::array<std::string_view, N>& fields, const NamedNumbers& numbers) {
    for (std::string_view name : fields) json[std::string(name)] = find_number(numbers, name).value_or(0.0);
    for (const auto& [name, value] : numbers) {
        if (is_fixed(fields, name)) continue;
        if (json.contains(name)) throw std::logic_error("the game's number '" + name + "' is named like a message field");
        json[name] = value;
    }
}

// Reads the fixed fields (each must be there), then the numbers the game declares.
template <std::size_t N>
NamedNumbers get_numbers(const Json& json, const std::array<std::string_view, N>& fields,
                         const std::vector<NumberInfo>& declared) {
    for (std::string_view name : fields) {
        const std::string key(name);
        (void)as_number(field(json, key.c_str()), key.c_str());
    }
    NamedNumbers numbers;
    for (const NumberInfo& number : declared) {
        numbers.emplace_back(number.name, as_number(field(json, number.name.c_str()), number.name.c_str()));
    }
    return numbers;
}

// The stage of `game` that a message names.
const StageInfo& stage_of(const GameInfo& game, const std::string& name) {
    const StageInfo* stage = game.stage(name);
    if (stage == nullptr) throw WireError("unknown stage '" + name.substr(0, 32) + "'");
    return *stage;
}

std::uint32_t as_round(const Json& value, const char* name) {
    const auto round = as_uint(value, name);
    if (round > std::numeric_limits<std::uint32_t>::max()) throw WireError("'" + std::string(name) + "' out of range");
    return static_cast<std::uint32_t>(round);
}

Json numbers_to_json(std::span<const double> values) {
    Json array = Json::array();
    for (double value : values) array.push_back(value);
    return array;
}

std::vector<double> numbers_from_json(const Json& value, const char* name) {
    std::vector<double> numbers;
    for (const auto& item : as_array(value, name)) numbers.push_back(as_number(item, name));
    return numbers;
}

// A list of one number per player.
std::vector<double> per_player(const Json& object, const char* name, std::size_t players) {
    auto values = numbers_from_json(field(object, name), name);
    if (values.size() != players) throw WireError("'" + std::string(name) + "' must hold one number per player");
    return values;
}

}  // namespace

const GameInfo& game_description(const std::string& name) {
    const GameInfo* game = GameRegistry::builtin().find(name);
    if (game == nullptr) throw WireError("unknown game '" + name.substr(0, 32) + "'");
    return *game;
}

GameSettings GameInvitation::settings() const {
    GameSettings settings;
    settings.players = parties.size();
    settings.rounds = rounds;
    settings.seed = 0;
    settings.parameters = parameters;
    return settings;
}

bool is_game_invitation(const Json& json) { return json.is_object() && json.contains("game"); }

Json game_invitation_to_json(const GameInvitation& invitation) {
    Json parameters = Json::object();
    for (const auto& [name, value] : invitation.parameters) parameters[name] = value;
    Json strategy_parameters = Json::object();
    for (const auto& [name, value] : invitation.strategy_parameters) strategy_parameters[name] = value;
    return {{"game", invitation.game},
            {"self", static_cast<std::uint64_t>(invitation.self)},
            {"parties", invitation.parties},
            {"rounds", invitation.rounds},
            {"parameters", std::move(parameters)},
            {"seed", invitation.seed},
            {"strategy", invitation.strategy},
            {"strategy_parameters", std::move(strategy_parameters)}};
}

GameInvitation game_invitation_from_json(const Json& json) {
    GameInvitation invitation;
    invitation.game = as_string(field(json, "game"), "game");
    for (const auto& party : as_array(field(json, "parties"), "parties")) {
        invitation.parties.push_back(as_string(party, "parties"));
    }
    if (invitation.parties.size() < 2 || invitation.parties.size() > kMaxPlayers) {
        throw WireError("'parties' must name 2 to " + std::to_string(kMaxPlayers) + " players");
    }
    invitation.self = static_cast<PartyIndex>(as_uint(field(json, "self"), "self"));
    if (invitation.self >= invitation.parties.size()) throw WireError("'self' is not the index of a player");
    invitation.rounds = as_round(field(json, "rounds"), "rounds");
    if (invitation.rounds == 0) throw WireError("'rounds' must be at least 1");
    const Json& parameters = field(json, "parameters");
    if (!parameters.is_object()) throw WireError("'parameters' must be an object");
    for (const auto& [name, value] : parameters.items()) {
        const double number = as_number(value, "parameters");
        if (!std::isfinite(number)) throw WireError("parameter '" + name + "' must be finite");
        invitation.parameters[name] = number;
    }
    invitation.seed = as_uint(field(json, "seed"), "seed");
    invitation.strategy = as_string(field(json, "strategy"), "strategy");
    if (json.contains("strategy_parameters")) {
        const Json& given = json["strategy_parameters"];
        if (!given.is_object()) throw WireError("'strategy_parameters' must be an object");
        for (const auto& [name, value] : given.items()) {
            invitation.strategy_parameters[name] = as_string(value, "strategy_parameters");
        }
    }
    return invitation;
}

Json game_turn_to_json(const GameTurn& turn) {
    Json json = {{"round", turn.round},
                 {"stage", turn.stage.name},
                 {"width", static_cast<std::uint64_t>(turn.stage.width)},
                 {"low", turn.stage.low},
                 {"high", turn.stage.high},
                 {"whole", turn.stage.whole}};
    put_numbers(json, kTurnFields, turn.state);
    return json;
}

GameTurn game_turn_from_json(const Json& json, const GameInfo& game) {
    GameTurn turn;
    turn.round = as_round(field(json, "round"), "round");
    const StageInfo& stage = stage_of(game, as_string(field(json, "stage"), "stage"));
    turn.stage.name = stage.name;
    turn.stage.per_player = stage.per_player;
    const auto width = as_uint(field(json, "width"), "width");
    if (width == 0 || width > kMaxPlayers) throw WireError("'width' must be 1 to " + std::to_string(kMaxPlayers));
    turn.stage.width = static_cast<std::size_t>(width);
    turn.stage.low = as_number(field(json, "low"), "low");
    turn.stage.high = as_number(field(json, "high"), "high");
    if (!(turn.stage.low <= turn.stage.high)) throw WireError("'low' must not exceed 'high'");
    const Json& whole = field(json, "whole");
    if (!whole.is_boolean()) throw WireError("'whole' must be true or false");
    turn.stage.whole = whole.get<bool>();
    turn.state = get_numbers(json, kTurnFields, game.state);
    return turn;
}

Json game_move_to_json(std::span<const double> move) { return {{"move", numbers_to_json(move)}}; }

std::vector<double> game_move_from_json(const Json& json) {
    auto move = numbers_from_json(field(json, "move"), "move");
    if (move.size() > kMaxPlayers) throw WireError("'move' holds more numbers than any stage asks");
    return move;
}

Json stage_report_to_json(std::uint32_t round, const StageMoves& moves) {
    Json all = Json::array();
    for (const auto& move : moves.moves) all.push_back(numbers_to_json(move));
    return {{"report", "stage"}, {"round", round}, {"stage", moves.name}, {"moves", all}};
}

Json round_report_to_json(std::uint32_t round, const GameRound& settled) {
    Json json = {{"report", "round"},
                 {"round", round},
                 {"payoffs", numbers_to_json(settled.payoffs)},
                 {"received", numbers_to_json(settled.received)}};
    put_numbers(json, kRoundFields, settled.numbers);
    return json;
}

GameReport game_report_from_json(const Json& json, const GameInfo& game, std::size_t players) {
    GameReport report;
    const std::string type = as_string(field(json, "report"), "report");
    report.round = as_round(field(json, "round"), "round");
    if (type == "stage") {
        report.type = GameReport::Type::Stage;
        report.stage.name = stage_of(game, as_string(field(json, "stage"), "stage")).name;
        const Json& moves = as_array(field(json, "moves"), "moves");
        if (moves.size() != players) throw WireError("'moves' must hold one move per player");
        for (const auto& move : moves) report.stage.moves.push_back(numbers_from_json(move, "moves"));
        return report;
    }
    if (type != "round") throw WireError("unknown report '" + type.substr(0, 32) + "'");
    report.type = GameReport::Type::Round;
    report.settled.payoffs = per_player(json, "payoffs", players);
    report.settled.received = per_player(json, "received", players);
    report.settled.numbers = get_numbers(json, kRoundFields, game.round_numbers);
    return report;
}

Json game_end_to_json(const GameResult& result) {
    return {{"reason", std::string(game_end_reason_name(result.reason))}, {"rounds", result.rounds_played}};
}

}  // namespace parley::worlds
