// The `parley` command line as a user meets it: help, errors, the quickstart
// demo and the broker tools, each run as a real process.

#include "cluster.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>

using namespace parley::testing;

namespace {
bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }
}  // namespace

TEST_CASE("every subcommand has --help") {
    for (const std::string command : {"broker", "agent", "directory", "stats", "demo", "domain", "frameworks", "run", "bench"}) {
        CAPTURE(command);
        auto result = run_parley({command, "--help"});
        CHECK(result.exit_code == 0);
        CHECK(contains(result.output, "--log-level"));
    }
    auto top = run_parley({"--help"});
    CHECK(top.exit_code == 0);
    CHECK(contains(top.output, "broker"));
    CHECK(contains(top.output, "agent"));
}

TEST_CASE("usage errors are reported and exit non-zero") {
    CHECK(run_parley({}).exit_code != 0);
    CHECK(run_parley({"agent"}).exit_code != 0);  // --name is required
    CHECK(run_parley({"--log-level", "loud", "demo"}).exit_code != 0);
    CHECK(run_parley({"agent", "--name", "a", "--framework", "no-such-framework"}).exit_code == 2);
}

TEST_CASE("parley-agent runs one agent, without the runner's libraries") {
    auto help = run_command({PARLEY_AGENT_EXECUTABLE, "--help"});
    CHECK(help.exit_code == 0);
    CHECK(contains(help.output, "--connect"));
    CHECK(contains(help.output, "--log-level"));
    CHECK(run_command({PARLEY_AGENT_EXECUTABLE, "--name", "a", "--framework", "no-such-framework"}).exit_code == 2);

    auto broker = start_broker();
    auto agent = parley::agents::ChildProcess::spawn({PARLEY_AGENT_EXECUTABLE, "--log-level", "warn", "--connect",
                                                      broker.endpoint, "--name", "lean", "--framework", "selfish"});
    RecordingClient waiter(broker.endpoint, "waiter");
    REQUIRE(waiter.wait_ready());
    REQUIRE(waiter.wait_for_agents(2));
    // What keeps an idle agent small (the Scale benchmark): the scenario
    // reader's and the domain importers' libraries are not loaded.
    std::ifstream maps("/proc/" + std::to_string(agent.pid()) + "/maps");
    const std::string mapped((std::istreambuf_iterator<char>(maps)), std::istreambuf_iterator<char>());
    CHECK(contains(mapped, "libzmq"));
    CHECK_FALSE(contains(mapped, "libyaml-cpp"));
    CHECK_FALSE(contains(mapped, "libpugixml"));
}

TEST_CASE("a tool that finds no broker says so and fails instead of hanging") {
    auto broker = start_broker();  // learn a free port, then free it again
    const auto endpoint = broker.endpoint;
    broker.process.stop();
    auto result = run_parley({"stats", "--connect", endpoint, "--timeout-ms", "500"});
    CHECK(result.exit_code == 1);
}

TEST_CASE("the quickstart demo runs a broker and agent processes and reports what happened") {
    auto result = run_parley({"--log-level", "warn", "demo", "--agents", "3"}, std::chrono::seconds(60));
    INFO(result.output);
    CHECK(result.exit_code == 0);
    CHECK(contains(result.output, "1. Directory: 3 agents"));
    for (const std::string name : {"echo-1", "echo-2", "echo-3"}) {
        CHECK(contains(result.output, "demo -> " + name + " -> demo"));
        CHECK(contains(result.output, name + " answered in the session"));
    }
    CHECK(contains(result.output, "Done."));
}

TEST_CASE("directory and stats ask a running broker") {
    auto broker = start_broker();
    auto agent = start_agent(broker.endpoint, "listed", "echo", {"--capability", "demo"});
    RecordingClient waiter(broker.endpoint, "waiter");
    REQUIRE(waiter.wait_ready());
    REQUIRE(waiter.wait_for_agents(2));

    auto listing = run_parley({"directory", "--connect", broker.endpoint, "--framework", "echo"});
    CHECK(listing.exit_code == 0);
    CHECK(contains(listing.output, "listed"));
    CHECK(contains(listing.output, "+demo"));
    CHECK_FALSE(contains(listing.output, "waiter"));

    auto stats = run_parley({"stats", "--connect", broker.endpoint, "--json"});
    CHECK(stats.exit_code == 0);
    CHECK(contains(stats.output, "\"messages_routed\""));
}

TEST_CASE("domain analyze reports the frontier and the bargaining points of real domains") {
    const std::string laptop = PARLEY_SHARED_DIR "/domains/genius/Laptop/";
    if (!std::filesystem::exists(laptop)) {
        MESSAGE("skipped: " << laptop << " does not exist (a clone without ../shared/)");
        return;
    }
    auto table = run_parley({"domain", "analyze", laptop + "Laptop-C-prof1.xml", laptop + "Laptop-C-prof2.xml"});
    CHECK(table.exit_code == 0);
    CHECK(contains(table.output, "27 outcomes, 2 parties"));

    auto json = run_parley({"domain", "analyze", "--json", "--domain", laptop + "Laptop-C-domain.xml",
                            laptop + "Laptop-C-prof1.xml", laptop + "Laptop-C-prof2.xml"});
    REQUIRE(json.exit_code == 0);
    auto report = nlohmann::json::parse(json.output);
    CHECK(report["outcomes"] == 27);
    for (const char* key : {"pareto", "nash", "kalai", "max_welfare"}) CHECK(report.contains(key));
    CHECK(report["nash"]["utilities"].size() == 2);
    CHECK(report["pareto"].size() >= 1);
}

TEST_CASE("domain analyze refuses what it cannot read, with an error and no crash") {
    auto unknown = run_parley({"domain", "analyze", PARLEY_SOURCE_DIR "/README.md"});
    CHECK(unknown.exit_code == 1);
    auto one_party = run_parley({"domain", "analyze", PARLEY_SOURCE_DIR "/protocol/testdata/vectors.json"});
    CHECK(one_party.exit_code == 1);
}
