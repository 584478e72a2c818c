#pragma once
// The output folder of a run. Rows are written in episode order whatever order
// episodes finish in (a reorder buffer), so the files are byte-identical for
// any parallelism; each flush appends whole episodes, so the files stay valid
// after a crash or Ctrl-C and --resume finds exactly what is missing. What
// the files are (negotiation_results.hpp, game_results.hpp) is a layout:
// this class only keeps them in order and whole.

#include <nlohmann/json.hpp>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace parley::runner {

// A results file could not be written (a full disk, a lost mount, no
// permission). The message names the file and the system's reason; the folder
// is left as resumable as a crash leaves it.
class ResultsWriteError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// A results file with every write checked: a failed or short write, or a
// failed close, throws ResultsWriteError naming the file and the cause (a full
// disk gives "No space left on device"). Nothing is buffered in the process,
// so what a crash or a failed write leaves behind is what was written.
class ResultsFile {
public:
    enum class Mode {
        append,   // created if absent, written at its end
        replace,  // created or emptied
    };
    ResultsFile(std::filesystem::path path, Mode mode);
    ResultsFile(ResultsFile&& other) noexcept;
    ResultsFile& operator=(ResultsFile&& other) noexcept;
    ResultsFile(const ResultsFile&) = delete;
    ResultsFile& operator=(const ResultsFile&) = delete;
    // Closes without throwing: call close() to learn whether it succeeded.
    ~ResultsFile();

    void write(std::string_view text);
    // The file's size now.
    std::uint64_t size() const;
    void close();
    const std::filesystem::path& path() const { return path_; }

private:
    [[noreturn]] void fail(const std::string& doing) const;

    std::filesystem::path path_;
    int fd_ = -1;
};

// Writes `text` as the whole content of `file`, checked like ResultsFile.
void write_text_file(const std::filesystem::path& file, std::string_view text);

// Every message of every episode, one line of JSON each (beside the tables).
inline constexpr const char* kEventsFile = "events.jsonl";

// How the lines of a results file are written: CSV rows whose first cell is
// the episode, or events whose first member is "episode".
enum class LineFormat { csv, json };
// The episode a line belongs to, from its first bytes; none for anything else (a header).
std::optional<std::uint64_t> episode_of(std::string_view line, LineFormat format);

struct ResultsTable {
    std::string file;    // "episodes.csv"
    std::string header;  // the first line, without its newline
};

// The CSV files of one kind of run. The first table is the primary one: an
// episode is complete once its row is there, so it is written last.
struct ResultsLayout {
    std::vector<ResultsTable> tables;
};

// One finished episode as rows: per table of the layout, its lines (each
// ending with a newline; the first column the episode index), and its events
// (lines of JSON, each ending with a newline).
struct EpisodeRecord {
    std::uint64_t index = 0;
    std::vector<std::string> rows;
    std::string events;
};

class ResultsWriter {
public:
    // Opens (creating) the folder. With `resume`, reads which episodes are
    // already complete and cuts what a crash or a failed write left of the
    // next one, reading only the ends of the files; without it, refuses a
    // folder that holds results.
    ResultsWriter(std::filesystem::path folder, bool resume, ResultsLayout layout);

    const std::set<std::uint64_t>& completed() const { return completed_; }
    const std::filesystem::path& folder() const { return folder_; }

    // The episodes that will be run, in order; call before add().
    void expect(std::vector<std::uint64_t> indices);
    // Takes a finished episode; writes it and every buffered successor once all
    // of its predecessors among `expected` are written.
    // Throws ResultsWriteError when a file cannot be written; the episodes
    // written before stay complete, and --resume plays the rest.
    void add(EpisodeRecord record);
    // Closes the files, checked; nothing is written after.
    void close();

private:
    void flush_ready();
    void append(const EpisodeRecord& record);

    std::filesystem::path folder_;
    ResultsLayout layout_;
    std::set<std::uint64_t> completed_;
    std::vector<std::uint64_t> expected_;
    std::size_t next_expected_ = 0;
    std::map<std::uint64_t, EpisodeRecord> waiting_;
    std::vector<ResultsFile> tables_;
    std::optional<ResultsFile> events_;
};

// ---- CSV, shared by the layouts -------------------------------------------------

// Fixed notation with enough digits to compare runs exactly: the same text on
// every machine for the same double.
std::string csv_number(double value);
std::string csv_number(const std::optional<double>& value);
// A field quoted when it could break the row.
std::string csv_field(const std::string& text);
// The cells of one CSV line (quotes understood).
std::vector<std::string> split_csv_row(const std::string& line);
// A numeric cell; NaN when empty.
double csv_value(const std::string& cell);
// Every data row of a CSV file, split, with the header's column names.
struct CsvTable {
    std::vector<std::string> columns;
    std::vector<std::vector<std::string>> rows;
    // The index of a column; throws std::out_of_range naming it.
    std::size_t column(const std::string& name) const;
};
CsvTable read_csv(const std::filesystem::path& file);
// The rows of `table` that are outcomes: those whose `end_reason_column`
// names no platform failure (worlds::is_platform_failure).
CsvTable without_platform_failures(CsvTable table, const std::string& end_reason_column);

// A column summarised by pairing: its name in summary.csv, its column in the
// source table, and its heading in the terminal table (empty: not shown there).
struct SummaryColumn {
    std::string name;
    std::string source;
    std::string heading;
};
// What a summary counted: the rows averaged, and the rows left out because
// the platform failed them (worlds::is_platform_failure), by end reason.
struct SummaryCounts {
    std::size_t results = 0;
    std::map<std::string, std::size_t> failures;
    std::size_t failed() const {
        std::size_t total = 0;
        for (const auto& [reason, count] : failures) total += count;
        return total;
    }
};
// Means with 95% confidence intervals of `columns` by the value of
// `pairing_column`, over the rows of `rows` that are outcomes: a row whose
// `end_reason_column` names a platform failure is counted in the `failed`
// column of its pairing and averaged into nothing. Written to `summary_file`
// and shown on `table` (`unit` names what a row is: "episodes", "matches").
SummaryCounts write_summary_by_pairing(const CsvTable& rows, const std::string& pairing_column,
                                       const std::string& end_reason_column, const std::string& unit,
                                       const std::vector<SummaryColumn>& columns,
                                       const std::filesystem::path& summary_file, std::ostream& table);

}  // namespace parley::runner
