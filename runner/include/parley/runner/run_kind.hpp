#pragma once
// What differs between kinds of run (a negotiation run, a repeated-game run):
// what an episode is called, the files its results go to, how the expanded
// episodes become runner jobs, and the summary written once they are played.
// Everything else about a run (broker, agents, resume, the run loop, the lock
// file) is the same for every kind and lives in run.hpp. A kind is chosen once
// per scenario, by the first registered kind that plays it.

#include <parley/runner/results.hpp>
#include <parley/runner/runner.hpp>

#include <parley/scenario/scenario.hpp>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

namespace parley::runner {

class RunKind {
public:
    virtual ~RunKind() = default;
    // "negotiation", "game": for logs and lists.
    virtual std::string name() const = 0;
    // Whether this kind plays the scenario's sweep points.
    virtual bool plays(const worlds::Scenario& scenario) const = 0;
    // What one episode is called in what the user sees: "episodes", "matches".
    virtual std::string unit() const = 0;
    // The results files of the scenario's run; the first table is the primary one.
    virtual ResultsLayout layout(const worlds::Scenario& scenario) const = 0;
    // One job per expanded episode.
    virtual std::vector<EpisodeJob> jobs(const worlds::Scenario& scenario,
                                         const std::vector<worlds::EpisodeSpec>& episodes) const = 0;
    // Reads the folder's results (including those of earlier, resumed runs),
    // writes the summary files, shows the tables on `table`, and says what it
    // counted. `master_seed` is the run's seed, for summaries that draw.
    virtual SummaryCounts write_summary(const worlds::Scenario& scenario, std::uint64_t master_seed,
                                        const std::filesystem::path& folder, std::ostream& table) const = 0;
};

class RunKindRegistry {
public:
    // The kinds of this build, the most specific first: games, then negotiations.
    static const RunKindRegistry& builtin();

    // Kinds are asked in the order they were added.
    void add(std::unique_ptr<RunKind> kind);
    // The first kind that plays `scenario`; throws worlds::ScenarioError when none does.
    const RunKind& for_scenario(const worlds::Scenario& scenario) const;
    std::vector<const RunKind*> list() const;

private:
    std::vector<std::unique_ptr<RunKind>> kinds_;
};

}  // namespace parley::runner
