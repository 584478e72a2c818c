// world.game: a repeated game of GameRegistry::builtin() instead of a
// negotiation domain. Its parameters are checked against the game's own
// documentation (GameInfo), its players are the parties of a match.

#include "scenario_sections.hpp"

#include <parley/games/repeated_game.hpp>

#include <algorithm>
#include <stdexcept>

namespace parley::worlds::detail {
namespace {

const std::vector<std::string> kGameKeys = {"name", "rounds", "reply_timeout_ms", "parameters"};
constexpr std::uint64_t kDefaultGameRounds = 10;

// Each parameter against the game's own documentation (GameInfo), so that
// a typo or a value out of range is reported at its line, in the words of
// every other key.
std::map<std::string, double> read_game_parameters(const MapReader& game, const std::string& name) {
    std::map<std::string, double> values;
    if (!game.has("parameters")) return values;
    MapReader parameters(game.context(), game.get("parameters"), "world.game.parameters", {}, game.mark());
    const GameInfo& info = *GameRegistry::builtin().find(name);
    std::vector<std::string> documented;
    for (const GameParameterInfo& parameter : info.parameters) documented.push_back(parameter.name);
    for (const auto& key : parameters.keys()) {
        const auto known = std::find(documented.begin(), documented.end(), key);
        const YAML::Node value = parameters.get(key);
        if (known == documented.end()) {
            game.context().fail(value.Mark(), parameters.path_of(key),
                                "unknown parameter of " + name +
                                    hint_or_listing(key, documented, "; its parameters are " + join_names(documented)),
                                parameters.mark());
        }
        const GameParameterInfo& range = info.parameters[static_cast<std::size_t>(known - documented.begin())];
        values[key] = parameters.to_number(value, parameters.path_of(key), range.low, range.high);
    }
    return values;
}

// GameRegistry::resolve decides what a game accepts (each parameter is
// already in its range); this only finds the key to blame when it
// refuses: the number of players (from the matching), or the parameters
// together.
void check_game_settings(const MapReader& game, const GameWorld& world, const MatchingSpec& matching) {
    const std::size_t players = matching.group_size;
    const auto refusal = [&](const std::map<std::string, double>& parameters) -> std::optional<std::string> {
        try {
            (void)GameRegistry::builtin().resolve(world.game, GameSettings{players, world.rounds, 0, parameters});
            return std::nullopt;
        } catch (const std::invalid_argument& error) {
            return error.what();
        }
    };
    const auto why = refusal(world.parameters);
    if (!why) return;
    if (auto players_refused = refusal({})) {
        game.context().fail(game.get("name").Mark(), "world.game.name",
                            *players_refused + " (matching " + std::string(matching_mode_name(matching.mode)) +
                                " gives episodes of " + std::to_string(players) + ")",
                            game.mark());
    }
    const YAML::Node parameters = game.get("parameters");
    game.context().fail(parameters.IsDefined() ? parameters.Mark() : game.mark(), "world.game.parameters", *why,
                        game.mark());
}

}  // namespace

MapReader read_game_map(const MapReader& world) {
    return MapReader(world.context(), world.get("game"), "world.game", kGameKeys, world.mark());
}

std::string read_game_name(const MapReader& game) {
    const YAML::Node node = game.require("name");
    const std::string name = game.to_string(node, "world.game.name");
    const GameRegistry& games = GameRegistry::builtin();
    if (games.find(name)) return name;
    std::vector<std::string> known;
    for (const GameInfo* info : games.list()) known.push_back(info->name);
    game.context().fail(
        node.Mark(), "world.game.name",
        "unknown game \"" + name + "\"" + hint_or_listing(name, known, "; known games are " + join_names(known)),
        game.mark());
}

GameWorld read_game_world(const MapReader& game, const std::string& name, const MatchingSpec& matching) {
    GameWorld world;
    world.game = name;
    world.rounds = static_cast<std::uint32_t>(game.unsigned_value("rounds", 1, kMaxRounds, kDefaultGameRounds));
    world.reply_timeout_ms =
        static_cast<std::uint32_t>(game.unsigned_value("reply_timeout_ms", 1, kMaxReplyTimeoutMs, 10'000));
    world.parameters = read_game_parameters(game, name);
    check_game_settings(game, world, matching);
    return world;
}

// What every player is sent (its invitation, the report of every stage of a
// round) must pass the protocol's limits.
void check_game_messages(SectionReading& reading, const MapReader& game, const ScenarioSettings& settings) {
    if (auto refusal = reading.message_checks.game_messages_refusal(settings)) {
        reading.context.fail(game.mark(), "world.game", *refusal + "; play smaller groups");
    }
}

}  // namespace parley::worlds::detail
