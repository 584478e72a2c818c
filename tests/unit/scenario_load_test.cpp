// Scenario files as users write them: every example in scenarios/ loads,
// defaults are filled in as scenarios/README.md promises, and the lock file
// loads again into the same episodes, for negotiations and for games.

#include "scenario_test_helpers.hpp"

#include <optional>
#include <sstream>
#include <string>
#include <vector>

using namespace scenario_test;

namespace {

const fs::path kExamples = fs::path(PARLEY_SOURCE_DIR) / "scenarios";

// A game world as text; a negotiation's world by its domain key.
std::string world_of(const EpisodeSpec& episode) {
    const auto* game = std::get_if<GameWorld>(&episode.world);
    if (!game) return domain_cache_key(episode);
    std::ostringstream out;
    out << "game:" << game->game << ' ' << game->rounds << ' ' << game->reply_timeout_ms;
    for (const auto& [name, value] : game->parameters) out << ' ' << name << '=' << value;
    return out.str();
}

// Everything an episode carries, as text, to compare expansions.
std::string describe(const std::vector<EpisodeSpec>& episodes) {
    std::ostringstream out;
    out.precision(17);
    for (const auto& e : episodes) {
        out << e.index << ' ' << e.seed << ' ' << e.sweep_point << ' ' << e.match << ' ' << e.repetition << ' '
            << world_of(e) << ' ' << information_name(e.information) << ' ' << e.mechanism.name << ' '
            << e.mechanism.rounds << ' ' << e.mechanism.seconds.value_or(-1) << ' ' << e.mechanism.reply_timeout_ms;
        for (const auto& [key, value] : e.mechanism.parameters) out << ' ' << key << '=' << value;
        for (const auto& [key, value] : e.sweep_settings) out << ' ' << key << ':' << value;
        for (const auto& p : e.parties) {
            out << " | " << p.participant << ' ' << p.roster_index << ' ' << p.framework << ' ' << p.label << ' '
                << p.profile;
            for (const auto& [key, value] : p.parameters) out << ' ' << key << '=' << value;
        }
        out << '\n';
    }
    return out.str();
}

// The lock of `scenario`, loaded again from another folder.
Scenario reload_lock(const Scenario& scenario, std::uint64_t seed,
                     const ScenarioVocabulary& vocabulary = test_vocabulary()) {
    const std::string lock = resolved_yaml(scenario, seed, "0.1.0");
    INFO(lock);
    return parse_scenario(lock, "scenario.lock.yaml", fs::temp_directory_path() / "elsewhere", vocabulary);
}

// A sweep point's population settings as text.
std::string describe(const std::optional<PopulationSpec>& population) {
    if (!population) return "none";
    std::ostringstream out;
    out << population_dynamics_name(population->dynamics) << ' ' << population->generations << ' ' << population->size
        << ' ' << population->selection << ' ' << population->runs;
    for (const auto& label : population->background) out << ' ' << label;
    return out.str();
}

}  // namespace

TEST_CASE("every example scenario loads and expands") {
    std::size_t examples = 0;
    for (const auto& entry : fs::directory_iterator(kExamples)) {
        if (entry.path().extension() != ".yaml") continue;
        CAPTURE(entry.path().string());
        ++examples;
        const Scenario scenario = load_scenario(entry.path(), test_vocabulary());
        CHECK(scenario.name == entry.path().stem().string());
        CHECK(!expand(scenario).empty());
        CHECK(describe(expand(reload_lock(scenario, scenario.seed))) == describe(expand(scenario)));
        for (const auto& episode : expand(scenario)) {
            if (episode.index > 3 || is_game(episode.world)) break;  // a game has no domain
            CHECK(build_domain(episode).profiles.size() == episode.parties.size());
        }
    }
    CHECK(examples >= 3);
}

TEST_CASE("quickstart: 4 frameworks, all pairs, 3 repetitions") {
    const Scenario scenario = load_scenario(kExamples / "quickstart.yaml", test_vocabulary());
    CHECK(scenario.seed == 42);
    CHECK(scenario.output == fs::path("results/quickstart"));
    CHECK(episode_count(scenario) == 4 * 3 * 3);
    const auto& settings = scenario.points.at(0).resolved;
    CHECK(settings.mechanism.name == "saop");
    CHECK(settings.mechanism.rounds == 100);
    CHECK(std::get<GeneratedWorld>(settings.world).issues == 3);
}

TEST_CASE("the examples' episode counts match their comments") {
    CHECK(episode_count(load_scenario(kExamples / "pie_rubinstein.yaml", test_vocabulary())) == 4 * 3);
    CHECK(episode_count(load_scenario(kExamples / "sweep_example.yaml", test_vocabulary())) == 144);
}

