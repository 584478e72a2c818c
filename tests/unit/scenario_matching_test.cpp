// The matching section (read_matching.cpp): modes, group sizes, self-play.

#include "scenario_test_helpers.hpp"

#include <string>
#include <vector>

using namespace scenario_test;

TEST_CASE("matching: invalid matchings name the file, the line and the key") {
    check_errors({
        {"unknown matching mode", with("matching: all_pairs", "matching: all_pair"),
         "test.yaml:14: matching: must be one of all_pairs, round_robin, fixed_groups, profile_rotation or all_groups, "
         "got \"all_pair\" (did you mean 'all_pairs'?)"},
        {"too few participants for pairs",
         with("  - framework: reciprocal\n    count: 2\n", ""),
         "test.yaml:12: matching: all_pairs needs at least 2 participants, the roster gives 1"},
        {"group size that does not divide", with("matching: all_pairs", "matching: {mode: fixed_groups, group_size: 2}"),
         "test.yaml:14: matching.group_size: groups of 2 do not divide the 3 participants of the roster"},
        {"group size with pairs", with("matching: all_pairs", "matching: {mode: round_robin, group_size: 3}"),
         "test.yaml:14: matching.group_size: applies only to fixed_groups, profile_rotation and all_groups (round_robin "
         "always makes pairs)"},
        {"self_play that is not a boolean", with("matching: all_pairs", "matching: {mode: all_pairs, self_play: 1}"),
         "test.yaml:14: matching.self_play: must be true or false, got \"1\""},
    });
}

TEST_CASE("matching: what a game's matching may not say") {
    check_game_errors({
        {"self_play with fixed_groups", game_with("mode: round_robin", "mode: fixed_groups"),
         "test.yaml:15: matching.self_play: applies only to all_pairs and round_robin, not fixed_groups (a participant "
         "plays itself in a pair)"},
        {"profile_rotation with a game", game_with("  mode: round_robin\n  self_play: true", "  mode: profile_rotation"),
         "test.yaml:14: matching.mode: profile_rotation turns the profiles of a negotiation, and a game has none; use "
         "fixed_groups or all_groups"},
    });
}
