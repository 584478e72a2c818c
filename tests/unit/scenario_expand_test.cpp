// Expansion of scenarios into episodes: counts and order for every matching
// mode worked out by hand (self-play included), seeds (splitmix64 reference
// values, deterministic, distinct), world seeds per variation, sweep grids,
// the seed override, and game worlds.

#include "scenario_test_helpers.hpp"
#include <parley/core/determinism.hpp>

#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

using namespace scenario_test;

namespace {

std::string roster_of(const std::vector<std::string>& frameworks) {
    std::string text = "roster:\n";
    for (const auto& framework : frameworks) text += "  - framework: " + framework + "\n";
    return text;
}

Scenario scenario_with(const std::string& matching, std::size_t participants, const std::string& extra = "") {
    const std::vector<std::string> all = {"selfish", "reciprocal", "utilitarian", "rawlsian", "nash", "deontological"};
    std::vector<std::string> frameworks(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(participants));
    return parse("seed: 5\nworld: {generate: {issues: 2, values: 3}}\nmechanism: {name: saop}\n" + roster_of(frameworks) +
                 "matching: " + matching + "\n" + extra);
}

// Each episode as (participant, profile) per party.
std::vector<std::vector<std::pair<std::size_t, std::size_t>>> seats(const std::vector<EpisodeSpec>& episodes) {
    std::vector<std::vector<std::pair<std::size_t, std::size_t>>> all;
    for (const auto& episode : episodes) {
        std::vector<std::pair<std::size_t, std::size_t>> match;
        for (const auto& party : episode.parties) match.emplace_back(party.participant, party.profile);
        all.push_back(match);
    }
    return all;
}

using Seats = std::vector<std::vector<std::pair<std::size_t, std::size_t>>>;

}  // namespace

TEST_CASE("all_pairs: every unordered pair twice, each side opening once") {
    const auto episodes = expand(scenario_with("all_pairs", 3));
    const Seats expected{{{0, 0}, {1, 1}}, {{1, 0}, {0, 1}}, {{0, 0}, {2, 1}},
                         {{2, 0}, {0, 1}}, {{1, 0}, {2, 1}}, {{2, 0}, {1, 1}}};
    CHECK(seats(episodes) == expected);
    CHECK(episode_count(scenario_with("all_pairs", 4)) == 12);
}

TEST_CASE("round_robin: the circle method, each pair once, nobody twice in a round") {
    const Seats four{{{0, 0}, {3, 1}}, {{1, 0}, {2, 1}},   // round 0
                     {{2, 0}, {0, 1}}, {{3, 0}, {1, 1}},   // round 1
                     {{0, 0}, {1, 1}}, {{2, 0}, {3, 1}}};  // round 2
    CHECK(seats(expand(scenario_with("round_robin", 4))) == four);
    const Seats three{{{1, 0}, {2, 1}}, {{2, 0}, {0, 1}}, {{0, 0}, {1, 1}}};  // one bye per round
    CHECK(seats(expand(scenario_with("round_robin", 3))) == three);
    CHECK(episode_count(scenario_with("round_robin", 6)) == 15);
}

TEST_CASE("fixed_groups: consecutive groups in roster order") {
    const Seats groups{{{0, 0}, {1, 1}, {2, 2}}, {{3, 0}, {4, 1}, {5, 2}}};
    CHECK(seats(expand(scenario_with("{mode: fixed_groups, group_size: 3}", 6))) == groups);
    const Seats one_group{{{0, 0}, {1, 1}, {2, 2}, {3, 3}}};  // default: everyone in one group
    CHECK(seats(expand(scenario_with("fixed_groups", 4))) == one_group);
}

TEST_CASE("profile_rotation: each group once per rotation of the profiles") {
    const Seats pairs{{{0, 0}, {1, 1}}, {{0, 1}, {1, 0}}, {{2, 0}, {3, 1}}, {{2, 1}, {3, 0}}};
    CHECK(seats(expand(scenario_with("{mode: profile_rotation, group_size: 2}", 4))) == pairs);
    const Seats triple{{{0, 0}, {1, 1}, {2, 2}}, {{0, 1}, {1, 2}, {2, 0}}, {{0, 2}, {1, 0}, {2, 1}}};
    CHECK(seats(expand(scenario_with("profile_rotation", 3))) == triple);
}

