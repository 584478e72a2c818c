// Faults the runner must survive without losing or mislabelling a result:
// local agents killed or hung, the broker killed (and restarted, or not), a
// client that opens the runner's sessions first, and episodes that failed for
// a platform reason, left out of the summary and played again later. Each
// test compares the disturbed run's files with an undisturbed run of the same
// scenario: byte-identical, because which process plays a party, and how
// often an episode was tried, never changes a result.

#include "cluster.hpp"
#include "scratch.hpp"

#include <parley/broker/router.hpp>

#include <doctest/doctest.h>

#include <sys/wait.h>

#include <algorithm>
#include <cmath>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <thread>

using namespace parley;
using namespace parley::testing;
namespace fs = std::filesystem;

namespace {

constexpr int kExitPlatformFailures = 3;  // README.md, "Exit status"
constexpr int kExitBrokerGone = 5;

// The brokers these tests start keep the product's liveness (what `parley
// broker` uses unless told otherwise): a healthy agent or runner that a loaded
// machine leaves unscheduled for a few hundred milliseconds must not be
// declared lost, which with --attempts 1 records an episode of a healthy
// pairing as failed. Only the agents the tests kill are lost.
const broker::RouterConfig kProductBroker{};
const int kHeartbeatMs = static_cast<int>(kProductBroker.heartbeat_interval.count());
const int kLiveness = static_cast<int>(kProductBroker.liveness);

BrokerProcess start_product_broker(const std::string& bind = {}) { return start_broker(bind, kHeartbeatMs, kLiveness); }

constexpr int kRepetitions = 25;  // 300 episodes: long enough to disturb mid-run
constexpr std::size_t kEpisodes = 12 * kRepetitions;
const std::vector<std::string> kFrameworks{"selfish", "rawlsian", "utilitarian", "libertarian"};

struct Reference {
    fs::path scenario;
    std::string episodes;
    std::string participants;
};

// One undisturbed run, shared by every test of this file.
const Reference& reference() {
    static const Reference made = [] {
        auto folder = scratch("reference");
        Reference ref;
        ref.scenario = write_scenario(folder, four_frameworks_scenario(kRepetitions, 11));
        auto run = run_parley({"--log-level", "warn", "run", ref.scenario.string(), "--out", (folder / "out").string(),
                               "--parallel", "4"},
                              std::chrono::seconds(300));
        REQUIRE(run.exit_code == 0);
        ref.episodes = read(folder / "out" / "episodes.csv");
        ref.participants = read(folder / "out" / "participants.csv");
        REQUIRE(lines(folder / "out" / "episodes.csv").size() == 1 + kEpisodes);
        return ref;
    }();
    return made;
}

void check_same_as_reference(const fs::path& out) {
    CHECK(read(out / "episodes.csv") == reference().episodes);
    CHECK(read(out / "participants.csv") == reference().participants);
}

std::size_t rows_of(const fs::path& file) {
    const auto all = lines(file);
    return all.empty() ? 0 : all.size() - 1;
}

// Waits (checking every few milliseconds, up to the usual ceiling) until
// `file` holds `rows` data rows or `process` ends.
void wait_for_rows(const fs::path& file, std::size_t rows, agents::ChildProcess& process) {
    const auto deadline = agents::Clock::now() + kPatience;
    while (rows_of(file) < rows && process.running() && agents::Clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
}

// The processes `parent` started, by the --name on their command line.
std::map<std::string, pid_t> agents_of(pid_t parent) {
    std::map<std::string, pid_t> named;
    const fs::path tasks = "/proc/" + std::to_string(parent) + "/task";
    std::error_code error;
    for (const auto& task : fs::directory_iterator(tasks, error)) {
        std::istringstream children(read(task.path() / "children"));
        for (pid_t child = 0; children >> child;) {
            std::istringstream cmdline(read("/proc/" + std::to_string(child) + "/cmdline"));
            std::vector<std::string> args;
            for (std::string arg; std::getline(cmdline, arg, '\0');) args.push_back(arg);
            for (std::size_t i = 0; i + 1 < args.size(); ++i) {
                if (args[i] == "--name") named[args[i + 1]] = child;
            }
        }
    }
    return named;
}

bool process_exists(pid_t pid) { return ::kill(pid, 0) == 0 || errno != ESRCH; }

// Waits until every pid is gone (reaped), up to the usual ceiling.
bool all_gone(const std::vector<pid_t>& pids) {
    const auto deadline = agents::Clock::now() + kPatience;
    for (pid_t pid : pids) {
        while (process_exists(pid) && agents::Clock::now() < deadline) {
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
        if (process_exists(pid)) return false;
    }
    return true;
}

struct Finished {
    int exit_code = -1;
    std::string output;
};

Finished finish(agents::ChildProcess& run) {
    Finished done;
    while (auto line = run.read_line(std::chrono::seconds(300))) done.output += *line + "\n";
    auto status = run.wait(kPatience);
    REQUIRE(status);
    REQUIRE(WIFEXITED(*status));
    done.exit_code = WEXITSTATUS(*status);
    return done;
}

agents::ChildProcess start_run(const std::vector<std::string>& extra) {
    std::vector<std::string> argv{PARLEY_EXECUTABLE, "--log-level", "warn", "run", reference().scenario.string()};
    argv.insert(argv.end(), extra.begin(), extra.end());
    auto run = agents::ChildProcess::spawn(argv, /*capture_stdout=*/true);
    auto started = run.read_line(kPatience);
    REQUIRE(started);
    REQUIRE(started->rfind("playing ", 0) == 0);
    return run;
}

// Waits until `count` agents are registered on the broker at `endpoint`
// (the one asking counts as one).
void wait_until_registered(const std::string& endpoint, std::size_t count) {
    RecordingClient watcher(endpoint, "watcher");
    REQUIRE(watcher.wait_ready());
    REQUIRE(watcher.wait_for_agents(count));
}

// Waits until the broker at `endpoint` no longer lists `name` (a killed agent
// it has declared lost), so that a new process may take the name.
void wait_until_unlisted(const std::string& endpoint, const std::string& name) {
    RecordingClient watcher(endpoint, "watcher");
    REQUIRE(watcher.wait_ready());
    const auto listed = [&] {
        const auto agents = watcher.directory();
        return std::any_of(agents.begin(), agents.end(), [&](const auto& entry) { return entry.name == name; });
    };
    const auto deadline = agents::Clock::now() + kPatience;
    while (listed() && agents::Clock::now() < deadline) watcher.client().poll(std::chrono::milliseconds(20));
    REQUIRE_FALSE(listed());
}

// A broker of its own and one agent process per framework, started by the
// test: the run plays with them over --broker, and nobody replaces them.
struct ExternalCluster {
    BrokerProcess broker;
    std::vector<agents::ChildProcess> agents;  // in the order of kFrameworks
};

ExternalCluster start_external_cluster() {
    ExternalCluster cluster{start_product_broker(), {}};
    for (const auto& framework : kFrameworks) {
        cluster.agents.push_back(start_agent(cluster.broker.endpoint, framework + "-ext", framework));
    }
    wait_until_registered(cluster.broker.endpoint, 1 + kFrameworks.size());
    return cluster;
}

}  // namespace

TEST_CASE("local agents killed (SIGKILL) or hung (SIGSTOP) mid-run are replaced, and nothing is lost or mislabelled") {
    auto folder = scratch("replaced");
    auto run = start_run({"--out", (folder / "out").string(), "--parallel", "4"});
    wait_for_rows(folder / "out" / "episodes.csv", 20, run);
    const auto agents = agents_of(run.pid());
    REQUIRE(agents.contains("rawlsian-1"));
    REQUIRE(agents.contains("rawlsian-2"));
    REQUIRE(agents.contains("selfish-1"));
    // Every agent of one framework dies; another hangs, still holding its sessions.
    CHECK(::kill(agents.at("rawlsian-1"), SIGKILL) == 0);
    CHECK(::kill(agents.at("rawlsian-2"), SIGKILL) == 0);
    CHECK(::kill(agents.at("selfish-1"), SIGSTOP) == 0);

    const auto done = finish(run);
    INFO(done.output);
    CHECK(done.exit_code == 0);
    CHECK(done.output.find("lost agents were replaced") != std::string::npos);
    check_same_as_reference(folder / "out");
    // The hung agent was ended too: no process of the run is left.
    std::vector<pid_t> pids;
    for (const auto& [name, pid] : agents) pids.push_back(pid);
    CHECK(all_gone(pids));
}

TEST_CASE("a broker killed with SIGKILL and restarted mid-run: the episodes in flight are played again") {
    auto folder = scratch("broker-restart");
    auto cluster = start_external_cluster();
    auto& broker = cluster.broker;

    auto run = start_run({"--out", (folder / "out").string(), "--parallel", "4", "--broker", broker.endpoint});
    wait_for_rows(folder / "out" / "episodes.csv", 40, run);
    REQUIRE(broker.process.send_signal(SIGKILL));
    REQUIRE(broker.process.wait(kPatience));
    auto again = start_product_broker(broker.endpoint);  // the same address: agents and runner find it by themselves

    const auto done = finish(run);
    INFO(done.output);
    CHECK(done.exit_code == 0);
    CHECK(done.output.find("played again") != std::string::npos);
    check_same_as_reference(folder / "out");
    const auto rows = lines(folder / "out" / "episodes.csv");
    for (std::size_t i = 1; i < rows.size(); ++i) {
        CHECK(column(rows[i], 7) != "timeout");  // never blamed on the healthy agents
        CHECK(column(rows[i], 7) != "broker_lost");
    }
}

TEST_CASE("a broker lost for good stops the run with its own exit status, and --resume completes it") {
    auto folder = scratch("broker-gone");
    auto cluster = start_external_cluster();
    auto& broker = cluster.broker;

    auto run = start_run({"--out", (folder / "out").string(), "--parallel", "4", "--broker", broker.endpoint,
                          "--broker-patience", "2"});
    wait_for_rows(folder / "out" / "episodes.csv", 40, run);
    REQUIRE(broker.process.send_signal(SIGKILL));
    const auto done = finish(run);
    INFO(done.output);
    CHECK(done.exit_code == kExitBrokerGone);
    CHECK(done.output.find("Stopped: the broker was lost") != std::string::npos);
    CHECK(done.output.find("--resume") != std::string::npos);
    const auto rows = lines(folder / "out" / "episodes.csv");
    CHECK(rows.size() < 1 + kEpisodes);
    for (std::size_t i = 1; i < rows.size(); ++i) CHECK(column(rows[i], 7) != "timeout");

    auto again = start_product_broker(broker.endpoint);
    wait_until_registered(again.endpoint, 1 + kFrameworks.size());
    auto resumed = run_parley({"--log-level", "warn", "run", reference().scenario.string(), "--out",
                               (folder / "out").string(), "--broker", again.endpoint, "--resume"},
                              std::chrono::seconds(300));
    INFO(resumed.output);
    CHECK(resumed.exit_code == 0);
    check_same_as_reference(folder / "out");
}

TEST_CASE("episodes failed for a platform reason are left out of the summary, counted, exit 3, and played again "
          "with --resume --retry-failed") {
    auto folder = scratch("retry-failed");
    auto cluster = start_external_cluster();
    auto& broker = cluster.broker;

    // No replacement can come for an external agent, and one attempt each: its episodes are recorded as failed.
    auto run = start_run({"--out", (folder / "out").string(), "--broker", broker.endpoint, "--attempts", "1"});
    wait_for_rows(folder / "out" / "episodes.csv", 20, run);
    REQUIRE(cluster.agents[1].send_signal(SIGKILL));  // the rawlsian
    const auto done = finish(run);
    INFO(done.output);
    CHECK(done.exit_code == kExitPlatformFailures);
    CHECK(done.output.find("--retry-failed") != std::string::npos);

    // Every episode has its row; the rawlsian's later ones failed, and name it.
    const auto rows = lines(folder / "out" / "episodes.csv");
    REQUIRE(rows.size() == 1 + kEpisodes);
    std::map<std::string, std::size_t> failed;
    std::map<std::string, std::size_t> played;
    std::map<std::string, double> agreement;
    for (std::size_t i = 1; i < rows.size(); ++i) {
        const auto pairing = column(rows[i], 4);
        const auto reason = column(rows[i], 7);
        if (reason == "agent_lost" || reason == "timeout") {
            ++failed[pairing];
            CHECK(pairing.find("rawlsian") != std::string::npos);
        } else {
            ++played[pairing];
            agreement[pairing] += std::stod(column(rows[i], 5));
        }
    }
    REQUIRE_FALSE(failed.empty());

    // The summary counts them apart and averages the rest alone.
    const auto summary = lines(folder / "out" / "summary.csv");
    REQUIRE_FALSE(summary.empty());
    CHECK(summary.front().rfind("pairing,episodes,failed,agreement_mean,", 0) == 0);
    for (std::size_t i = 1; i < summary.size(); ++i) {
        const auto pairing = column(summary[i], 0);
        CAPTURE(pairing);
        CHECK(std::stoul(column(summary[i], 1)) == played[pairing]);
        CHECK(std::stoul(column(summary[i], 2)) == failed[pairing]);
        if (played[pairing] > 0) {
            CHECK(std::stod(column(summary[i], 3)) == doctest::Approx(agreement[pairing] / static_cast<double>(played[pairing])));
        } else {
            CHECK(column(summary[i], 3).empty());  // nothing to average: no made-up zero
        }
    }

    // The rawlsian is back; only the failed episodes are played, and the files are whole.
    wait_until_unlisted(broker.endpoint, "rawlsian-ext");
    cluster.agents[1] = start_agent(broker.endpoint, "rawlsian-ext", "rawlsian");
    wait_until_registered(broker.endpoint, 1 + kFrameworks.size());
    auto retried = run_parley({"--log-level", "warn", "run", reference().scenario.string(), "--out",
                               (folder / "out").string(), "--broker", broker.endpoint, "--resume", "--retry-failed"},
                              std::chrono::seconds(300));
    INFO(retried.output);
    CHECK(retried.exit_code == 0);
    std::size_t total_failed = 0;
    for (const auto& [pairing, count] : failed) total_failed += count;
    CHECK(retried.output.find("playing " + std::to_string(total_failed) + " of " + std::to_string(kEpisodes)) !=
          std::string::npos);
    check_same_as_reference(folder / "out");
    const auto events = lines(folder / "out" / "events.jsonl");
    CHECK_FALSE(events.empty());
}

TEST_CASE("a client that opens sessions under the runner's name first spoils nothing") {
    auto folder = scratch("squatter");
    auto cluster = start_external_cluster();
    auto& broker = cluster.broker;
    auto squatter = agents::ChildProcess::spawn({"/usr/bin/python3", PARLEY_SOURCE_DIR "/tests/faults/session_squatter.py",
                                                 broker.endpoint, "squatter", "300"},
                                                /*capture_stdout=*/true);
    wait_until_registered(broker.endpoint, 2 + kFrameworks.size());

    auto run = start_run({"--out", (folder / "out").string(), "--broker", broker.endpoint});
    const auto squatting = squatter.read_line(kPatience);
    REQUIRE(squatting);
    CHECK(*squatting == "squatting 1");
    const auto done = finish(run);
    INFO(done.output);
    CHECK(done.exit_code == 0);
    check_same_as_reference(folder / "out");
}
