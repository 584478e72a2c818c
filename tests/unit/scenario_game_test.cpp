// Game worlds (read_world_game.cpp): the game, its parameters against the
// game's own documentation, what a game scenario may not say, and the
// messages of its matches against the protocol's limits.

#include "scenario_test_helpers.hpp"

#include <string>
#include <vector>

using namespace scenario_test;

TEST_CASE("games: invalid game worlds name the file, the line and the key") {
    check_game_errors({
        {"unknown game, near miss", game_with("name: ipd", "name: ipdd"),
         "test.yaml:5: world.game.name: unknown game \"ipdd\" (did you mean 'ipd'?)"},
        {"unknown game, far", game_with("name: ipd", "name: chess"),
         "test.yaml:5: world.game.name: unknown game \"chess\"; known games are " + known_games()},
        {"game parameter out of range", game_with("noise: 0.05", "noise: 0.9"),
         "test.yaml:8: world.game.parameters.noise: must be a number from 0 to 0.5, got \"0.9\""},
        {"unknown game parameter, near miss", game_with("noise: 0.05", "noize: 0.05"),
         "test.yaml:8: world.game.parameters.noize: unknown parameter of ipd (did you mean 'noise'?)"},
        {"unknown game parameter, far", game_with("noise: 0.05", "colour: 1"),
         "test.yaml:8: world.game.parameters.colour: unknown parameter of ipd; its parameters are reward, sucker, "
         "temptation, punishment, noise or continuation"},
        {"game parameter that is not a number", game_with("noise: 0.05", "noise: high"),
         "test.yaml:8: world.game.parameters.noise: must be a number from 0 to 0.5, got \"high\""},
        {"game rounds zero", game_with("rounds: 50", "rounds: 0"),
         "test.yaml:6: world.game.rounds: must be a positive integer, got \"0\""},
        {"unknown key in the game", game_with("rounds: 50", "round: 50"),
         "test.yaml:6: world.game.round: unknown key (did you mean 'rounds'?)"},
        {"ipd with 3 players", game_with("  mode: round_robin\n  self_play: true", "  mode: all_groups\n  group_size: 3"),
         "test.yaml:5: world.game.name: ipd: the prisoner's dilemma has exactly 2 players, not 3 (matching all_groups "
         "gives episodes of 3)"},
        {"a game and another world", game_with("world:\n", "world:\n  pie: {}\n"),
         "test.yaml:4: world: give exactly one of generate, files, pie or game"},
        {"a mechanism with a game", game_with("repetitions: 2", "repetitions: 2\nmechanism: {name: saop}"),
         "test.yaml:17: mechanism: a game has no mechanism: its rules are the game's (world.game); remove it"},
        {"information with a game", game_with("repetitions: 2", "information: private\nrepetitions: 2"),
         "test.yaml:16: information: a game has no private profiles to disclose: every move is public; remove it"},
    });
}

TEST_CASE("games: the parameters together, and the episode limit of all_groups") {
    const std::string public_goods = R"(world:
  game:
    name: public_goods
    parameters: {multiplier: 3}
roster: [{strategy: free_rider}, {strategy: punisher}]
)";
    const std::string message = game_error_of(public_goods);
    CHECK(message.starts_with("test.yaml:4: world.game.parameters: public_goods: multiplier must satisfy 1 < r < N"));
    CHECK(game_error_of(replaced(public_goods, "multiplier: 3", "multiplier: 1.5")) == "");
    // An error of the parameters together names the swept parameter that caused it.
    const std::string swept = replaced(public_goods, "multiplier: 3", "multiplier: 1.5") +
                              "sweep:\n  world.game.parameters.multiplier: [1.5, 2.5]\n";
    const std::string note = " (sweep point 1: world.game.parameters.multiplier = 2.5)";
    CHECK(game_error_of(swept).ends_with(note));

    // C(1000, 500) is far beyond any counter: the count saturates and is refused.
    const std::string huge = R"(world: {game: {name: public_goods}}
roster: [{strategy: free_rider, count: 1000}]
matching: {mode: all_groups, group_size: 500}
)";
    CHECK(game_error_of(huge) == "test.yaml:1: scenario: gives more than 10000000 episodes");
}

TEST_CASE("a game whose invitation would be refused on the wire is refused at the game") {
    const std::string long_parameter(70000, 'x');  // over the protocol's longest string
    const std::string message =
        game_error_of(game_with("  - strategy: all_d\n", "  - strategy: all_d\n    parameters: {note: " + long_parameter + "}\n"));
    CAPTURE(message.substr(0, 300));
    CHECK(message.starts_with("test.yaml:5: world.game: the invitation of a player is a message of "));
    CHECK(contains(message, " bytes, which the broker refuses: a value exceeds its limit: "));
    CHECK(message.ends_with("; play smaller groups"));
}

TEST_CASE("a game whose stage reports would be over the message limit is refused at the game") {
    // A punish stage's report holds every player's points for every player: players^2 numbers.
    const std::string crowd = R"(world:
  game:
    name: public_goods
    rounds: 5
    parameters: {punishment: 1, multiplier: 2}
roster: [{strategy: punisher, count: PLAYERS}]
matching: fixed_groups
)";
    const std::string message = game_error_of(replaced(crowd, "PLAYERS", "400"));
    CAPTURE(message);
    CHECK(message.starts_with("test.yaml:3: world.game: the report of its punish stage (every player's move) is a "
                              "message of "));
    CHECK(message.ends_with(" bytes, which the broker refuses: the protocol takes messages of at most 1048576 bytes; "
                            "play smaller groups"));
    CHECK(game_error_of(replaced(crowd, "PLAYERS", "341")) == "");
    CHECK(game_error_of(replaced(crowd, "PLAYERS", "342")).starts_with("test.yaml:3: world.game: the report"));
    // Without punishment every report holds one number per player.
    CHECK(game_error_of(replaced(replaced(crowd, "PLAYERS", "1000"), "punishment: 1", "punishment: 0")) == "");
}
