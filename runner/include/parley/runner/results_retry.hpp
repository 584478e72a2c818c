#pragma once
// Playing again the episodes that the platform failed (`parley run --resume
// --retry-failed`). Their lines are taken out of every results file first;
// the runner then plays them, and their new rows are appended after those of
// later episodes; once every episode is complete, each file is put back in
// episode order. The files then are byte-identical to a run in which nothing
// failed. Every step reads and writes in bounded memory, and each is safe to
// repeat after a crash: a marker file in the folder says what was under way.

#include <parley/runner/results.hpp>

#include <cstdint>
#include <filesystem>
#include <set>

namespace parley::runner {

// Takes the lines of every episode recorded as a platform failure out of the
// folder's files, and returns those episodes. An earlier removal that a crash
// interrupted is finished first, whether or not `retry` is asked for; without
// it, nothing else is removed.
std::set<std::uint64_t> remove_failed_episodes(const std::filesystem::path& folder, const ResultsLayout& layout,
                                               bool retry);

// Puts every file of the folder back in episode order when a retry left it
// out of order; call once every episode is complete. Nothing to do otherwise.
void restore_episode_order(const std::filesystem::path& folder, const ResultsLayout& layout);

}  // namespace parley::runner