TEST_CASE("counts expand into labelled participants; repetitions are innermost") {
    const auto scenario = parse(R"(seed: 3
world: {generate: {}}
mechanism: {name: saop}
roster:
  - {framework: selfish, label: me}
  - {framework: reciprocal, count: 2, parameters: {mirror: 0.5}}
repetitions: 2
)");
    const auto episodes = expand(scenario);
    REQUIRE(episodes.size() == 12);  // 3 participants: 6 ordered pairs x 2 repetitions
    CHECK(episodes[0].parties[0].label == "me");
    CHECK(episodes[0].parties[1].label == "reciprocal#1");
    CHECK(episodes[0].parties[1].parameters == ParameterMap{{"mirror", "0.5"}});
    CHECK(episodes[0].parties[1].roster_index == 1);
    CHECK(episodes[8].parties[0].label == "reciprocal#1");
    CHECK(episodes[8].parties[1].label == "reciprocal#2");
    for (std::size_t k = 0; k < episodes.size(); ++k) {
        CHECK(episodes[k].index == k);
        CHECK(episodes[k].match == k / 2);
        CHECK(episodes[k].repetition == k % 2);
        CHECK(episodes[k].mechanism.name == "saop");
        CHECK(episodes[k].mechanism.rounds == 100);
        CHECK(episodes[k].mechanism.reply_timeout_ms == 10000);
        CHECK(episodes[k].information == Information::Private);
    }
}

TEST_CASE("seeds: splitmix64 reference values, deterministic and distinct") {
    // The first two outputs of splitmix64 seeded with 0 (Vigna's reference implementation).
    CHECK(parley::core::derive_seed(0, 0) == 0xE220A8397B1DCDAFULL);
    CHECK(parley::core::derive_seed(0, 1) == 0x6E789E6AA1B965F4ULL);
    CHECK(parley::core::episode_seed(0, 1) == 0x6E789E6AA1B965F4ULL);

    const auto scenario = scenario_with("all_pairs", 4, "repetitions: 5\n");
    const auto first = expand(scenario);
    const auto second = expand(scenario);
    std::set<std::uint64_t> seeds;
    std::set<std::uint64_t> party_seeds;
    for (std::size_t k = 0; k < first.size(); ++k) {
        CHECK(first[k].seed == second[k].seed);
        CHECK(first[k].seed == parley::core::episode_seed(5, k));
        seeds.insert(first[k].seed);
        party_seeds.insert(parley::core::party_seed(first[k].seed, 0));
        party_seeds.insert(parley::core::party_seed(first[k].seed, 1));
        party_seeds.insert(parley::core::mechanism_seed(first[k].seed));
    }
    CHECK(seeds.size() == first.size());
    CHECK(party_seeds.size() == 3 * first.size());
}

TEST_CASE("the seed override changes the seeds and nothing else") {
    const auto scenario = scenario_with("all_pairs", 3, "repetitions: 2\n");
    const auto original = expand(scenario);
    const auto overridden = expand(scenario, 99);
    REQUIRE(original.size() == overridden.size());
    for (std::size_t k = 0; k < original.size(); ++k) {
        CHECK(overridden[k].seed == parley::core::episode_seed(99, k));
        CHECK(overridden[k].seed != original[k].seed);
        CHECK(overridden[k].world_seed != original[k].world_seed);
        CHECK(seats({overridden[k]}) == seats({original[k]}));
        CHECK(overridden[k].repetition == original[k].repetition);
        CHECK(overridden[k].match == original[k].match);
    }
    CHECK(expand(scenario, 5)[0].seed == original[0].seed);  // the scenario's own seed
}

TEST_CASE("generated worlds vary per run, per repetition or per episode") {
    auto world_seeds = [](const std::string& vary) {
        const auto scenario = parse("world: {generate: {vary: " + vary +
                                    "}}\nmechanism: {name: saop}\nroster: [{framework: nash, count: 3}]\n"
                                    "repetitions: 2\nsweep: {mechanism.rounds: [10, 20]}\n");
        std::vector<std::uint64_t> seeds;
        for (const auto& episode : expand(scenario)) seeds.push_back(episode.world_seed);
        return seeds;
    };
    const auto per_run = world_seeds("per_run");
    REQUIRE(per_run.size() == 24);  // 2 points x 6 matches x 2 repetitions
    CHECK(std::set<std::uint64_t>(per_run.begin(), per_run.end()).size() == 1);

    const auto per_repetition = world_seeds("per_repetition");
    CHECK(std::set<std::uint64_t>(per_repetition.begin(), per_repetition.end()).size() == 2);
    for (std::size_t k = 0; k < per_repetition.size(); ++k) CHECK(per_repetition[k] == per_repetition[k % 2]);

    const auto per_episode = world_seeds("per_episode");
    CHECK(std::set<std::uint64_t>(per_episode.begin(), per_episode.end()).size() == per_episode.size());
}

