#include <parley/runner/results.hpp>

#include <parley/mechanisms/mechanism.hpp>
#include <parley/metrics/metrics.hpp>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <iomanip>
#include <ostream>
#include <sstream>
#include <stdexcept>
#include <utility>

namespace parley::runner {

namespace fs = std::filesystem;

std::optional<std::uint64_t> episode_of(std::string_view line, LineFormat format) {
    constexpr std::string_view kEventStart = "{\"episode\":";
    if (format == LineFormat::json) {
        if (!line.starts_with(kEventStart)) return std::nullopt;
        line.remove_prefix(kEventStart.size());
    }
    std::uint64_t episode = 0;
    const auto [end, error] = std::from_chars(line.data(), line.data() + line.size(), episode);
    if (error != std::errc{} || end == line.data() + line.size()) return std::nullopt;
    if (*end != ',' && !(format == LineFormat::json && *end == '}')) return std::nullopt;
    return episode;
}

namespace {

// Rows and events are appended in the order episodes are played, one whole
// episode at a time with the primary table's row last: the order of their
// indices, except for episodes played again after a retry, which follow
// (results_retry.hpp). So a results file is always the lines of complete
// episodes followed, after a crash or a failed write, by part of one more:
// resuming cuts that tail, and never needs more of a file than its end,
// whatever its size.

// Enough of a line's start to read its episode: `{"episode":` and 20 digits.
constexpr std::size_t kLineHead = 40;
// How much is read at a time when looking for a line's start from the end.
constexpr std::size_t kBlock = 64 * 1024;

// A file read at chosen positions: its end is found by reading backwards a
// block at a time, without reading what comes before.
class TailReader {
public:
    explicit TailReader(const fs::path& file) : file_(file) {
        fd_ = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
        struct stat status {};
        if (fd_ < 0 || ::fstat(fd_, &status) != 0) fail(std::strerror(errno));
        size_ = static_cast<std::uint64_t>(status.st_size);
    }
    ~TailReader() {
        if (fd_ >= 0) ::close(fd_);
    }
    TailReader(const TailReader&) = delete;
    TailReader& operator=(const TailReader&) = delete;

    std::uint64_t size() const { return size_; }

    // Just after the last newline before `end`, or 0 when there is none.
    std::uint64_t after_last_newline_before(std::uint64_t end) {
        while (end > 0) {
            if (block_.empty() || end <= block_offset_ || end > block_offset_ + block_.size()) {
                block_offset_ = end > kBlock ? end - kBlock : 0;
                block_ = read(block_offset_, end - block_offset_);
                if (block_.size() != end - block_offset_) fail("it was cut while being read");
            }
            const auto newline = std::string_view(block_).substr(0, end - block_offset_).rfind('\n');
            if (newline != std::string_view::npos) return block_offset_ + newline + 1;
            end = block_offset_;
        }
        return 0;
    }

    // Up to `count` bytes from `offset`.
    std::string read(std::uint64_t offset, std::size_t count) {
        std::string bytes(count, '\0');
        std::size_t got = 0;
        while (got < count) {
            const auto n = ::pread(fd_, bytes.data() + got, count - got, static_cast<off_t>(offset + got));
            if (n < 0 && errno == EINTR) continue;
            if (n < 0) fail(std::strerror(errno));
            if (n == 0) break;
            got += static_cast<std::size_t>(n);
        }
        bytes.resize(got);
        return bytes;
    }

private:
    [[noreturn]] void fail(const std::string& cause) const {
        throw std::runtime_error("cannot read " + file_.string() + ": " + cause);
    }

