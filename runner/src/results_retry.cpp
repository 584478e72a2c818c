#include <parley/runner/results_retry.hpp>

#include <parley/mechanisms/mechanism.hpp>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <fstream>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

namespace parley::runner {
namespace {

namespace fs = std::filesystem;

// Written before lines are removed (the episodes being removed, one a line)
// and deleted once every file is done: a crash in between leaves it, and the
// next run finishes the removal before anything else.
constexpr const char* kRemovalMarker = ".removing-failed";
// Present while the files may be out of episode order: from a removal until
// the folder is complete and sorted again.
constexpr const char* kUnorderedMarker = ".unordered";

struct ResultsFileKind {
    fs::path path;
    LineFormat format;
    bool has_header;
};

std::vector<ResultsFileKind> files_of(const fs::path& folder, const ResultsLayout& layout) {
    std::vector<ResultsFileKind> files;
    for (const auto& table : layout.tables) files.push_back({folder / table.file, LineFormat::csv, true});
    files.push_back({folder / kEventsFile, LineFormat::json, false});
    return files;
}

// A file read line by line, each line with its newline (the last may lack one).
class LineReader {
public:
    explicit LineReader(const fs::path& file) : file_(file), in_(file, std::ios::binary) {
        if (!in_) throw std::runtime_error("cannot read " + file.string());
    }
    // The next line, with its newline if it has one; false at the end.
    bool next(std::string& line) {
        if (!std::getline(in_, line)) {
            if (in_.bad()) throw std::runtime_error("cannot read " + file_.string());
            return false;
        }
        if (!in_.eof()) line += '\n';
        return true;
    }
    void seek(std::uint64_t offset) {
        in_.clear();
        in_.seekg(static_cast<std::streamoff>(offset));
    }

private:
    fs::path file_;
    std::ifstream in_;
};

// Replaces `file` by what `write` puts in a new file beside it, once that is
// complete: a crash leaves the old file or the new one, never half of one.
template <typename Write>
void rewrite(const fs::path& file, Write write) {
    const auto temporary = fs::path(file.string() + ".rewrite");
    {
        ResultsFile out(temporary, ResultsFile::Mode::replace);
        write(out);
        out.close();
    }
    std::error_code error;
    fs::rename(temporary, file, error);
    if (error) throw ResultsWriteError(fmt::format("cannot replace {}: {}", file.string(), error.message()));
}

std::set<std::uint64_t> failed_in(const fs::path& primary) {
    std::set<std::uint64_t> failed;
    if (!fs::exists(primary)) return failed;
    LineReader reader(primary);
    std::string line;
    if (!reader.next(line)) return failed;
    const auto columns = split_csv_row(line.substr(0, line.find('\n')));
    std::size_t reason = columns.size();
    for (std::size_t c = 0; c < columns.size(); ++c) {
        if (columns[c] == "end_reason") reason = c;
    }
    if (reason == columns.size()) throw std::runtime_error(primary.string() + " has no end_reason column");
    while (reader.next(line)) {
        if (line.back() != '\n') break;  // a partial row: the episode is not complete
        const auto cells = split_csv_row(line.substr(0, line.size() - 1));
        const auto episode = episode_of(line, LineFormat::csv);
        if (episode && cells.size() == columns.size() && worlds::is_platform_failure(cells[reason])) {
            failed.insert(*episode);
        }
    }
    return failed;
}

void remove_lines(const ResultsFileKind& file, const std::set<std::uint64_t>& episodes) {
    if (!fs::exists(file.path)) return;
    rewrite(file.path, [&](ResultsFile& out) {
        LineReader reader(file.path);
        std::string line;
        for (bool first = true; reader.next(line); first = false) {
            const auto episode = first && file.has_header ? std::nullopt : episode_of(line, file.format);
            if (!episode || !episodes.contains(*episode)) out.write(line);
        }
    });
}

void write_marker(const fs::path& marker, const std::set<std::uint64_t>& episodes) {
    std::string text;
    for (auto episode : episodes) text += std::to_string(episode) + '\n';
    write_text_file(marker, text);
}

std::set<std::uint64_t> read_marker(const fs::path& marker) {
    std::set<std::uint64_t> episodes;
    std::ifstream in(marker);
    for (std::uint64_t episode = 0; in >> episode;) episodes.insert(episode);
    return episodes;
}

// Where each run of lines in increasing episode order begins, after the header.
std::vector<std::uint64_t> sorted_runs(const ResultsFileKind& file, std::uint64_t& header_end) {
    std::vector<std::uint64_t> starts;
    LineReader reader(file.path);
    std::string line;
    std::uint64_t offset = 0;
    header_end = 0;
    std::optional<std::uint64_t> previous;
    for (bool first = true; reader.next(line); first = false) {
        if (first && file.has_header) {
            header_end = offset = line.size();
            continue;
        }
        const auto episode = episode_of(line, file.format);
        if (!episode) throw std::runtime_error(fmt::format("{}: a line at byte {} names no episode", file.path.string(), offset));
        if (!previous || *episode < *previous) starts.push_back(offset);
        previous = episode;
        offset += line.size();
    }
    return starts;
}

// Merges the file's sorted runs into one, an episode's lines kept together
// and in their order.
void sort_by_episode(const ResultsFileKind& file) {
    std::uint64_t header_end = 0;
    const auto starts = sorted_runs(file, header_end);
    if (starts.size() <= 1) return;
    spdlog::info("putting {} back in episode order ({} runs)", file.path.string(), starts.size());
    rewrite(file.path, [&](ResultsFile& out) {
        struct Cursor {
            std::unique_ptr<LineReader> reader;
            std::uint64_t offset = 0;  // of `line`
            std::uint64_t end = 0;     // where the run ends
            std::string line;
            std::optional<std::uint64_t> episode;  // of `line`; none once the run is done
        };
        const auto advance = [&](Cursor& cursor) {
            cursor.offset += cursor.line.size();
            cursor.episode.reset();
            if (cursor.offset < cursor.end && cursor.reader->next(cursor.line)) {
                cursor.episode = episode_of(cursor.line, file.format);
            }
        };
        std::vector<Cursor> cursors;
        const auto size = fs::file_size(file.path);
        for (std::size_t r = 0; r < starts.size(); ++r) {
            Cursor cursor{std::make_unique<LineReader>(file.path), starts[r], r + 1 < starts.size() ? starts[r + 1] : size,
                          {}, std::nullopt};
            cursor.reader->seek(cursor.offset);
            if (cursor.reader->next(cursor.line)) cursor.episode = episode_of(cursor.line, file.format);
            cursors.push_back(std::move(cursor));
        }
        if (file.has_header) {
            LineReader header(file.path);
            std::string line;
            header.next(line);
            out.write(line);
        }
        while (true) {
            Cursor* lowest = nullptr;
            for (auto& cursor : cursors) {
                if (cursor.episode && (lowest == nullptr || *cursor.episode < *lowest->episode)) lowest = &cursor;
            }
            if (lowest == nullptr) break;
            const auto episode = *lowest->episode;
            while (lowest->episode == episode) {
                out.write(lowest->line);
                advance(*lowest);
            }
        }
    });
}

}  // namespace

std::set<std::uint64_t> remove_failed_episodes(const fs::path& folder, const ResultsLayout& layout, bool retry) {
    const auto marker = folder / kRemovalMarker;
    std::set<std::uint64_t> removed;
    if (fs::exists(marker)) {
        removed = read_marker(marker);  // a removal a crash interrupted: finish it
    } else if (retry) {
        removed = failed_in(folder / layout.tables.front().file);
        if (removed.empty()) return removed;
        write_text_file(folder / kUnorderedMarker, "");
        write_marker(marker, removed);
    } else {
        return removed;
    }
    spdlog::info("taking {} failed episodes out of {} to play them again", removed.size(), folder.string());
    // The primary table last: an episode is complete while its row is there.
    const auto files = files_of(folder, layout);
    for (std::size_t f = files.size(); f-- > 0;) remove_lines(files[f], removed);
    std::error_code ignored;
    fs::remove(marker, ignored);
    return removed;
}

void restore_episode_order(const fs::path& folder, const ResultsLayout& layout) {
    const auto marker = folder / kUnorderedMarker;
    if (!fs::exists(marker)) return;
    for (const auto& file : files_of(folder, layout)) {
        if (fs::exists(file.path)) sort_by_episode(file);
    }
    std::error_code error;
    fs::remove(marker, error);
    if (error) throw ResultsWriteError(fmt::format("cannot remove {}: {}", marker.string(), error.message()));
}

}  // namespace parley::runner
