// Repeated games end to end through `parley run`: a real broker, one agent
// process per strategy, the runner enforcing the rules, and the results
// folder (matches.csv, players.csv, ranking.csv, population.csv).

#include "cluster.hpp"
#include "scratch.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <utility>
#include <vector>

using namespace parley;
using namespace parley::testing;
namespace fs = std::filesystem;

namespace {

constexpr auto kRunPatience = std::chrono::seconds(180);

CommandResult run_scenario(const fs::path& scenario, const fs::path& out, std::vector<std::string> extra = {}) {
    std::vector<std::string> args{"--log-level", "warn", "run", scenario.string(), "--out", out.string()};
    args.insert(args.end(), extra.begin(), extra.end());
    return run_parley(args, kRunPatience);
}

// players.csv: match,player,label,entry,strategy,score,...
struct PlayerRow {
    std::size_t match = 0;
    std::string label;
    double score = 0.0;
};

std::vector<PlayerRow> player_rows(const fs::path& folder) {
    std::vector<PlayerRow> rows;
    const auto all = lines(folder / "players.csv");
    for (std::size_t i = 1; i < all.size(); ++i) {
        rows.push_back({std::stoul(column(all[i], 0)), column(all[i], 2), std::stod(column(all[i], 5))});
    }
    return rows;
}

// (label, opponent) -> score, for 2-player matches.
std::map<std::pair<std::string, std::string>, double> scores_by_pair(const fs::path& folder) {
    std::map<std::pair<std::string, std::string>, double> scores;
    const auto rows = player_rows(folder);
    for (std::size_t i = 0; i + 1 < rows.size(); i += 2) {
        REQUIRE(rows[i].match == rows[i + 1].match);
        scores[{rows[i].label, rows[i + 1].label}] = rows[i].score;
        scores[{rows[i + 1].label, rows[i].label}] = rows[i + 1].score;
    }
    return scores;
}

}  // namespace

TEST_CASE("a noiseless 200-turn IPD round robin played over the broker gives the scores worked out by hand") {
    auto folder = scratch("axelrod");
    auto scenario = write_scenario(folder,
                                   "name: axelrod\n"
                                   "seed: 3\n"
                                   "world:\n"
                                   "  game: {name: ipd, rounds: 200}\n"
                                   "roster:\n"
                                   "  - strategy: all_c\n"
                                   "  - strategy: all_d\n"
                                   "  - strategy: tit_for_tat\n"
                                   "  - strategy: grudger\n"
                                   "  - strategy: alternator\n"
                                   "matching: round_robin\n");
    auto result = run_scenario(scenario, folder / "out", {"--parallel", "4"});
    INFO(result.output);
    REQUIRE(result.exit_code == 0);
    REQUIRE(lines(folder / "out" / "matches.csv").size() == 1 + 10);
    const auto scores = scores_by_pair(folder / "out");
    // Worked out by hand (payoffs R=3, S=0, T=5, P=1; the alternator opens with C).
    const std::map<std::pair<std::string, std::string>, double> expected = {
        {{"all_c", "all_d"}, 0},           {{"all_d", "all_c"}, 1000},
        {{"all_c", "tit_for_tat"}, 600},   {{"tit_for_tat", "all_c"}, 600},
        {{"all_c", "grudger"}, 600},       {{"grudger", "all_c"}, 600},
        {{"all_c", "alternator"}, 300},    {{"alternator", "all_c"}, 800},
        {{"all_d", "tit_for_tat"}, 204},   {{"tit_for_tat", "all_d"}, 199},
        {{"all_d", "grudger"}, 204},       {{"grudger", "all_d"}, 199},
        {{"all_d", "alternator"}, 600},    {{"alternator", "all_d"}, 100},
        {{"tit_for_tat", "grudger"}, 600}, {{"grudger", "tit_for_tat"}, 600},
        {{"tit_for_tat", "alternator"}, 498}, {{"alternator", "tit_for_tat"}, 503},
        {{"grudger", "alternator"}, 597},  {{"alternator", "grudger"}, 107},
    };
    for (const auto& [pair, score] : expected) {
        CAPTURE(pair.first);
        CAPTURE(pair.second);
        REQUIRE(scores.contains(pair));
        CHECK(scores.at(pair) == score);
    }
    // Median (of one repetition) score per round over 4 matches of 200 rounds: AllD 2.51,
    // Grudger 2.495, TFT 2.37125, Alternator 1.8875, AllC 1.875.
    const auto ranking = lines(folder / "out" / "ranking.csv");
    REQUIRE(ranking.size() == 1 + 5);
    CHECK(ranking[0] ==
          "group,rank,entry,samples,median_score,cooperation_rating,good_partner_rating,samples_with_self_play,"
          "mean_score_with_self_play,cooperation_rating_with_self_play,never_defected_first_with_self_play");
    const std::vector<std::string> order = {"all_d", "grudger", "tit_for_tat", "alternator", "all_c"};
    for (std::size_t place = 0; place < order.size(); ++place) CHECK(column(ranking[place + 1], 2) == order[place]);
    CHECK(column(ranking[1], 4) == "2.510000000");
    // Alternator: a good partner (as many cooperations) to AllD and Grudger only; it
    // defected first against all but AllD.
    CHECK(column(ranking[4], 6) == "0.500000000");
    CHECK(column(ranking[4], 10) == "0.250000000");
    CHECK(fs::exists(folder / "out" / "payoff_matrix.csv"));
    CHECK(result.output.find("ranking") != std::string::npos);
}

