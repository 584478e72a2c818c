// The population section (games only): population dynamics over the payoff
// matrix of a game tournament (tournament.hpp), the replicator dynamics or a
// Moran process, run once every match of a sweep point is played.

#include "scenario_sections.hpp"

#include <algorithm>

namespace parley::worlds::detail {
namespace {

const std::vector<std::string> kPopulationKeys = {"dynamics", "generations", "size", "selection", "runs", "background"};
const std::vector<std::string> kMoranOnlyKeys = {"size", "selection", "runs"};
const std::vector<std::string> kPopulationDynamics = {"replicator", "moran"};
constexpr std::uint64_t kMaxGenerations = 1'000'000;
// A population run keeps every generation's shares: generations x roster
// entries numbers, bounded before anything is allocated.
constexpr std::uint64_t kMaxPopulationHistory = 10'000'000;
constexpr std::uint64_t kMaxPopulationSize = 1'000'000;
constexpr std::uint64_t kMaxPopulationRuns = 10'000;

void read_moran(const MapReader& reader, std::size_t entries, PopulationSpec& population) {
    const ScenarioContext& context = reader.context();
    population.size = static_cast<std::size_t>(reader.unsigned_value("size", 2, kMaxPopulationSize, population.size));
    if (population.size < entries) {
        context.fail(reader.mark_of_key("size"), "population.size",
                     std::to_string(population.size) + " individuals cannot represent the " + std::to_string(entries) +
                         " roster entries; give at least " + std::to_string(entries),
                     reader.mark());
    }
    population.selection = reader.number_value("selection", 0.0, 1.0, population.selection);
    population.runs = static_cast<std::uint32_t>(reader.unsigned_value("runs", 1, kMaxPopulationRuns, population.runs));
}

// Roster labels that keep their share; at least one entry must be left to evolve.
std::vector<std::string> read_background(const MapReader& reader, const std::vector<RosterEntry>& roster) {
    const ScenarioContext& context = reader.context();
    std::vector<std::string> background;
    if (!reader.has("background")) return background;
    const YAML::Node list = reader.get("background");
    if (!list.IsSequence()) {
        context.fail(list.Mark(), "population.background",
                     "must be a list of roster labels, got " + describe_node(list), reader.mark());
    }
    std::vector<std::string> labels;
    for (const auto& entry : roster) labels.push_back(entry.label);
    for (std::size_t k = 0; k < list.size(); ++k) {
        const std::string key = "population.background[" + std::to_string(k) + "]";
        const std::string label = reader.to_string(list[k], key);
        if (std::find(labels.begin(), labels.end(), label) == labels.end()) {
            context.fail(list[k].Mark(), key,
                         "no roster entry is labelled \"" + label + "\"" +
                             hint_or_listing(label, labels, "; the labels are " + join_names(labels)),
                         reader.mark());
        }
        if (std::find(background.begin(), background.end(), label) != background.end()) {
            context.fail(list[k].Mark(), key, "\"" + label + "\" is listed twice", reader.mark());
        }
        background.push_back(label);
    }
    if (background.size() == roster.size()) {
        context.fail(list.Mark(), "population.background", "lists every roster entry; leave at least one out to evolve",
                     reader.mark());
    }
    return background;
}

PopulationSpec read_spec(const MapReader& top, const std::vector<RosterEntry>& roster) {
    const ScenarioContext& context = top.context();
    MapReader reader(context, top.get("population"), "population", kPopulationKeys, top.mark());
    PopulationSpec population;
    const std::string dynamics = reader.choice_value("dynamics", kPopulationDynamics, "replicator");
    population.dynamics = dynamics == "moran" ? PopulationDynamics::Moran : PopulationDynamics::Replicator;
    population.generations =
        static_cast<std::size_t>(reader.unsigned_value("generations", 1, kMaxGenerations, population.generations));
    if (population.generations * roster.size() > kMaxPopulationHistory) {
        context.fail(reader.mark_of_key("generations"), "population.generations",
                     std::to_string(population.generations) + " generations of " + std::to_string(roster.size()) +
                         " roster entries keep more than " + std::to_string(kMaxPopulationHistory) + " shares",
                     reader.mark());
    }
    if (population.dynamics == PopulationDynamics::Moran) {
        read_moran(reader, roster.size(), population);
    } else {
        for (const auto& key : kMoranOnlyKeys) {
            if (reader.has(key)) {
                context.fail(reader.get(key).Mark(), reader.path_of(key),
                             "applies only to dynamics: moran (the replicator dynamics has no individuals)",
                             reader.mark());
            }
        }
    }
    population.background = read_background(reader, roster);
    return population;
}

// A population process reads the payoff of every focal entry against every
// entry, itself included: a pair the matching never plays would be read as 0.
void check_population_cells(const ScenarioContext& context, const YAML::Node& node, const ScenarioSettings& settings) {
    const auto missing = unmeasured_population_cells(settings);
    if (missing.empty()) return;
    std::vector<std::string> pairs;
    bool only_self = true;
    for (const auto& [i, j] : missing) {
        if (pairs.size() < 3) pairs.push_back(settings.roster[i].label + " against " + settings.roster[j].label);
        only_self = only_self && i == j;
    }
    if (missing.size() > pairs.size()) pairs.push_back(std::to_string(missing.size() - pairs.size()) + " more");
    const bool pair_mode =
        settings.matching.mode == MatchingMode::AllPairs || settings.matching.mode == MatchingMode::RoundRobin;
    const std::string fix =
        only_self && pair_mode ? "add self_play: true to the matching (matching: {mode: " +
                                     std::string(matching_mode_name(settings.matching.mode)) + ", self_play: true})"
        : only_self ? "give those entries count: 2 or more, so that copies meet, or play pairs with round_robin "
                      "and self_play: true"
                    : "use a matching that seats every pair: round_robin or all_pairs with self_play: true, or "
                      "all_groups";
    context.fail(node.Mark(), "population",
                 std::string(population_dynamics_name(settings.population->dynamics)) +
                     " reads the payoff of every evolving entry against every entry, itself included, but matching " +
                     std::string(matching_mode_name(settings.matching.mode)) + " never plays " + join_names(pairs) +
                     "; " + fix);
}

}  // namespace

void read_population(const MapReader& top, ScenarioSettings& settings) {
    settings.population = read_spec(top, settings.roster);
    check_population_cells(top.context(), top.get("population"), settings);
}

}  // namespace parley::worlds::detail
