// parley-learned: the one executable that loads LibTorch. It runs the agents
// of the frameworks that act with a trained network (`parley-learned agent`,
// which `parley run` starts for them and `parley agent --framework learned`
// hands over to), and trains those networks (`parley-learned train`, which
// `parley train` hands over to). parley and parley-agent never load LibTorch
// (ARCHITECTURE.md, "Modules").

#include "commands.hpp"
#include "learning_bench.hpp"
#include "training_run.hpp"

#include <parley/learning/policy.hpp>

#include <spdlog/spdlog.h>

#include <exception>

namespace {

using namespace parley;

cli::Command add_training_command(CLI::App& app) {
    auto* command = app.add_subcommand("train", "Train the policy a scenario's learning section describes");
    auto request = std::make_shared<learning::TrainingRequest>();
    auto model = std::make_shared<std::string>();
    auto episodes = std::make_shared<std::uint64_t>(0);
    command->add_option("scenario", request->scenario, "The scenario file (with a learning: section)")
        ->required()
        ->check(CLI::ExistingFile);
    command->add_option("--out", *model, "Where the model goes (default: the section's model)");
    command->add_option("--episodes", *episodes, "Train this many episodes in all (default: the section's)")
        ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{100'000'000}));
    command->add_flag("--resume", request->resume,
                      "Go on from the model's last checkpoint (MODEL.checkpoint), as if never interrupted");
    command->add_flag("--quiet", request->quiet, "No progress line");
    return {command, [request, model, episodes] {
                if (!model->empty()) request->model = *model;
                if (*episodes != 0) request->episodes = *episodes;
                return learning::run_training(*request, cli::stop_requested());
            }};
}

cli::Command add_learning_bench_command(CLI::App& app) {
    auto* command = app.add_subcommand("bench", "Measure training speed and decision latency (parley bench reads it)");
    auto quick = std::make_shared<bool>(false);
    command->add_flag("--quick", *quick, "Fewer episodes: a smoke test, not a measurement");
    return {command, [quick] { return learning::run_learning_bench(*quick); }};
}

}  // namespace

int main(int argc, char** argv) {
    using namespace parley::cli;
    CLI::App app{"parley-learned: run and train Parley's learned agents (LibTorch)"};
    app.require_subcommand(1);
    app.set_version_flag("--version", std::string("parley-learned 0.1.0"));
    std::string log_level = "info";
    auto* agent = app.add_subcommand("agent", "Run one agent process connected to a broker (as `parley agent`)");
    std::vector<Command> commands{{agent, add_agent_options(*agent)}, add_training_command(app), add_learning_bench_command(app)};
    // Before any command runs: agents and the trainer read model files through it.
    parley::learning::install_model_loader();
    return run_commands(app, commands, log_level, argc, argv);
}