TEST_CASE("a noisy tournament with a Moran process is byte-identical with --parallel 1 and --parallel 8, and a seed "
          "reproduces it") {
    auto folder = scratch("noise");
    auto scenario = write_scenario(folder,
                                   "name: noise\n"
                                   "seed: 99\n"
                                   "world:\n"
                                   "  game: {name: ipd, rounds: 50, parameters: {noise: 0.1}}\n"
                                   "roster:\n"
                                   "  - strategy: tit_for_tat\n"
                                   "  - strategy: generous_tft\n"
                                   "  - strategy: random\n"
                                   "  - framework: rawlsian\n"
                                   "matching: {mode: round_robin, self_play: true}\n"
                                   "repetitions: 2\n"
                                   "population: {dynamics: moran, size: 20, generations: 50, runs: 5}\n");
    auto one = run_scenario(scenario, folder / "p1", {"--parallel", "1"});
    auto eight = run_scenario(scenario, folder / "p8", {"--parallel", "8"});
    INFO(one.output);
    INFO(eight.output);
    REQUIRE(one.exit_code == 0);
    REQUIRE(eight.exit_code == 0);
    for (const char* file : {"matches.csv", "players.csv", "ranking.csv", "payoff_matrix.csv", "population.csv",
                             "summary.csv"}) {
        CAPTURE(file);
        CHECK(read(folder / "p1" / file) == read(folder / "p8" / file));
    }
    CHECK(lines(folder / "p1" / "matches.csv").size() == 1 + (6 + 4) * 2);
    // The ranking leaves the self-play matches out (3 opponents x 2 repetitions), the
    // figures with self-play count both sides of them.
    const auto ranking = lines(folder / "p1" / "ranking.csv");
    REQUIRE(ranking.size() == 1 + 4);
    for (std::size_t place = 1; place < ranking.size(); ++place) {
        CAPTURE(ranking[place]);
        CHECK(column(ranking[place], 3) == "6");
        CHECK(column(ranking[place], 7) == "10");
    }
    // Noise flipped some moves: tit for tat against itself did not cooperate throughout.
    bool self_play_seen = false;
    for (const auto& row : lines(folder / "p1" / "matches.csv")) {
        if (column(row, 4) != "tit_for_tat+tit_for_tat") continue;
        self_play_seen = true;
        CHECK(std::stod(column(row, 16)) < 1.0);  // cooperation_rate, after 2 player columns
    }
    CHECK(self_play_seen);

    auto other = run_scenario(scenario, folder / "seed", {"--seed", "100"});
    REQUIRE(other.exit_code == 0);
    CHECK(read(folder / "seed" / "matches.csv") != read(folder / "p1" / "matches.csv"));
}

