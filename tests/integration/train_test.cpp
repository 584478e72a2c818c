// `parley train` end to end: the command hands over to parley-learned, which
// trains in the sandbox, writes checkpoints, stops on Ctrl-C and resumes to
// exactly the model of an uninterrupted training; bad input gets a clear
// error and its own exit status.

#include "cluster.hpp"
#include "scratch.hpp"

#include <parley/learning/policy.hpp>
#include <parley/runner/run.hpp>
#include <parley/sandbox/negotiation_environment.hpp>
#include <parley/scenario/scenario.hpp>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <map>
#include <filesystem>
#include <fstream>
#include <string>

using namespace parley;
using namespace parley::testing;
namespace fs = std::filesystem;

namespace {

std::string training_scenario(int episodes, const std::string& extra = "", const std::string& roster = "") {
    return "name: trained\n"
           "seed: 3\n"
           "world:\n"
           "  generate: {issues: 3, values: 5, opposition: 0.6, vary: per_episode}\n"
           "mechanism: {name: saop, rounds: 40}\n"
           "roster:\n" + roster +
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

namespace {

// The learned agent's decisions in a run, by episode: the names of the
// actions its moves give as their reason ("my policy chose 'target 0.60'").
std::map<int, std::vector<std::string>> learned_decisions(const fs::path& events) {
    std::map<int, std::vector<std::string>> decisions;
    for (const auto& line : lines(events)) {
        const auto event = nlohmann::json::parse(line);
        if (event["direction"] != "in" || !event["from"].get<std::string>().starts_with("learned")) continue;
        const auto& body = event["body"];
        if (!body.contains("reason") || body["reason"]["principle"] != "learned_policy") continue;
        const std::string text = body["reason"]["text"];
        const auto open = text.find('\'');
        decisions[event["episode"].get<int>()].push_back(text.substr(open + 1, text.rfind('\'') - open - 1));
    }
    return decisions;
}

// The same episode in the sandbox: its domain with the profiles in party
// order, the learner in the learned party's seat, its seed; the policy acting
// greedily as the learned agent does.
std::vector<std::string> sandbox_decisions(const worlds::EpisodeSpec& episode, learning::Policy& policy) {
    auto domain = worlds::build_domain(episode);
    auto seated = domain;
    seated.profiles.clear();
    for (const auto& party : episode.parties) seated.profiles.push_back(domain.profiles.at(party.profile));
    sandbox::NegotiationSettings settings;
    settings.mechanism = episode.mechanism.name;
    settings.rounds = episode.mechanism.rounds;
    settings.domain = sandbox::fixed_domain(seated);
    settings.learner_seat = episode.parties[0].framework == "learned" ? 0 : 1;
    const auto& opponent = episode.parties[1 - settings.learner_seat];
    settings.opponent = opponent.framework;
    settings.opponent_parameters = opponent.parameters;
    sandbox::NegotiationEnvironment environment(settings);
    const auto names = environment.action_names();
    std::vector<std::string> decisions;
    for (auto step = environment.reset(episode.seed); !step.done;) {
        const auto action = policy.greedy_action(step.observation, step.legal);
        decisions.push_back(names[action]);
        step = environment.step(action);
    }
    return decisions;
}

}  // namespace

TEST_CASE("a trained model plays parley run over the broker with the sandbox's decisions, whatever --parallel") {
    const auto folder = scratch("train-run");
    const auto model = (folder / "negotiator.pt").string();
    const auto scenario = write_file(
        folder / "trained.yaml",
        training_scenario(320, "  model: " + model + "\n", "  - framework: learned\n    parameters: {model: " + model + "}\n"));
    // The roster names the very model the training writes: training does not need it to exist.
    const auto trained = run_parley({"train", scenario.string(), "--quiet"}, 120s);
    REQUIRE(trained.exit_code == 0);
    REQUIRE(fs::exists(model));

    const auto one = run_parley({"run", scenario.string(), "--out", (folder / "one").string()}, 120s);
    REQUIRE(one.exit_code == 0);
    const auto two = run_parley({"run", scenario.string(), "--out", (folder / "two").string(), "--parallel", "2"}, 120s);
    REQUIRE(two.exit_code == 0);
    for (const auto* file : {"episodes.csv", "participants.csv", "summary.csv"}) {
        CAPTURE(std::string(file));
        CHECK(read(folder / "one" / file) == read(folder / "two" / file));
    }

    const auto decisions = learned_decisions(folder / "one" / "events.jsonl");
    const auto plan = worlds::load_scenario(scenario, runner::scenario_vocabulary());
    auto policy = learning::Policy::load(model);
    std::size_t compared = 0;
    for (const auto& episode : worlds::expand(plan)) {
        const bool learned = std::any_of(episode.parties.begin(), episode.parties.end(),
                                         [](const auto& party) { return party.framework == "learned"; });
        if (!learned) continue;
        CAPTURE(episode.index);
        const auto expected = sandbox_decisions(episode, policy);
        REQUIRE(decisions.contains(static_cast<int>(episode.index)));
        CHECK(decisions.at(static_cast<int>(episode.index)) == expected);
        ++compared;
    }
    CHECK(compared == 4 * 1);  // learned against reciprocal and selfish, each side opening once
}

