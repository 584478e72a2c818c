// The runner library in process: a scenario played end to end over an
// in-process broker with real agent runtimes on threads (no child
// processes), checked by its report and by the files it wrote.

#include "inprocess_cluster.hpp"
#include "scratch.hpp"

#include <parley/runner/negotiation_run.hpp>
#include <parley/runner/run.hpp>

#include <doctest/doctest.h>

#include <functional>

using namespace parley;
using parley::testing::InProcessCluster;
using parley::testing::read;

namespace {

// What the run told its observer; `on_progress` may act on the run as it goes.
struct RecordingObserver final : runner::RunObserver {
    std::optional<runner::RunStart> start;
    std::vector<runner::RunProgress> progress;
    std::string summary;
    std::function<void(const runner::RunProgress&)> act;

    void on_start(const runner::RunStart& started) override { start = started; }
    void on_progress(const runner::RunProgress& now) override {
        if (progress.empty() || now.final || now.written != progress.back().written) progress.push_back(now);
        if (act) act(now);
    }
    void on_summary(const std::string& tables) override { summary = tables; }
};

struct Run {
    runner::RunResult result;
    RecordingObserver observer;
    std::filesystem::path out;
};

runner::RunRequest request_for(InProcessCluster& cluster, const std::filesystem::path& scenario,
                               const std::filesystem::path& out, std::size_t parallel) {
    static int runs = 0;
    runner::RunRequest request;
    request.scenario = scenario;
    request.out = out;
    request.parallel = parallel;
    request.broker = cluster.broker();
    request.version = "parley test";
    request.client_name = "runner-test-" + std::to_string(++runs);
    return request;
}

Run play(InProcessCluster& cluster, const std::filesystem::path& scenario, const std::string& name,
         std::size_t parallel = 1, const std::function<void(runner::RunRequest&)>& adjust = {},
         const std::function<void(const runner::RunProgress&)>& act = {}, const std::atomic<bool>* stop = nullptr) {
    static const std::atomic<bool> never{false};
    Run run;
    run.out = testing::scratch(name) / "results";
    auto request = request_for(cluster, scenario, run.out, parallel);
    if (adjust) adjust(request);
    run.observer.act = act;
    run.result = runner::run_scenario(request, run.observer, stop ? *stop : never);
    return run;
}

// The result files a run must reproduce byte for byte (events.jsonl names the
// agents and the unguessable sessions, so it differs by design).
void check_same_files(const std::filesystem::path& a, const std::filesystem::path& b,
                      const std::vector<std::string>& files) {
    for (const auto& file : files) {
        CAPTURE(file);
        REQUIRE(std::filesystem::exists(a / file));
        CHECK(read(a / file) == read(b / file));
    }
}

const std::vector<std::string> kNegotiationFiles = {"episodes.csv", "participants.csv", "summary.csv",
                                                    "scenario.lock.yaml"};

std::filesystem::path negotiation_scenario() {
    static const auto file =
        testing::write_scenario(testing::scratch("negotiation-scenario"), testing::four_frameworks_scenario(1));
    return file;
}

// Two agents of every framework of four_frameworks_scenario(), enough for two episodes at a time.
void add_negotiators(InProcessCluster& cluster) {
    for (const auto* framework : {"selfish", "rawlsian", "utilitarian", "libertarian"}) cluster.add_agents(framework, 2);
}

}  // namespace

TEST_CASE("a negotiation scenario is played end to end, reported and written") {
    InProcessCluster cluster;
    add_negotiators(cluster);
    const auto run = play(cluster, negotiation_scenario(), "negotiation");
    const auto& result = run.result;
    CHECK(result.unit == "episodes");
    CHECK(result.total == 12);
    CHECK(result.completed == 12);
    CHECK(result.report.written == 12);
    CHECK(result.report.replacements == 0);
    CHECK_FALSE(result.report.broker_gone);
    CHECK_FALSE(result.interrupted);
    CHECK(result.counts.failed() == 0);
    CHECK(result.out == run.out);

    REQUIRE(run.observer.start);
    CHECK(run.observer.start->scenario == "small");
    CHECK(run.observer.start->unit == "episodes");
    CHECK(run.observer.start->pending == 12);
    CHECK(run.observer.start->total == 12);
    CHECK(run.observer.start->agents == 8);
    REQUIRE_FALSE(run.observer.progress.empty());
    CHECK(run.observer.progress.back().final);
    CHECK(run.observer.progress.back().written == 12);
    CHECK(run.observer.progress.back().total == 12);
    CHECK(run.observer.summary == result.summary);
    CHECK(result.summary.find("selfish+rawlsian") != std::string::npos);

    const auto rows = testing::lines(run.out / "episodes.csv");
    REQUIRE(rows.size() == 13);
    CHECK(rows.front().rfind("episode,seed,", 0) == 0);
    for (std::size_t i = 1; i < rows.size(); ++i) CHECK(testing::column(rows[i], 0) == std::to_string(i - 1));
    CHECK(testing::lines(run.out / "participants.csv").size() == 25);
    CHECK(std::filesystem::exists(run.out / "summary.csv"));
}

