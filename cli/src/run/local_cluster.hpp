#pragma once
// The agents a run plays with: launched here as local processes (one or more
// per framework), or found on a broker the user gave, matched by framework.

#include "runner.hpp"

#include <parley/agents/process.hpp>

#include <chrono>
#include <map>
#include <string>
#include <vector>

namespace parley::cli {

class LocalCluster {
public:
    // Launches `count` agent processes for each framework, named
    // "<framework>-<k>", connected to `endpoint`.
    LocalCluster(const std::string& endpoint, const std::map<std::string, std::size_t>& count,
                 const std::string& log_level);
    // Stops every process (each says bye).
    ~LocalCluster();

    const AgentPool& pool() const { return pool_; }

private:
    std::vector<agents::ChildProcess> processes_;
    AgentPool pool_;
};

// Waits until every agent of `pool` is registered; throws std::runtime_error
// naming those that are missing after `timeout`.
void wait_for_agents(agents::AgentClient& client, const AgentPool& pool, std::chrono::milliseconds timeout);

// The agents registered on the broker for each needed framework; throws
// std::runtime_error naming a framework with fewer agents than needed.
AgentPool discover_agents(agents::AgentClient& client, const std::map<std::string, std::size_t>& needed,
                          std::chrono::milliseconds timeout);

}  // namespace parley::cli
