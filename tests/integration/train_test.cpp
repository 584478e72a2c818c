// `parley train` end to end: the command hands over to parley-learned, which
// trains in the sandbox, writes checkpoints, stops on Ctrl-C and resumes to
// exactly the model of an uninterrupted training; bad input gets a clear
// error and its own exit status.

#include "cluster.hpp"
#include "scratch.hpp"

#include <doctest/doctest.h>

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <string>

using namespace parley;
using namespace parley::testing;
namespace fs = std::filesystem;

namespace {

std::string training_scenario(int episodes, const std::string& extra = "") {
    return "name: trained\n"
           "seed: 3\n"
           "world:\n"
           "  generate: {issues: 3, values: 5, opposition: 0.6, vary: per_episode}\n"
           "mechanism: {name: saop, rounds: 40}\n"
           "roster:\n"
           "  - framework: selfish\n"
           "  - framework: reciprocal\n"
           "learning:\n"
           "  opponents:\n"
           "    - framework: reciprocal\n"
           "    - framework: selfish\n"
           "      count: 2\n"
           "  episodes: " + std::to_string(episodes) + "\n"
           "  checkpoint_every: 64\n"
           "  ppo: {hidden_sizes: [16], episodes_per_update: 16}\n" + extra;
}

fs::path write_file(const fs::path& file, const std::string& text) {
    std::ofstream(file, std::ios::binary) << text;
    return file;
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// The standard error of a run of `parley ARGS...`, with the exit status.
CommandResult run_with_errors(const fs::path& folder, std::vector<std::string> args) {
    const auto errors = folder / "stderr.txt";
    std::string command = std::string(PARLEY_EXECUTABLE);
    for (const auto& arg : args) command += " '" + arg + "'";
    command += " 2>'" + errors.string() + "'";
    auto result = run_command({"/bin/sh", "-c", command});
    result.output += read(errors);
    return result;
}

}  // namespace

TEST_CASE("parley train writes the model, its checkpoint and its log; the same seed gives the same bytes") {
    const auto folder = scratch("train");
    const auto scenario = write_file(folder / "trained.yaml", training_scenario(128));
    const auto first = run_parley({"train", scenario.string(), "--out", (folder / "a.pt").string(), "--quiet"});
    REQUIRE(first.exit_code == 0);
    CHECK(contains(first.output, "trained 128 episodes (8 updates"));
    CHECK(contains(first.output, "checkpoint: 64 episodes"));
    CHECK(fs::exists(folder / "a.pt.checkpoint"));
    CHECK(lines(folder / "a.pt.training.csv").size() == 1 + 8);  // a header, then one row per update
    CHECK(read(folder / "a.pt").starts_with("PARLEY-MODEL 1\n"));
    REQUIRE(run_parley({"train", scenario.string(), "--out", (folder / "b.pt").string(), "--quiet"}).exit_code == 0);
    CHECK(read(folder / "a.pt") == read(folder / "b.pt"));
    CHECK(read(folder / "a.pt.training.csv") == read(folder / "b.pt.training.csv"));
}

TEST_CASE("Ctrl-C saves a checkpoint and exits 130; --resume ends with the uninterrupted model") {
    const auto folder = scratch("train-interrupt");
    const auto scenario = write_file(folder / "trained.yaml", training_scenario(3200));
    REQUIRE(run_parley({"train", scenario.string(), "--out", (folder / "whole.pt").string(), "--quiet"}, 120s)
                .exit_code == 0);

    const auto model = (folder / "cut.pt").string();
    auto training = agents::ChildProcess::spawn({PARLEY_EXECUTABLE, "train", scenario.string(), "--out", model, "--quiet"},
                                                /*capture_stdout=*/true);
    // Interrupted once its first checkpoint is written: well before its end.
    bool checkpointed = false;
    while (!checkpointed) {
        const auto line = training.read_line(kPatience);
        REQUIRE(line);
        checkpointed = contains(*line, "checkpoint: ");
    }
    training.send_signal(SIGINT);
    std::string rest;
    while (const auto line = training.read_line(kPatience)) rest += *line + "\n";
    const auto status = training.wait(kPatience);
    REQUIRE(status);
    CHECK(WIFEXITED(*status));
    CHECK(WEXITSTATUS(*status) == 130);
    CHECK(contains(rest, "go on with --resume"));
    CHECK(read(fs::path(model)) != read(folder / "whole.pt"));  // not there yet (absent or another)

    const auto resumed = run_parley({"train", scenario.string(), "--out", model, "--resume", "--quiet"}, 120s);
    REQUIRE(resumed.exit_code == 0);
    CHECK(read(fs::path(model)) == read(folder / "whole.pt"));
    CHECK(read(fs::path(model + ".training.csv")) == read(folder / "whole.pt.training.csv"));
    // Not the checkpoint's bytes: LibTorch writes Adam's state in the order of
    // its tensors' addresses. What it holds is the same: the model above.
}

TEST_CASE("bad input: a clear message and the exit status of its cause") {
    const auto folder = scratch("train-errors");
    const auto no_section = write_file(folder / "plain.yaml", training_scenario(16).substr(0, training_scenario(16).find("learning:")));
    auto result = run_with_errors(folder, {"train", no_section.string()});
    CHECK(result.exit_code == 2);
    CHECK(contains(result.output, "plain.yaml: the scenario has no learning section"));

    const auto bad_ppo = write_file(folder / "bad_ppo.yaml", training_scenario(16, "").replace(
        training_scenario(16).find("episodes_per_update"), 19, "episodes_per_updat"));
    result = run_with_errors(folder, {"train", bad_ppo.string()});
    CHECK(result.exit_code == 2);
    CHECK(contains(result.output, "bad_ppo.yaml:16: learning.ppo: PPO configuration: unknown key episodes_per_updat"));

    const auto scenario = write_file(folder / "trained.yaml", training_scenario(16));
    result = run_with_errors(folder, {"train", scenario.string(), "--out", (folder / "never.pt").string(), "--resume"});
    CHECK(result.exit_code == 2);
    CHECK(contains(result.output, "never.pt.checkpoint: no such model file"));

    // A folder the model cannot be written into.
    const auto locked = folder / "locked";
    fs::create_directories(locked);
    ::chmod(locked.c_str(), 0555);
    if (::access(locked.c_str(), W_OK) != 0) {  // not when the tests run as root
        result = run_with_errors(folder, {"train", scenario.string(), "--out", (locked / "m.pt").string(), "--quiet"});
        CHECK(result.exit_code == 4);
        CHECK(contains(result.output, "cannot write"));
    }
    ::chmod(locked.c_str(), 0755);

    // A checkpoint of another training is not resumed from.
    REQUIRE(run_parley({"train", scenario.string(), "--out", (folder / "other.pt").string(), "--quiet"}).exit_code == 0);
    const auto reseeded = write_file(folder / "reseeded.yaml", training_scenario(32, "  seed: 99\n"));
    result = run_with_errors(folder, {"train", reseeded.string(), "--out", (folder / "other.pt").string(), "--resume"});
    CHECK(result.exit_code == 2);
    CHECK(contains(result.output, "another seed or other hyper-parameters"));
}
