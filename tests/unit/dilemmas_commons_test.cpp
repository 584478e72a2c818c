// The commons (games/commons.hpp): one round by hand, proportional
// rationing, collapse, the sustainability of stock-keeping harvesters against
// the collapse of greedy ones, the metrics, violations and determinism.

#include <parley/agents/game_strategy.hpp>
#include <parley/content/game_wire.hpp>
#include <parley/games/commons.hpp>
#include <parley/games/repeated_game.hpp>

#include "game_test_support.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <memory>
#include <string>
#include <vector>

using namespace parley::worlds;

namespace {

GameSettings commons(std::size_t players, std::uint32_t rounds, std::map<std::string, double> parameters = {},
                     std::uint64_t seed = 0) {
    return parley::testing::game_settings(players, rounds, std::move(parameters), seed);
}

GameChooser asks(double amount) {
    return [amount](const GameView&) { return std::vector<double>{amount}; };
}

GameChooser greedy() {
    return [](const GameView& view) { return std::vector<double>{view.parameter("max_harvest")}; };
}

// Its share of the stock-keeping harvest, within the bounds.
GameChooser stock_keeper() {
    return [](const GameView& view) {
        const double total = stock_keeping_harvest(view.state_number(kCommonsStock), view.parameter("capacity"), view.parameter("growth"));
        return std::vector<double>{
            std::min(view.parameter("max_harvest"), total / static_cast<double>(view.players()))};
    };
}

std::vector<GameChooser> all(std::size_t players, const GameChooser& chooser) {
    return std::vector<GameChooser>(players, chooser);
}

}  // namespace

TEST_CASE("one commons round by hand") {
    // Defaults: S0 = 50, K = 100, g = 0.5. Requests 2, 3, 0, 5 (10 <= 50): each
    // gets what it asked, 40 is left and regrows to 40 + 0.5 * 40 * 0.6 = 52.
    const std::vector<GameChooser> players{asks(2), asks(3), asks(0), asks(5)};
    const GameResult result = play_game("commons", commons(4, 1), players);
    REQUIRE(result.reason == GameEndReason::Completed);
    REQUIRE(result.history.size() == 1);
    const GameRound& round = result.history[0];
    CHECK(round.number(kCommonsStockBefore) == 50.0);
    CHECK(round.number(kCommonsStockAfter) == doctest::Approx(52.0));
    CHECK(round.payoffs == std::vector<double>{2, 3, 0, 5});
    CHECK(round.received == std::vector<double>{2, 3, 0, 5});
    // Metrics: the sustainable share at 50 is 0.5 * 50 * 0.5 / 4 = 3.125, but
    // cooperating is asking no more than the stock-keeping share, 11.8034 / 4 = 2.95.
    CHECK(sustainable_share(50, 100, 0.5, 4) == 3.125);
    CHECK(result.cooperation_rates == std::vector<double>{1, 0, 1, 0});
    CHECK(result.cooperation_rate == 0.5);
    CHECK(result.efficiency == 10.0);
    // Gini: ordered pairs' |differences| sum to 32; 32 / (2 * 4 * 10) = 0.4.
    CHECK(result.equality == doctest::Approx(0.6));
    CHECK(result.timing == 1.0);
    REQUIRE(result.metric(kCommonsResourceLeft).has_value());
    CHECK(*result.metric(kCommonsResourceLeft) == doctest::Approx(0.52));
    CHECK(result.nash_welfare == 0.0);  // one player got nothing
    CHECK(result.peace == 1.0);         // no punishment stage
}

TEST_CASE("requests beyond the stock are shared in proportion; a stock below the threshold collapses") {
    // S0 = 12, collapse 1: requests 10, 10, 4, 0 (24 > 12) get 5, 5, 2, 0; nothing is left: collapse.
    const std::vector<GameChooser> players{asks(10), asks(10), asks(4), asks(0)};
    const GameResult result = play_game("commons", commons(4, 10, {{"stock", 12}, {"collapse", 1}}), players);
    CHECK(result.reason == GameEndReason::Collapsed);
    CHECK_FALSE(result.offender.has_value());
    CHECK(result.rounds_played == 1);
    CHECK(result.history[0].received == std::vector<double>{5, 5, 2, 0});
    CHECK(result.history[0].number(kCommonsStockAfter) == 0.0);
    CHECK(*result.metric(kCommonsResourceLeft) == 0.0);
    // The lost rounds count: timing = 1 / 10.
    CHECK(result.timing == doctest::Approx(0.1));
}

