// scenario.lock.yaml: the scenario as it was run, every default written out,
// so that a run can be reproduced (and resumed) without the original file.
// Swept keys hold the values of the first sweep point; the sweep replaces them.

#include <parley/scenario/scenario.hpp>

#include <yaml-cpp/yaml.h>

#include <charconv>
#include <optional>

namespace parley::worlds {
namespace {

// Shortest text that reads back as the same double.
std::string number_text(double value) {
    char buffer[64];
    auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, value);
    return error == std::errc{} ? std::string(buffer, end) : std::to_string(value);
}

void emit_parameters(YAML::Emitter& out, const ParameterMap& parameters) {
    out << YAML::Key << "parameters" << YAML::Value;
    if (parameters.empty()) out << YAML::Flow;  // "{}" on the key's line
    out << YAML::BeginMap;
    for (const auto& [key, value] : parameters) out << YAML::Key << key << YAML::Value << value;
    out << YAML::EndMap;
}

void emit_world(YAML::Emitter& out, const WorldSpec& world) {
    out << YAML::Key << "world" << YAML::Value << YAML::BeginMap;
    if (const auto* generated = std::get_if<GeneratedWorld>(&world)) {
        // `parties` is left out: it always follows the matching, which a sweep may change.
        out << YAML::Key << "generate" << YAML::Value << YAML::BeginMap;
        out << YAML::Key << "issues" << YAML::Value << generated->issues;
        out << YAML::Key << "values" << YAML::Value << generated->values_per_issue;
        out << YAML::Key << "opposition" << YAML::Value << number_text(generated->opposition);
        out << YAML::Key << "vary" << YAML::Value << std::string(world_variation_name(generated->vary));
        out << YAML::EndMap;
    } else if (const auto* files = std::get_if<FileWorld>(&world)) {
        out << YAML::Key << "files" << YAML::Value << YAML::BeginMap;
        if (files->domain) out << YAML::Key << "domain" << YAML::Value << files->domain->string();
        out << YAML::Key << "profiles" << YAML::Value << YAML::BeginSeq;
        for (const auto& profile : files->profiles) out << profile.string();
        out << YAML::EndSeq << YAML::EndMap;
    } else if (const auto* game = std::get_if<GameWorld>(&world)) {
        // The parameters as given: the game fills in the rest when it is made,
        // and another game (a sweep of world.game.name) has other parameters.
        out << YAML::Key << "game" << YAML::Value << YAML::BeginMap;
        out << YAML::Key << "name" << YAML::Value << game->game;
        out << YAML::Key << "rounds" << YAML::Value << game->rounds;
        out << YAML::Key << "reply_timeout_ms" << YAML::Value << game->reply_timeout_ms;
        out << YAML::Key << "parameters" << YAML::Value;
        if (game->parameters.empty()) out << YAML::Flow;
        out << YAML::BeginMap;
        for (const auto& [name, value] : game->parameters) out << YAML::Key << name << YAML::Value << number_text(value);
        out << YAML::EndMap << YAML::EndMap;
    } else {
        const auto& pie = std::get<PieWorld>(world);
        out << YAML::Key << "pie" << YAML::Value << YAML::BeginMap;
        out << YAML::Key << "resolution" << YAML::Value << pie.resolution;
        out << YAML::Key << "discounts" << YAML::Value << YAML::Flow << YAML::BeginSeq << number_text(pie.discount0)
            << number_text(pie.discount1) << YAML::EndSeq;
        out << YAML::EndMap;
    }
    out << YAML::EndMap;
}

void emit_mechanism(YAML::Emitter& out, const MechanismSpec& mechanism) {
    out << YAML::Key << "mechanism" << YAML::Value << YAML::BeginMap;
    out << YAML::Key << "name" << YAML::Value << mechanism.name;
    out << YAML::Key << "rounds" << YAML::Value << mechanism.rounds;
    if (mechanism.seconds) out << YAML::Key << "seconds" << YAML::Value << number_text(*mechanism.seconds);
    out << YAML::Key << "reply_timeout_ms" << YAML::Value << mechanism.reply_timeout_ms;
    emit_parameters(out, mechanism.parameters);
    out << YAML::EndMap;
}

void emit_roster(YAML::Emitter& out, const std::vector<RosterEntry>& roster, bool game) {
    out << YAML::Key << "roster" << YAML::Value << YAML::BeginSeq;
    for (const auto& entry : roster) {
        out << YAML::BeginMap;
        out << YAML::Key << (game ? "strategy" : "framework") << YAML::Value << entry.framework;
        out << YAML::Key << "count" << YAML::Value << entry.count;
        // A label equal to the name is the default, left out so that it keeps
        // following the name when a sweep changes it.
        if (entry.label != entry.framework) out << YAML::Key << "label" << YAML::Value << entry.label;
        emit_parameters(out, entry.parameters);
        out << YAML::EndMap;
    }
    out << YAML::EndSeq;
}

void emit_matching(YAML::Emitter& out, const MatchingSpec& matching) {
    out << YAML::Key << "matching" << YAML::Value << YAML::BeginMap;
    out << YAML::Key << "mode" << YAML::Value << std::string(matching_mode_name(matching.mode));
    // Only a size the file gave: the default follows the roster, which a sweep may change.
    if (matching.requested_group_size) out << YAML::Key << "group_size" << YAML::Value << *matching.requested_group_size;
    out << YAML::Key << "self_play" << YAML::Value << (matching.self_play ? "true" : "false");
    out << YAML::EndMap;
}

void emit_population(YAML::Emitter& out, const std::optional<PopulationSpec>& population) {
    if (!population) return;
    out << YAML::Key << "population" << YAML::Value << YAML::BeginMap;
    out << YAML::Key << "dynamics" << YAML::Value << std::string(population_dynamics_name(population->dynamics));
    out << YAML::Key << "generations" << YAML::Value << population->generations;
    if (population->dynamics == PopulationDynamics::Moran) {  // the replicator dynamics refuses these keys
        out << YAML::Key << "size" << YAML::Value << population->size;
        out << YAML::Key << "selection" << YAML::Value << number_text(population->selection);
        out << YAML::Key << "runs" << YAML::Value << population->runs;
    }
    out << YAML::Key << "background" << YAML::Value << YAML::Flow << YAML::BeginSeq;
    for (const auto& label : population->background) out << label;
    out << YAML::EndSeq << YAML::EndMap;
}

void emit_sweep(YAML::Emitter& out, const std::vector<SweepAxis>& sweep) {
    if (sweep.empty()) return;
    out << YAML::Key << "sweep" << YAML::Value << YAML::BeginMap;
    for (const auto& axis : sweep) {
        out << YAML::Key << axis.key << YAML::Value << YAML::Flow << YAML::BeginSeq;
        for (const auto& value : axis.values) out << YAML::Load(value);
        out << YAML::EndSeq;
    }
    out << YAML::EndMap;
}

}  // namespace

