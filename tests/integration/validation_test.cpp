// `parley run` refuses a world it could not play before it starts anything:
// with --dry-run and without, the same FILE:LINE: KEY error, exit code 2, no
// output folder and no agent process. The parley under test runs from a folder
// of its own whose parley-agent leaves a mark when it is started, so that an
// agent started at all is seen, however briefly it lived.

#include "cluster.hpp"
#include "scratch.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>

using namespace parley::testing;

namespace {

namespace fs = std::filesystem;

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// A folder with bin/parley (the executable under test) beside a bin/parley-agent
// that marks `agent-started` and then runs the real agent.
class MarkedInstall {
public:
    explicit MarkedInstall(const std::string& name) : folder_(scratch(name)) {
        fs::create_directories(folder_ / "bin");
        std::error_code linked;
        fs::create_hard_link(PARLEY_EXECUTABLE, folder_ / "bin" / "parley", linked);
        if (linked) fs::copy_file(PARLEY_EXECUTABLE, folder_ / "bin" / "parley");
        const fs::path agent = folder_ / "bin" / "parley-agent";
        std::ofstream(agent) << "#!/bin/sh\n: > '" << marker().string() << "'\nexec '" << PARLEY_AGENT_EXECUTABLE
                             << "' \"$@\"\n";
        fs::permissions(agent, fs::perms::owner_all, fs::perm_options::add);
    }

    const fs::path& folder() const { return folder_; }
    fs::path marker() const { return folder_ / "agent-started"; }

    // `parley run scenario.yaml ARGS` from the folder, standard error with standard output.
    CommandResult run(const std::string& scenario, const std::string& args) const {
        std::ofstream(folder_ / "scenario.yaml") << scenario;
        const std::string command = "cd '" + folder_.string() + "' && exec ./bin/parley --log-level warn run "
                                    "scenario.yaml " + args + " 2>&1";
        return run_command({"/bin/sh", "-c", command});
    }

private:
    fs::path folder_;
};

const std::string kLargePie = R"(name: large_pie
world:
  pie:
    resolution: 100000
mechanism: {name: rubinstein, rounds: 10, reply_timeout_ms: 2000}
roster: [{framework: selfish}, {framework: nash}]
matching: round_robin
)";

const std::string kHundredMillionOutcomes = R"(name: many_outcomes
world:
  generate:
    issues: 4
    values: 100
mechanism: {name: saop, rounds: 10}
roster: [{framework: selfish}, {framework: nash}]
matching: round_robin
)";

// Both forms of the command refuse the scenario the same way, before anything starts.
void check_refused(const std::string& scenario, const std::string& error) {
    for (const std::string args : {"--dry-run", "", "--out elsewhere"}) {
        CAPTURE(args);
        const MarkedInstall install("validation");
        const auto result = install.run(scenario, args);
        INFO(result.output);
        CHECK(result.exit_code == 2);
        CHECK(result.output.starts_with("scenario.yaml:" + error));
        CHECK_FALSE(fs::exists(install.folder() / "results"));
        CHECK_FALSE(fs::exists(install.folder() / "elsewhere"));
        CHECK_FALSE(fs::exists(install.marker()));
        CHECK_FALSE(contains(result.output, "playing"));
    }
}

}  // namespace

TEST_CASE("the marked install sees the agents a run starts") {
    // The check below is only worth something if an agent that starts leaves its mark.
    const MarkedInstall install("validation-control");
    const auto result = install.run(R"(name: small_pie
world: {pie: {resolution: 100}}
mechanism: {name: rubinstein, rounds: 10}
roster: [{framework: selfish}, {framework: nash}]
matching: round_robin
)",
                                    "");
    INFO(result.output);
    CHECK(result.exit_code == 0);
    CHECK(fs::exists(install.marker()));
    CHECK(fs::exists(install.folder() / "results" / "small_pie" / "episodes.csv"));
}

TEST_CASE("a pie whose invitation is over the message limit is refused by --dry-run and by the run") {
    check_refused(kLargePie, "4: world.pie.resolution: a pie of resolution 100000: the invitation of profile 0");
}

TEST_CASE("a generated world of 10^8 outcomes is refused by --dry-run and by the run") {
    check_refused(kHundredMillionOutcomes, "4: world.generate: 4 issues of 100 values give more than the 20000000 "
                                           "outcomes the analysis of a domain takes");
}
