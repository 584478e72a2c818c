// Loading and validating scenario files. Each sweep point is read from its
// own copy of the document with the swept values put in place, so a point is
// validated exactly like a scenario without a sweep, and an error in a swept
// value points at the line of that value in the sweep.

#include <parley/scenario/scenario.hpp>

#include <parley/domains/domain_error.hpp>
#include <parley/domains/domain_generator.hpp>
#include <parley/domains/pie.hpp>
#include <parley/games/repeated_game.hpp>

#include "scenario_checks.hpp"
#include "scenario_expansion.hpp"
#include "scenario_reader.hpp"
#include <parley/domains/text_input.hpp>

#include <algorithm>
#include <bit>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>

namespace parley::worlds {
namespace {

using detail::MapReader;
using detail::ScenarioContext;

const std::vector<std::string> kTopKeys = {"name",   "seed",     "parley_version", "world",      "information",
                                           "mechanism", "roster", "matching",   "repetitions", "population",
                                           "sweep",  "output"};
const std::vector<std::string> kWorldKeys = {"generate", "files", "pie", "game"};
const std::vector<std::string> kGenerateKeys = {"issues", "values", "parties", "opposition", "vary"};
const std::vector<std::string> kFilesKeys = {"domain", "profiles"};
const std::vector<std::string> kPieKeys = {"resolution", "discounts"};
const std::vector<std::string> kGameKeys = {"name", "rounds", "reply_timeout_ms", "parameters"};
const std::vector<std::string> kMechanismKeys = {"name", "rounds", "seconds", "reply_timeout_ms", "parameters"};
const std::vector<std::string> kRosterKeys = {"framework", "strategy", "count", "parameters", "label"};
const std::vector<std::string> kMatchingKeys = {"mode", "group_size", "self_play"};
const std::vector<std::string> kMatchingModes = {"all_pairs", "round_robin", "fixed_groups", "profile_rotation",
                                                 "all_groups"};
const std::vector<std::string> kPopulationKeys = {"dynamics", "generations", "size", "selection", "runs", "background"};
const std::vector<std::string> kMoranOnlyKeys = {"size", "selection", "runs"};
const std::vector<std::string> kPopulationDynamics = {"replicator", "moran"};
const std::vector<std::string> kVariations = {"per_run", "per_repetition", "per_episode"};
const std::vector<std::string> kInformationModes = {"private", "disclosed"};

// The keys a sweep may vary. "[]" stands for any index, "*" for any parameter name.
const std::vector<std::string> kSweepable = {
    "world.generate.issues",  "world.generate.values",   "world.generate.parties", "world.generate.opposition",
    "world.generate.vary",    "world.pie.resolution",    "world.pie.discounts",    "world.pie.discounts[]",
    "information",            "mechanism.name",          "mechanism.rounds",       "mechanism.seconds",
    "mechanism.reply_timeout_ms", "mechanism.parameters.*", "roster[].framework", "roster[].count",
    "roster[].label",         "roster[].parameters.*",   "matching",               "matching.mode",
    "matching.group_size",    "repetitions",             "world.game.name",        "world.game.rounds",
    "world.game.parameters.*", "roster[].strategy",      "matching.self_play",     "population.generations",
    "population.selection",   "population.size"};

constexpr std::uint64_t kMaxRounds = 1'000'000;
constexpr double kMaxSeconds = 7 * 24 * 3600.0;
constexpr std::uint64_t kMaxReplyTimeoutMs = 3'600'000;
constexpr std::uint64_t kMaxRepetitions = 1'000'000;
constexpr std::size_t kMaxProfileFiles = kMaxGeneratedParties;
constexpr std::size_t kMaxNameLength = 100;
constexpr std::uint64_t kDefaultGameRounds = 10;
constexpr std::uint64_t kMaxGenerations = 1'000'000;
// A population run keeps every generation's shares: generations x roster
// entries numbers, bounded before anything is allocated.
constexpr std::uint64_t kMaxPopulationHistory = 10'000'000;
constexpr std::uint64_t kMaxPopulationSize = 1'000'000;
constexpr std::uint64_t kMaxPopulationRuns = 10'000;

bool is_name_character(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
           c == '.';
}

// Names end up in folder and file names: letters, digits, "_", "-", "." only.
bool is_valid_name(std::string_view name) {
    return !name.empty() && name.size() <= kMaxNameLength && name.front() != '.' &&
           std::all_of(name.begin(), name.end(), is_name_character);
}

YAML::Node parse_document(std::string_view text, const ScenarioContext& context) {
    try {
        return YAML::Load(std::string(text));
    } catch (const YAML::Exception& error) {
        const std::string line = error.mark.is_null() ? "" : ":" + std::to_string(error.mark.line + 1);
        throw ScenarioError(context.source() + line + ": yaml: " + error.msg);
    }
}

// ---- sweep keys -----------------------------------------------------------------

struct PathSegment {
    std::string name;
    std::optional<std::size_t> index;
};

// "roster[0].parameters.exponent" -> roster[0], parameters, exponent. What
// follows "parameters." is one name, dots and all. Nullopt when malformed.
std::optional<std::vector<PathSegment>> split_path(const std::string& key) {
    std::vector<PathSegment> segments;
    std::size_t start = 0;
    while (start <= key.size()) {
        const bool parameter_name = !segments.empty() && segments.back().name == "parameters";
        const std::size_t dot = parameter_name ? std::string::npos : key.find('.', start);
        std::string part = key.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
        PathSegment segment;
        const std::size_t bracket = parameter_name ? std::string::npos : part.find('[');
        if (bracket != std::string::npos) {
            if (part.back() != ']') return std::nullopt;
            auto index = detail::parse_unsigned(part.substr(bracket + 1, part.size() - bracket - 2));
            if (!index || part.find_first_of(" +") != std::string::npos) return std::nullopt;
            segment.index = static_cast<std::size_t>(*index);
            part.resize(bracket);
        }
        if (part.empty()) return std::nullopt;
        segment.name = part;
        segments.push_back(std::move(segment));
        if (dot == std::string::npos) break;
        start = dot + 1;
    }
    return segments;
}

std::string pattern_of(const std::vector<PathSegment>& segments) {
    std::string pattern;
    for (std::size_t k = 0; k < segments.size(); ++k) {
        if (k > 0) pattern += ".";
        const bool parameter_name = k > 0 && segments[k - 1].name == "parameters";
        pattern += parameter_name ? "*" : segments[k].name;
        if (segments[k].index) pattern += "[]";
    }
    return pattern;
}

struct SweepTarget {
    std::string key;
    std::vector<PathSegment> segments;
    std::vector<std::string> value_texts;
};

// The section a path walks through must exist in the scenario (a sweep varies
// keys, it does not invent sections), except a "parameters" map, which may be
// absent when the sweep gives its only parameter.
void check_sweep_target(const YAML::Node& root, const SweepTarget& target, const YAML::Mark& mark,
                        const ScenarioContext& context) {
    const std::string key = "sweep." + target.key;
    YAML::Node current;
    current.reset(root);
    std::string walked;
    for (std::size_t k = 0; k < target.segments.size(); ++k) {
        const PathSegment& segment = target.segments[k];
        const bool last = k + 1 == target.segments.size();
        walked += (walked.empty() ? "" : ".") + segment.name;
        if (!current.IsMap()) {
            context.fail(mark, key,
                         "'" + walked.substr(0, walked.rfind('.')) +
                             "' is written as a single value; write it as a map to sweep one of its keys");
        }
        const YAML::Node& parent = current;
        YAML::Node child = parent[segment.name];
        const bool absent = !child.IsDefined() || child.IsNull();
        if (segment.name == "parameters" && absent && !segment.index) return;  // created when the sweep is applied
        if (absent && (segment.index || !last)) {
            context.fail(mark, key, "this scenario has no '" + walked + "' to sweep");
        }
        if (segment.index) {
            if (!child.IsSequence() || *segment.index >= child.size()) {
                context.fail(mark, key,
                             "names no entry: '" + walked + "' has " +
                                 std::to_string(child.IsSequence() ? child.size() : 0) + " entries");
            }
            walked += "[" + std::to_string(*segment.index) + "]";
            if (last) return;
            child.reset(child[*segment.index]);
        }
        if (last) return;  // an absent last key is fine: the sweep sets it
        current.reset(child);
    }
}

// Puts `value` at the target's path in `root`, creating a missing "parameters" map.
void apply_sweep_value(YAML::Node& root, const SweepTarget& target, const YAML::Node& value) {
    YAML::Node current;
    current.reset(root);
    for (std::size_t k = 0; k + 1 < target.segments.size(); ++k) {
        const PathSegment& segment = target.segments[k];
        YAML::Node child = current[segment.name];
        if (segment.name == "parameters" && (!child.IsDefined() || child.IsNull())) {
            current[segment.name] = YAML::Node(YAML::NodeType::Map);
            child.reset(current[segment.name]);
        }
        if (segment.index) child.reset(child[*segment.index]);
        current.reset(child);
    }
    const PathSegment& last = target.segments.back();
    if (last.index) {
        YAML::Node sequence = current[last.name];
        sequence[*last.index] = value;
    } else {
        current[last.name] = value;
    }
    // A roster entry names its strategy with `strategy:` or `framework:`; a
    // sweep of either replaces the name however the entry wrote it.
    const bool roster_name = target.segments.size() == 2 && target.segments[0].name == "roster" &&
                             (last.name == "strategy" || last.name == "framework");
    if (roster_name) current.remove(last.name == "strategy" ? "framework" : "strategy");
}

std::vector<SweepTarget> read_sweep(const MapReader& top, const YAML::Node& root, const ScenarioContext& context) {
    std::vector<SweepTarget> targets;
    if (!top.has("sweep")) return targets;
    MapReader sweep(context, top.get("sweep"), "sweep", {}, top.mark());
    const YAML::Node& sweep_node = top.get("sweep");
    for (const auto& entry : sweep_node) {
        SweepTarget target;
        target.key = entry.first.Scalar();
        const YAML::Mark mark = entry.first.Mark();
        const std::string key = "sweep." + target.key;
        auto segments = split_path(target.key);
        if (!segments) context.fail(mark, key, "is not a key path like mechanism.rounds or roster[0].parameters.x");
        target.segments = std::move(*segments);
        const std::string pattern = pattern_of(target.segments);
        if (std::find(kSweepable.begin(), kSweepable.end(), pattern) == kSweepable.end()) {
            std::vector<std::string> examples;
            for (const auto& sweepable : kSweepable) {
                std::string example = sweepable;
                for (std::size_t at; (at = example.find("[]")) != std::string::npos;) example.replace(at, 2, "[0]");
                examples.push_back(example);
            }
            context.fail(mark, key, "names no parameter that a sweep can vary" + detail::did_you_mean(target.key, examples));
        }
        for (const auto& other : targets) {
            const auto overlaps = [](const std::string& a, const std::string& b) {
                return b.starts_with(a + ".") || b.starts_with(a + "[");
            };
            if (overlaps(other.key, target.key) || overlaps(target.key, other.key)) {
                context.fail(mark, key, "overlaps the sweep key " + other.key);
            }
        }
        check_sweep_target(root, target, mark, context);
        const YAML::Node& values = entry.second;
        if (!values.IsSequence() || values.size() == 0) {
            context.fail(values.Mark(), key, "must be a non-empty list of values, got " + detail::describe_node(values), mark);
        }
        for (const auto& value : values) target.value_texts.push_back(detail::flow_yaml(value));
        targets.push_back(std::move(target));
    }
    return targets;
}

std::size_t grid_size(const std::vector<SweepTarget>& targets, const MapReader& top, const ScenarioContext& context) {
    std::size_t points = 1;
    for (const auto& target : targets) {
        const std::size_t values = target.value_texts.size();
        if (points > kMaxSweepPoints / values) {
            context.fail(top.get("sweep"), "sweep",
                         "the grid has more than " + std::to_string(kMaxSweepPoints) + " points");
        }
        points *= values;
    }
    return points;
}

// The value index of each axis at a grid point: the last axis varies fastest.
std::vector<std::size_t> grid_coordinates(std::size_t point, const std::vector<SweepTarget>& targets) {
    std::vector<std::size_t> coordinates(targets.size());
    for (std::size_t axis = targets.size(); axis-- > 0;) {
        coordinates[axis] = point % targets[axis].value_texts.size();
        point /= targets[axis].value_texts.size();
    }
    return coordinates;
}

// ---- the settings of one point ----------------------------------------------------

class SettingsReader {
public:
    SettingsReader(const ScenarioContext& context, std::filesystem::path base_dir, const ScenarioVocabulary& vocabulary)
        : context_(context), base_dir_(std::move(base_dir)), vocabulary_(vocabulary) {}

