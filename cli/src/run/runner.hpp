#pragma once
// The runner: plays a list of episodes over the broker with up to N in flight,
// each on its own session, and hands every finished one, with its metrics, to
// the results writer. Which agent process plays a party never changes a
// result: a framework's decisions depend only on its seed, its parameters and
// the messages of its session.

#include "episode_driver.hpp"
#include "results.hpp"

#include <parley/agents/client.hpp>
#include <parley/worlds/metrics.hpp>

#include <atomic>
#include <map>
#include <set>
#include <memory>
#include <string>
#include <vector>

namespace parley::cli {

struct ParticipantJob {
    std::string framework;
    std::map<std::string, std::string> parameters;
    std::string label;
    std::size_t profile = 0;  // which of the domain's profiles it plays
};

struct EpisodeJob {
    std::uint64_t index = 0;
    std::uint64_t seed = 0;
    std::string group;  // what summaries group by besides the pairing (sweep point)
    std::shared_ptr<const worlds::DomainMetrics> domain;
    std::string mechanism;
    std::uint32_t rounds = 100;
    std::map<std::string, std::string> mechanism_parameters;
    std::vector<ParticipantJob> participants;  // in party order
    bool disclosed = false;
    std::chrono::milliseconds reply_timeout{10000};
    std::optional<std::chrono::milliseconds> time_limit;  // wall-clock deadline of an episode
};

// Agent names by framework: who can play what.
using AgentPool = std::map<std::string, std::vector<std::string>>;

// How many agents of each framework the jobs need at least: the most
// participants of that framework in any one episode.
std::map<std::string, std::size_t> agents_needed(const std::vector<EpisodeJob>& jobs);

class Runner {
public:
    Runner(agents::AgentClient& client, AgentPool pool, ResultsWriter& writer, std::size_t parallel);

    // Plays every job not yet completed in the writer, until done or `stop`.
    // Returns the number of episodes written by this call.
    std::size_t run(const std::vector<EpisodeJob>& jobs, const std::atomic<bool>& stop);

private:
    void start_episode(const EpisodeJob& job);
    void dispatch(const protocol::Envelope& message);
    // Remembers agents that the broker reports lost or unknown.
    void note_lost(const protocol::Envelope& message);
    // The agents of `framework` still believed alive, or all of them when too few are.
    std::vector<std::string> live_agents(const std::string& framework,
                                         const std::vector<ParticipantJob>& participants) const;
    void collect_finished();
    void show_progress(bool final);

    agents::AgentClient& client_;
    AgentPool pool_;
    ResultsWriter& writer_;
    std::size_t parallel_;
    std::map<std::string, std::unique_ptr<EpisodeDriver>> active_;  // by session
    std::map<std::string, const EpisodeJob*> job_of_;                // by session
    std::set<std::string> lost_agents_;  // agents the broker said are gone: given no new episodes while others can play
    std::size_t written_ = 0;
    std::size_t total_ = 0;
    std::uint64_t started_count_ = 0;
    agents::Clock::time_point began_;
    agents::Clock::time_point last_progress_;
};

}  // namespace parley::cli
