#include "results.hpp"

#include <parley/protocol/json.hpp>

#include <fmt/format.h>

#include <cmath>
#include <iomanip>
#include <sstream>
#include <stdexcept>

namespace parley::cli {
namespace {

namespace fs = std::filesystem;

constexpr const char* kEpisodesHeader =
    "episode,seed,group,mechanism,frameworks,agreement,rounds,end_reason,offender,social_welfare,nash_product,"
    "minimum_utility,equality,distance_pareto,distance_nash,distance_kalai,distance_max_welfare,consensus,detail\n";
constexpr const char* kParticipantsHeader =
    "episode,party,framework,label,profile,utility,advantage,satisfaction,model_error,model_tau\n";

// Fixed notation with enough digits to compare runs exactly: the same text on
// every machine for the same double.
std::string number(double value) { return fmt::format("{:.9f}", value); }
std::string number(const std::optional<double>& value) { return value ? number(*value) : ""; }

// CSV fields are quoted when they could break the row.
std::string field(const std::string& text) {
    if (text.find_first_of(",\"\n") == std::string::npos) return text;
    std::string quoted = "\"";
    for (char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    return quoted + "\"";
}

std::string pairing(const EpisodeResult& result) {
    std::string names;
    for (const auto& participant : result.participants) names += (names.empty() ? "" : "+") + participant.framework;
    return names;
}

// The first column of every data row of a CSV file.
std::set<std::uint64_t> episodes_in(const fs::path& file) {
    std::set<std::uint64_t> indices;
    std::ifstream in(file);
    std::string line;
    std::getline(in, line);  // header
    while (std::getline(in, line)) {
        if (line.empty()) continue;
        indices.insert(std::stoull(line.substr(0, line.find(','))));
    }
    return indices;
}

// Complete rows only: a crash can leave half a line at the end of a file.
void drop_partial_last_line(const fs::path& file) {
    if (!fs::exists(file)) return;
    std::ifstream in(file, std::ios::binary);
    std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (content.empty() || content.back() == '\n') return;
    content.erase(content.rfind('\n') == std::string::npos ? 0 : content.rfind('\n') + 1);
    std::ofstream(file, std::ios::binary | std::ios::trunc) << content;
}

// Rows of episodes not in `keep` are removed: after a crash, participants and
// events may hold an episode whose row in episodes.csv was not written.
void keep_only(const fs::path& file, const std::set<std::uint64_t>& keep, bool has_header, bool json) {
    if (!fs::exists(file)) return;
    std::ifstream in(file);
    std::string line;
    std::string kept;
    if (has_header && std::getline(in, line)) kept += line + "\n";
    while (std::getline(in, line)) {
        if (line.empty()) continue;
        std::uint64_t episode = 0;
        if (json) {
            episode = nlohmann::json::parse(line, nullptr, false).value("episode", std::uint64_t{UINT64_MAX});
        } else {
            episode = std::stoull(line.substr(0, line.find(',')));
        }
        if (keep.contains(episode)) kept += line + "\n";
    }
    in.close();
    std::ofstream(file, std::ios::trunc) << kept;
}

std::ofstream open_append(const fs::path& file, const char* header) {
    const bool fresh = !fs::exists(file) || fs::file_size(file) == 0;
    std::ofstream out(file, std::ios::app);
    if (!out) throw std::runtime_error("cannot write " + file.string());
    if (fresh && header != nullptr) out << header << std::flush;
    return out;
}

}  // namespace

ResultsWriter::ResultsWriter(fs::path folder, bool resume) : folder_(std::move(folder)) {
    fs::create_directories(folder_);
    const auto episodes_file = folder_ / "episodes.csv";
    if (fs::exists(episodes_file) && !episodes_in(episodes_file).empty()) {
        if (!resume) {
            throw std::runtime_error(folder_.string() +
                                     " already holds results: use --resume to complete them, or another --out");
        }
        for (const char* name : {"episodes.csv", "participants.csv", "events.jsonl"}) {
            drop_partial_last_line(folder_ / name);
        }
        completed_ = episodes_in(episodes_file);
        keep_only(folder_ / "participants.csv", completed_, true, false);
        keep_only(folder_ / "events.jsonl", completed_, false, true);
    }
    episodes_ = open_append(episodes_file, kEpisodesHeader);
    participants_ = open_append(folder_ / "participants.csv", kParticipantsHeader);
    events_ = open_append(folder_ / "events.jsonl", nullptr);
}

void ResultsWriter::expect(std::vector<std::uint64_t> indices) {
    expected_ = std::move(indices);
    next_expected_ = 0;
}

void ResultsWriter::add(EpisodeResult result) {
    const auto index = result.index;
    waiting_.emplace(index, std::move(result));
    flush_ready();
}

void ResultsWriter::flush_ready() {
    while (next_expected_ < expected_.size()) {
        auto ready = waiting_.find(expected_[next_expected_]);
        if (ready == waiting_.end()) return;
        append(ready->second);
        completed_.insert(ready->first);
        waiting_.erase(ready);
        ++next_expected_;
    }
}

void ResultsWriter::append(const EpisodeResult& result) {
    const auto& m = result.metrics;
    // Events first and episodes.csv last: a row in episodes.csv means the episode is complete.
    for (const auto& event : result.events) events_ << protocol::dump_json(event) << "\n";
    events_.flush();
    for (std::size_t party = 0; party < result.participants.size(); ++party) {
        const auto& who = result.participants[party];
        const auto& metrics = m.parties.at(party);
        // Which agent process played is left out: it depends on scheduling, never on the result.
        participants_ << result.index << ',' << party << ',' << field(who.framework) << ','
                      << field(who.label) << ',' << who.profile << ',' << number(metrics.utility) << ','
                      << number(metrics.advantage) << ',' << number(metrics.satisfaction) << ','
                      << (metrics.opponent_model ? number(metrics.opponent_model->mean_absolute_error) : "") << ','
                      << (metrics.opponent_model ? number(metrics.opponent_model->kendall_tau) : "") << '\n';
    }
    participants_.flush();
    episodes_ << result.index << ',' << result.seed << ',' << field(result.group) << ',' << field(result.mechanism)
              << ',' << field(pairing(result)) << ',' << (m.agreement ? 1 : 0) << ',' << m.rounds << ','
              << worlds::end_reason_name(m.end_reason) << ',' << (m.offender ? std::to_string(*m.offender) : "")
              << ',' << number(m.social_welfare) << ',' << number(m.nash_product) << ','
              << number(m.minimum_utility) << ',' << number(m.equality) << ',' << number(m.distance_to_pareto)
              << ',' << number(m.distance_to_nash) << ',' << number(m.distance_to_kalai) << ','
              << number(m.distance_to_max_welfare) << ',' << number(m.consensus) << ',' << field(result.end_detail)
              << '\n';
    episodes_.flush();
}

}  // namespace parley::cli

namespace parley::cli {
namespace {

struct SummaryColumn {
    const char* name;
    std::size_t csv_index;  // in episodes.csv
};

constexpr SummaryColumn kSummaryColumns[] = {
    {"agreement", 5},   {"social_welfare", 9},   {"nash_product", 10},    {"minimum_utility", 11},
    {"equality", 12},   {"distance_pareto", 13}, {"consensus", 17},
};

std::vector<std::string> split_row(const std::string& line) {
    std::vector<std::string> cells;
    std::string cell;
    bool quoted = false;
    for (char c : line) {
        if (c == '"') {
            quoted = !quoted;
        } else if (c == ',' && !quoted) {
            cells.push_back(std::move(cell));
            cell.clear();
        } else {
            cell += c;
        }
    }
    cells.push_back(std::move(cell));
    return cells;
}

double cell_value(const std::string& cell) { return cell.empty() ? std::nan("") : std::stod(cell); }

}  // namespace

void ResultsWriter::write_summary(std::ostream& table) const {
    std::ifstream in(folder_ / "episodes.csv");
    std::string line;
    std::getline(in, line);
    std::vector<std::string> pairings;
    std::vector<std::vector<double>> columns(std::size(kSummaryColumns));
    while (std::getline(in, line)) {
        auto cells = split_row(line);
        if (cells.size() < 18) continue;
        pairings.push_back(cells[4]);
        for (std::size_t c = 0; c < std::size(kSummaryColumns); ++c) {
            columns[c].push_back(cell_value(cells[kSummaryColumns[c].csv_index]));
        }
    }
    std::ofstream summary(folder_ / "summary.csv", std::ios::trunc);
    summary << "pairing,episodes";
    for (const auto& column : kSummaryColumns) {
        summary << ',' << column.name << "_mean," << column.name << "_ci_low," << column.name << "_ci_high";
    }
    summary << '\n';
    std::vector<std::map<std::string, worlds::MeanInterval>> intervals;
    for (const auto& values : columns) intervals.push_back(worlds::mean_intervals_by(pairings, values));
    std::map<std::string, std::size_t> counts;
    for (const auto& pairing_name : pairings) ++counts[pairing_name];

    table << "\n" << std::left << std::setw(36) << "pairing" << std::right << std::setw(9) << "episodes";
    for (const char* name : {"agreement", "welfare", "nash", "min util", "equality", "consensus"}) {
        table << std::setw(18) << name;
    }
    table << "\n";
    for (const auto& [pairing_name, count] : counts) {
        summary << field(pairing_name) << ',' << count;
        for (std::size_t c = 0; c < columns.size(); ++c) {
            const auto& interval = intervals[c].at(pairing_name);
            summary << ',' << (interval.count ? number(interval.mean) : "") << ','
                    << (interval.half_width ? number(interval.low()) : "") << ','
                    << (interval.half_width ? number(interval.high()) : "");
        }
        summary << '\n';
        table << std::left << std::setw(36) << pairing_name << std::right << std::setw(9) << count;
        for (std::size_t c : {0, 1, 2, 3, 4, 6}) {
            const auto& interval = intervals[c].at(pairing_name);
            std::ostringstream cell;
            cell << std::fixed << std::setprecision(3) << interval.mean;
            if (interval.half_width) cell << " +-" << std::setprecision(3) << *interval.half_width;
            table << std::setw(18) << (interval.count ? cell.str() : "-");
        }
        table << "\n";
    }
}

}  // namespace parley::cli
