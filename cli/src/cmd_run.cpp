// parley run: play a scenario and write its results.

#include "commands.hpp"
#include "embedded_broker.hpp"
#include "run/game_run.hpp"
#include "run/local_cluster.hpp"
#include "run/negotiation_run.hpp"
#include "run/results.hpp"
#include "run/runner.hpp"

#include <parley/agents/framework.hpp>
#include <parley/agents/game_strategy.hpp>
#include <parley/worlds/domain_error.hpp>
#include <parley/worlds/mechanism.hpp>
#include <parley/worlds/scenario.hpp>

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <fstream>
#include <iostream>

namespace parley::cli {
namespace {

constexpr std::string_view kVersion = "parley 0.1.0";

struct RunCommandOptions {
    std::string scenario;
    std::string out;
    std::size_t parallel = 1;
    std::string broker;
    bool resume = false;
    bool dry_run = false;
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
        return 2;
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
        cluster.emplace(endpoint, needed, log_level == "info" ? "warn" : log_level);
        pool = cluster->pool();
        wait_for_agents(client, pool, patience);
    } else {
        pool = discover_agents(client, needed, patience);
    }

    // Only now, with a broker and agents ready, is the output folder touched.
    ResultsWriter writer(out, options.resume, games ? game_layout(scenario) : negotiation_layout());
    std::ofstream(out / "scenario.lock.yaml", std::ios::trunc) << worlds::resolved_yaml(scenario, seed, kVersion);

    std::size_t agent_count = 0;
    for (const auto& [framework, names] : pool) agent_count += names.size();
    const std::string unit = games ? "matches" : "episodes";
    std::cout << "playing " << jobs.size() - writer.completed().size() << " of " << jobs.size() << " " << unit << " of '"
              << scenario.name << "' with " << agent_count << " agents, " << options.parallel << " at a time"
              << std::endl;
    Runner runner(client, pool, writer, options.parallel, unit);
    const auto written = runner.run(jobs, stop_requested());
    const bool interrupted = writer.completed().size() < jobs.size();
    if (games) {
        write_game_summary(scenario, seed, out, std::cout);
    } else {
        write_negotiation_summary(out, std::cout);
    }
    if (interrupted) {
        std::cout << "\nInterrupted: " << writer.completed().size() << " of " << jobs.size()
                  << " " << unit << " are in " << out.string() << "; run again with --resume to complete them.\n";
        return 130;
    }
    std::cout << "\n" << written << " " << unit << " played; results in " << out.string() << "\n";
    return 0;
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
    command->add_flag("--resume", options->resume, "Complete the episodes missing from the output folder");
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
                    return 1;
                }
            }};
}

}  // namespace parley::cli
