#include "results.hpp"

#include <parley/protocol/json.hpp>
#include <parley/worlds/metrics.hpp>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <iomanip>
#include <ostream>
#include <sstream>
#include <stdexcept>
#include <utility>

namespace parley::cli {
namespace {

namespace fs = std::filesystem;

constexpr const char* kEventsFile = "events.jsonl";

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

// Rows of episodes not in `keep` are removed: after a crash, the other files
// may hold an episode whose row in the primary file was not written.
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

std::ofstream open_append(const fs::path& file, const std::string* header) {
    const bool fresh = !fs::exists(file) || fs::file_size(file) == 0;
    std::ofstream out(file, std::ios::app);
    if (!out) throw std::runtime_error("cannot write " + file.string());
    if (fresh && header != nullptr) out << *header << '\n' << std::flush;
    return out;
}

}  // namespace

// ---- checked files -------------------------------------------------------------------

ResultsFile::ResultsFile(fs::path path, Mode mode) : path_(std::move(path)) {
    const int how = O_WRONLY | O_CREAT | O_CLOEXEC | (mode == Mode::append ? O_APPEND : O_TRUNC);
    do {
        fd_ = ::open(path_.c_str(), how, 0644);
    } while (fd_ < 0 && errno == EINTR);
    if (fd_ < 0) fail("cannot open " + path_.string() + " for writing");
}

ResultsFile::ResultsFile(ResultsFile&& other) noexcept : path_(std::move(other.path_)), fd_(other.fd_) {
    other.fd_ = -1;
}

ResultsFile& ResultsFile::operator=(ResultsFile&& other) noexcept {
    if (this != &other) {
        if (fd_ >= 0) ::close(fd_);
        path_ = std::move(other.path_);
        fd_ = other.fd_;
        other.fd_ = -1;
    }
    return *this;
}

ResultsFile::~ResultsFile() {
    if (fd_ >= 0 && ::close(fd_) != 0) spdlog::warn("closing {}: {}", path_.string(), std::strerror(errno));
}

void ResultsFile::write(std::string_view text) {
    // write(2) may take part of the text: the rest follows, until done or refused with a reason.
    while (!text.empty()) {
        errno = 0;
        const auto written = ::write(fd_, text.data(), text.size());
        if (written < 0 && errno == EINTR) continue;
        if (written <= 0) fail("cannot write " + path_.string());
        text.remove_prefix(static_cast<std::size_t>(written));
    }
}

std::uint64_t ResultsFile::size() const {
    struct stat status {};
    if (::fstat(fd_, &status) != 0) fail("cannot read the size of " + path_.string());
    return static_cast<std::uint64_t>(status.st_size);
}

void ResultsFile::close() {
    const int fd = std::exchange(fd_, -1);
    // A file system may report a failed write only at close (NFS, a full quota).
    if (fd >= 0 && ::close(fd) != 0) fail("cannot write " + path_.string());
}

void ResultsFile::fail(const std::string& doing) const {
    // A write that returns 0 sets no errno; it means the device took nothing.
    const int cause = errno != 0 ? errno : EIO;
    throw ResultsWriteError(doing + ": " + std::strerror(cause));
}

void write_text_file(const fs::path& file, std::string_view text) {
    ResultsFile out(file, ResultsFile::Mode::replace);
    out.write(text);
    out.close();
}

// ---- the results folder ------------------------------------------------------------

ResultsWriter::ResultsWriter(fs::path folder, bool resume, ResultsLayout layout)
    : folder_(std::move(folder)), layout_(std::move(layout)) {
    if (layout_.tables.empty()) throw std::logic_error("a results layout needs at least one table");
    fs::create_directories(folder_);
    const auto primary = folder_ / layout_.tables.front().file;
    if (fs::exists(primary) && !episodes_in(primary).empty()) {
        if (!resume) {
            throw std::runtime_error(folder_.string() +
                                     " already holds results: use --resume to complete them, or another --out");
        }
        for (const auto& table : layout_.tables) drop_partial_last_line(folder_ / table.file);
        drop_partial_last_line(folder_ / kEventsFile);
        completed_ = episodes_in(primary);
        for (std::size_t t = 1; t < layout_.tables.size(); ++t) {
            keep_only(folder_ / layout_.tables[t].file, completed_, true, false);
        }
        keep_only(folder_ / kEventsFile, completed_, false, true);
    }
    for (const auto& table : layout_.tables) tables_.push_back(open_append(folder_ / table.file, &table.header));
    events_ = open_append(folder_ / kEventsFile, nullptr);
}

void ResultsWriter::expect(std::vector<std::uint64_t> indices) {
    expected_ = std::move(indices);
    next_expected_ = 0;
}

void ResultsWriter::add(EpisodeRecord record) {
    if (record.rows.size() != tables_.size()) throw std::logic_error("a record needs rows for every table");
    const auto index = record.index;
    waiting_.emplace(index, std::move(record));
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

void ResultsWriter::append(const EpisodeRecord& record) {
    // Events first and the primary table last: a row there means the episode is complete.
    events_ << record.events;
    events_.flush();
    for (std::size_t t = tables_.size(); t-- > 0;) {
        tables_[t] << record.rows[t];
        tables_[t].flush();
    }
}

// ---- CSV ---------------------------------------------------------------------------

std::string csv_number(double value) { return fmt::format("{:.9f}", value); }
std::string csv_number(const std::optional<double>& value) { return value ? csv_number(*value) : ""; }

std::string csv_field(const std::string& text) {
    if (text.find_first_of(",\"\n") == std::string::npos) return text;
    std::string quoted = "\"";
    for (char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    return quoted + "\"";
}

std::vector<std::string> split_csv_row(const std::string& line) {
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

double csv_value(const std::string& cell) { return cell.empty() ? std::nan("") : std::stod(cell); }

std::size_t CsvTable::column(const std::string& name) const {
    for (std::size_t c = 0; c < columns.size(); ++c) {
        if (columns[c] == name) return c;
    }
    throw std::out_of_range("no column '" + name + "'");
}

CsvTable read_csv(const fs::path& file) {
    CsvTable table;
    std::ifstream in(file);
    std::string line;
    if (!std::getline(in, line)) return table;
    table.columns = split_csv_row(line);
    while (std::getline(in, line)) {
        if (line.empty()) continue;
        auto cells = split_csv_row(line);
        if (cells.size() == table.columns.size()) table.rows.push_back(std::move(cells));
    }
    return table;
}

void write_summary_by_pairing(const CsvTable& rows, const std::string& pairing_column, const std::string& unit,
                              const std::vector<SummaryColumn>& columns, const fs::path& summary_file,
                              std::ostream& table) {
    std::vector<std::string> pairings;
    std::vector<std::vector<double>> values(columns.size());
    const auto pairing_index = rows.column(pairing_column);
    std::vector<std::size_t> sources;
    for (const auto& column : columns) sources.push_back(rows.column(column.source));
    for (const auto& row : rows.rows) {
        pairings.push_back(row[pairing_index]);
        for (std::size_t c = 0; c < columns.size(); ++c) values[c].push_back(csv_value(row[sources[c]]));
    }
    std::vector<std::map<std::string, worlds::MeanInterval>> intervals;
    for (const auto& column_values : values) intervals.push_back(worlds::mean_intervals_by(pairings, column_values));
    std::map<std::string, std::size_t> counts;
    for (const auto& pairing : pairings) ++counts[pairing];

    // Wide enough for the longest pairing, so that columns never run together.
    int pairing_width = 36;
    for (const auto& [pairing, count] : counts) pairing_width = std::max(pairing_width, static_cast<int>(pairing.size()) + 2);
    std::ostringstream summary;
    summary << "pairing," << unit;
    for (const auto& column : columns) {
        summary << ',' << column.name << "_mean," << column.name << "_ci_low," << column.name << "_ci_high";
    }
    summary << '\n';
    table << "\n" << std::left << std::setw(pairing_width) << "pairing" << std::right << std::setw(9) << unit;
    for (const auto& column : columns) {
        if (!column.heading.empty()) table << ' ' << std::setw(19) << column.heading;
    }
    table << "\n";
    for (const auto& [pairing, count] : counts) {
        summary << csv_field(pairing) << ',' << count;
        table << std::left << std::setw(pairing_width) << pairing << std::right << std::setw(9) << count;
        for (std::size_t c = 0; c < columns.size(); ++c) {
            const auto& interval = intervals[c].at(pairing);
            summary << ',' << (interval.count ? csv_number(interval.mean) : "") << ','
                    << (interval.half_width ? csv_number(interval.low()) : "") << ','
                    << (interval.half_width ? csv_number(interval.high()) : "");
            if (columns[c].heading.empty()) continue;
            std::ostringstream cell;
            cell << std::fixed << std::setprecision(3) << interval.mean;
            if (interval.half_width) cell << " +-" << std::setprecision(3) << *interval.half_width;
            table << ' ' << std::setw(19) << (interval.count ? cell.str() : "-");
        }
        summary << '\n';
        table << "\n";
    }
    write_text_file(summary_file, summary.str());
}

}  // namespace parley::cli
