#pragma once
// The runner: plays a list of episodes (negotiations or game matches) over the
// broker with up to N in flight, each on its own session, and hands every
// finished one, turned into its rows, to the results writer. Which agent
// process plays a party never changes a result: a framework's or strategy's
// decisions depend only on its seed, its parameters and the messages of its
// session. So an episode that the platform spoiled (an agent lost or hung,
// the broker gone, its session taken) is played again, up to a limit, and only
// recorded as failed when every attempt failed.

#include <parley/runner/results.hpp>
#include <parley/runner/session_driver.hpp>

#include <parley/agents/client.hpp>

#include <atomic>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

namespace parley::runner {

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

// Whoever started the agent processes and can start them again (the local
// cluster). The runner tells it which agents it lost; it answers with the
// agents it started in their place.
class AgentSupervisor {
public:
    virtual ~AgentSupervisor() = default;
    struct Replacement {
        std::string role;
        std::string lost;         // the agent that is gone
        std::string replacement;  // the one started in its place, under a new name
    };
    // `agent` is lost to the broker, or stopped answering: end it if it still
    // runs, and start another in its place when its back-off allows.
    virtual void lost(const std::string& agent) = 0;
    // Whether a replacement of `agent` is on its way (false once its restarts are used up).
    virtual bool will_replace(const std::string& agent) const = 0;
    // Starts the replacements that are due, and notices processes that ended
    // by themselves; returns what was started since the last call.
    virtual std::vector<Replacement> supervise(agents::Clock::time_point now) = 0;
};

// How far a run is, for a progress line: the runner reports it after every
// turn of its loop and once at the end (`final`); whoever shows it decides how often.
struct RunProgress {
    std::size_t written = 0;   // episodes recorded by this run
    std::size_t total = 0;     // episodes this run plays
    std::size_t replayed = 0;  // plays spoiled by the platform and played again
    double elapsed = 0;        // seconds since the run began
    bool final = false;
};

struct RunnerOptions {
    std::size_t parallel = 1;
    std::string unit = "episodes";  // what the log counts: "episodes", "matches"
    // Plays of an episode that the platform spoils before it is recorded as
    // failed (with the reason of the last attempt).
    std::size_t attempts = 3;
    // How long the runner waits for a lost broker to come back before it
    // gives up the rest of the run.
    std::chrono::milliseconds broker_patience{30000};
    std::function<void(const RunProgress&)> progress;  // none: nothing reported
};

struct RunReport {
    std::size_t written = 0;       // episodes written by this run
    std::size_t replayed = 0;      // plays that the platform spoiled and that were played again
    std::size_t replacements = 0;  // agents started in place of lost ones
    bool broker_gone = false;      // the broker was lost and did not come back: the run stopped early
};

class Runner {
public:
    // `supervisor`, when there is one, replaces lost agents.
    Runner(agents::AgentClient& client, AgentPool pool, ResultsWriter& writer, RunnerOptions options,
           AgentSupervisor* supervisor = nullptr);
    ~Runner();
    Runner(const Runner&) = delete;
    Runner& operator=(const Runner&) = delete;

    // Plays every job not yet completed in the writer, until done, `stop`, or
    // the broker is gone for longer than the options allow.
    RunReport run(const std::vector<EpisodeJob>& jobs, const std::atomic<bool>& stop);

private:
    struct Play {
        const EpisodeJob* job = nullptr;
        std::size_t attempt = 1;
    };
    // False when too few agents of a role can play now but more are coming.
    bool start_episode(const Play& play);
    void dispatch(const protocol::Envelope& message);
    void on_connection(agents::ConnectionState state);
    // Remembers agents that the broker reports lost or unknown.
    void note_lost(const protocol::Envelope& message);
    void mark_lost(const std::string& agent);
    void supervise(agents::Clock::time_point now);
    // Asks the broker now and then which of the agents on probation are registered.
    void confirm_agents(agents::Clock::time_point now);
    // The agents of `role` that can play now; with too few of them, all of
    // them when none is coming back (episodes with a gone agent fail fast and
    // are recorded), or nothing (wait).
    std::vector<std::string> playable_agents(const std::string& role, std::size_t wanted) const;
    void collect_finished();
    void report_progress(bool final);
    std::string new_session_id(std::uint64_t index);

    agents::AgentClient& client_;
    AgentPool pool_;
    ResultsWriter& writer_;
    RunnerOptions options_;
    AgentSupervisor* supervisor_;
    // By session: looked up for every message, so hashed.
    std::unordered_map<std::string, std::unique_ptr<SessionDriver>> active_;
    std::unordered_map<std::string, Play> play_of_;
    std::deque<Play> queue_;                // what is left to play, spoiled plays first
    std::set<std::string> lost_agents_;     // agents the broker said are gone: given no new episodes while others can play
    // Agents that may play once the broker lists them (replacements; everyone
    // after a broker loss), with when they were put there: one that never
    // registers is given up after the broker patience.
    std::map<std::string, agents::Clock::time_point> probation_;
    std::uint64_t directory_query_ = 0;  // the id of the pending directory query, if any
    agents::Clock::time_point directory_query_sent_{};
    bool connected_ = true;
    agents::Clock::time_point disconnected_since_{};
    RunReport report_;
    std::size_t total_ = 0;
    agents::Clock::time_point began_;
};

}  // namespace parley::runner