    ScenarioSettings read(const MapReader& top) {
        // The kind of world decides what the rest may say (a game has no
        // mechanism and its roster names strategies), so it is known first.
        MapReader world(context_, top.require("world"), "world", kWorldKeys, top.mark());
        const int given = int{world.has("generate")} + int{world.has("files")} + int{world.has("pie")} +
                          int{world.has("game")};
        if (given != 1) context_.fail(world.mark(), "world", "give exactly one of generate, files, pie or game");
        ScenarioSettings settings =
            world.has("game") ? read_game_settings(top, world) : read_negotiation_settings(top, world);
        settings.repetitions = static_cast<std::uint32_t>(top.unsigned_value("repetitions", 1, kMaxRepetitions, 1));
        return settings;
    }

private:
    ScenarioSettings read_negotiation_settings(const MapReader& top, const MapReader& world) {
        if (top.has("population")) {
            context_.fail(top.get("population"), "population",
                          "applies only to game worlds (world.game): it evolves the strategies of a game tournament");
        }
        ScenarioSettings settings;
        const YAML::Mark mechanism_name_mark = read_mechanism(top, settings.mechanism);
        read_roster(top, settings.roster, std::nullopt);
        read_matching(top, settings, /*game=*/false);
        check_party_count(settings, mechanism_name_mark);
        // Before the world: what the parties receive decides whether the world fits a message.
        settings.information = top.choice_value("information", kInformationModes, "private") == "disclosed"
                                   ? Information::Disclosed
                                   : Information::Private;
        settings.world = read_domain_world(world, settings);
        return settings;
    }

