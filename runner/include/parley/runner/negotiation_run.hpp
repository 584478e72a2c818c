#pragma once
// Negotiation runs: the episodes of a negotiation scenario as runner jobs,
// their files (episodes.csv, participants.csv) and the summary by pairing.

#include <parley/runner/results.hpp>
#include <parley/runner/run_kind.hpp>
#include <parley/runner/runner.hpp>

#include <parley/scenario/scenario.hpp>

#include <filesystem>
#include <ostream>
#include <vector>

namespace parley::runner {

ResultsLayout negotiation_layout();
// One job per episode; domains are built and analysed once per distinct world.
std::vector<EpisodeJob> negotiation_jobs(const std::vector<worlds::EpisodeSpec>& episodes);
// Means with 95% confidence intervals by framework pairing, over every episode
// in episodes.csv (including those of earlier, resumed runs): summary.csv and
// a table on `table`.
SummaryCounts write_negotiation_summary(const std::filesystem::path& folder, std::ostream& table);

// The run kind of negotiation scenarios: "episodes", the functions above.
std::unique_ptr<RunKind> negotiation_run_kind();

}  // namespace parley::runner