    fs::path file_;
    int fd_ = -1;
    std::uint64_t size_ = 0;
    std::string block_;  // the bytes of the file from block_offset_
    std::uint64_t block_offset_ = 0;
};

// The episodes whose row in the primary table is complete: the first cell of
// every line after the header that ends with a newline. Streamed; only the
// indices are kept.
std::set<std::uint64_t> complete_rows(const fs::path& file) {
    std::set<std::uint64_t> indices;
    std::ifstream in(file, std::ios::binary);
    std::string line;
    std::getline(in, line);  // the header
    // A line that ends the file without a newline is part of a row, written when a crash or a failed write came.
    for (std::size_t number = 2; std::getline(in, line) && !in.eof(); ++number) {
        if (line.empty()) continue;
        const auto episode = episode_of(line, LineFormat::csv);
        if (!episode) {
            throw std::runtime_error(
                fmt::format("{} line {}: the first cell is no episode index", file.string(), number));
        }
        indices.insert(*episode);
    }
    return indices;
}

// Cuts `file` after its last line of an episode in `done` (after its header
// when none is done; to nothing without a header), scanning from its end: what
// follows is a partial line or part of an episode that was not completed.
void cut_after_done(const fs::path& file, const std::set<std::uint64_t>& done, LineFormat format, bool has_header) {
    if (!fs::exists(file)) return;
    std::uint64_t keep = 0;
    std::uint64_t size = 0;
    {
        TailReader reader(file);
        size = reader.size();
        // With nothing done nothing is kept, and the header is written again when the file is opened.
        if (!done.empty()) keep = reader.after_last_newline_before(size);
        while (keep > 0) {
            const auto start = reader.after_last_newline_before(keep - 1);
            if (start == 0 && has_header) break;
            const auto episode = episode_of(reader.read(start, kLineHead), format);
            if (episode && done.contains(*episode)) break;
            keep = start;
        }
    }
    if (keep == size) return;
    spdlog::debug("{}: {} bytes of an episode not completed are dropped", file.string(), size - keep);
    if (::truncate(file.c_str(), static_cast<off_t>(keep)) != 0) {
        throw ResultsWriteError(
            fmt::format("cannot cut {} to {} bytes: {}", file.string(), keep, std::strerror(errno)));
    }
}

ResultsFile open_table(const fs::path& file, const std::string& header) {
    ResultsFile table(file, ResultsFile::Mode::append);
    if (table.size() == 0) table.write(header + '\n');
    return table;
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
    completed_ = complete_rows(folder_ / layout_.tables.front().file);
    if (!completed_.empty() && !resume) {
        throw std::runtime_error(folder_.string() +
                                 " already holds results: use --resume to complete them, or another --out");
    }
    for (const auto& table : layout_.tables) cut_after_done(folder_ / table.file, completed_, LineFormat::csv, true);
    cut_after_done(folder_ / kEventsFile, completed_, LineFormat::json, false);
    for (const auto& table : layout_.tables) tables_.push_back(open_table(folder_ / table.file, table.header));
    events_.emplace(folder_ / kEventsFile, ResultsFile::Mode::append);
}

void ResultsWriter::close() {
    for (auto& table : tables_) table.close();
    events_->close();
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
    events_->write(record.events);
    for (std::size_t t = tables_.size(); t-- > 0;) tables_[t].write(record.rows[t]);
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

CsvTable without_platform_failures(CsvTable table, const std::string& end_reason_column) {
    const auto reason = table.column(end_reason_column);
    std::erase_if(table.rows, [reason](const auto& row) { return worlds::is_platform_failure(row[reason]); });
    return table;
}

SummaryCounts write_summary_by_pairing(const CsvTable& rows, const std::string& pairing_column,
                                       const std::string& end_reason_column, const std::string& unit,
                                       const std::vector<SummaryColumn>& columns, const fs::path& summary_file,
                                       std::ostream& table) {
    // Only outcomes are averaged: a failure of the platform is counted apart.
    SummaryCounts counts;
    std::vector<std::string> pairings;
    std::vector<std::vector<double>> values(columns.size());
    std::map<std::string, std::size_t> played;
    std::map<std::string, std::size_t> failed;
    const auto pairing_index = rows.column(pairing_column);
    const auto reason_index = rows.column(end_reason_column);
    std::vector<std::size_t> sources;
    for (const auto& column : columns) sources.push_back(rows.column(column.source));
    for (const auto& row : rows.rows) {
        const auto& pairing = row[pairing_index];
        played[pairing];  // listed even when every one of its rows failed
        if (worlds::is_platform_failure(row[reason_index])) {
            ++failed[pairing];
            ++counts.failures[row[reason_index]];
            continue;
        }
        ++played[pairing];
        ++counts.results;
        pairings.push_back(pairing);
        for (std::size_t c = 0; c < columns.size(); ++c) values[c].push_back(csv_value(row[sources[c]]));
    }
    std::vector<std::map<std::string, worlds::MeanInterval>> intervals;
    for (const auto& column_values : values) intervals.push_back(worlds::mean_intervals_by(pairings, column_values));
    const bool any_failed = !counts.failures.empty();

    // Wide enough for the longest pairing, so that columns never run together.
    int pairing_width = 36;
    for (const auto& [pairing, count] : played) pairing_width = std::max(pairing_width, static_cast<int>(pairing.size()) + 2);
    std::ostringstream summary;
    summary << "pairing," << unit << ",failed";
    for (const auto& column : columns) {
        summary << ',' << column.name << "_mean," << column.name << "_ci_low," << column.name << "_ci_high";
    }
    summary << '\n';
    table << "\n" << std::left << std::setw(pairing_width) << "pairing" << std::right << std::setw(9) << unit;
    if (any_failed) table << std::setw(8) << "failed";
    for (const auto& column : columns) {
        if (!column.heading.empty()) table << ' ' << std::setw(19) << column.heading;
    }
    table << "\n";
    const worlds::MeanInterval none{};
    for (const auto& [pairing, count] : played) {
        summary << csv_field(pairing) << ',' << count << ',' << failed[pairing];
        table << std::left << std::setw(pairing_width) << pairing << std::right << std::setw(9) << count;
        if (any_failed) table << std::setw(8) << failed[pairing];
        for (std::size_t c = 0; c < columns.size(); ++c) {
            const auto found = intervals[c].find(pairing);
            const auto& interval = found == intervals[c].end() ? none : found->second;
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
    return counts;
}

}  // namespace parley::runner
