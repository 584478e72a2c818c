// The sweep section (read_sweep.cpp): which keys a sweep may vary, and each
// point checked like a scenario of its own, its errors naming the point.

#include "scenario_test_helpers.hpp"

#include <string>
#include <vector>

using namespace scenario_test;

TEST_CASE("sweeps: keys that name no parameter and values that are invalid") {
    const std::string base = kValid + "sweep:\n";
    CHECK(error_of(base + "  mechanism.roundz: [1, 2]\n") ==
          "test.yaml:17: sweep.mechanism.roundz: names no parameter that a sweep can vary (did you mean "
          "'mechanism.rounds'?)");
    CHECK(error_of(base + "  seed: [1, 2]\n") == "test.yaml:17: sweep.seed: names no parameter that a sweep can vary");
    CHECK(error_of(base + "  roster[5].count: [1, 2]\n") ==
          "test.yaml:17: sweep.roster[5].count: names no entry: 'roster' has 2 entries");
    CHECK(error_of(base + "  world.pie.resolution: [10]\n") ==
          "test.yaml:17: sweep.world.pie.resolution: this scenario has no 'world.pie' to sweep");
    CHECK(error_of(base + "  matching.mode: [all_pairs]\n") ==
          "test.yaml:17: sweep.matching.mode: 'matching' is written as a single value; write it as a map to sweep one "
          "of its keys");
    CHECK(error_of(base + "  mechanism.rounds: []\n") ==
          "test.yaml:17: sweep.mechanism.rounds: must be a non-empty list of values, got a list");
    CHECK(error_of(base + "  mechanism.rounds: 5\n") ==
          "test.yaml:17: sweep.mechanism.rounds: must be a non-empty list of values, got \"5\"");
    CHECK(error_of(base + "  roster[1]..count: [1]\n") ==
          "test.yaml:17: sweep.roster[1]..count: is not a key path like mechanism.rounds or roster[0].parameters.x");
    CHECK(error_of(base + "  world.pie: [1]\n  world.pie.resolution: [1]\n") ==
          "test.yaml:17: sweep.world.pie: names no parameter that a sweep can vary");
    // Each point is validated like a scenario; the error points at the bad value.
    CHECK(error_of(base + "  mechanism.rounds:\n    - 10\n    - 0\n") ==
          "test.yaml:19: mechanism.rounds: must be a positive integer, got \"0\" (sweep point 1: mechanism.rounds = 0)");
    CHECK(error_of(base + "  roster[0].framework: [nash, hedonist]\n") ==
          "test.yaml:17: roster[0].framework: unknown framework \"hedonist\"; known frameworks are selfish, reciprocal, "
          "utilitarian, rawlsian, nash, deontological, libertarian or rubinstein (sweep point 1: roster[0].framework = "
          "hedonist)");
}

TEST_CASE("overlapping sweep keys are refused") {
    const std::string text = R"(mechanism: {name: rubinstein}
roster: [{framework: selfish}, {framework: nash}]
world:
  pie: {discounts: [0.9, 0.9]}
sweep:
  world.pie.discounts: [[0.5, 0.5]]
  world.pie.discounts[0]: [0.7]
)";
    CHECK(error_of(text) == "test.yaml:7: sweep.world.pie.discounts[0]: overlaps the sweep key world.pie.discounts");
}

TEST_CASE("games: sweeps are checked per point and name the point") {
    const std::string base = kGame + "sweep:\n";
    CHECK(game_error_of(base + "  world.game.parameters.noise: [0.1, 0.7]\n") ==
          "test.yaml:18: world.game.parameters.noise: must be a number from 0 to 0.5, got \"0.7\" (sweep point 1: "
          "world.game.parameters.noise = 0.7)");
    CHECK(game_error_of(base + "  population.size: [10]\n") ==
          "test.yaml:18: sweep.population.size: this scenario has no 'population' to sweep");
    // Another game has other parameters and strategies: each point is checked as its own scenario.
    CHECK(game_error_of(base + "  world.game.name: [ipd, public_goods]\n") ==
          "test.yaml:10: roster[0].strategy: unknown strategy \"tit_for_tat\" for public_goods; the strategies of "
          "public_goods are free_rider, full_contributor, punisher, reciprocal or selfish");
}
