#include <parley/runner/run.hpp>

#include <parley/runner/local_cluster.hpp>
#include <parley/runner/results.hpp>
#include <parley/runner/results_retry.hpp>

#include <parley/agents/framework.hpp>
#include <parley/agents/game_strategy.hpp>
#include <parley/broker/embedded_broker.hpp>
#include <parley/mechanisms/mechanism.hpp>

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <sstream>

namespace parley::runner {
namespace {

using broker::EmbeddedBroker;

// How long the broker and the agents have to answer before the run begins.
constexpr std::chrono::seconds kStartPatience{30};

// The broker a run plays on: its own embedded one, or the one it was given.
class BrokerConnection {
public:
    explicit BrokerConnection(const RunRequest& request) {
        if (!request.broker) {
            embedded_.emplace("tcp://127.0.0.1:*");
            endpoint_ = embedded_->endpoint();
        } else {
            endpoint_ = request.broker->endpoint;
        }
        agents::ClientOptions options;
        // The runner talks to its own embedded broker in process; to another broker over the network.
        options.endpoint = embedded_ ? EmbeddedBroker::local_endpoint() : endpoint_;
        options.name = request.client_name.empty() ? "runner-" + std::to_string(::getpid()) : request.client_name;
        options.framework = "runner";
        client_.emplace(context(request), options);
        client_->start();
        if (!client_->poll_until([&] { return client_->ready(); }, kStartPatience)) {
            throw std::runtime_error("no broker answered at " + endpoint_);
        }
    }

    agents::AgentClient& client() { return *client_; }
    // Where agent processes connect.
    const std::string& endpoint() const { return endpoint_; }

private:
    zmq::context_t& context(const RunRequest& request) {
        if (embedded_) return embedded_->context();
        if (request.broker->context != nullptr) return *request.broker->context;
        return own_context_.emplace(1);
    }

    std::optional<EmbeddedBroker> embedded_;
    std::optional<zmq::context_t> own_context_;
    std::string endpoint_;
    std::optional<agents::AgentClient> client_;
};

// The agents of the run: local processes launched for it, or those the given broker lists.
struct RunAgents {
    std::optional<LocalCluster> cluster;
    AgentPool pool;

    std::size_t count() const {
        std::size_t total = 0;
        for (const auto& [framework, names] : pool) total += names.size();
        return total;
    }
};

void gather_agents(RunAgents& agents, const RunRequest& request, BrokerConnection& broker,
                   const std::vector<EpisodeJob>& jobs) {
    auto needed = agents_needed(jobs);
    if (request.broker) {
        agents.pool = discover_agents(broker.client(), needed, kStartPatience);
        return;
    }
    for (auto& [framework, count] : needed) {
        count = request.agents_per_framework > 0 ? request.agents_per_framework
                                                 : count * (request.parallel > 1 ? 2 : 1);
    }
    RestartPolicy restarts;
    restarts.restarts = request.agent_restarts;
    agents.cluster.emplace(broker.endpoint(), needed, request.agent_log_level, restarts);
    agents.pool = agents.cluster->pool();
    wait_for_agents(broker.client(), agents.pool, kStartPatience);
}

// Writes the summary; the tables go to the observer even when writing a file failed.
void summarise(const RunPlan& plan, RunObserver& observer, RunResult& result) {
    std::ostringstream tables;
    try {
        result.counts = plan.kind->write_summary(plan.scenario, plan.seed, plan.out, tables);
    } catch (...) {
        observer.on_summary(tables.str());
        throw;
    }
    result.summary = tables.str();
    observer.on_summary(result.summary);
}

}  // namespace

RunPlan plan_run(const RunRequest& request) {
    RunPlan plan;
    plan.scenario = worlds::load_scenario(request.scenario, scenario_vocabulary());
    plan.seed = request.seed.value_or(plan.scenario.seed);
    plan.episodes = worlds::expand(plan.scenario, request.seed);
    plan.out = request.out.value_or(plan.scenario.output);
    plan.kind = &RunKindRegistry::builtin().for_scenario(plan.scenario);
    spdlog::info("scenario '{}': {} episodes, master seed {}, results in {}", plan.scenario.name,
                 plan.episodes.size(), plan.seed, plan.out.string());
    return plan;
}

RunResult run_scenario(const RunPlan& plan, const RunRequest& request, RunObserver& observer,
                       const std::atomic<bool>& stop) {
    const auto& kind = *plan.kind;
    const auto jobs = kind.jobs(plan.scenario, plan.episodes);
    BrokerConnection broker(request);
    RunAgents agents;
    gather_agents(agents, request, broker, jobs);

    // Only now, with a broker and agents ready, is the output folder touched.
    const auto layout = kind.layout(plan.scenario);
    if (request.resume) remove_failed_episodes(plan.out, layout, request.retry_failed);
    ResultsWriter writer(plan.out, request.resume, layout);
    write_text_file(plan.out / "scenario.lock.yaml", worlds::resolved_yaml(plan.scenario, plan.seed, request.version));

    RunResult result;
    result.unit = kind.unit();
    result.out = plan.out;
    result.total = jobs.size();
    observer.on_start({plan.scenario.name, result.unit, jobs.size() - writer.completed().size(), jobs.size(),
                       agents.count(), request.parallel});
    RunnerOptions options;
    options.parallel = request.parallel;
    options.unit = result.unit;
    options.attempts = request.attempts;
    options.broker_patience = request.broker_patience;
    options.progress = [&observer](const RunProgress& progress) { observer.on_progress(progress); };
    Runner runner(broker.client(), agents.pool, writer, options, agents.cluster ? &*agents.cluster : nullptr);
    result.report = runner.run(jobs, stop);
    writer.close();
    result.completed = writer.completed().size();
    result.interrupted = result.completed < jobs.size();
    if (!result.interrupted) restore_episode_order(plan.out, layout);
    summarise(plan, observer, result);
    return result;
}

RunResult run_scenario(const RunRequest& request, RunObserver& observer, const std::atomic<bool>& stop) {
    return run_scenario(plan_run(request), request, observer, stop);
}

}  // namespace parley::runner
