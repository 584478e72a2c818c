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

namespace parley::cli {

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
    // already complete; without it, refuses a folder that holds results.
    ResultsWriter(std::filesystem::path folder, bool resume, ResultsLayout layout);

    const std::set<std::uint64_t>& completed() const { return completed_; }
    const std::filesystem::path& folder() const { return folder_; }

    // The episodes that will be run, in order; call before add().
    void expect(std::vector<std::uint64_t> indices);
    // Takes a finished episode; writes it and every buffered successor once all
    // of its predecessors among `expected` are written.
    void add(EpisodeRecord record);

private:
    void flush_ready();
    void append(const EpisodeRecord& record);

    std::filesystem::path folder_;
    ResultsLayout layout_;
    std::set<std::uint64_t> completed_;
    std::vector<std::uint64_t> expected_;
    std::size_t next_expected_ = 0;
    std::map<std::uint64_t, EpisodeRecord> waiting_;
    std::vector<std::ofstream> tables_;
    std::ofstream events_;
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

// A column summarised by pairing: its name in summary.csv, its column in the
// source table, and its heading in the terminal table (empty: not shown there).
struct SummaryColumn {
    std::string name;
    std::string source;
    std::string heading;
};
// Means with 95% confidence intervals of `columns` by the value of
// `pairing_column`, over every row of `rows`: written to `summary_file` and
// shown on `table` (`unit` names what a row is: "episodes", "matches").
void write_summary_by_pairing(const CsvTable& rows, const std::string& pairing_column, const std::string& unit,
                              const std::vector<SummaryColumn>& columns, const std::filesystem::path& summary_file,
                              std::ostream& table);

}  // namespace parley::cli