    ScenarioSettings read_game_settings(const MapReader& top, const MapReader& world) {
        MapReader game(context_, world.get("game"), "world.game", kGameKeys, world.mark());
        const std::string name = read_game_name(game);
        refuse_in_games(top, "mechanism", "a game has no mechanism: its rules are the game's (world.game); remove it");
        refuse_in_games(top, "information",
                        "a game has no private profiles to disclose: every move is public; remove it");
        ScenarioSettings settings;
        read_roster(top, settings.roster, name);
        read_matching(top, settings, /*game=*/true);
        settings.world = read_game(game, name, settings.matching);
        if (auto refusal = game_messages_refusal(settings)) {
            context_.fail(game.mark(), "world.game", *refusal + "; play smaller groups");
        }
        if (top.has("population")) {
            settings.population = read_population(top, settings.roster);
            check_population_cells(top.get("population"), settings);
        }
        return settings;
    }

    void refuse_in_games(const MapReader& top, const std::string& key, const std::string& why) const {
        if (top.has(key)) context_.fail(top.get(key).Mark(), key, why, top.mark());
    }

    ParameterMap read_parameters(const MapReader& parent) {
        ParameterMap parameters;
        if (!parent.has("parameters")) return parameters;
        MapReader map(context_, parent.get("parameters"), parent.path_of("parameters"), {}, parent.mark());
        for (const auto& key : map.keys()) {
            const YAML::Node value = map.get(key);
            if (!value.IsScalar()) {
                context_.fail(value.Mark(), map.path_of(key), "must be a single value, got " + detail::describe_node(value),
                              map.mark());
            }
            parameters[key] = value.Scalar();
        }
        return parameters;
    }

    // Runs a caller's parameter check, turning its complaint into a ScenarioError.
    template <typename Check>
    void run_check(const Check& check, const std::string& name, const ParameterMap& parameters, const MapReader& parent) {
        if (!check) return;
        try {
            check(name, parameters);
        } catch (const std::exception& error) {
            const YAML::Node at = parent.has("parameters") ? parent.get("parameters") : YAML::Node();
            context_.fail(at.IsDefined() ? at.Mark() : parent.mark(), parent.path_of("parameters"), error.what(),
                          parent.mark());
        }
    }

    const MechanismName* find_mechanism(const std::string& name) const {
        for (const auto& mechanism : vocabulary_.mechanisms) {
            if (mechanism.name == name) return &mechanism;
        }
        return nullptr;
    }