TEST_CASE("domains: built once per cache key, and as specified") {
    const auto episodes = expand(parse(
        "world: {generate: {issues: 2, values: 4, opposition: 0.3}}\nmechanism: {name: saop}\n"
        "roster: [{framework: nash}, {framework: selfish}]\nrepetitions: 2\n"));
    REQUIRE(episodes.size() == 4);
    CHECK(domain_cache_key(episodes[0]) == domain_cache_key(episodes[2]));  // same repetition
    CHECK(domain_cache_key(episodes[0]) != domain_cache_key(episodes[1]));
    const Domain domain = build_domain(episodes[0]);
    CHECK(domain.space.issue_count() == 2);
    CHECK(domain.space.outcome_count() == 16);
    CHECK(domain.profiles.size() == 2);

    const auto pie = expand(parse("world: {pie: {resolution: 10, discounts: [0.9, 0.5]}}\n"
                                  "mechanism: {name: rubinstein}\nroster: [{framework: nash}, {framework: selfish}]\n"));
    CHECK(domain_cache_key(pie[0]) == "pie:resolution=10;discounts=0.9,0.5");
    const Domain pie_domain = build_domain(pie[0]);
    CHECK(pie_domain.profiles.size() == 2);
    CHECK(pie_domain.profiles[1].discount_factor() == 0.5);
    CHECK(pie[0].world_seed == 0);
}

TEST_CASE("sweeps: the grid in file order, last key fastest") {
    const auto scenario = parse(R"(seed: 1
world: {generate: {opposition: 0.5}}
mechanism: {name: saop}
roster: [{framework: nash}, {framework: reciprocal}]
repetitions: 2
sweep:
  mechanism.rounds: [10, 20, 30]
  world.generate.opposition: [0.2, 0.8]
  roster[1].parameters.mirror: [0.5]
)");
    REQUIRE(scenario.points.size() == 6);
    REQUIRE(scenario.sweep.size() == 3);
    CHECK(scenario.sweep[0].values == std::vector<std::string>{"10", "20", "30"});
    using Settings = std::vector<std::pair<std::string, std::string>>;
    CHECK(scenario.points[1].settings ==
          Settings{{"mechanism.rounds", "10"}, {"world.generate.opposition", "0.8"}, {"roster[1].parameters.mirror", "0.5"}});
    for (std::size_t point = 0; point < 6; ++point) {
        const ScenarioSettings& settings = scenario.points[point].resolved;
        CHECK(settings.mechanism.rounds == 10 * (point / 2 + 1));
        CHECK(std::get<GeneratedWorld>(settings.world).opposition == (point % 2 == 0 ? 0.2 : 0.8));
        CHECK(settings.roster[1].parameters.at("mirror") == "0.5");  // a parameter map the file did not have
    }
    const auto episodes = expand(scenario);
    REQUIRE(episodes.size() == 6 * 2 * 2);
    CHECK(episodes[4].sweep_point == 1);
    CHECK(episodes[4].match == 0);
    CHECK(episodes[4].sweep_settings == scenario.points[1].settings);
    CHECK(episodes[23].sweep_point == 5);
    CHECK(episodes[23].mechanism.rounds == 30);
}

TEST_CASE("sweeps may change the shape of a point: counts, matching, whole lists") {
    const auto scenario = parse(R"(world: {pie: {}}
mechanism: {name: rubinstein}
roster: [{framework: nash}, {framework: selfish}]
matching: {mode: all_pairs}
sweep:
  roster[0].count: [1, 2]
  matching.mode: [all_pairs, round_robin]
  world.pie.discounts: [[0.9, 0.9], [0.5, 0.6]]
)");
    REQUIRE(scenario.points.size() == 8);
    // (count, mode): (1, all_pairs) 2 matches, (1, round_robin) 1, (2, all_pairs) 6, (2, round_robin) 3; x2 discounts.
    CHECK(episode_count(scenario) == 2 * (2 + 1 + 6 + 3));
    CHECK(std::get<PieWorld>(scenario.points[1].resolved.world).discount1 == 0.6);
    CHECK(scenario.points[1].settings[2] == std::pair<std::string, std::string>{"world.pie.discounts", "[0.5, 0.6]"});
}