TEST_CASE("defaults of a minimal scenario") {
    const Scenario scenario = parse("mechanism: {name: saop}\nworld: {generate: {}}\n"
                                    "roster: [{framework: selfish}, {framework: nash}]\n");
    CHECK(scenario.name == "test");  // the file's stem
    CHECK(scenario.seed == 0);
    CHECK(scenario.output == fs::path("results/test"));
    REQUIRE(scenario.points.size() == 1);
    CHECK(scenario.points[0].settings.empty());
    const ScenarioSettings& settings = scenario.points[0].resolved;
    const auto& world = std::get<GeneratedWorld>(settings.world);
    CHECK(world.issues == 3);
    CHECK(world.values_per_issue == 5);
    CHECK(world.parties == 2);
    CHECK(world.opposition == 0.5);
    CHECK(world.vary == WorldVariation::PerRepetition);
    CHECK(settings.information == Information::Private);
    CHECK(settings.mechanism.rounds == 100);
    CHECK(!settings.mechanism.seconds);
    CHECK(settings.mechanism.reply_timeout_ms == 10000);
    CHECK(settings.roster[1].label == "nash");
    CHECK(settings.roster[1].count == 1);
    CHECK(settings.matching.mode == MatchingMode::AllPairs);
    CHECK(settings.repetitions == 1);

    const Scenario pie = parse("mechanism: {name: rubinstein}\nworld: {pie: {}}\n"
                               "roster: [{framework: selfish}, {framework: nash}]\n");
    const auto& pie_world = std::get<PieWorld>(pie.points[0].resolved.world);
    CHECK(pie_world.resolution == 100);
    CHECK(pie_world.discount0 == 0.9);
    CHECK(pie_world.discount1 == 0.9);
}

TEST_CASE("lock files round-trip: same episodes, whatever the sweep, world and seed") {
    const Scenario swept = parse(R"(name: locked
seed: 18446744073709551615
world: {generate: {issues: 2, values: 3, opposition: 0.1, vary: per_episode}}
information: disclosed
mechanism: {name: mediated, rounds: 7, seconds: 2.5, reply_timeout_ms: 300, parameters: {step: "1"}}
roster:
  - {framework: nash, label: "n1", parameters: {exponent: "0.25", note: "a: b"}}
  - {framework: selfish, count: 3}
matching: {mode: fixed_groups, group_size: 2}
repetitions: 3
output: out/dir
sweep:
  roster[1].count: [1, 3]
  world.generate.opposition: [0.1, 0.30000000000000004]
)");
    const Scenario again = reload_lock(swept, swept.seed);
    CHECK(again.name == "locked");
    CHECK(again.output == fs::path("out/dir"));
    CHECK(describe(expand(again)) == describe(expand(swept)));
    // Written with another seed (parley run --seed), the lock gives that run's episodes.
    CHECK(describe(expand(reload_lock(swept, 77))) == describe(expand(swept, 77)));

    ScratchFolder folder("lock");
    folder.write("d.xml", R"(<negotiation_template><utility_space><objective name="root">
  <issue index="1" name="Price" type="discrete"><item index="1" value="low"/><item index="2" value="high"/></issue>
</objective></utility_space></negotiation_template>)");
    const std::string profile = R"(<utility_space><objective name="root">
  <issue index="1" name="Price" type="discrete">
    <item index="1" value="low" evaluation="1"/><item index="2" value="high" evaluation="4"/></issue>
  <weight index="1" value="1"/>
</objective></utility_space>)";
    folder.write("a.xml", profile);
    folder.write("b.xml", profile);
    const Scenario files = parse("mechanism: {name: saop}\nworld: {files: {domain: d.xml, profiles: [a.xml, b.xml]}}\n"
                                 "roster: [{framework: selfish}, {framework: nash}]\nmatching: round_robin\n",
                                 folder.path());
    const auto& world = std::get<FileWorld>(files.points[0].resolved.world);
    CHECK(world.domain == folder.path() / "d.xml");
    CHECK(world.profiles.at(1) == folder.path() / "b.xml");
    CHECK(describe(expand(reload_lock(files, 3))) == describe(expand(files, 3)));
    CHECK(build_domain(expand(files)[0]).space.outcome_count() == 2);
}

TEST_CASE("the lock file records the version and the seed") {
    const Scenario scenario = parse("mechanism: {name: saop}\nworld: {generate: {}}\n"
                                    "roster: [{framework: selfish}, {framework: nash}]\n");
    const std::string lock = resolved_yaml(scenario, 1234, "9.8.7");
    CHECK(lock.find("parley_version: 9.8.7") != std::string::npos);
    CHECK(lock.find("seed: 1234") != std::string::npos);
    CHECK(lock.find("2 episodes") != std::string::npos);
}

