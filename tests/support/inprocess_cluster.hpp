#pragma once
// A broker and agents inside the test process: the broker on a thread of its
// own (broker::EmbeddedBroker), each agent a real agent runtime
// (agents::AgentClient with its behaviour from agents::BehaviourRegistry) on a
// thread, all over inproc://, so that the runner library can play a scenario
// in process with no child processes. Every wait is for an event.

#include <parley/broker/embedded_broker.hpp>
#include <parley/runner/run.hpp>

#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace parley::testing {

class InProcessCluster {
public:
    InProcessCluster();
    // Every agent says bye, then the broker stops.
    ~InProcessCluster();
    InProcessCluster(const InProcessCluster&) = delete;
    InProcessCluster& operator=(const InProcessCluster&) = delete;

    // Starts `count` agents of `framework` (a negotiation framework or a game
    // strategy), named "<framework>-<k>", and waits until the broker has
    // welcomed each; returns their names.
    std::vector<std::string> add_agents(const std::string& framework, std::size_t count);
    // The agent says bye and its thread ends; safe to call from any thread, once the agent is started.
    void stop_agent(const std::string& name);

    // What a run request names to play on this broker with its agents.
    runner::GivenBroker broker() { return {broker_.local_endpoint(), &broker_.context()}; }

private:
    struct Agent {
        std::atomic<bool> stop{false};
        std::thread thread;
    };

    broker::EmbeddedBroker broker_;
    std::map<std::string, std::unique_ptr<Agent>> agents_;
};

}  // namespace parley::testing