TEST_CASE("ranking.csv ranks by the median over repetitions of each entry's mean score per round") {
    auto folder = scratch("median");
    auto scenario = write_scenario(folder,
                                   "name: median\n"
                                   "seed: 21\n"
                                   "world:\n"
                                   "  game: {name: ipd, rounds: 20, parameters: {noise: 0.2}}\n"
                                   "roster:\n"
                                   "  - strategy: tit_for_tat\n"
                                   "  - strategy: random\n"
                                   "  - strategy: all_d\n"
                                   "matching: round_robin\n"
                                   "repetitions: 3\n");
    auto result = run_scenario(scenario, folder / "out");
    INFO(result.output);
    REQUIRE(result.exit_code == 0);
    // Episodes go by pair, then repetition: match k is repetition k % 3.
    std::map<std::string, std::vector<std::vector<double>>> per_round;  // entry -> repetition -> samples
    const auto players = lines(folder / "out" / "players.csv");
    for (std::size_t i = 1; i < players.size(); ++i) {
        auto& repetitions = per_round[column(players[i], 3)];
        repetitions.resize(3);
        repetitions[std::stoul(column(players[i], 0)) % 3].push_back(std::stod(column(players[i], 7)));
    }
    const auto ranking = lines(folder / "out" / "ranking.csv");
    REQUIRE(ranking.size() == 1 + 3);
    for (std::size_t place = 1; place < ranking.size(); ++place) {
        CAPTURE(ranking[place]);
        std::vector<double> means;
        for (const auto& samples : per_round.at(column(ranking[place], 2))) {
            REQUIRE(samples.size() == 2);
            means.push_back((samples[0] + samples[1]) / 2);
        }
        std::sort(means.begin(), means.end());
        CHECK(std::stod(column(ranking[place], 4)) == doctest::Approx(means[1]).epsilon(1e-6));
    }
}

TEST_CASE("selfish harvesters collapse a commons that sustainable harvesters keep") {
    auto folder = scratch("commons");
    auto scenario = write_scenario(folder,
                                   "name: commons\n"
                                   "world:\n"
                                   "  game: {name: commons, rounds: 30, parameters: {stock: 50, capacity: 100, "
                                   "growth: 0.5, max_harvest: 10}}\n"
                                   "roster:\n"
                                   "  - {framework: selfish, count: 4}\n"
                                   "  - {strategy: sustainable, count: 4}\n"
                                   "matching: {mode: fixed_groups, group_size: 4}\n");
    auto result = run_scenario(scenario, folder / "out");
    INFO(result.output);
    REQUIRE(result.exit_code == 0);
    const auto matches = lines(folder / "out" / "matches.csv");
    REQUIRE(matches.size() == 1 + 2);
    CHECK(column(matches[1], 6) == "collapsed");
    CHECK(std::stoul(column(matches[1], 5)) < 5);
    CHECK(column(matches[2], 6) == "completed");
    CHECK(column(matches[2], 5) == "30");
}

TEST_CASE("a Moran process over a tournament's payoffs fixates on the dominant strategy") {
    auto folder = scratch("moran");
    auto scenario = write_scenario(folder,
                                   "name: moran\n"
                                   "world:\n"
                                   "  game: {name: ipd, rounds: 20}\n"
                                   "roster:\n"
                                   "  - strategy: all_d\n"
                                   "  - strategy: all_c\n"
                                   "matching: {mode: round_robin, self_play: true}\n"
                                   "population: {dynamics: moran, size: 20, generations: 500, runs: 20}\n");
    auto result = run_scenario(scenario, folder / "out");
    INFO(result.output);
    REQUIRE(result.exit_code == 0);
    // population.csv: group,run,generation,entry,share; the last generation of each run.
    const auto rows = lines(folder / "out" / "population.csv");
    REQUIRE(rows.size() > 1);
    std::map<std::string, double> final_all_d;
    for (std::size_t i = 1; i < rows.size(); ++i) {
        if (column(rows[i], 3) == "all_d") final_all_d[column(rows[i], 1)] = std::stod(column(rows[i], 4));
    }
    REQUIRE(final_all_d.size() == 20);
    std::size_t fixated = 0;
    for (const auto& [run, share] : final_all_d) fixated += share == 1.0 ? 1 : 0;
    CHECK(fixated >= 15);
    CHECK(result.output.find("population (moran") != std::string::npos);
}

