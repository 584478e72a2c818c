// What a learned game player sees and what its actions mean
// (agents/game_observation.hpp): layouts worked out by hand from games
// played through their own RepeatedGame, the padding before enough rounds,
// the scaling of moves and state, the actions of each stage, the ipd's own
// layout, and reading a policy's memory and levels back from its sizes.

#include <parley/agents/game_observation.hpp>

#include <parley/games/commons.hpp>
#include <parley/games/public_goods.hpp>
#include <parley/games/repeated_game.hpp>

#include "game_test_support.hpp"

#include <doctest/doctest.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

using namespace parley;
using parley::testing::game_settings;

namespace {

// A game of the registry, started, whose every player moves as told.
struct Played {
    std::unique_ptr<worlds::RepeatedGame> game;

    Played(const std::string& name, const worlds::GameSettings& settings)
        : game(worlds::GameRegistry::builtin().make(name, settings)) {
        game->start();
    }
    // One stage: each player's move, in seat order.
    void stage(const std::vector<std::vector<double>>& moves) {
        for (std::size_t seat = 0; seat < moves.size(); ++seat) game->on_move(seat, moves[seat]);
        REQUIRE_FALSE(game->finished());
    }
};

std::vector<float> floats(std::initializer_list<double> values) {
    std::vector<float> out;
    for (double value : values) out.push_back(static_cast<float>(value));
    return out;
}

// Public goods with punishment, 3 players, 4 rounds: stages contribute [0, 20]
// (1 number) and punish [0, 10] (3 numbers); R = 3 x (1 + 3) = 12.
worlds::GameSettings punishing_goods() { return game_settings(3, 4, {{"punishment", 1}}); }

}  // namespace

TEST_CASE("public goods: the layout worked out by hand, from seat 1") {
    const auto settings = punishing_goods();
    const auto spaces = agents::game_spaces("public_goods", settings, 1, 3);
    CHECK(spaces->observation_size() == 2 * 12 + 1 + 2);
    CHECK(spaces->memory() == 1);
    CHECK(spaces->action_names() == std::vector<std::string>{"contribute 0", "contribute 10", "contribute 20",
                                                             "punish 0", "punish 5", "punish 10"});

    Played played("public_goods", settings);
    // Round 0, from seat 1: nothing played yet, only the round and the stage.
    std::vector<float> first(27, 0.0F);
    first[25] = 1.0F;  // contribute asked
    CHECK(spaces->observation(played.game->view(1)) == first);
    played.stage({{20}, {10}, {0}});
    played.stage({{0, 2, 4}, {0, 0, 0}, {5, 0, 0}});

    // Round 1, contribute: round 0 in the memory; seat order 1, 0, 2.
    const auto contribute = spaces->observation(played.game->view(1));
    const auto expected_round = floats({0.5, 1.0, 0.0,         // contributions / 20
                                        0.0, 0.0, 0.0,         // seat 1's points, to 1, 0, 2
                                        0.2, 0.0, 0.4,         // seat 0's: to 1 = 2, to 0 = 0, to 2 = 4
                                        0.0, 0.5, 0.0});       // seat 2's: to 1 = 0, to 0 = 5, to 2 = 0
    std::vector<float> expected = expected_round;
    expected.resize(24, 0.0F);                               // nothing of round 1 played yet
    for (float value : floats({0.25, 1.0, 0.0})) expected.push_back(value);  // round 1 of 4; contribute asked
    CHECK(contribute == expected);
    CHECK(spaces->legal(played.game->view(1)) == std::vector<bool>{true, true, true, false, false, false});
    CHECK(spaces->move(played.game->view(1), 1) == std::vector<double>{10});
    CHECK_THROWS_AS(spaces->move(played.game->view(1), 3), std::invalid_argument);  // a punish action
    CHECK_THROWS_AS(spaces->move(played.game->view(1), 6), std::invalid_argument);

    // Round 1, punish: this round's contributions in the second block.
    played.stage({{0}, {20}, {10}});
    const auto punish = spaces->observation(played.game->view(1));
    expected = expected_round;
    for (float value : floats({1.0, 0.0, 0.5})) expected.push_back(value);
    expected.resize(24, 0.0F);
    for (float value : floats({0.25, 0.0, 1.0})) expected.push_back(value);
    CHECK(punish == expected);
    CHECK(spaces->legal(played.game->view(1)) == std::vector<bool>{false, false, false, true, true, true});
    // One level of points to every other player, none to itself.
    CHECK(spaces->move(played.game->view(1), 4) == std::vector<double>{5, 0, 5});
    CHECK(spaces->move(played.game->view(2), 5) == std::vector<double>{10, 10, 0});
    CHECK_THROWS_AS(spaces->move(played.game->view(1), 0), std::invalid_argument);
}

TEST_CASE("commons: the oldest rounds pad with zeros and the stock is scaled by its initial value") {
    // 2 players, stock 50 (K 100, g 0.5), harvest [0, 10]: R = 2, memory 2, one state number.
    const auto settings = game_settings(2, 5);
    const auto spaces = agents::game_spaces("commons", settings, 2, 5);
    CHECK(spaces->observation_size() == 3 * 2 + 1 + 1 + 1);
    CHECK(spaces->action_names() ==
          std::vector<std::string>{"harvest 0", "harvest 2.5", "harvest 5", "harvest 7.5", "harvest 10"});
    Played played("commons", settings);
    CHECK(spaces->observation(played.game->view(0)) == floats({0, 0, 0, 0, 0, 0, 0, 1, 1}));
    played.stage({{10}, {5}});
    // 50 - 15 = 35 regrows to 35 + 0.5 x 35 x 0.65 = 46.375.
    CHECK(spaces->observation(played.game->view(0)) == floats({1, 0.5, 0, 0, 0, 0, 0.2, 1, 46.375 / 50}));
    played.stage({{0}, {2.5}});
    const auto seat1 = spaces->observation(played.game->view(1));
    CHECK(std::vector<float>(seat1.begin(), seat1.begin() + 4) == floats({0.25, 0, 0.5, 1}));  // newest first, own first
    CHECK(seat1[6] == doctest::Approx(0.4));
    CHECK(spaces->move(played.game->view(1), 3) == std::vector<double>{7.5});
}

