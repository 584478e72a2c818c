// The matching section: how the roster's participants are seated into the
// episodes of a sweep point (a mode, a group size, self-play). Written as a
// single mode name or as a map.

#include "scenario_sections.hpp"

#include "scenario_expansion.hpp"
#include "scenario_names.hpp"

namespace parley::worlds::detail {
namespace {

const std::vector<std::string> kMatchingKeys = {"mode", "group_size", "self_play"};
const std::vector<std::string> kMatchingModes = names_of(kMatchingModeNames);

// Self-play seats one participant twice, which only the pair modes do.
void read_self_play(const ScenarioContext& context, const YAML::Node& node, const std::string& mode,
                    const YAML::Mark& mark, MatchingSpec& matching) {
    if (!node.IsDefined()) return;
    MapReader values(context, YAML::Node(YAML::NodeType::Map), "matching", {}, mark);
    matching.self_play = values.to_bool(node, "matching.self_play");
    const bool pairs = matching.mode == MatchingMode::AllPairs || matching.mode == MatchingMode::RoundRobin;
    if (matching.self_play && !pairs) {
        context.fail(
            node.Mark(), "matching.self_play",
            "applies only to all_pairs and round_robin, not " + mode + " (a participant plays itself in a pair)", mark);
    }
}

// The matching as written: a mode name alone, or a map.
struct WrittenMatching {
    std::string mode = "all_pairs";
    YAML::Node group_size{YAML::NodeType::Undefined};
    YAML::Node self_play{YAML::NodeType::Undefined};
    YAML::Mark mark;       // of the matching
    YAML::Mark mode_mark;  // of its mode
    std::string mode_key = "matching";
};

WrittenMatching read_written_matching(const MapReader& top) {
    WrittenMatching written;
    written.mark = top.mark();
    written.mode_mark = top.mark();
    if (!top.has("matching")) return written;
    const YAML::Node node = top.get("matching");
    written.mark = node.Mark().is_null() ? top.mark() : node.Mark();
    written.mode_mark = written.mark;
    if (!node.IsMap()) {
        written.mode = top.to_choice(node, "matching", kMatchingModes);
        return written;
    }
    MapReader reader(top.context(), node, "matching", kMatchingKeys, top.mark());
    const YAML::Node mode_node = reader.require("mode");
    written.mode = reader.to_choice(mode_node, "matching.mode", kMatchingModes);
    written.mode_key = "matching.mode";
    if (!mode_node.Mark().is_null()) written.mode_mark = mode_node.Mark();
    written.group_size = reader.get("group_size");
    written.self_play = reader.get("self_play");
    return written;
}

// all_pairs and round_robin: always pairs.
void check_pairs(const ScenarioContext& context, const WrittenMatching& written, std::size_t participants) {
    if (written.group_size.IsDefined()) {
        context.fail(
            written.group_size.Mark(), "matching.group_size",
            "applies only to fixed_groups, profile_rotation and all_groups (" + written.mode + " always makes pairs)",
            written.mark);
    }
    if (participants < 2) {
        context.fail(written.mark, written.mode_key,
                     written.mode + " needs at least 2 participants, the roster gives " + std::to_string(participants));
    }
}

// The group modes: every participant by default.
void read_group_size(const ScenarioContext& context, const WrittenMatching& written, std::size_t participants,
                     MatchingSpec& matching) {
    const YAML::Node& group_size = written.group_size;
    matching.group_size = participants;
    if (group_size.IsDefined()) {
        MapReader numbers(context, YAML::Node(YAML::NodeType::Map), "matching", {}, written.mark);
        matching.requested_group_size =
            static_cast<std::size_t>(numbers.to_unsigned(group_size, "matching.group_size", 1, participants));
        matching.group_size = *matching.requested_group_size;
    }
    // all_groups takes every combination, so any size up to the roster's works.
    if (matching.mode != MatchingMode::AllGroups && participants % matching.group_size != 0) {
        context.fail(group_size.IsDefined() ? group_size.Mark() : written.mark,
                     group_size.IsDefined() ? "matching.group_size" : written.mode_key,
                     "groups of " + std::to_string(matching.group_size) + " do not divide the " +
                         std::to_string(participants) + " participants of the roster",
                     written.mark);
    }
}

}  // namespace

MatchingSpec read_matching(const SectionReading& reading, const MapReader& top, const std::vector<RosterEntry>& roster,
                           bool game) {
    const ScenarioContext& context = reading.context;
    const WrittenMatching written = read_written_matching(top);
    MatchingSpec matching;
    matching.mode = value_named(kMatchingModeNames, written.mode, MatchingMode::ProfileRotation);
    if (game && matching.mode == MatchingMode::ProfileRotation) {
        context.fail(written.mode_mark, written.mode_key,
                     "profile_rotation turns the profiles of a negotiation, and a game has none; use fixed_groups "
                     "or all_groups");
    }
    read_self_play(context, written.self_play, written.mode, written.mark, matching);
    const std::size_t participants = participant_count(roster);
    if (matching.mode == MatchingMode::AllPairs || matching.mode == MatchingMode::RoundRobin) {
        check_pairs(context, written, participants);
        matching.group_size = 2;
    } else {
        read_group_size(context, written, participants, matching);
    }
    return matching;
}

}  // namespace parley::worlds::detail
