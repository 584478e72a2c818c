// The population section (read_population.cpp): games only, the dynamics and
// their keys, background entries, and the payoffs the process reads.

#include "scenario_test_helpers.hpp"

#include <string>
#include <vector>

using namespace scenario_test;

TEST_CASE("population: only in games") {
    check_errors({
        {"a population without a game", with("repetitions: 2", "repetitions: 2\npopulation: {dynamics: moran}"),
         "test.yaml:16: population: applies only to game worlds (world.game): it evolves the strategies of a game "
         "tournament"},
    });
}

TEST_CASE("population: invalid populations name the file, the line and the key") {
    check_game_errors({
        {"unknown background label",
         game_with("repetitions: 2", "repetitions: 2\npopulation:\n  background: [all_d, tit_for_tatt]"),
         "test.yaml:18: population.background[1]: no roster entry is labelled \"tit_for_tatt\" (did you mean "
         "'tit_for_tat'?)"},
        {"background label far from any",
         game_with("repetitions: 2", "repetitions: 2\npopulation:\n  background: [defector]"),
         "test.yaml:18: population.background[0]: no roster entry is labelled \"defector\"; the labels are tit_for_tat, "
         "all_d or reciprocal"},
        {"background label twice",
         game_with("repetitions: 2", "repetitions: 2\npopulation:\n  background: [all_d, all_d]"),
         "test.yaml:18: population.background[1]: \"all_d\" is listed twice"},
        {"everyone in the background",
         game_with("repetitions: 2", "repetitions: 2\npopulation:\n  background: [tit_for_tat, all_d, reciprocal]"),
         "test.yaml:18: population.background: lists every roster entry; leave at least one out to evolve"},
        {"unknown dynamics", game_with("repetitions: 2", "repetitions: 2\npopulation:\n  dynamics: moren"),
         "test.yaml:18: population.dynamics: must be one of replicator or moran, got \"moren\" (did you mean 'moran'?)"},
        {"a Moran key with the replicator dynamics", game_with("repetitions: 2", "repetitions: 2\npopulation:\n  size: 40"),
         "test.yaml:18: population.size: applies only to dynamics: moran (the replicator dynamics has no individuals)"},
        {"fewer individuals than roster entries",
         game_with("repetitions: 2", "repetitions: 2\npopulation:\n  dynamics: moran\n  size: 2"),
         "test.yaml:19: population.size: 2 individuals cannot represent the 3 roster entries; give at least 3"},
        {"selection out of range",
         game_with("repetitions: 2", "repetitions: 2\npopulation:\n  dynamics: moran\n  selection: 1.5"),
         "test.yaml:19: population.selection: must be a number from 0 to 1, got \"1.5\""},
        {"generations zero", game_with("repetitions: 2", "repetitions: 2\npopulation: {generations: 0}"),
         "test.yaml:17: population.generations: must be a positive integer, got \"0\""},
    });
}

TEST_CASE("a population process needs every pair it reads played, an entry against itself included") {
    const std::string moran = "population: {dynamics: moran, size: 30}\n";
    const std::string without_self_play = replaced(kGame, "  self_play: true\n", "") + moran;
    CHECK(game_error_of(without_self_play) ==
          "test.yaml:16: population: moran reads the payoff of every evolving entry against every entry, itself "
          "included, but matching round_robin never plays tit_for_tat against tit_for_tat, all_d against all_d or "
          "reciprocal against reciprocal; add self_play: true to the matching (matching: {mode: round_robin, "
          "self_play: true})");
    CHECK(game_error_of(kGame + moran) == "");
    // Two copies of an entry meet without self-play; a background entry's own row is never read.
    const std::string copies = replaced(replaced(without_self_play, "  - strategy: tit_for_tat\n",
                                                 "  - {strategy: tit_for_tat, count: 2}\n"),
                                        "  - framework: reciprocal\n", "");
    CHECK(game_error_of(copies).starts_with(
        "test.yaml:15: population: moran reads the payoff of every evolving entry against every entry, itself "
        "included, but matching round_robin never plays all_d against all_d;"));
    CHECK(game_error_of(replaced(copies, "size: 30}", "size: 30, background: [all_d]}")) == "");
    // The replicator reads the same cells; groups that never meet are named with another fix.
    const std::string groups = replaced(replaced(kGame, "  mode: round_robin\n  self_play: true\n",
                                                 "  mode: fixed_groups\n  group_size: 2\n"),
                                        "  - framework: reciprocal\n", "  - framework: reciprocal\n  - strategy: grudger\n") +
                               "population: {dynamics: replicator}\n";
    CHECK(game_error_of(groups) ==
          "test.yaml:18: population: replicator reads the payoff of every evolving entry against every entry, itself "
          "included, but matching fixed_groups never plays tit_for_tat against tit_for_tat, tit_for_tat against "
          "reciprocal, tit_for_tat against grudger or 9 more; use a matching that seats every pair: round_robin or "
          "all_pairs with self_play: true, or all_groups");
}