TEST_CASE("the same seed gives byte-identical results, one at a time or two") {
    InProcessCluster cluster;
    add_negotiators(cluster);
    const auto first = play(cluster, negotiation_scenario(), "first");
    const auto again = play(cluster, negotiation_scenario(), "again");
    const auto parallel = play(cluster, negotiation_scenario(), "parallel", 2);
    check_same_files(first.out, again.out, kNegotiationFiles);
    check_same_files(first.out, parallel.out, kNegotiationFiles);
    // Another seed is another run.
    const auto other = play(cluster, negotiation_scenario(), "other-seed", 1,
                            [](runner::RunRequest& request) { request.seed = 8; });
    CHECK(read(first.out / "episodes.csv") != read(other.out / "episodes.csv"));
}

TEST_CASE("an interrupted run is resumed to the same files") {
    InProcessCluster cluster;
    add_negotiators(cluster);
    const auto whole = play(cluster, negotiation_scenario(), "whole");
    std::atomic<bool> stop{false};
    auto interrupted = play(cluster, negotiation_scenario(), "interrupted", 1, {},
                            [&](const runner::RunProgress& progress) { stop = stop || progress.written >= 5; }, &stop);
    CHECK(interrupted.result.interrupted);
    CHECK(interrupted.result.completed >= 5);
    CHECK(interrupted.result.completed < 12);

    RecordingObserver observer;
    auto request = request_for(cluster, negotiation_scenario(), interrupted.out, 2);
    request.resume = true;
    const std::atomic<bool> never{false};
    const auto resumed = runner::run_scenario(request, observer, never);
    CHECK_FALSE(resumed.interrupted);
    CHECK(resumed.completed == 12);
    CHECK(resumed.report.written == 12 - interrupted.result.completed);
    REQUIRE(observer.start);
    CHECK(observer.start->pending == 12 - interrupted.result.completed);
    check_same_files(whole.out, interrupted.out, {"episodes.csv", "participants.csv", "summary.csv"});
}

TEST_CASE("an agent that leaves mid-run leaves the results as they would have been") {
    InProcessCluster cluster;
    add_negotiators(cluster);
    const auto undisturbed = play(cluster, negotiation_scenario(), "undisturbed", 2);
    // No supervisor replaces it: the episodes it would have played go to the other selfish agent,
    // and one it was playing, or was sent, is played again.
    bool left = false;
    // An agent that said bye is only taken for gone once the broker refuses to
    // invite it: an episode may lose a play to each; five attempts cover both.
    const auto disturbed = play(cluster, negotiation_scenario(), "disturbed", 2,
                                [](runner::RunRequest& request) { request.attempts = 5; },
                                [&](const runner::RunProgress& progress) {
                                    if (left || progress.written < 3) return;
                                    cluster.stop_agent("selfish-1");
                                    left = true;
                                });
    CHECK(left);
    CHECK_FALSE(disturbed.result.interrupted);
    CHECK(disturbed.result.completed == 12);
    CHECK(disturbed.result.counts.failed() == 0);
    check_same_files(undisturbed.out, disturbed.out, {"episodes.csv", "participants.csv", "summary.csv"});
}

TEST_CASE("with one attempt, the plays an agent's leaving spoils are recorded as agent_lost") {
    InProcessCluster cluster;
    add_negotiators(cluster);
    const auto undisturbed = play(cluster, negotiation_scenario(), "undisturbed-once", 2);
    bool left = false;
    const auto disturbed = play(cluster, negotiation_scenario(), "disturbed-once", 2,
                                [](runner::RunRequest& request) { request.attempts = 1; },
                                [&](const runner::RunProgress& progress) {
                                    if (left || progress.written < 3) return;
                                    cluster.stop_agent("selfish-1");
                                    left = true;
                                });
    CHECK(left);
    CHECK_FALSE(disturbed.result.interrupted);
    CHECK(disturbed.result.completed == 12);
    for (const auto& [reason, count] : disturbed.result.counts.failures) CHECK(reason == "agent_lost");
    const auto expected = testing::lines(undisturbed.out / "episodes.csv");
    const auto rows = testing::lines(disturbed.out / "episodes.csv");
    REQUIRE(rows.size() == expected.size());
    std::size_t lost = 0;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        if (rows[i] == expected[i]) continue;
        CAPTURE(rows[i]);
        CHECK(testing::column(rows[i], 7) == "agent_lost");
        CHECK(testing::column(rows[i], 4).find("selfish") != std::string::npos);
        ++lost;
    }
    CHECK(lost == disturbed.result.counts.failed());
}

