#pragma once
// The output folder of a run. Rows are written in episode order whatever order
// episodes finish in (a reorder buffer), so the files are byte-identical for
// any parallelism; each flush appends whole episodes, so the files stay valid
// after a crash or Ctrl-C and --resume finds exactly what is missing.

#include <parley/worlds/metrics.hpp>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace parley::cli {

// What the files say of one participant besides its metrics.
struct ParticipantInfo {
    std::string agent;
    std::string framework;
    std::string label;
    std::size_t profile = 0;
};

struct EpisodeResult {
    std::uint64_t index = 0;
    std::uint64_t seed = 0;
    std::string group;  // sweep point and matching, for summaries
    std::string mechanism;
    std::vector<ParticipantInfo> participants;
    worlds::EpisodeMetrics metrics;
    std::string end_detail;
    std::vector<nlohmann::ordered_json> events;
};

class ResultsWriter {
public:
    // Opens (creating) the folder. With `resume`, reads which episodes are
    // already complete; without it, refuses a folder that holds results.
    ResultsWriter(std::filesystem::path folder, bool resume);

    const std::set<std::uint64_t>& completed() const { return completed_; }

    // Takes a finished episode; writes it and every buffered successor once all
    // of its predecessors among `expected` are written.
    void add(EpisodeResult result);
    // The episodes that will be run, in order; call before add().
    void expect(std::vector<std::uint64_t> indices);

    // Means with 95% confidence intervals by framework pairing, over every
    // episode in episodes.csv (including those of earlier, resumed runs).
    void write_summary(std::ostream& table) const;

private:
    void flush_ready();
    void append(const EpisodeResult& result);

    std::filesystem::path folder_;
    std::set<std::uint64_t> completed_;
    std::vector<std::uint64_t> expected_;
    std::size_t next_expected_ = 0;
    std::map<std::uint64_t, EpisodeResult> waiting_;
    std::ofstream episodes_;
    std::ofstream participants_;
    std::ofstream events_;
};

}  // namespace parley::cli
