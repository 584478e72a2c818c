#pragma once
// The runner: plays a list of episodes (negotiations or game matches) over the
// broker with up to N in flight, each on its own session, and hands every
// finished one, turned into its rows, to the results writer. Which agent
// process plays a party never changes a result: a framework's or strategy's
// decisions depend only on its seed, its parameters and the messages of its
// session.

#include "results.hpp"
#include "session_driver.hpp"

#include <parley/agents/client.hpp>

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

namespace parley::cli {

struct EpisodeJob {
    std::uint64_t index = 0;
    // Per party, in party order: the framework or strategy its agent plays,
    // which is the name agents are pooled by.
    std::vector<std::string> roles;
    std::chrono::milliseconds reply_timeout{10000};
    std::optional<std::chrono::milliseconds> time_limit;  // wall-clock deadline of an episode
    // The rules and private invitations, once the agents are chosen.
    std::function<std::unique_ptr<SessionGame>(const std::vector<std::string>& agents)> make_game;
    // The finished session as rows of the results files.
    std::function<EpisodeRecord(const SessionDriver& finished)> make_record;
};

// Agent names by framework or strategy: who can play what.
using AgentPool = std::map<std::string, std::vector<std::string>>;

// How many agents of each role the jobs need at least: the most parties with
// that role in any one episode.
std::map<std::string, std::size_t> agents_needed(const std::vector<EpisodeJob>& jobs);

class Runner {
public:
    // `unit` names what the progress line counts: "episodes", "matches".
    Runner(agents::AgentClient& client, AgentPool pool, ResultsWriter& writer, std::size_t parallel,
           std::string unit = "episodes");

    // Plays every job not yet completed in the writer, until done or `stop`.
    // Returns the number of episodes written by this call.
    std::size_t run(const std::vector<EpisodeJob>& jobs, const std::atomic<bool>& stop);

private:
    void start_episode(const EpisodeJob& job);
    void dispatch(const protocol::Envelope& message);
    // Remembers agents that the broker reports lost or unknown.
    void note_lost(const protocol::Envelope& message);
    // The agents of `role` still believed alive, or all of them when too few are.
    std::vector<std::string> live_agents(const std::string& role, const std::vector<std::string>& roles) const;
    void collect_finished();
    void show_progress(bool final);

    agents::AgentClient& client_;
    AgentPool pool_;
    ResultsWriter& writer_;
    std::size_t parallel_;
    std::string unit_;
    // By session: looked up for every message, so hashed.
    std::unordered_map<std::string, std::unique_ptr<SessionDriver>> active_;
    std::unordered_map<std::string, const EpisodeJob*> job_of_;
    std::set<std::string> lost_agents_;  // agents the broker said are gone: given no new episodes while others can play
    std::size_t written_ = 0;
    std::size_t total_ = 0;
    std::uint64_t started_count_ = 0;
    agents::Clock::time_point began_;
    agents::Clock::time_point last_progress_;
};

}  // namespace parley::cli
