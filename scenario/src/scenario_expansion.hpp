#pragma once
// Internal to scenario/: how a matching mode seats the participants, shared by
// validation (episode counts) and expansion.

#include <parley/scenario/scenario.hpp>

#include <cstddef>
#include <string>
#include <vector>

namespace parley::worlds::detail {

// One party of a match: which participant sits there and which profile it plays.
struct Seat {
    std::size_t participant = 0;
    std::size_t profile = 0;
};
using Match = std::vector<Seat>;  // in party order

std::size_t participant_count(const std::vector<RosterEntry>& roster);
// The matches of a sweep point, in the order documented in scenarios/README.md.
std::vector<Match> make_matches(const MatchingSpec& matching, std::size_t participants);
std::size_t match_count(const ScenarioSettings& settings);

// Identifies a set of domain files, for caches.
std::string file_world_key(const FileWorld& files);

}  // namespace parley::worlds::detail