// ---- games ------------------------------------------------------------------------

namespace {

std::string game_roster(const std::vector<std::string>& strategies) {
    std::string text = "roster:\n";
    for (const auto& strategy : strategies) text += "  - strategy: " + strategy + "\n";
    return text;
}

}  // namespace

TEST_CASE("an ipd tournament: round_robin with self_play, n(n-1)/2 + n matches") {
    const std::vector<std::string> strategies = {"tit_for_tat", "all_d", "grudger", "all_c"};
    const auto scenario = parse_game("seed: 9\nworld: {game: {name: ipd, rounds: 200, parameters: {noise: 0.05}}}\n" +
                                     game_roster(strategies) +
                                     "matching: {mode: round_robin, self_play: true}\nrepetitions: 3\n");
    const auto episodes = expand(scenario);
    REQUIRE(episodes.size() == (4 * 3 / 2 + 4) * 3);
    CHECK(episode_count(scenario) == episodes.size());
    // The round-robin matches in their usual order, then each participant against itself.
    const Seats matches{{{0, 0}, {3, 1}}, {{1, 0}, {2, 1}}, {{2, 0}, {0, 1}}, {{3, 0}, {1, 1}}, {{0, 0}, {1, 1}},
                        {{2, 0}, {3, 1}}, {{0, 0}, {0, 1}}, {{1, 0}, {1, 1}}, {{2, 0}, {2, 1}}, {{3, 0}, {3, 1}}};
    Seats first_repetitions;
    for (const auto& episode : episodes) {
        if (episode.repetition == 0) first_repetitions.push_back(seats({episode}).front());
    }
    CHECK(first_repetitions == matches);
    for (std::size_t k = 0; k < episodes.size(); ++k) {
        const EpisodeSpec& episode = episodes[k];
        CHECK(episode.index == k);
        CHECK(episode.seed == parley::core::episode_seed(9, k));
        CHECK(episode.match == k / 3);
        CHECK(episode.repetition == k % 3);
        CHECK(is_game(episode.world));
        CHECK(episode.world_seed == 0);
        REQUIRE(episode.parties.size() == 2);
        for (const auto& party : episode.parties) {
            CHECK(party.framework == strategies[party.participant]);
            CHECK(party.label == strategies[party.participant]);
        }
    }
    const auto& world = std::get<GameWorld>(episodes[0].world);
    CHECK(world.game == "ipd");
    CHECK(world.rounds == 200);
    CHECK(world.parameters == std::map<std::string, double>{{"noise", 0.05}});
    const EpisodeSpec& self_match = episodes[6 * 3];  // the first self-play match: tit_for_tat against itself
    CHECK(self_match.parties[0].label == "tit_for_tat");
    CHECK(self_match.parties[1].label == "tit_for_tat");
    CHECK(self_match.parties[0].profile == 0);
    CHECK(self_match.parties[1].profile == 1);
}

TEST_CASE("self_play with all_pairs: the pairs as before, then each participant against itself") {
    const Seats expected{{{0, 0}, {1, 1}}, {{1, 0}, {0, 1}}, {{0, 0}, {2, 1}}, {{2, 0}, {0, 1}}, {{1, 0}, {2, 1}},
                         {{2, 0}, {1, 1}}, {{0, 0}, {0, 1}}, {{1, 0}, {1, 1}}, {{2, 0}, {2, 1}}};
    CHECK(seats(expand(scenario_with("{mode: all_pairs, self_play: true}", 3))) == expected);
    // self_play: false changes nothing, seeds included.
    const auto without = expand(scenario_with("{mode: all_pairs, self_play: false}", 3));
    const auto plain = expand(scenario_with("all_pairs", 3));
    CHECK(seats(without) == seats(plain));
    CHECK(without.back().seed == plain.back().seed);
}

