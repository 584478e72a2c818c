#include "inprocess_cluster.hpp"

#include <parley/agents/behaviour.hpp>
#include <parley/agents/client.hpp>

#include <condition_variable>
#include <mutex>
#include <stdexcept>

namespace parley::testing {

namespace {

// Generous: a passing test never waits this long.
constexpr std::chrono::seconds kPatience{20};

}  // namespace

// The broker's public endpoint is inproc too: nothing in these tests listens on a port.
InProcessCluster::InProcessCluster() : broker_("inproc://parley-test-cluster") {}

InProcessCluster::~InProcessCluster() {
    for (auto& [name, agent] : agents_) agent->stop = true;
    for (auto& [name, agent] : agents_) {
        if (agent->thread.joinable()) agent->thread.join();
    }
}

std::vector<std::string> InProcessCluster::add_agents(const std::string& framework, std::size_t count) {
    const auto* behaviour = agents::BehaviourRegistry::builtin().find(framework);
    if (behaviour == nullptr) throw std::invalid_argument("no behaviour named '" + framework + "'");
    std::vector<std::string> names;
    for (std::size_t k = 1; k <= count; ++k) {
        const auto name = framework + "-" + std::to_string(k);
        if (agents_.contains(name)) throw std::invalid_argument("agent '" + name + "' runs already");
        auto agent = std::make_unique<Agent>();
        std::mutex mutex;
        std::condition_variable changed;
        bool ready = false;
        bool failed = false;
        agent->thread = std::thread([&, stop = &agent->stop, name] {
            agents::ClientOptions options;
            options.endpoint = broker::EmbeddedBroker::local_endpoint();
            options.name = name;
            options.framework = framework;
            agents::AgentClient client(broker_.context(), options);
            auto runtime = behaviour->make({});
            runtime->attach(client);
            client.start();
            const bool welcomed = client.poll_until([&] { return client.ready(); }, kPatience);
            {
                // Notified under the lock: the waiter, and with it `mutex` and `changed`, outlives the call.
                std::lock_guard lock(mutex);
                ready = welcomed;
                failed = !welcomed;
                changed.notify_all();
            }
            if (welcomed) client.run(*stop);
            client.close();
        });
        std::unique_lock lock(mutex);
        changed.wait(lock, [&] { return ready || failed; });
        lock.unlock();
        if (failed) {
            agent->thread.join();
            throw std::runtime_error("the broker did not welcome agent '" + name + "'");
        }
        agents_[name] = std::move(agent);
        names.push_back(name);
    }
    return names;
}

void InProcessCluster::stop_agent(const std::string& name) { agents_.at(name)->stop = true; }

}  // namespace parley::testing