TEST_CASE("race: a stage asked twice in a round is one position per time") {
    const auto settings = game_settings(2, 20);  // pact_rounds 2: talk, talk, invest
    const auto spaces = agents::game_spaces("race", settings, 1, 2);
    CHECK(spaces->action_names() ==
          std::vector<std::string>{"talk#1 0", "talk#1 1", "talk#2 0", "talk#2 1", "invest 0", "invest 1"});
    CHECK(spaces->observation_size() == 2 * 6 + 1 + 3);
    Played played("race", settings);
    played.stage({{1}, {0.5}});
    const auto second_talk = spaces->observation(played.game->view(0));
    CHECK(std::vector<float>(second_talk.begin() + 6, second_talk.begin() + 8) == floats({1, 0.5}));
    CHECK(std::vector<float>(second_talk.begin() + 13, second_talk.end()) == floats({0, 1, 0}));
    CHECK(spaces->legal(played.game->view(0)) == std::vector<bool>{false, false, true, true, false, false});
}

TEST_CASE("ipd: game_spaces gives the ipd's own layout") {
    const auto settings = game_settings(2, 10);
    const auto spaces = agents::game_spaces("ipd", settings, 2, 5);
    CHECK(spaces->observation_size() == agents::ipd_observation_size(2));
    CHECK(spaces->action_names() == std::vector<std::string>{"cooperate", "defect"});
    Played played("ipd", settings);
    played.stage({{0}, {1}});
    const auto view = played.game->view(1);
    CHECK(spaces->observation(view) == agents::ipd_observation(view, 2));
    CHECK(spaces->observation(view) == floats({1, 0, 0, 1, 0, 0, 0, 0, 0.1}));
    CHECK(spaces->move(view, 1) == std::vector<double>{0});
    CHECK_THROWS_AS(spaces->move(view, 2), std::invalid_argument);
    for (std::size_t memory = 1; memory < 6; ++memory) {
        CHECK(agents::ipd_memory_of(agents::ipd_observation_size(memory)) == memory);
    }
}

TEST_CASE("a policy's memory and levels are read back from its sizes, and a policy of other settings is refused") {
    for (const auto& [game, settings] : std::vector<std::pair<std::string, worlds::GameSettings>>{
             {"public_goods", punishing_goods()}, {"commons", game_settings(4, 10)}, {"race", game_settings(3, 20)},
             {"ipd", game_settings(2, 10)}}) {
        CAPTURE(game);
        for (std::size_t memory : {1U, 4U}) {
            const auto trained = agents::game_spaces(game, settings, memory, 7);
            const agents::PolicySpaces policy{game, trained->observation_size(), trained->action_names()};
            const auto fitted = agents::game_spaces_for(game, settings, policy);
            CHECK(fitted->memory() == memory);
            CHECK(fitted->observation_size() == trained->observation_size());
            CHECK(fitted->action_names() == trained->action_names());
            agents::PolicySpaces wrong = policy;
            wrong.observation_size += 1;
            CHECK_THROWS_AS(agents::game_spaces_for(game, settings, wrong), std::invalid_argument);
        }
    }
    // The same sizes with another endowment: the levels mean other contributions.
    const auto trained = agents::game_spaces("public_goods", punishing_goods(), 2, 3);
    const agents::PolicySpaces policy{"public_goods", trained->observation_size(), trained->action_names()};
    CHECK_THROWS_AS(agents::game_spaces_for("public_goods", game_settings(3, 4, {{"punishment", 1}, {"endowment", 10}}),
                                            policy),
                    std::invalid_argument);
    // Another group size changes the observation.
    CHECK_THROWS_AS(agents::game_spaces_for("public_goods", game_settings(4, 4, {{"punishment", 1}}), policy),
                    std::invalid_argument);
}

TEST_CASE("bad layouts and views of another game are refused") {
    CHECK_THROWS_AS(agents::game_spaces("no_such_game", game_settings(2, 5), 1, 3), std::invalid_argument);
    CHECK_THROWS_AS(agents::game_spaces("commons", game_settings(2, 5), 0, 3), std::invalid_argument);
    CHECK_THROWS_AS(agents::game_spaces("commons", game_settings(2, 5), 1, 1), std::invalid_argument);
    CHECK_THROWS_AS(agents::game_spaces("ipd", game_settings(2, 5), 0, 3), std::invalid_argument);
    CHECK_THROWS_AS(agents::game_spaces("commons", game_settings(2, 5, {{"growth", 2}}), 1, 3), std::invalid_argument);
    // A layout of 2 players does not read a view of 3.
    const auto spaces = agents::game_spaces("commons", game_settings(2, 5), 1, 3);
    Played played("commons", game_settings(3, 5));
    CHECK_THROWS_AS(spaces->observation(played.game->view(0)), std::invalid_argument);
}