TEST_CASE("the stock-keeping harvest keeps the stock where it is") {
    for (double stock : {5.0, 30.0, 50.0, 80.0, 100.0}) {
        const double harvest = stock_keeping_harvest(stock, 100, 0.5);
        CHECK(harvest >= 0.0);
        CHECK(logistic_regrowth(stock - harvest, 100, 0.5) == doctest::Approx(stock));
    }
    CHECK(stock_keeping_harvest(50, 100, 0.5) == doctest::Approx(11.8034).epsilon(1e-4));
    CHECK(stock_keeping_harvest(0, 100, 0.5) == 0.0);
}

TEST_CASE("greedy harvesters collapse the commons; stock-keeping harvesters sustain it") {
    // Parameters: 4 players, 50 rounds, S0 = 50, K = 100, g = 0.5, max_harvest = 10, collapse = 5.
    // Greedy: round 0 takes 40 (10 left, regrows to 14.5); round 1 asks 40 > 14.5: collapse.
    const GameSettings settings = commons(4, 50);
    const GameResult greedy_result = play_game("commons", settings, all(4, greedy()));
    CHECK(greedy_result.reason == GameEndReason::Collapsed);
    CHECK(greedy_result.rounds_played == 2);
    CHECK(greedy_result.efficiency == doctest::Approx(54.5));
    CHECK(*greedy_result.metric(kCommonsResourceLeft) == 0.0);
    CHECK(greedy_result.timing == doctest::Approx((40.0 * 1 + 14.5 * 2) / (54.5 * 50)));
    CHECK(greedy_result.cooperation_rate == 0.0);

    // Stock-keeping: each takes a quarter of 11.80 every round; the stock stays at 50.
    const GameResult kept = play_game("commons", settings, all(4, stock_keeper()));
    CHECK(kept.reason == GameEndReason::Completed);
    CHECK(kept.rounds_played == 50);
    for (const GameRound& round : kept.history) CHECK(round.number(kCommonsStockAfter) > 45.0);
    CHECK(*kept.metric(kCommonsResourceLeft) == doctest::Approx(0.5));
    CHECK(kept.efficiency > 10.0 * greedy_result.efficiency);
    CHECK(kept.timing == doctest::Approx(51.0 / 100.0).epsilon(1e-3));
    CHECK(kept.cooperation_rate == 1.0);  // each asks exactly the stock-keeping share
    CHECK(kept.equality == doctest::Approx(1.0));
}

TEST_CASE("violations in the commons end the game naming the offender") {
    auto make = [] { return GameRegistry::builtin().make("commons", commons(3, 5)); };
    SUBCASE("NaN") {
        auto game = make();
        game->start();
        game->on_move(1, std::numeric_limits<double>::quiet_NaN());
        CHECK(game->result().reason == GameEndReason::Violation);
        CHECK(game->result().offender == 1);
    }
    SUBCASE("above max_harvest") {
        auto game = make();
        game->start();
        game->on_move(0, 1.0);
        game->on_move(2, 10.5);
        CHECK(game->result().offender == 2);
    }
    SUBCASE("negative") {
        auto game = make();
        game->start();
        game->on_move(0, -1.0);
        CHECK(game->result().offender == 0);
    }
    SUBCASE("twice") {
        auto game = make();
        game->start();
        game->on_move(2, 1.0);
        game->on_move(2, 1.0);
        CHECK(game->result().offender == 2);
    }
    SUBCASE("wrong length") {
        auto game = make();
        game->start();
        game->on_move(1, std::vector<double>{});
        CHECK(game->result().offender == 1);
    }
    SUBCASE("not a player") {
        auto game = make();
        game->start();
        CHECK_THROWS_AS(game->on_move(3, 1.0), std::out_of_range);
    }
    SUBCASE("agent lost") {
        auto game = make();
        game->start();
        game->on_failure(0, Failure::AgentLost);
        CHECK(game->result().reason == GameEndReason::AgentLost);
        CHECK(game->result().offender == 0);
    }
}

TEST_CASE("the commons' parameters are checked") {
    const GameRegistry& registry = GameRegistry::builtin();
    CHECK_THROWS_AS(registry.make("commons", commons(4, 5, {{"stock", 120}})), std::invalid_argument);
    CHECK_THROWS_AS(registry.make("commons", commons(4, 5, {{"stock", 3}})), std::invalid_argument);
    CHECK_THROWS_AS(registry.make("commons", commons(4, 5, {{"growth", 0}})), std::invalid_argument);
    CHECK_THROWS_AS(registry.make("commons", commons(4, 5, {{"growth", 1.5}})), std::invalid_argument);
    CHECK_THROWS_AS(registry.make("commons", commons(4, 5, {{"collapse", 100}})), std::invalid_argument);
    CHECK_THROWS_AS(registry.make("commons", commons(4, 5, {{"shock", -0.1}})), std::invalid_argument);
    CHECK_NOTHROW(registry.make("commons", commons(4, 5, {{"stock", 100}, {"growth", 1}})));
}

