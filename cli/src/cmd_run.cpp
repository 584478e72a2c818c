// parley run: play a scenario and write its results.

#include "commands.hpp"
#include "exit_codes.hpp"
#include "progress_line.hpp"
#include <parley/runner/results.hpp>
#include <parley/runner/run.hpp>

#include <parley/domains/domain_error.hpp>
#include <parley/scenario/scenario.hpp>

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <iomanip>
#include <iostream>

namespace parley::cli {
namespace {

using namespace parley::runner;

constexpr std::string_view kVersion = "parley 0.1.0";

struct RunCommandOptions {
    std::string scenario;
    std::string out;
    std::size_t parallel = 1;
    std::string broker;
    bool resume = false;
    bool retry_failed = false;
    bool dry_run = false;
    std::size_t attempts = 3;
    std::size_t agent_restarts = 5;
    std::size_t broker_patience_s = 30;
    std::optional<std::uint64_t> seed;
    int agents_per_framework = 0;  // 0: as many as one episode needs (twice that with --parallel > 1)
};

RunRequest request_of(const RunCommandOptions& options, const std::string& log_level) {
    RunRequest request;
    request.scenario = options.scenario;
    if (!options.out.empty()) request.out = options.out;
    request.seed = options.seed;
    request.parallel = options.parallel;
    if (!options.broker.empty()) request.broker = GivenBroker{options.broker, nullptr};
    request.resume = options.resume;
    request.retry_failed = options.retry_failed;
    request.attempts = options.attempts;
    request.agent_restarts = options.agent_restarts;
    request.broker_patience = std::chrono::seconds(options.broker_patience_s);
    request.agents_per_framework = static_cast<std::size_t>(std::max(0, options.agents_per_framework));
    // Local agents log at the run's level, but info from every agent drowns the runner's own.
    request.agent_log_level = log_level == "info" ? "warn" : log_level;
    request.version = kVersion;
    return request;
}


// What the user sees while a run plays: the "playing" line and the summary on
// standard output, the progress line on standard error.
class RunPrinter final : public RunObserver {
public:
    void on_start(const RunStart& start) override {
        unit_ = start.unit;
        std::cout << "playing " << start.pending << " of " << start.total << " " << start.unit << " of '"
                  << start.scenario << "' with " << start.agents << " agents, " << start.parallel << " at a time"
                  << std::endl;
    }

    void on_progress(const RunProgress& progress) override {
        line_.show(progress.written, progress.total, unit_, progress.elapsed,
                   progress.replayed ? ", " + std::to_string(progress.replayed) + " replayed" : "", progress.final);
    }