TEST_CASE("defaults of a minimal game scenario") {
    const Scenario scenario = parse("world: {game: {name: ipd}}\nroster: [{strategy: all_d}, {framework: selfish}]\n");
    const ScenarioSettings& settings = scenario.points.at(0).resolved;
    const auto& game = std::get<GameWorld>(settings.world);
    CHECK(game.game == "ipd");
    CHECK(game.rounds == 10);
    CHECK(game.reply_timeout_ms == 10000);
    CHECK(game.parameters.empty());
    CHECK(settings.roster[0].framework == "all_d");
    CHECK(settings.roster[0].label == "all_d");
    CHECK(settings.matching.mode == MatchingMode::AllPairs);
    CHECK(!settings.matching.self_play);
    CHECK(!settings.population);
    CHECK(episode_count(scenario) == 2);

    // A population reads each entry against itself: self-play plays those pairs.
    const Scenario evolving = parse("world: {game: {name: ipd}}\nroster: [{strategy: all_d}, {strategy: all_c}]\n"
                                    "matching: {mode: all_pairs, self_play: true}\npopulation: {}\n");
    const PopulationSpec& replicator = evolving.points.at(0).resolved.population.value();
    CHECK(replicator.dynamics == PopulationDynamics::Replicator);
    CHECK(replicator.generations == 100);
    CHECK(replicator.background.empty());
    const Scenario moran = parse("world: {game: {name: ipd}}\nroster: [{strategy: all_d}, {strategy: all_c}]\n"
                                 "matching: {mode: all_pairs, self_play: true}\npopulation: {dynamics: moran}\n");
    const PopulationSpec& moran_population = moran.points.at(0).resolved.population.value();
    CHECK(moran_population.dynamics == PopulationDynamics::Moran);
    CHECK(moran_population.size == 100);
    CHECK(moran_population.selection == 1.0);
    CHECK(moran_population.runs == 1);
}

TEST_CASE("lock files round-trip a game: world, self_play, population and sweep") {
    const Scenario tournament = parse_scenario(R"(name: ipd_locked
seed: 12
world:
  game:
    name: ipd
    rounds: 200
    reply_timeout_ms: 500
    parameters: {noise: 0.05, continuation: 0.30000000000000004}
roster:
  - strategy: tit_for_tat
  - {framework: selfish, label: me, parameters: {patience: "2"}}
  - {strategy: all_d, count: 2}
matching: {mode: round_robin, self_play: true}
repetitions: 2
population:
  dynamics: moran
  generations: 30
  size: 40
  selection: 0.25
  runs: 3
  background: [all_d]
sweep:
  world.game.parameters.noise: [0.05, 0.1]
  roster[0].strategy: [tit_for_tat, grudger]
  population.selection: [0.25, 0.5]
)",
                                               "test.yaml", fs::temp_directory_path(), game_vocabulary());
    const Scenario again = reload_lock(tournament, tournament.seed, game_vocabulary());
    CHECK(describe(expand(again)) == describe(expand(tournament)));
    CHECK(describe(expand(reload_lock(tournament, 5, game_vocabulary()))) == describe(expand(tournament, 5)));
    REQUIRE(again.points.size() == tournament.points.size());
    for (std::size_t point = 0; point < again.points.size(); ++point) {
        CHECK(describe(again.points[point].resolved.population) == describe(tournament.points[point].resolved.population));
    }
    CHECK(expand(again)[0].parties[0].label == "tit_for_tat");
    CHECK(again.points[2].resolved.roster[0].label == "grudger");  // the default label follows the swept strategy

    const std::string lock = resolved_yaml(tournament, tournament.seed, "0.1.0");
    CHECK(lock.find("mechanism") == std::string::npos);
    CHECK(lock.find("information") == std::string::npos);
    CHECK(lock.find("self_play: true") != std::string::npos);
    CHECK(lock.find("dynamics: moran") != std::string::npos);

    // The replicator dynamics, all_groups and a game without parameters.
    const Scenario groups = parse("world: {game: {name: public_goods, rounds: 7}}\n"
                                  "roster: [{strategy: free_rider, count: 2}, {strategy: punisher, count: 3}]\n"
                                  "matching: {mode: all_groups, group_size: 3}\npopulation: {generations: 5}\n");
    const Scenario groups_again = reload_lock(groups, 1);
    CHECK(describe(expand(groups_again)) == describe(expand(groups, 1)));
    CHECK(describe(groups_again.points[0].resolved.population) == describe(groups.points[0].resolved.population));
}
