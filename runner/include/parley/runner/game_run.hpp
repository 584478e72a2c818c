#pragma once
// Repeated-game runs (ipd, public_goods, commons, race): the matches of a game
// scenario as runner jobs, their files (matches.csv, players.csv) and, once
// they are played, the tournament and population results: summary.csv by
// pairing, ranking.csv and payoff_matrix.csv per sweep point, population.csv
// when the scenario asks for population dynamics.

#include <parley/runner/results.hpp>
#include <parley/runner/run_kind.hpp>
#include <parley/runner/runner.hpp>

#include <parley/scenario/scenario.hpp>

#include <filesystem>
#include <ostream>
#include <vector>

namespace parley::runner {

// The columns follow the scenario: one group of columns per player position
// and one column per metric of its game(s).
ResultsLayout game_layout(const worlds::Scenario& scenario);
std::vector<EpisodeJob> game_jobs(const worlds::Scenario& scenario, const std::vector<worlds::EpisodeSpec>& matches);
// Reads matches.csv and players.csv (including matches of earlier, resumed
// runs), writes summary.csv, ranking.csv, payoff_matrix.csv and, with a
// population section, population.csv, and shows the tables on `table`.
// `master_seed` seeds the Moran runs.
SummaryCounts write_game_summary(const worlds::Scenario& scenario, std::uint64_t master_seed,
                        const std::filesystem::path& folder, std::ostream& table);

// The run kind of game scenarios: "matches", the functions above.
std::unique_ptr<RunKind> game_run_kind();

}  // namespace parley::runner