    void on_summary(const std::string& tables) override { std::cout << tables; }

private:
    std::string unit_;
    ProgressLine line_;
};

void print_dry_run(const RunPlan& plan) {
    std::cout << "scenario '" << plan.scenario.name << "' is valid: " << plan.episodes.size() << " "
              << plan.kind->unit() << " in " << plan.scenario.points.size() << " sweep point"
              << (plan.scenario.points.size() == 1 ? "" : "s") << ", master seed " << plan.seed << ", results in "
              << plan.out.string() << "\n";
}

// The lines after the summary, and the exit status they stand for.
int print_outcome(const RunResult& result) {
    const auto& unit = result.unit;
    const auto& report = result.report;
    if (report.replacements > 0) std::cout << "\n" << report.replacements << " lost agents were replaced\n";
    if (result.interrupted) {
        std::cout << "\n" << (report.broker_gone ? "Stopped: the broker was lost" : "Interrupted") << ": "
                  << result.completed << " of " << result.total << " " << unit << " are in " << result.out.string()
                  << "; run again with --resume to complete them.\n";
        return report.broker_gone ? kExitBrokerGone : kExitInterrupted;
    }
    std::cout << "\n" << report.written << " " << unit << " played";
    if (report.replayed > 0) std::cout << " (" << report.replayed << " plays spoiled by the platform were played again)";
    std::cout << "; results in " << result.out.string() << "\n";
    if (result.counts.failed() > 0) {
        // Recorded, but not outcomes: the summary left them out, and the run is not a success.
        std::string reasons;
        for (const auto& [reason, count] : result.counts.failures) {
            reasons += (reasons.empty() ? "" : ", ") + std::to_string(count) + " " + reason;
        }
        std::cout << result.counts.failed() << " " << unit << " failed for a platform reason (" << reasons
                  << ") and are left out of the summary; play them again with --resume --retry-failed\n";
        return kExitPlatformFailures;
    }
    return kExitOk;
}

int run_scenario(const RunCommandOptions& options, const std::string& log_level) {
    const auto request = request_of(options, log_level);
    RunPlan plan;
    try {
        plan = plan_run(request);
    } catch (const worlds::ScenarioError& error) {
        std::cerr << error.what() << "\n";
        return kExitScenarioError;
    }
    if (options.dry_run) {
        print_dry_run(plan);
        return kExitOk;
    }
    RunPrinter printer;
    return print_outcome(runner::run_scenario(plan, request, printer, stop_requested()));
}

}  // namespace

Command add_run_command(CLI::App& app, const std::string& log_level) {
    auto* command = app.add_subcommand("run", "Play a scenario file and write its results and metrics");
    auto options = std::make_shared<RunCommandOptions>();
    command->add_option("scenario", options->scenario, "Scenario file (YAML); see scenarios/README.md")
        ->required()
        ->check(CLI::ExistingFile);
    command->add_option("--out", options->out, "Output folder (default: the scenario's 'output')");
    command->add_option("--parallel", options->parallel, "Episodes in flight at once")
        ->check(CLI::Range(std::size_t{1}, std::size_t{10000}))
        ->capture_default_str();
    command->add_option("--broker", options->broker,
                        "Use the agents registered on this broker instead of launching local ones");
    auto* resume = command->add_flag("--resume", options->resume, "Complete the episodes missing from the output folder");
    command->add_flag("--retry-failed", options->retry_failed,
                      "With --resume: also play again the episodes recorded as failed for a platform reason "
                      "(timeout, agent_lost, broker_lost, session_taken)")
        ->needs(resume);
    command->add_option("--attempts", options->attempts,
                        "Plays of an episode that the platform spoils (an agent lost or hung, its session taken) "
                        "before it is recorded as failed")
        ->check(CLI::Range(std::size_t{1}, std::size_t{100}))
        ->capture_default_str();
    command->add_option("--broker-patience", options->broker_patience_s,
                        "Seconds to wait for a lost broker (or a lost agent's replacement) to come back before the "
                        "run stops")
        ->check(CLI::Range(std::size_t{1}, std::size_t{86400}))
        ->capture_default_str();
    command->add_option("--agent-restarts", options->agent_restarts,
                        "Times each local agent process is restarted after it is lost")
        ->check(CLI::Range(std::size_t{0}, std::size_t{1000}))
        ->capture_default_str();
    command->add_flag("--dry-run", options->dry_run,
                      "Check the scenario and say how many episodes it gives, without playing them");
    command->add_option("--seed", options->seed, "Master seed, instead of the scenario's");
    command->add_option("--agents-per-framework", options->agents_per_framework,
                        "Local agent processes per framework (default: what one episode needs, doubled when "
                        "--parallel > 1)")
        ->check(CLI::Range(1, 1000));
    return {command, [options, &log_level] {
                try {
                    return run_scenario(*options, log_level);
                } catch (const worlds::DomainError& error) {
                    spdlog::error("{}", error.what());
                    return kExitError;
                } catch (const ResultsWriteError& error) {
                    spdlog::error("{}; the episodes completed so far are kept: run again with --resume once the "
                                  "cause is fixed",
                                  error.what());
                    return kExitWriteFailed;
                }
            }};
}

}  // namespace parley::cli
