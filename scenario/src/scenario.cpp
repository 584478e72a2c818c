// Loading and validating scenario files: the top-level keys, and the order in
// which the sections are read (scenario_sections.hpp has one reader per
// section). Each sweep point is read from its own copy of the document with
// the swept values put in place, so a point is validated exactly like a
// scenario without a sweep, and an error in a swept value points at the line
// of that value in the sweep.

#include <parley/scenario/scenario.hpp>

#include <parley/domains/domain_error.hpp>
#include <parley/domains/text_input.hpp>

#include "scenario_expansion.hpp"
#include "scenario_names.hpp"
#include "scenario_reader.hpp"
#include "scenario_sections.hpp"

namespace parley::worlds {
namespace {

using detail::MapReader;
using detail::ScenarioContext;
using detail::SectionReading;

const std::vector<std::string> kTopKeys = {"name",   "seed",     "parley_version", "world",      "information",
                                           "mechanism", "roster", "matching",   "repetitions", "population",
                                           "sweep",  "output",   "learning"};
const std::vector<std::string> kInformationModes = detail::names_of(detail::kInformationNames);
constexpr std::uint64_t kMaxRepetitions = 1'000'000;

YAML::Node parse_document(std::string_view text, const ScenarioContext& context) {
    try {
        return YAML::Load(std::string(text));
    } catch (const YAML::Exception& error) {
        const std::string line = error.mark.is_null() ? "" : ":" + std::to_string(error.mark.line + 1);
        throw ScenarioError(context.source() + line + ": yaml: " + error.msg);
    }
}

// ---- the settings of one point ----------------------------------------------------

Information read_information(const MapReader& top) {
    return detail::value_named(detail::kInformationNames, top.choice_value("information", kInformationModes, "private"),
                               Information::Private);
}

ScenarioSettings read_negotiation_settings(SectionReading& reading, const MapReader& top, const MapReader& world) {
    if (top.has("population")) {
        reading.context.fail(top.get("population"), "population",
                             "applies only to game worlds (world.game): it evolves the strategies of a game tournament");
    }
    ScenarioSettings settings;
    const YAML::Mark mechanism_name_mark = detail::read_mechanism(reading, top, settings.mechanism);
    settings.roster = detail::read_roster(reading, top, std::nullopt);
    settings.matching = detail::read_matching(reading, top, settings.roster, /*game=*/false);
    detail::check_mechanism_parties(reading, settings, mechanism_name_mark);
    // Before the world: what the parties receive decides whether the world fits a message.
    settings.information = read_information(top);
    settings.world = detail::read_domain_world(reading, world, settings);
    return settings;
}

void refuse_in_games(const MapReader& top, const std::string& key, const std::string& why) {
    if (top.has(key)) top.context().fail(top.get(key).Mark(), key, why, top.mark());
}

ScenarioSettings read_game_settings(SectionReading& reading, const MapReader& top, const MapReader& world) {
    const MapReader game = detail::read_game_map(world);
    const std::string name = detail::read_game_name(game);
    refuse_in_games(top, "mechanism", "a game has no mechanism: its rules are the game's (world.game); remove it");
    refuse_in_games(top, "information", "a game has no private profiles to disclose: every move is public; remove it");
    ScenarioSettings settings;
    settings.roster = detail::read_roster(reading, top, name);
    settings.matching = detail::read_matching(reading, top, settings.roster, /*game=*/true);
    settings.world = detail::read_game_world(game, name, settings.matching);
    detail::check_game_messages(reading, game, settings);
    if (top.has("population")) detail::read_population(top, settings);
    return settings;
}

ScenarioSettings read_settings(SectionReading& reading, const MapReader& top) {
    // The kind of world decides what the rest may say (a game has no
    // mechanism and its roster names strategies), so it is known first.
    const MapReader world = detail::read_world_map(reading, top);
    ScenarioSettings settings = world.has("game") ? read_game_settings(reading, top, world)
                                                  : read_negotiation_settings(reading, top, world);
    settings.repetitions = static_cast<std::uint32_t>(top.unsigned_value("repetitions", 1, kMaxRepetitions, 1));
    return settings;
}

std::string default_name(const std::string& source_name) {
    return std::filesystem::path(source_name).stem().string();
}

// The keys that name the run rather than what it plays: name, seed, version, output.
Scenario read_identity(const MapReader& top, const std::string& source_name) {
    Scenario scenario;
    scenario.source = source_name;
    scenario.name = top.has("name") ? top.to_string(top.get("name"), "name") : default_name(source_name);
    if (!detail::is_valid_name(scenario.name)) {
        top.context().fail(top.mark_of_key("name"), "name",
                           "\"" + scenario.name + "\" is not a valid name (letters, digits, '_', '-', '.'; at most " +
                               std::to_string(detail::kMaxNameLength) + " characters)");
    }
    scenario.seed = top.unsigned_value("seed", 0, UINT64_MAX, 0);
    if (top.has("parley_version")) (void)top.to_string(top.get("parley_version"), "parley_version");
    scenario.output = top.has("output") ? std::filesystem::path(top.to_string(top.get("output"), "output"))
                                        : std::filesystem::path("results") / scenario.name;
    return scenario;
}

// One point of the grid: its own copy of the document (parsed again from
// `text`) with the point's values put in place, read like a scenario without a
// sweep. Without a sweep, the document itself.
// `context` is the one `reading` reports to, told which point is read.
SweepPoint read_point(ScenarioContext& context, SectionReading& reading, std::string_view text,
                      const YAML::Node& document, const std::vector<detail::SweepTarget>& targets, std::size_t point) {
    const auto coordinates = detail::grid_coordinates(point, targets);
    SweepPoint sweep_point;
    YAML::Node copy = targets.empty() ? document : parse_document(text, context);
    for (std::size_t axis = 0; axis < targets.size(); ++axis) {
        const detail::SweepTarget& target = targets[axis];
        sweep_point.settings.emplace_back(target.key, target.value_texts[coordinates[axis]]);
        const YAML::Node& copy_view = copy;  // const access never inserts
        const YAML::Node values = copy_view["sweep"][target.key];
        detail::apply_sweep_value(copy, target, values[coordinates[axis]]);
    }
    if (!targets.empty()) context.set_sweep_point(point, sweep_point.settings);
    MapReader point_top(context, copy, "", kTopKeys);
    sweep_point.resolved = read_settings(reading, point_top);
    return sweep_point;
}

}  // namespace

std::string_view matching_mode_name(MatchingMode mode) {
    return detail::name_of(detail::kMatchingModeNames, mode, "all_pairs");
}

std::string_view world_variation_name(WorldVariation variation) {
    return detail::name_of(detail::kWorldVariationNames, variation, "per_repetition");
}

std::string_view information_name(Information information) {
    return detail::name_of(detail::kInformationNames, information, "private");
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

    Scenario scenario = read_identity(top, source_name);
    const std::vector<detail::SweepTarget> targets = detail::read_sweep(top, document);
    for (const auto& target : targets) scenario.sweep.push_back({target.key, target.value_texts});
    const std::size_t points = detail::grid_size(targets, top);

    SectionReading reading{context, base_dir, vocabulary, {}, {}};
    std::size_t episodes = 0;
    for (std::size_t point = 0; point < points; ++point) {
        SweepPoint sweep_point = read_point(context, reading, text, document, targets, point);
        episodes += detail::match_count(sweep_point.resolved) * sweep_point.resolved.repetitions;
        if (episodes > kMaxScenarioEpisodes) {
            context.fail(top.mark(), "scenario",
                         "gives more than " + std::to_string(kMaxScenarioEpisodes) + " episodes");
        }
        scenario.points.push_back(std::move(sweep_point));
    }
    if (top.has("learning")) scenario.learning = detail::read_learning(reading, top, scenario);
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