TEST_CASE("all_groups: every combination of group_size participants, in lexicographic order") {
    const Seats pairs_of_four{{{0, 0}, {1, 1}}, {{0, 0}, {2, 1}}, {{0, 0}, {3, 1}},
                              {{1, 0}, {2, 1}}, {{1, 0}, {3, 1}}, {{2, 0}, {3, 1}}};
    CHECK(seats(expand(scenario_with("{mode: all_groups, group_size: 2}", 4))) == pairs_of_four);

    const auto triples = parse_game("world: {game: {name: public_goods}}\n" +
                                    game_roster({"free_rider", "punisher", "selfish", "reciprocal", "full_contributor"}) +
                                    "matching: {mode: all_groups, group_size: 3}\n");
    const Seats expected{{{0, 0}, {1, 1}, {2, 2}}, {{0, 0}, {1, 1}, {3, 2}}, {{0, 0}, {1, 1}, {4, 2}},
                         {{0, 0}, {2, 1}, {3, 2}}, {{0, 0}, {2, 1}, {4, 2}}, {{0, 0}, {3, 1}, {4, 2}},
                         {{1, 0}, {2, 1}, {3, 2}}, {{1, 0}, {2, 1}, {4, 2}}, {{1, 0}, {3, 1}, {4, 2}},
                         {{2, 0}, {3, 1}, {4, 2}}};
    CHECK(seats(expand(triples)) == expected);  // C(5, 3) = 10
    CHECK(triples.points[0].resolved.matching.group_size == 3);

    CHECK(episode_count(scenario_with("{mode: all_groups, group_size: 3}", 6)) == 20);  // C(6, 3)
    CHECK(episode_count(scenario_with("{mode: all_groups, group_size: 6}", 6)) == 1);
    CHECK(episode_count(scenario_with("all_groups", 5)) == 1);  // default: everyone in one group
    // Any size up to the roster: groups need not divide it.
    CHECK(episode_count(scenario_with("{mode: all_groups, group_size: 4}", 5)) == 5);
}

TEST_CASE("games: no domain, and a sweep over the game's keys") {
    const auto scenario = parse_game(R"(world:
  game:
    name: ipd
    rounds: 20
roster: [{strategy: all_c, count: 2}, {framework: selfish, count: 2}]
matching: {mode: all_pairs, self_play: false}
population: {generations: 50}
sweep:
  world.game.rounds: [20, 40]
  world.game.parameters.noise: [0, 0.1]
  matching.self_play: [false, true]
  population.generations: [50, 60]
)");
    REQUIRE(scenario.points.size() == 16);
    // Points: rounds slowest, generations fastest; self_play adds 4 matches to the 12 pairs. Two copies
    // of each entry meet, so the population has every entry against itself without self-play too.
    const ScenarioSettings& last = scenario.points[15].resolved;
    CHECK(std::get<GameWorld>(last.world).rounds == 40);
    CHECK(std::get<GameWorld>(last.world).parameters.at("noise") == 0.1);
    CHECK(last.matching.self_play);
    CHECK(last.population->generations == 60);
    CHECK(episode_count(scenario) == 8 * 12 + 8 * 16);

    const auto episodes = expand(scenario);
    CHECK_THROWS_AS((void)domain_cache_key(episodes[0]), std::logic_error);
    CHECK_THROWS_AS((void)build_domain(episodes[0]), std::logic_error);
    CHECK(episodes[0].mechanism.name.empty());
    CHECK(is_game(episodes[0].world));
    CHECK(!is_game(expand(scenario_with("all_pairs", 2))[0].world));
    CHECK(population_dynamics_name(PopulationDynamics::Replicator) == "replicator");
    CHECK(population_dynamics_name(PopulationDynamics::Moran) == "moran");
}

TEST_CASE("a sweep of a roster entry's name replaces it however the entry wrote it") {
    const auto scenario = parse_game(R"(world: {game: {name: ipd}}
roster: [{framework: selfish}, {strategy: all_d}]
sweep:
  roster[0].strategy: [grudger, tit_for_tat]
  roster[1].framework: [all_c]
)");
    REQUIRE(scenario.points.size() == 2);
    CHECK(scenario.points[1].resolved.roster[0].framework == "tit_for_tat");
    CHECK(scenario.points[1].resolved.roster[0].label == "tit_for_tat");
    CHECK(scenario.points[1].resolved.roster[1].framework == "all_c");
}