std::string resolved_yaml(const Scenario& scenario, std::uint64_t seed, std::string_view version) {
    const ScenarioSettings& base = scenario.points.front().resolved;
    YAML::Emitter out;
    out << YAML::Comment("Resolved by " + std::string(version) + ": " +
                         std::to_string(scenario.points.size()) + " sweep point(s), " +
                         std::to_string(episode_count(scenario)) + " episodes. Loading it gives the same episodes.");
    out << YAML::BeginMap;
    out << YAML::Key << "name" << YAML::Value << scenario.name;
    out << YAML::Key << "parley_version" << YAML::Value << std::string(version);
    out << YAML::Key << "seed" << YAML::Value << seed;
    out << YAML::Key << "output" << YAML::Value << scenario.output.string();
    emit_world(out, base.world);
    const bool game = is_game(base.world);
    if (!game) {  // a game has neither: the loader refuses them
        out << YAML::Key << "information" << YAML::Value << std::string(information_name(base.information));
        emit_mechanism(out, base.mechanism);
    }
    emit_roster(out, base.roster, game);
    emit_matching(out, base.matching);
    out << YAML::Key << "repetitions" << YAML::Value << base.repetitions;
    emit_population(out, base.population);
    emit_sweep(out, scenario.sweep);
    out << YAML::EndMap;
    return std::string(out.c_str()) + "\n";
}

}  // namespace parley::worlds