TEST_CASE("malformed and out-of-turn moves from a player written in Python end each match as a recorded violation") {
    for (const char* mode : {"half", "twice"}) {
        CAPTURE(mode);
        auto folder = scratch(std::string("rogue-") + mode);
        auto scenario = write_scenario(folder,
                                       "name: rogue\n"
                                       "world:\n"
                                       "  game: {name: ipd, rounds: 10}\n"
                                       "roster:\n"
                                       "  - strategy: tit_for_tat\n"
                                       "  - strategy: all_d\n"
                                       "matching: all_pairs\n"
                                       "repetitions: 2\n");
        auto broker = start_broker({}, 200, 3);
        // The tit_for_tat player on this broker is a Python process that breaks the rules.
        auto rogue = agents::ChildProcess::spawn({"/usr/bin/python3", PARLEY_SOURCE_DIR "/tests/interop/rogue_agent.py",
                                                  broker.endpoint, "rogue", "tit_for_tat", mode});
        auto defector = start_agent(broker.endpoint, "defector", "all_d");
        RecordingClient watcher(broker.endpoint, "watcher");
        REQUIRE(watcher.wait_ready());
        REQUIRE(watcher.wait_for_agents(3));
        auto result = run_scenario(scenario, folder / "out", {"--broker", broker.endpoint});
        INFO(result.output);
        REQUIRE(result.exit_code == 0);
        const auto matches = lines(folder / "out" / "matches.csv");
        REQUIRE(matches.size() == 1 + 2 * 2);
        for (std::size_t row = 1; row < matches.size(); ++row) {
            CAPTURE(matches[row]);
            CHECK(column(matches[row], 6) == "violation");
            // The offender is the rogue's seat: the position whose strategy is tit_for_tat.
            const auto offender = std::stoul(column(matches[row], 7));
            CHECK(column(matches[row], 9 + 4 * offender) == "tit_for_tat");
            CHECK(matches[row].find(std::string(mode) == "half" ? "not a whole number" : "out of turn") !=
                  std::string::npos);
        }
    }
}

namespace {

// The cell of `row` under the column `name` of `header` (no quoted fields before it).
std::string cell(const std::string& header, const std::string& row, const std::string& name) {
    std::size_t index = 0;
    std::istringstream columns(header);
    for (std::string column_name; std::getline(columns, column_name, ','); ++index) {
        if (column_name == name) return column(row, index);
    }
    FAIL("no column " << name);
    return {};
}

}  // namespace

TEST_CASE("in the race, a pact forms and the metrics record who kept it") {
    auto folder = scratch("race");
    auto scenario = write_scenario(folder,
                                   "name: race\n"
                                   "world:\n"
                                   "  game: {name: race, rounds: 30, parameters: {pact_rounds: 2}}\n"
                                   "roster:\n"
                                   "  - {strategy: pact_keeper, count: 3}\n"
                                   "  - strategy: pact_breaker\n"
                                   "matching: {mode: fixed_groups, group_size: 4}\n"
                                   "repetitions: 3\n");
    auto result = run_scenario(scenario, folder / "out");
    INFO(result.output);
    REQUIRE(result.exit_code == 0);
    const auto matches = lines(folder / "out" / "matches.csv");
    REQUIRE(matches.size() == 1 + 3);
    for (std::size_t row = 1; row < matches.size(); ++row) {
        CAPTURE(matches[row]);
        // The keepers propose the hazard-neutral floor, the breaker a higher one: the pact is the lowest.
        CHECK(cell(matches[0], matches[row], "pact_rate") == "1.000000000");
        // Three of the four labs keep it every round; the breaker never does.
        CHECK(cell(matches[0], matches[row], "pact_compliance") == "0.750000000");
        const auto reason = cell(matches[0], matches[row], "end_reason");
        CHECK((reason == "completed" || reason == "catastrophe"));
    }
}

TEST_CASE("every example scenario in scenarios/ is valid") {
    std::size_t checked = 0;
    for (const auto& entry : fs::directory_iterator(PARLEY_SOURCE_DIR "/scenarios")) {
        if (entry.path().extension() != ".yaml") continue;
        CAPTURE(entry.path().string());
        auto result = run_parley({"run", entry.path().string(), "--dry-run"}, kRunPatience);
        INFO(result.output);
        CHECK(result.exit_code == 0);
        CHECK(result.output.find("is valid") != std::string::npos);
        ++checked;
    }
    CHECK(checked >= 7);  // quickstart, pie, sweep and one per game world
}
