#pragma once
// A whole run of a scenario, as `parley run` and `parley bench` do it: the
// scenario loaded and expanded, a broker (embedded here, or one the caller
// names), the agents (local processes, or those registered on the given
// broker), the output folder (resumed, failed episodes taken out to retry),
// the lock file, the run loop, episode order restored, and the summary. The
// run reports to an observer and returns what happened; it prints nothing.
// Errors are thrown: worlds::ScenarioError (the scenario), worlds::DomainError
// (a world that cannot be built), ResultsWriteError (a results file),
// std::runtime_error (no broker, too few agents).

#include <parley/runner/run_kind.hpp>
#include <parley/runner/runner.hpp>

#include <parley/scenario/scenario.hpp>

#include <zmq.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace parley::runner {

// The scenario vocabulary of this build: the frameworks, mechanisms and game
// strategies of the registries, with their parameter checks.
worlds::ScenarioVocabulary scenario_vocabulary();

// A broker to play on instead of an embedded one; its registered agents play.
struct GivenBroker {
    std::string endpoint;
    // A context to connect through (an in-process broker over inproc://); none: a context of the run's own.
    zmq::context_t* context = nullptr;
};

struct RunRequest {
    std::filesystem::path scenario;
    std::optional<std::filesystem::path> out;  // none: the scenario's output
    std::optional<std::uint64_t> seed;         // none: the scenario's master seed
    std::size_t parallel = 1;
    std::optional<GivenBroker> broker;  // none: an embedded broker and local agent processes
    bool resume = false;
    bool retry_failed = false;
    std::size_t attempts = 3;
    std::size_t agent_restarts = 5;
    std::chrono::seconds broker_patience{30};
    std::size_t agents_per_framework = 0;  // 0: as many as one episode needs (twice that with parallel > 1)
    std::string agent_log_level = "warn";  // of the local agent processes
    std::string version;                   // written into the lock file
    std::string client_name;               // the runner's name on the broker; empty: "runner-<pid>"
};

// The scenario loaded and expanded, and its kind chosen: what a dry run shows.
struct RunPlan {
    worlds::Scenario scenario;
    std::uint64_t seed = 0;
    std::vector<worlds::EpisodeSpec> episodes;
    std::filesystem::path out;
    const RunKind* kind = nullptr;
};

// Loads and expands the request's scenario; throws worlds::ScenarioError.
RunPlan plan_run(const RunRequest& request);

// What a run has begun: what the "playing N of M" line says.
struct RunStart {
    std::string scenario;
    std::string unit;
    std::size_t pending = 0;  // episodes this run plays
    std::size_t total = 0;    // episodes of the scenario
    std::size_t agents = 0;
    std::size_t parallel = 1;
};

class RunObserver {
public:
    virtual ~RunObserver() = default;
    // Once the broker, the agents and the output folder are ready.
    virtual void on_start(const RunStart&) {}
    // After every turn of the run loop, and once at its end.
    virtual void on_progress(const RunProgress&) {}
    // The summary tables once written; also what was shown when writing them failed.
    virtual void on_summary(const std::string&) {}
};

struct RunResult {
    std::string unit;
    std::filesystem::path out;
    std::size_t total = 0;      // episodes of the scenario
    std::size_t completed = 0;  // episodes in the folder, of this run and earlier ones
    RunReport report;
    bool interrupted = false;  // stopped (or the broker lost) before every episode was in the folder
    SummaryCounts counts;
    std::string summary;  // the tables
};

// Plays `plan` until done or `stop`.
RunResult run_scenario(const RunPlan& plan, const RunRequest& request, RunObserver& observer,
                       const std::atomic<bool>& stop);
// plan_run() then the above.
RunResult run_scenario(const RunRequest& request, RunObserver& observer, const std::atomic<bool>& stop);

}  // namespace parley::runner
