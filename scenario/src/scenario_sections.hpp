#pragma once
// Internal to scenario/: one reader per section of a scenario file, each in its
// own read_*.cpp, all reading through the toolkit of scenario_reader.hpp
// (errors at the key's line, typed values, unknown-key checks). scenario.cpp
// reads the top-level keys and calls the section readers in the order that
// decides which error a file with several gets first; a new section is one
// read_*.cpp declared here, its key in the top level's, and its call there.

#include <parley/domains/domain.hpp>
#include <parley/scenario/scenario.hpp>

#include "scenario_checks.hpp"
#include "scenario_reader.hpp"

#include <yaml-cpp/yaml.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace parley::worlds::detail {

// Limits shared by the mechanism and the game of a world.
inline constexpr std::uint64_t kMaxRounds = 1'000'000;
inline constexpr std::uint64_t kMaxReplyTimeoutMs = 3'600'000;

// What the section readers share while a scenario loads: where errors go, the
// names the caller accepts, and what is measured once for all sweep points.
struct SectionReading {
    const ScenarioContext& context;
    std::filesystem::path base_dir;  // relative file names in the scenario start here
    const ScenarioVocabulary& vocabulary;
    std::map<std::string, Domain> loaded_domains;  // by file_world_key: each set of files is loaded once
    MessageChecks message_checks;
};

// ---- mechanism (read_mechanism.cpp) ---------------------------------------------

// Gives the mark of mechanism.name, where check_mechanism_parties points.
YAML::Mark read_mechanism(const SectionReading& reading, const MapReader& top, MechanismSpec& mechanism);
// The mechanism takes the number of parties the matching seats.
void check_mechanism_parties(const SectionReading& reading, const ScenarioSettings& settings,
                             const YAML::Mark& mechanism_name_mark);

// ---- roster (read_roster.cpp) -----------------------------------------------------

// `game`: the game the roster plays, whose entries name strategies; none for a
// negotiation, whose entries name frameworks.
// `key`: the list's key in `top` (the learning section's opponents are a roster too).
std::vector<RosterEntry> read_roster(const SectionReading& reading, const MapReader& top,
                                     const std::optional<std::string>& game, const std::string& key = "roster");

// ---- matching (read_matching.cpp) -------------------------------------------------

// After the roster, whose participants it seats.
MatchingSpec read_matching(const SectionReading& reading, const MapReader& top, const std::vector<RosterEntry>& roster,
                           bool game);

// ---- world (read_world.cpp and one read_world_*.cpp per kind) ---------------------

// The `world` map, with exactly one kind of world in it.
MapReader read_world_map(const SectionReading& reading, const MapReader& top);
// A negotiation's world (generate, files or pie), after the rest of the
// settings: each is checked as the run would check it (its domain built, its
// outcomes against the analysis's limit, the invitation every party receives
// against the protocol's limits).
WorldSpec read_domain_world(SectionReading& reading, const MapReader& world, const ScenarioSettings& settings);

// One reader per kind, listed in read_world.cpp.
WorldSpec read_generated_world(SectionReading& reading, const MapReader& world, const ScenarioSettings& settings);
WorldSpec read_file_world(SectionReading& reading, const MapReader& world, const ScenarioSettings& settings);
WorldSpec read_pie_world(SectionReading& reading, const MapReader& world, const ScenarioSettings& settings);

// world.game: the name first (it decides what the roster names), the rest once
// the matching gives the number of players; then the messages of its matches.
MapReader read_game_map(const MapReader& world);
std::string read_game_name(const MapReader& game);
GameWorld read_game_world(const MapReader& game, const std::string& name, const MatchingSpec& matching);
void check_game_messages(SectionReading& reading, const MapReader& game, const ScenarioSettings& settings);

// ---- population (read_population.cpp) ---------------------------------------------

// Games only, after the roster and the matching, whose matches must measure
// every payoff the population process reads.
// Sets settings.population.
void read_population(const MapReader& top, ScenarioSettings& settings);

// ---- sweep (read_sweep.cpp) -------------------------------------------------------

struct PathSegment {
    std::string name;
    std::optional<std::size_t> index;
};

// One key of the sweep: where it points in the document and its values.
struct SweepTarget {
    std::string key;
    std::vector<PathSegment> segments;
    std::vector<std::string> value_texts;  // flow-style YAML
};

// The axes of the grid, in file order; each names a key the scenario has (or
// a parameter it may be given).
std::vector<SweepTarget> read_sweep(const MapReader& top, const YAML::Node& root);
// The number of points of the grid, bounded by kMaxSweepPoints.
std::size_t grid_size(const std::vector<SweepTarget>& targets, const MapReader& top);
// The value index of each axis at a grid point: the last axis varies fastest.
std::vector<std::size_t> grid_coordinates(std::size_t point, const std::vector<SweepTarget>& targets);
// Puts `value` at the target's path in `root`, creating a missing "parameters" map.
void apply_sweep_value(YAML::Node& root, const SweepTarget& target, const YAML::Node& value);

// ---- learning (read_learning.cpp) -------------------------------------------------

// After every point is read: the opponents are named as the world's roster is.
LearningSpec read_learning(const SectionReading& reading, const MapReader& top, const Scenario& scenario);

}  // namespace parley::worlds::detail