TEST_CASE("a commons with shocks is deterministic for a seed") {
    auto stocks = [](std::uint64_t seed) {
        const GameResult result = play_game("commons", commons(4, 40, {{"shock", 0.3}}, seed), all(4, asks(2.0)));
        std::vector<double> trajectory;
        for (const GameRound& round : result.history) trajectory.push_back(round.number(kCommonsStockAfter));
        return trajectory;
    };
    CHECK(stocks(11) == stocks(11));
    bool some_differ = false;
    for (std::uint64_t seed = 12; seed < 16; ++seed) some_differ = some_differ || stocks(seed) != stocks(11);
    CHECK(some_differ);
}

// --- the registered strategies (agents/game_strategy.hpp) ------------------------

namespace {

using parley::agents::game_chooser;
using parley::agents::GameStrategyRegistry;

GameChooser registered(const std::string& name, std::uint64_t seed = 3) {
    return game_chooser(GameStrategyRegistry::builtin(), "commons", name, {}, seed);
}

}  // namespace

TEST_CASE("the commons strategies") {
    const GameStrategyRegistry& registry = GameStrategyRegistry::builtin();
    for (const char* classic : {"greedy", "sustainable", "conditional_harvester"}) {
        CHECK(registry.find("commons", classic) != nullptr);
    }
}

TEST_CASE("selfish harvesters collapse the commons where sustainable ones keep it") {
    // Parameters: 4 players, 50 rounds, S0 = 50, K = 100, g = 0.5, max_harvest = 10, collapse = 5.
    const GameSettings settings = commons(4, 50);
    const GameResult selfish = play_game("commons", settings, all(4, registered("selfish")));
    CHECK(selfish.reason == GameEndReason::Collapsed);
    CHECK(selfish.rounds_played == 2);
    for (const char* name :
         {"sustainable", "deontological", "rawlsian", "nash", "libertarian", "reciprocal", "conditional_harvester"}) {
        CAPTURE(name);
        const GameResult kept = play_game("commons", settings, all(4, registered(name)));
        CHECK(kept.reason == GameEndReason::Completed);
        for (const GameRound& round : kept.history) CHECK(round.number(kCommonsStockAfter) > 45.0);
        CHECK(kept.efficiency > 5.0 * selfish.efficiency);
    }
    // The utilitarian's escapement never lets the stock fall below K/2 before the last round.
    const GameResult utilitarian = play_game("commons", settings, all(4, registered("utilitarian")));
    CHECK(utilitarian.reason == GameEndReason::Completed);
    for (std::size_t t = 0; t + 1 < utilitarian.history.size(); ++t) CHECK(utilitarian.history[t].number(kCommonsStockAfter) >= 50.0);
    // A greedy player among libertarians: they give up restraint after its first grab, and all collapse.
    const std::vector<GameChooser> mixed{registered("libertarian"), registered("libertarian"),
                                         registered("libertarian"), registered("greedy")};
    const GameResult grab = play_game("commons", settings, mixed);
    CHECK(grab.reason == GameEndReason::Collapsed);
}

TEST_CASE("the commons' stock travels in the fields the protocol has always had for it") {
    const GameInfo& info = *GameRegistry::builtin().find("commons");
    const GameTurn turn{2, {std::string(kCommonsHarvest), 1, 0.0, 10.0}, {{std::string(kCommonsStock), 42.5}}};
    CHECK(game_turn_to_json(turn).dump() ==
          R"({"round":2,"stage":"harvest","width":1,"low":0.0,"high":10.0,"whole":false,"stock":42.5})");
    CHECK(game_turn_from_json(game_turn_to_json(turn), info).state == turn.state);
    GameRound round;
    round.payoffs = {1.0, 2.0};
    round.received = {1.0, 2.0};
    round.numbers = {{std::string(kCommonsStockBefore), 50.0}, {std::string(kCommonsStockAfter), 52.0}};
    CHECK(round_report_to_json(1, round).dump() ==
          R"({"report":"round","round":1,"payoffs":[1.0,2.0],"received":[1.0,2.0],"stock_before":50.0,"stock_after":52.0})");
    CHECK(game_report_from_json(round_report_to_json(1, round), info, 2).settled.numbers == round.numbers);
}
