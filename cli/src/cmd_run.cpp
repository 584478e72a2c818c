// parley run: play a scenario and write its results.

#include "commands.hpp"
#include <parley/broker/embedded_broker.hpp>
#include "exit_codes.hpp"
#include <parley/runner/game_run.hpp>
#include <parley/runner/local_cluster.hpp>
#include <parley/runner/negotiation_run.hpp>
#include <parley/runner/results.hpp>
#include <parley/runner/results_retry.hpp>
#include <parley/runner/runner.hpp>

#include <parley/agents/framework.hpp>
#include <parley/agents/game_strategy.hpp>
#include <parley/domains/domain_error.hpp>
#include <parley/mechanisms/mechanism.hpp>
#include <parley/scenario/scenario.hpp>

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <fstream>
#include <iostream>

namespace parley::cli {
namespace {

using broker::EmbeddedBroker;
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

worlds::ScenarioVocabulary vocabulary() {
    worlds::ScenarioVocabulary words;
    for (const auto* framework : agents::FrameworkRegistry::builtin().list()) words.frameworks.push_back(framework->name);
    words.mechanisms = worlds::builtin_mechanism_names();
    // A framework's parameters are checked by building it once, before anything starts.
    words.check_framework_parameters = [](const std::string& framework, const worlds::ParameterMap& parameters) {
        agents::FrameworkRegistry::builtin().find(framework)->make(parameters);
    };
    words.game_strategies = [](const std::string& game) {
        std::vector<std::string> names;
        for (const auto* info : agents::GameStrategyRegistry::builtin().list(game)) names.push_back(info->name);
        return names;
    };
    words.check_strategy_parameters = [](const std::string& game, const std::string& strategy,
                                         const worlds::ParameterMap& parameters) {
        agents::GameStrategyRegistry::builtin().make(game, strategy, parameters);
    };
    return words;
}

int run_scenario(const RunCommandOptions& options, const std::string& log_level) {
    worlds::Scenario scenario;
    try {
        scenario = worlds::load_scenario(options.scenario, vocabulary());
    } catch (const worlds::ScenarioError& error) {
        std::cerr << error.what() << "\n";
        return kExitScenarioError;
    }
    const auto seed = options.seed.value_or(scenario.seed);
    const auto episodes = worlds::expand(scenario, options.seed);
    const std::filesystem::path out = options.out.empty() ? scenario.output : std::filesystem::path(options.out);
    spdlog::info("scenario '{}': {} episodes, master seed {}, results in {}", scenario.name, episodes.size(), seed,
                 out.string());
    const bool games = !scenario.points.empty() && worlds::is_game(scenario.points.front().resolved.world);
    if (options.dry_run) {
        std::cout << "scenario '" << scenario.name << "' is valid: " << episodes.size() << (games ? " matches" : " episodes")
                  << " in " << scenario.points.size() << " sweep point" << (scenario.points.size() == 1 ? "" : "s")
                  << ", master seed " << seed << ", results in " << out.string() << "\n";
        return 0;
    }
    const auto jobs = games ? game_jobs(scenario, episodes) : negotiation_jobs(episodes);

    std::optional<EmbeddedBroker> embedded;
    const auto endpoint = options.broker.empty() ? (embedded.emplace("tcp://127.0.0.1:*"), embedded->endpoint())
                                                 : options.broker;
    // The runner talks to its own embedded broker in process; to another broker over the network.
    zmq::context_t own_context(embedded ? 0 : 1);
    zmq::context_t& context = embedded ? embedded->context() : own_context;
    agents::ClientOptions client_options;
    client_options.endpoint = embedded ? EmbeddedBroker::local_endpoint() : endpoint;
    client_options.name = "runner-" + std::to_string(::getpid());
    client_options.framework = "runner";
    agents::AgentClient client(context, client_options);
    client.start();
    const std::chrono::seconds patience(30);
    if (!client.poll_until([&] { return client.ready(); }, patience)) {
        throw std::runtime_error("no broker answered at " + endpoint);
    }

    auto needed = agents_needed(jobs);
    std::optional<LocalCluster> cluster;
    AgentPool pool;
    if (options.broker.empty()) {
        for (auto& [framework, count] : needed) {
            count = options.agents_per_framework > 0 ? static_cast<std::size_t>(options.agents_per_framework)
                                                     : count * (options.parallel > 1 ? 2 : 1);
        }
        RestartPolicy restarts;
        restarts.restarts = options.agent_restarts;
        cluster.emplace(endpoint, needed, log_level == "info" ? "warn" : log_level, restarts);
        pool = cluster->pool();
        wait_for_agents(client, pool, patience);
    } else {
        pool = discover_agents(client, needed, patience);
    }

    // Only now, with a broker and agents ready, is the output folder touched.
    const auto layout = games ? game_layout(scenario) : negotiation_layout();
    if (options.resume) remove_failed_episodes(out, layout, options.retry_failed);
    ResultsWriter writer(out, options.resume, layout);
    write_text_file(out / "scenario.lock.yaml", worlds::resolved_yaml(scenario, seed, kVersion));

    std::size_t agent_count = 0;
    for (const auto& [framework, names] : pool) agent_count += names.size();
    const std::string unit = games ? "matches" : "episodes";
    std::cout << "playing " << jobs.size() - writer.completed().size() << " of " << jobs.size() << " " << unit << " of '"
              << scenario.name << "' with " << agent_count << " agents, " << options.parallel << " at a time"
              << std::endl;
    RunnerOptions runner_options;
    runner_options.parallel = options.parallel;
    runner_options.unit = unit;
    runner_options.attempts = options.attempts;
    runner_options.broker_patience = std::chrono::seconds(options.broker_patience_s);
    Runner runner(client, pool, writer, runner_options, cluster ? &*cluster : nullptr);
    const auto report = runner.run(jobs, stop_requested());
    writer.close();
    const bool interrupted = writer.completed().size() < jobs.size();
    if (!interrupted) restore_episode_order(out, layout);
    const auto counts =
        games ? write_game_summary(scenario, seed, out, std::cout) : write_negotiation_summary(out, std::cout);
    if (report.replacements > 0) std::cout << "\n" << report.replacements << " lost agents were replaced\n";
    if (interrupted) {
        std::cout << "\n" << (report.broker_gone ? "Stopped: the broker was lost" : "Interrupted") << ": "
                  << writer.completed().size() << " of " << jobs.size() << " " << unit << " are in " << out.string()
                  << "; run again with --resume to complete them.\n";
        return report.broker_gone ? kExitBrokerGone : kExitInterrupted;
    }
    std::cout << "\n" << report.written << " " << unit << " played";
    if (report.replayed > 0) std::cout << " (" << report.replayed << " plays spoiled by the platform were played again)";
    std::cout << "; results in " << out.string() << "\n";
    if (counts.failed() > 0) {
        // Recorded, but not outcomes: the summary left them out, and the run is not a success.
        std::string reasons;
        for (const auto& [reason, count] : counts.failures) {
            reasons += (reasons.empty() ? "" : ", ") + std::to_string(count) + " " + reason;
        }
        std::cout << counts.failed() << " " << unit << " failed for a platform reason (" << reasons
                  << ") and are left out of the summary; play them again with --resume --retry-failed\n";
        return kExitPlatformFailures;
    }
    return kExitOk;
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
