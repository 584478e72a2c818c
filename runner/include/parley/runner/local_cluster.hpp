#pragma once
// The agents a run plays with: launched here as local processes (one or more
// per framework), or found on a broker the user gave, matched by framework.

#include <parley/runner/runner.hpp>

#include <parley/agents/process.hpp>

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace parley::runner {

// How a local cluster replaces agents it loses.
struct RestartPolicy {
    std::size_t restarts = 5;                      // per agent slot; then the slot stays empty
    std::chrono::milliseconds first_backoff{100};  // before the first restart of a slot
    std::chrono::milliseconds max_backoff{5000};   // the back-off doubles up to this
};

class LocalCluster final : public AgentSupervisor {
public:
    // Launches `count` agent processes for each framework, named
    // "<framework>-<k>", connected to `endpoint`. Each ends when this process
    // does, however it ends.
    LocalCluster(const std::string& endpoint, const std::map<std::string, std::size_t>& count,
                 const std::string& log_level, RestartPolicy policy = {});
    // Stops every process (each says bye).
    ~LocalCluster() override;

    const AgentPool& pool() const { return pool_; }

    // A replacement takes the slot's name with a restart count,
    // "<framework>-<k>-r<n>": a new name, so that the broker's directory tells
    // it apart from the one it replaces, which the broker may still list.
    void lost(const std::string& agent) override;
    bool will_replace(const std::string& agent) const override;
    std::vector<Replacement> supervise(agents::Clock::time_point now) override;

private:
    // One agent process and its restarts, waited on through `events_`: the
    // end of its process, and the back-off before its replacement.
    struct Slot;
    struct Events;
    agents::ChildProcess launch(const std::string& framework, const std::string& name) const;
    void watch_end(Slot& slot);
    void ended(Slot& slot);  // its process ended by itself
    void schedule_restart(Slot& slot);
    void replace(Slot& slot, std::vector<Replacement>& started);
    Slot* slot_of(const std::string& agent);

    std::vector<std::string> options_;  // of every agent's command line, after its executable
    RestartPolicy policy_;
    std::unique_ptr<Events> events_;  // before the slots, whose waits it holds
    std::vector<std::unique_ptr<Slot>> slots_;
    AgentPool pool_;
};

// Waits until every agent of `pool` is registered; throws std::runtime_error
// naming those that are missing after `timeout`.
void wait_for_agents(agents::AgentClient& client, const AgentPool& pool, std::chrono::milliseconds timeout);

// The agents registered on the broker for each needed framework; throws
// std::runtime_error naming a framework with fewer agents than needed.
AgentPool discover_agents(agents::AgentClient& client, const std::map<std::string, std::size_t>& needed,
                          std::chrono::milliseconds timeout);

}  // namespace parley::runner