    YAML::Mark read_mechanism(const MapReader& top, MechanismSpec& mechanism) {
        MapReader reader(context_, top.require("mechanism"), "mechanism", kMechanismKeys, top.mark());
        const YAML::Node name = reader.require("name");
        mechanism.name = reader.to_string(name, "mechanism.name");
        if (!find_mechanism(mechanism.name)) {
            std::vector<std::string> names;
            for (const auto& known : vocabulary_.mechanisms) names.push_back(known.name);
            const std::string hint = detail::did_you_mean(mechanism.name, names);
            context_.fail(name.Mark(), "mechanism.name",
                          "unknown mechanism \"" + mechanism.name + "\"" +
                              (hint.empty() ? "; known mechanisms are " + detail::join_names(names) : hint),
                          reader.mark());
        }
        mechanism.rounds = static_cast<std::uint32_t>(reader.unsigned_value("rounds", 1, kMaxRounds, 100));
        if (reader.has("seconds")) mechanism.seconds = reader.number_value("seconds", 0.0, kMaxSeconds, 0.0, true);
        mechanism.reply_timeout_ms =
            static_cast<std::uint32_t>(reader.unsigned_value("reply_timeout_ms", 1, kMaxReplyTimeoutMs, 10'000));
        mechanism.parameters = read_parameters(reader);
        run_check(vocabulary_.check_mechanism_parameters, mechanism.name, mechanism.parameters, reader);
        return name.Mark().is_null() ? reader.mark() : name.Mark();
    }

    // `game`: the game the roster plays, whose entries name strategies; none
    // for a negotiation, whose entries name frameworks.
    void read_roster(const MapReader& top, std::vector<RosterEntry>& roster, const std::optional<std::string>& game) {
        const YAML::Node list = top.require("roster");
        if (!list.IsSequence() || list.size() == 0) {
            context_.fail(list.Mark(), "roster", "must be a non-empty list of frameworks, got " + detail::describe_node(list),
                          top.mark());
        }
        if (list.size() > kMaxRosterParticipants) {
            context_.fail(list.Mark(), "roster", "has more than " + std::to_string(kMaxRosterParticipants) + " entries");
        }
        std::size_t participants = 0;
        std::map<std::string, std::size_t> label_owner;
        const std::optional<std::vector<std::string>> strategies =
            game && vocabulary_.game_strategies ? std::optional(vocabulary_.game_strategies(*game)) : std::nullopt;
        for (std::size_t index = 0; index < list.size(); ++index) {
            const std::string path = "roster[" + std::to_string(index) + "]";
            MapReader reader(context_, list[index], path, kRosterKeys, list.Mark());
            RosterEntry entry;
            const std::string name_key = game ? strategy_key(reader) : framework_key(reader);
            const YAML::Node name = reader.get(name_key);
            entry.framework = reader.to_string(name, reader.path_of(name_key));
            if (game) {
                if (strategies) check_strategy_name(*game, *strategies, entry.framework, name, reader.path_of(name_key));
            } else {
                check_framework_name(entry.framework, name, path, reader.mark());
            }
            entry.count = static_cast<std::size_t>(reader.unsigned_value("count", 1, kMaxRosterParticipants, 1));
            entry.parameters = read_parameters(reader);
            if (!game) {
                run_check(vocabulary_.check_framework_parameters, entry.framework, entry.parameters, reader);
            } else if (vocabulary_.check_strategy_parameters) {
                const std::function<void(const std::string&, const ParameterMap&)> check_strategy =
                    [&](const std::string& strategy, const ParameterMap& parameters) {
                        vocabulary_.check_strategy_parameters(*game, strategy, parameters);
                    };
                run_check(check_strategy, entry.framework, entry.parameters, reader);
            }
            entry.label = reader.string_value("label", entry.framework);
            const YAML::Node label_at = reader.has("label") ? reader.get("label") : name;
            if (!is_valid_name(entry.label)) {
                context_.fail(label_at.Mark(), path + ".label",
                              "\"" + entry.label + "\" is not a valid label (letters, digits, '_', '-', '.')",
                              reader.mark());
            }
            auto [owner, inserted] = label_owner.emplace(entry.label, index);
            if (!inserted) {
                context_.fail(label_at.Mark(), path + ".label",
                              "\"" + entry.label + "\" is already the label of roster[" + std::to_string(owner->second) +
                                  "]; give each entry its own label",
                              reader.mark());
            }
            participants += entry.count;
            if (participants > kMaxRosterParticipants) {
                context_.fail(reader.mark(), path + ".count",
                              "the roster has more than " + std::to_string(kMaxRosterParticipants) + " participants");
            }
            roster.push_back(std::move(entry));
        }
    }

    // A negotiation's roster entry: `framework` is required, `strategy` belongs to games.
    std::string framework_key(const MapReader& entry) const {
        if (entry.has("strategy")) {
            context_.fail(entry.get("strategy").Mark(), entry.path_of("strategy"),
                          "strategies play game worlds (world.game); a negotiation's roster names a framework",
                          entry.mark());
        }
        (void)entry.require("framework");
        return "framework";
    }

    // A game's roster entry: `strategy` or `framework`, exactly one.
    std::string strategy_key(const MapReader& entry) const {
        const bool strategy = entry.has("strategy");
        const bool framework = entry.has("framework");
        if (strategy && framework) {
            context_.fail(entry.get("strategy").Mark(), entry.path_of("strategy"),
                          "give either strategy or framework, not both (they name the same thing)", entry.mark());
        }
        if (!strategy && !framework) {
            context_.fail(entry.mark(), entry.path_of("strategy"),
                          "required key is missing (write strategy: NAME or framework: NAME)");
        }
        return strategy ? "strategy" : "framework";
    }

    void check_strategy_name(const std::string& game, const std::vector<std::string>& known, const std::string& name,
                             const YAML::Node& at, const std::string& key) const {
        if (std::find(known.begin(), known.end(), name) != known.end()) return;
        const std::string hint = detail::did_you_mean(name, known);
        const std::string listing = known.empty() ? "; no strategy can play " + game
                                                  : "; the strategies of " + game + " are " + detail::join_names(known);
        context_.fail(at.Mark(), key,
                      "unknown strategy \"" + name + "\" for " + game + (hint.empty() ? listing : hint));
    }

    void check_framework_name(const std::string& name, const YAML::Node& at, const std::string& path,
                              const YAML::Mark& fallback) const {
        const auto& known = vocabulary_.frameworks;
        if (std::find(known.begin(), known.end(), name) != known.end()) return;
        const std::string hint = detail::did_you_mean(name, known);
        context_.fail(at.Mark(), path + ".framework",
                      "unknown framework \"" + name + "\"" +
                          (hint.empty() ? "; known frameworks are " + detail::join_names(known) : hint),
                      fallback);
    }

    static MatchingMode matching_mode(const std::string& mode) {
        return mode == "all_pairs"      ? MatchingMode::AllPairs
               : mode == "round_robin"  ? MatchingMode::RoundRobin
               : mode == "fixed_groups" ? MatchingMode::FixedGroups
               : mode == "all_groups"   ? MatchingMode::AllGroups
                                        : MatchingMode::ProfileRotation;
    }

    void read_matching(const MapReader& top, ScenarioSettings& settings, bool game) {
        const std::size_t participants = detail::participant_count(settings.roster);
        std::string mode = "all_pairs";
        YAML::Node group_size(YAML::NodeType::Undefined);
        YAML::Node self_play(YAML::NodeType::Undefined);
        YAML::Mark mark = top.mark();
        YAML::Mark mode_mark = top.mark();
        std::string mode_key = "matching";
        if (top.has("matching")) {
            const YAML::Node node = top.get("matching");
            mark = node.Mark().is_null() ? top.mark() : node.Mark();
            mode_mark = mark;
            if (node.IsMap()) {
                MapReader reader(context_, node, "matching", kMatchingKeys, top.mark());
                const YAML::Node mode_node = reader.require("mode");
                mode = reader.to_choice(mode_node, "matching.mode", kMatchingModes);
                mode_key = "matching.mode";
                if (!mode_node.Mark().is_null()) mode_mark = mode_node.Mark();
                group_size = reader.get("group_size");
                self_play = reader.get("self_play");
            } else {
                mode = top.to_choice(node, "matching", kMatchingModes);
            }
        }
        MatchingSpec& matching = settings.matching;
        matching.mode = matching_mode(mode);
        if (game && matching.mode == MatchingMode::ProfileRotation) {
            context_.fail(mode_mark, mode_key,
                          "profile_rotation turns the profiles of a negotiation, and a game has none; use fixed_groups "
                          "or all_groups");
        }
        read_self_play(self_play, mode, mark, matching);
        const bool pairs = matching.mode == MatchingMode::AllPairs || matching.mode == MatchingMode::RoundRobin;
        if (pairs) {
            if (group_size.IsDefined()) {
                context_.fail(group_size.Mark(), "matching.group_size",
                              "applies only to fixed_groups, profile_rotation and all_groups (" + mode +
                                  " always makes pairs)",
                              mark);
            }
            if (participants < 2) {
                context_.fail(mark, mode_key,
                              mode + " needs at least 2 participants, the roster gives " + std::to_string(participants));
            }
            matching.group_size = 2;
            return;
        }
        matching.group_size = participants;
        if (group_size.IsDefined()) {
            MapReader numbers(context_, YAML::Node(YAML::NodeType::Map), "matching", {}, mark);
            matching.requested_group_size =
                static_cast<std::size_t>(numbers.to_unsigned(group_size, "matching.group_size", 1, participants));
            matching.group_size = *matching.requested_group_size;
        }
        // all_groups takes every combination, so any size up to the roster's works.
        if (matching.mode != MatchingMode::AllGroups && participants % matching.group_size != 0) {
            context_.fail(group_size.IsDefined() ? group_size.Mark() : mark,
                          group_size.IsDefined() ? "matching.group_size" : mode_key,
                          "groups of " + std::to_string(matching.group_size) + " do not divide the " +
                              std::to_string(participants) + " participants of the roster",
                          mark);
        }
    }

    // Self-play seats one participant twice, which only the pair modes do.
    void read_self_play(const YAML::Node& node, const std::string& mode, const YAML::Mark& mark,
                        MatchingSpec& matching) const {
        if (!node.IsDefined()) return;
        MapReader values(context_, YAML::Node(YAML::NodeType::Map), "matching", {}, mark);
        matching.self_play = values.to_bool(node, "matching.self_play");
        const bool pairs = matching.mode == MatchingMode::AllPairs || matching.mode == MatchingMode::RoundRobin;
        if (matching.self_play && !pairs) {
            context_.fail(node.Mark(), "matching.self_play",
                          "applies only to all_pairs and round_robin, not " + mode +
                              " (a participant plays itself in a pair)",
                          mark);
        }
    }

    void check_party_count(const ScenarioSettings& settings, const YAML::Mark& mechanism_name_mark) const {
        const MechanismName* mechanism = find_mechanism(settings.mechanism.name);
        const std::size_t parties = settings.matching.group_size;
        if (parties >= mechanism->min_parties && parties <= mechanism->max_parties) return;
        const std::string range = mechanism->min_parties == mechanism->max_parties
                                      ? std::to_string(mechanism->min_parties)
                                      : std::to_string(mechanism->min_parties) + " to " +
                                            std::to_string(mechanism->max_parties);
        context_.fail(mechanism_name_mark, "mechanism.name",
                      mechanism->name + " takes " + range + " parties, but matching " +
                          std::string(matching_mode_name(settings.matching.mode)) + " gives episodes of " +
                          std::to_string(parties) + (parties < mechanism->min_parties ? " (too few participants)" : ""));
    }

    // Each kind of world is checked as the run would check it: its domain built,
    // its outcomes against the analysis's limit, the invitation every party
    // receives against the protocol's limits.
    WorldSpec read_domain_world(const MapReader& world, const ScenarioSettings& settings) {
        const std::size_t parties = settings.matching.group_size;
        if (world.has("generate")) {
            GeneratedWorld generated = read_generated(world, parties);
            check_generated_world(world, generated, settings);
            return generated;
        }
        if (world.has("files")) return read_files(world, settings);
        PieWorld pie = read_pie(world, parties);
        check_pie_world(world, pie, settings);
        return pie;
    }

    // What a match sends depends on the game, its settings and who plays; a
    // sweep point that changes none of them is not measured again.
    std::optional<std::string> game_messages_refusal(const ScenarioSettings& settings) {
        const auto& world = std::get<GameWorld>(settings.world);
        std::string key = "game:" + world.game + "|" + std::to_string(world.rounds) + "|" +
                          std::to_string(settings.matching.group_size) + roster_key(settings.roster);
        for (const auto& [name, value] : world.parameters) {
            key += "|" + name + "=" + std::to_string(std::bit_cast<std::uint64_t>(value));  // exact, for a key
        }
        if (auto known = message_checks_.find(key); known != message_checks_.end()) return known->second;
        return message_checks_.emplace(key, detail::game_messages_refusal(settings)).first->second;
    }

    static std::string roster_key(const std::vector<RosterEntry>& roster) {
        std::string key;
        for (const auto& entry : roster) {
            key += "|" + entry.framework;
            for (const auto& [name, value] : entry.parameters) key += ";" + name + "=" + value;
        }
        return key;
    }

    // The invitation depends on the world's shape, the information and who is
    // invited; a sweep point that changes none of them is not measured again.
    std::optional<std::string> invitation_refusal(const std::string& shape, const std::function<Domain()>& build,
                                                  const ScenarioSettings& settings) {
        std::string key = shape + "|" + std::string(information_name(settings.information)) + "|" +
                          settings.mechanism.name + "|" + std::to_string(settings.mechanism.rounds) + "|" +
                          std::to_string(settings.matching.group_size) + roster_key(settings.roster);
        if (auto known = message_checks_.find(key); known != message_checks_.end()) return known->second;
        std::optional<std::string> refusal;
        try {
            refusal = detail::invitation_refusal(build(), settings);
        } catch (const std::exception& error) {
            refusal = std::string("the domain cannot be built: ") + error.what();
        }
        message_checks_.emplace(key, refusal);
        return refusal;
    }

    void check_generated_world(const MapReader& world, const GeneratedWorld& generated,
                               const ScenarioSettings& settings) {
        MapReader reader(context_, world.get("generate"), "world.generate", kGenerateKeys, world.mark());
        const YAML::Mark at = reader.has("issues") ? reader.get("issues").Mark() : reader.mark();
        if (auto refusal = detail::generated_outcomes_refusal(generated.issues, generated.values_per_issue)) {
            context_.fail(at, "world.generate", *refusal + "; lower issues or values", reader.mark());
        }
        // Only the draws depend on the seed, never the size of what is sent (every
        // utility travels as a float64): one domain of this shape stands for all.
        const std::string shape = "generate:" + std::to_string(generated.issues) + "x" +
                                  std::to_string(generated.values_per_issue) + "x" + std::to_string(generated.parties);
        const auto build = [&generated] {
            return generate_domain(GeneratorParameters{generated.issues, generated.values_per_issue, generated.parties,
                                                       generated.opposition, 0});
        };
        if (auto refusal = invitation_refusal(shape, build, settings)) {
            context_.fail(at, "world.generate", *refusal + "; lower issues or values", reader.mark());
        }
    }

    void check_pie_world(const MapReader& world, const PieWorld& pie, const ScenarioSettings& settings) {
        MapReader reader(context_, world.get("pie"), "world.pie", kPieKeys, world.mark());
        const YAML::Mark at = reader.has("resolution") ? reader.get("resolution").Mark() : reader.mark();
        const auto build = [&pie] { return make_pie_domain(pie.resolution, pie.discount0, pie.discount1); };
        if (auto refusal = invitation_refusal("pie:" + std::to_string(pie.resolution), build, settings)) {
            context_.fail(at, "world.pie.resolution",
                          "a pie of resolution " + std::to_string(pie.resolution) + ": " + *refusal +
                              "; lower the resolution",
                          reader.mark());
        }
    }

    // A population process reads the payoff of every focal entry against every
    // entry, itself included: a pair the matching never plays would be read as 0.
    void check_population_cells(const YAML::Node& node, const ScenarioSettings& settings) const {
        const auto missing = detail::unmeasured_population_cells(settings);
        if (missing.empty()) return;
        std::vector<std::string> pairs;
        bool only_self = true;
        for (const auto& [i, j] : missing) {
            if (pairs.size() < 3) pairs.push_back(settings.roster[i].label + " against " + settings.roster[j].label);
            only_self = only_self && i == j;
        }
        if (missing.size() > pairs.size()) pairs.push_back(std::to_string(missing.size() - pairs.size()) + " more");
        const bool pair_mode = settings.matching.mode == MatchingMode::AllPairs ||
                               settings.matching.mode == MatchingMode::RoundRobin;
        const std::string fix =
            only_self && pair_mode
                ? "add self_play: true to the matching (matching: {mode: " +
                      std::string(matching_mode_name(settings.matching.mode)) + ", self_play: true})"
            : only_self ? "give those entries count: 2 or more, so that copies meet, or play pairs with round_robin "
                          "and self_play: true"
                        : "use a matching that seats every pair: round_robin or all_pairs with self_play: true, or "
                          "all_groups";
        context_.fail(node.Mark(), "population",
                      std::string(population_dynamics_name(settings.population->dynamics)) +
                          " reads the payoff of every evolving entry against every entry, itself included, but matching " +
                          std::string(matching_mode_name(settings.matching.mode)) + " never plays " +
                          detail::join_names(pairs) + "; " + fix);
    }

    GeneratedWorld read_generated(const MapReader& world, std::size_t parties) {
        MapReader reader(context_, world.get("generate"), "world.generate", kGenerateKeys, world.mark());
        GeneratedWorld generated;
        generated.issues = static_cast<std::size_t>(reader.unsigned_value("issues", 1, kMaxGeneratedIssues, 3));
        if (reader.has("values") && reader.get("values").IsSequence()) {
            context_.fail(reader.get("values").Mark(), "world.generate.values",
                          "must be one integer: the generator gives every issue the same number of values");
        }
        generated.values_per_issue = static_cast<std::size_t>(reader.unsigned_value("values", 1, kMaxGeneratedValues, 5));
        if (reader.has("parties")) {
            const auto given = reader.unsigned_value("parties", 1, kMaxGeneratedParties, parties);
            if (given != parties) {
                context_.fail(reader.get("parties"), "world.generate.parties",
                              "must equal the number of parties of an episode (" + std::to_string(parties) +
                                  " with this matching), got " + std::to_string(given));
            }
        }
        generated.parties = parties;
        generated.opposition = reader.number_value("opposition", 0.0, 1.0, 0.5);
        const std::string vary = reader.choice_value("vary", kVariations, "per_repetition");
        generated.vary = vary == "per_run"        ? WorldVariation::PerRun
                         : vary == "per_episode" ? WorldVariation::PerEpisode
                                                 : WorldVariation::PerRepetition;
        return generated;
    }

    std::filesystem::path existing_file(const MapReader& reader, const YAML::Node& node, const std::string& key) {
        std::filesystem::path path = reader.to_string(node, key);
        if (path.is_relative()) path = base_dir_ / path;
        path = path.lexically_normal();
        std::error_code error;
        if (!std::filesystem::is_regular_file(path, error)) {
            context_.fail(node.Mark(), key, "no such file: " + path.string(), reader.mark());
        }
        return path;
    }

    FileWorld read_files(const MapReader& world, const ScenarioSettings& settings) {
        const std::size_t parties = settings.matching.group_size;
        MapReader reader(context_, world.get("files"), "world.files", kFilesKeys, world.mark());
        FileWorld files;
        if (reader.has("domain")) files.domain = existing_file(reader, reader.get("domain"), "world.files.domain");
        const YAML::Node profiles = reader.require("profiles");
        if (!profiles.IsSequence() || profiles.size() == 0 || profiles.size() > kMaxProfileFiles) {
            context_.fail(profiles.Mark(), "world.files.profiles",
                          "must be a list of 1 to " + std::to_string(kMaxProfileFiles) + " profile files, got " +
                              detail::describe_node(profiles),
                          reader.mark());
        }
        for (std::size_t k = 0; k < profiles.size(); ++k) {
            files.profiles.push_back(
                existing_file(reader, profiles[k], "world.files.profiles[" + std::to_string(k) + "]"));
        }
        const Domain& domain = loaded_domain(files, reader);
        if (domain.profiles.size() != parties) {
            context_.fail(profiles.Mark(), "world.files.profiles",
                          "gives " + std::to_string(domain.profiles.size()) + " profiles, but episodes have " +
                              std::to_string(parties) + " parties with this matching",
                          reader.mark());
        }
        if (auto refusal = detail::outcomes_refusal(domain.space)) {
            context_.fail(reader.mark(), "world.files", *refusal);
        }
        const auto same = [&domain] { return domain; };
        if (auto refusal = invitation_refusal(detail::file_world_key(files), same, settings)) {
            context_.fail(reader.mark(), "world.files", *refusal);
        }
        return files;
    }

    // Loads the domain once per distinct set of files, so that a bad file is
    // reported now rather than when the first episode starts.
    const Domain& loaded_domain(const FileWorld& files, const MapReader& reader) {
        const std::string key = detail::file_world_key(files);
        if (auto known = loaded_.find(key); known != loaded_.end()) return known->second;
        try {
            Domain domain = files.domain ? load_domain(*files.domain, files.profiles)
                                         : load_domain_from_profiles(files.profiles);
            return loaded_.emplace(key, std::move(domain)).first->second;
        } catch (const std::exception& error) {
            context_.fail(reader.mark(), "world.files", std::string("cannot load the domain: ") + error.what());
        }
    }

    PieWorld read_pie(const MapReader& world, std::size_t parties) {
        MapReader reader(context_, world.get("pie"), "world.pie", kPieKeys, world.mark());
        PieWorld pie;
        if (parties != 2) {
            context_.fail(reader.mark(), "world.pie",
                          "the pie is divided by 2 parties, but episodes have " + std::to_string(parties) +
                              " with this matching");
        }
        pie.resolution = static_cast<std::size_t>(reader.unsigned_value("resolution", 1, kMaxPieResolution, 100));
        if (reader.has("discounts")) {
            const YAML::Node discounts = reader.get("discounts");
            if (!discounts.IsSequence() || discounts.size() != 2) {
                context_.fail(discounts.Mark(), "world.pie.discounts",
                              "must be a list of 2 discount factors, got " + detail::describe_node(discounts),
                              reader.mark());
            }
            pie.discount0 = reader.to_number(discounts[0], "world.pie.discounts[0]", 0.0, 1.0, true);
            pie.discount1 = reader.to_number(discounts[1], "world.pie.discounts[1]", 0.0, 1.0, true);
        }
        return pie;
    }

    // ---- games ------------------------------------------------------------------

    std::string read_game_name(const MapReader& game) const {
        const YAML::Node node = game.require("name");
        const std::string name = game.to_string(node, "world.game.name");
        const GameRegistry& games = GameRegistry::builtin();
        if (games.find(name)) return name;
        std::vector<std::string> known;
        for (const GameInfo* info : games.list()) known.push_back(info->name);
        const std::string hint = detail::did_you_mean(name, known);
        context_.fail(node.Mark(), "world.game.name",
                      "unknown game \"" + name + "\"" +
                          (hint.empty() ? "; known games are " + detail::join_names(known) : hint),
                      game.mark());
    }

    GameWorld read_game(const MapReader& game, const std::string& name, const MatchingSpec& matching) {
        GameWorld world;
        world.game = name;
        world.rounds = static_cast<std::uint32_t>(game.unsigned_value("rounds", 1, kMaxRounds, kDefaultGameRounds));
        world.reply_timeout_ms =
            static_cast<std::uint32_t>(game.unsigned_value("reply_timeout_ms", 1, kMaxReplyTimeoutMs, 10'000));
        world.parameters = read_game_parameters(game, name);
        check_game_settings(game, world, matching);
        return world;
    }

    // Each parameter against the game's own documentation (GameInfo), so that
    // a typo or a value out of range is reported at its line, in the words of
    // every other key.
    std::map<std::string, double> read_game_parameters(const MapReader& game, const std::string& name) const {
        std::map<std::string, double> values;
        if (!game.has("parameters")) return values;
        MapReader parameters(context_, game.get("parameters"), "world.game.parameters", {}, game.mark());
        const GameInfo& info = *GameRegistry::builtin().find(name);
        std::vector<std::string> documented;
        for (const GameParameterInfo& parameter : info.parameters) documented.push_back(parameter.name);
        for (const auto& key : parameters.keys()) {
            const auto known = std::find(documented.begin(), documented.end(), key);
            const YAML::Node value = parameters.get(key);
            if (known == documented.end()) {
                const std::string hint = detail::did_you_mean(key, documented);
                context_.fail(value.Mark(), parameters.path_of(key),
                              "unknown parameter of " + name +
                                  (hint.empty() ? "; its parameters are " + detail::join_names(documented) : hint),
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
    void check_game_settings(const MapReader& game, const GameWorld& world, const MatchingSpec& matching) const {
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
            context_.fail(game.get("name").Mark(), "world.game.name",
                          *players_refused + " (matching " + std::string(matching_mode_name(matching.mode)) +
                              " gives episodes of " + std::to_string(players) + ")",
                          game.mark());
        }
        const YAML::Node parameters = game.get("parameters");
        context_.fail(parameters.IsDefined() ? parameters.Mark() : game.mark(), "world.game.parameters", *why,
                      game.mark());
    }

    // ---- population dynamics ----------------------------------------------------

    PopulationSpec read_population(const MapReader& top, const std::vector<RosterEntry>& roster) const {
        MapReader reader(context_, top.get("population"), "population", kPopulationKeys, top.mark());
        PopulationSpec population;
        const std::string dynamics = reader.choice_value("dynamics", kPopulationDynamics, "replicator");
        population.dynamics = dynamics == "moran" ? PopulationDynamics::Moran : PopulationDynamics::Replicator;
        population.generations =
            static_cast<std::size_t>(reader.unsigned_value("generations", 1, kMaxGenerations, population.generations));
        if (population.generations * roster.size() > kMaxPopulationHistory) {
            context_.fail(reader.has("generations") ? reader.get("generations").Mark() : reader.mark(),
                          "population.generations",
                          std::to_string(population.generations) + " generations of " + std::to_string(roster.size()) +
                              " roster entries keep more than " + std::to_string(kMaxPopulationHistory) + " shares",
                          reader.mark());
        }
        if (population.dynamics == PopulationDynamics::Moran) {
            read_moran(reader, roster.size(), population);
        } else {
            for (const auto& key : kMoranOnlyKeys) {
                if (reader.has(key)) {
                    context_.fail(reader.get(key).Mark(), reader.path_of(key),
                                  "applies only to dynamics: moran (the replicator dynamics has no individuals)",
                                  reader.mark());
                }
            }
        }
        population.background = read_background(reader, roster);
        return population;
    }

    void read_moran(const MapReader& reader, std::size_t entries, PopulationSpec& population) const {
        population.size = static_cast<std::size_t>(reader.unsigned_value("size", 2, kMaxPopulationSize, population.size));
        if (population.size < entries) {
            context_.fail(reader.has("size") ? reader.get("size").Mark() : reader.mark(), "population.size",
                          std::to_string(population.size) + " individuals cannot represent the " +
                              std::to_string(entries) + " roster entries; give at least " + std::to_string(entries),
                          reader.mark());
        }
        population.selection = reader.number_value("selection", 0.0, 1.0, population.selection);
        population.runs = static_cast<std::uint32_t>(reader.unsigned_value("runs", 1, kMaxPopulationRuns, population.runs));
    }

    // Roster labels that keep their share; at least one entry must be left to evolve.
    std::vector<std::string> read_background(const MapReader& reader, const std::vector<RosterEntry>& roster) const {
        std::vector<std::string> background;
        if (!reader.has("background")) return background;
        const YAML::Node list = reader.get("background");
        if (!list.IsSequence()) {
            context_.fail(list.Mark(), "population.background",
                          "must be a list of roster labels, got " + detail::describe_node(list), reader.mark());
        }
        std::vector<std::string> labels;
        for (const auto& entry : roster) labels.push_back(entry.label);
        for (std::size_t k = 0; k < list.size(); ++k) {
            const std::string key = "population.background[" + std::to_string(k) + "]";
            const std::string label = reader.to_string(list[k], key);
            if (std::find(labels.begin(), labels.end(), label) == labels.end()) {
                const std::string hint = detail::did_you_mean(label, labels);
                context_.fail(list[k].Mark(), key,
                              "no roster entry is labelled \"" + label + "\"" +
                                  (hint.empty() ? "; the labels are " + detail::join_names(labels) : hint),
                              reader.mark());
            }
            if (std::find(background.begin(), background.end(), label) != background.end()) {
                context_.fail(list[k].Mark(), key, "\"" + label + "\" is listed twice", reader.mark());
            }
            background.push_back(label);
        }
        if (background.size() == roster.size()) {
            context_.fail(list.Mark(), "population.background",
                          "lists every roster entry; leave at least one out to evolve", reader.mark());
        }
        return background;
    }

    const ScenarioContext& context_;
    std::filesystem::path base_dir_;
    const ScenarioVocabulary& vocabulary_;
    std::map<std::string, Domain> loaded_;
    std::map<std::string, std::optional<std::string>> message_checks_;  // by what the messages depend on
};

std::string default_name(const std::string& source_name) {
    return std::filesystem::path(source_name).stem().string();
}

}  // namespace

std::string_view matching_mode_name(MatchingMode mode) {
    switch (mode) {
        case MatchingMode::AllPairs:
            return "all_pairs";
        case MatchingMode::RoundRobin:
            return "round_robin";
        case MatchingMode::FixedGroups:
            return "fixed_groups";
        case MatchingMode::ProfileRotation:
            return "profile_rotation";
        case MatchingMode::AllGroups:
            return "all_groups";
    }
    return "all_pairs";
}

std::string_view world_variation_name(WorldVariation variation) {
    switch (variation) {
        case WorldVariation::PerRun:
            return "per_run";
        case WorldVariation::PerRepetition:
            return "per_repetition";
        case WorldVariation::PerEpisode:
            return "per_episode";
    }
    return "per_repetition";
}

std::string_view information_name(Information information) {
    return information == Information::Disclosed ? "disclosed" : "private";
}

Scenario parse_scenario(std::string_view text, const std::string& source_name, const std::filesystem::path& base_dir,
                        const ScenarioVocabulary& vocabulary) {
    ScenarioContext context(source_name);
    if (text.size() > kMaxScenarioFileBytes) {
        throw ScenarioError(source_name + ": the scenario has " + std::to_string(text.size()) + " bytes, more than the " +
                            std::to_string(kMaxScenarioFileBytes) + " allowed");
    }
    const YAML::Node document = parse_document(text, context);
    if (!document.IsDefined() || document.IsNull()) throw ScenarioError(source_name + ": the scenario is empty");
    if (!document.IsMap()) context.fail(document, "scenario", "must be a map of keys, got " + detail::describe_node(document));
    MapReader top(context, document, "", kTopKeys);

    Scenario scenario;
    scenario.source = source_name;
    scenario.name = top.has("name") ? top.to_string(top.get("name"), "name") : default_name(source_name);
    if (!is_valid_name(scenario.name)) {
        context.fail(top.has("name") ? top.get("name").Mark() : top.mark(), "name",
                     "\"" + scenario.name + "\" is not a valid name (letters, digits, '_', '-', '.'; at most " +
                         std::to_string(kMaxNameLength) + " characters)");
    }
    scenario.seed = top.unsigned_value("seed", 0, UINT64_MAX, 0);
    if (top.has("parley_version")) (void)top.to_string(top.get("parley_version"), "parley_version");
    scenario.output = top.has("output") ? std::filesystem::path(top.to_string(top.get("output"), "output"))
                                        : std::filesystem::path("results") / scenario.name;

    const std::vector<SweepTarget> targets = read_sweep(top, document, context);
    for (const auto& target : targets) scenario.sweep.push_back({target.key, target.value_texts});
    const std::size_t points = grid_size(targets, top, context);

    SettingsReader settings_reader(context, base_dir, vocabulary);
    std::size_t episodes = 0;
    for (std::size_t point = 0; point < points; ++point) {
        const auto coordinates = grid_coordinates(point, targets);
        SweepPoint sweep_point;
        YAML::Node copy = targets.empty() ? document : parse_document(text, context);
        for (std::size_t axis = 0; axis < targets.size(); ++axis) {
            const SweepTarget& target = targets[axis];
            sweep_point.settings.emplace_back(target.key, target.value_texts[coordinates[axis]]);
            const YAML::Node& copy_view = copy;  // const access never inserts
            const YAML::Node values = copy_view["sweep"][target.key];
            apply_sweep_value(copy, target, values[coordinates[axis]]);
        }
        if (!targets.empty()) context.set_sweep_point(point, sweep_point.settings);
        MapReader point_top(context, copy, "", kTopKeys);
        sweep_point.resolved = settings_reader.read(point_top);
        episodes += detail::match_count(sweep_point.resolved) * sweep_point.resolved.repetitions;
        if (episodes > kMaxScenarioEpisodes) {
            context.fail(top.mark(), "scenario",
                         "gives more than " + std::to_string(kMaxScenarioEpisodes) + " episodes");
        }
        scenario.points.push_back(std::move(sweep_point));
    }
    return scenario;
}

Scenario load_scenario(const std::filesystem::path& file, const ScenarioVocabulary& vocabulary) {
    std::string text;
    try {
        text = detail::read_text_file(file, kMaxScenarioFileBytes);
    } catch (const DomainError& error) {
        throw ScenarioError(error.what());
    }
    std::filesystem::path base_dir = file.parent_path();
    if (base_dir.empty()) base_dir = ".";
    return parse_scenario(text, file.string(), std::filesystem::absolute(base_dir), vocabulary);
}

}  // namespace parley::worlds