TEST_CASE("a scenario whose agents are missing is refused before anything is written") {
    InProcessCluster cluster;
    cluster.add_agents("selfish", 1);
    const auto out = testing::scratch("missing") / "results";
    RecordingObserver observer;
    const std::atomic<bool> never{false};
    CHECK_THROWS_WITH_AS(runner::run_scenario(request_for(cluster, negotiation_scenario(), out, 1), observer, never),
                         doctest::Contains("agent(s) of framework 'libertarian'"), std::runtime_error);
    CHECK_FALSE(observer.start);
    CHECK_FALSE(std::filesystem::exists(out));
}

TEST_CASE("a repeated-game scenario is played as matches, with its tournament files") {
    InProcessCluster cluster;
    for (const auto* strategy : {"tit_for_tat", "all_d", "all_c"}) cluster.add_agents(strategy, 2);
    const auto scenario = testing::write_scenario(testing::scratch("ipd-scenario"),
                                                  "name: tiny_ipd\n"
                                                  "seed: 3\n"
                                                  "world:\n"
                                                  "  game: {name: ipd, rounds: 20, parameters: {noise: 0.1}}\n"
                                                  "roster:\n"
                                                  "  - strategy: tit_for_tat\n"
                                                  "  - strategy: all_d\n"
                                                  "  - strategy: all_c\n"
                                                  "matching: {mode: round_robin, self_play: true}\n"
                                                  "repetitions: 2\n");
    const auto plan = runner::plan_run(request_for(cluster, scenario, "unused", 1));
    CHECK(plan.kind->name() == "game");
    CHECK(plan.episodes.size() == 12);

    const auto first = play(cluster, scenario, "ipd");
    const auto& result = first.result;
    CHECK(result.unit == "matches");
    CHECK(result.total == 12);
    CHECK(result.completed == 12);
    CHECK_FALSE(result.interrupted);
    CHECK(result.counts.failed() == 0);
    REQUIRE(first.observer.start);
    CHECK(first.observer.start->unit == "matches");
    CHECK(first.observer.start->agents == 6);
    CHECK(result.summary.find("tit_for_tat") != std::string::npos);
    CHECK(testing::lines(first.out / "matches.csv").size() == 13);
    CHECK(testing::lines(first.out / "players.csv").size() == 25);

    const auto again = play(cluster, scenario, "ipd-again", 2);
    check_same_files(first.out, again.out,
                     {"matches.csv", "players.csv", "summary.csv", "ranking.csv", "payoff_matrix.csv"});
}

TEST_CASE("the kind of run is chosen by the scenario's world") {
    const auto& kinds = runner::RunKindRegistry::builtin();
    InProcessCluster cluster;
    const auto plan = runner::plan_run(request_for(cluster, negotiation_scenario(), "unused", 1));
    CHECK(&kinds.for_scenario(plan.scenario) == plan.kind);
    CHECK(plan.kind->name() == "negotiation");
    CHECK(plan.kind->unit() == "episodes");
    CHECK(plan.kind->layout(plan.scenario).tables.front().file == "episodes.csv");
    CHECK(plan.kind->jobs(plan.scenario, plan.episodes).size() == plan.episodes.size());
    CHECK(kinds.list().size() == 2);
}

TEST_CASE("a registry asks its kinds in order, and refuses a scenario that none plays") {
    // A kind that plays only scenarios of one name: what a third kind of run adds.
    struct NamedKind final : runner::RunKind {
        explicit NamedKind(std::string scenario) : scenario_(std::move(scenario)) {}
        std::string name() const override { return "named"; }
        bool plays(const worlds::Scenario& scenario) const override { return scenario.name == scenario_; }
        std::string unit() const override { return "trials"; }
        runner::ResultsLayout layout(const worlds::Scenario&) const override { return {{{"trials.csv", "trial"}}}; }
        std::vector<runner::EpisodeJob> jobs(const worlds::Scenario&,
                                             const std::vector<worlds::EpisodeSpec>&) const override {
            return {};
        }
        runner::SummaryCounts write_summary(const worlds::Scenario&, std::uint64_t, const std::filesystem::path&,
                                            std::ostream&) const override {
            return {};
        }
        std::string scenario_;
    };
    runner::RunKindRegistry kinds;
    kinds.add(std::make_unique<NamedKind>("small"));
    kinds.add(runner::negotiation_run_kind());
    InProcessCluster cluster;
    auto plan = runner::plan_run(request_for(cluster, negotiation_scenario(), "unused", 1));
    CHECK(kinds.for_scenario(plan.scenario).unit() == "trials");
    plan.scenario.name = "other";
    CHECK(kinds.for_scenario(plan.scenario).unit() == "episodes");

    runner::RunKindRegistry only_named;
    only_named.add(std::make_unique<NamedKind>("small"));
    CHECK_THROWS_WITH_AS(only_named.for_scenario(plan.scenario), doctest::Contains("no kind of run plays"),
                         worlds::ScenarioError);
}
