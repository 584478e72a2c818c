// The results folder under faults, with real processes: a disk that fills up
// mid-run, a folder left by a crash in the middle of an episode, and the
// resume of a folder whose events.jsonl is hundreds of megabytes.
//
// events.jsonl is never byte-identical between two runs (it records the
// runner's name, message ids, deadlines in wall-clock time, and when the broker
// saw agents join and leave), so a resumed one is compared with an
// uninterrupted one by its sequence of messages; episodes.csv and
// participants.csv are compared byte for byte.

#include "cluster.hpp"
#include "scratch.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <string>
#include <vector>

extern char** environ;

using namespace parley::testing;
namespace fs = std::filesystem;

namespace {


struct Finished {
    int exit_code = -1;  // -1: ended by a signal, or killed after the timeout
    std::string output;  // standard output
    std::string errors;  // standard error
    long peak_rss_kib = 0;
};

// Runs `parley ARGS...` to its end with its output in files under `logs`, and
// reports its peak resident memory as the kernel measured it (wait4).
Finished run_measured(const std::vector<std::string>& args, const fs::path& logs,
                      std::chrono::milliseconds timeout = std::chrono::seconds(120)) {
    static int runs = 0;
    const auto out = logs / ("stdout-" + std::to_string(runs) + ".txt");
    const auto err = logs / ("stderr-" + std::to_string(runs++) + ".txt");
    std::vector<std::string> words{PARLEY_EXECUTABLE};
    words.insert(words.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& word : words) argv.push_back(word.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    pid_t pid = -1;
    const int spawned = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    REQUIRE(spawned == 0);
    // The wait is on the process's end (a pidfd), bounded by the timeout.
    const int pidfd = static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
    REQUIRE(pidfd >= 0);
    pollfd ended{pidfd, POLLIN, 0};
    if (::poll(&ended, 1, static_cast<int>(timeout.count())) != 1) ::kill(pid, SIGKILL);
    ::close(pidfd);
    int status = 0;
    rusage usage{};
    REQUIRE(::wait4(pid, &status, 0, &usage) == pid);
    Finished finished;
    if (WIFEXITED(status)) finished.exit_code = WEXITSTATUS(status);
    finished.output = read(out);
    finished.errors = read(err);
    finished.peak_rss_kib = usage.ru_maxrss;
    return finished;
}

std::vector<std::string> run_args(const fs::path& scenario, const fs::path& out, bool resume = false) {
    std::vector<std::string> args{"--log-level", "warn", "run", scenario.string(), "--out", out.string()};
    if (resume) args.emplace_back("--resume");
    return args;
}

// The lines of a file, each with its newline (a last line without one as it is).
std::vector<std::string> raw_lines(const fs::path& file) {
    std::vector<std::string> result;
    const auto text = read(file);
    for (std::size_t start = 0; start < text.size();) {
        const auto newline = text.find('\n', start);
        const auto end = newline == std::string::npos ? text.size() : newline + 1;
        result.push_back(text.substr(start, end - start));
        start = end;
    }
    return result;
}

// The rows of a CSV file that end with a newline, its header left out.
std::size_t complete_rows(const fs::path& file) {
    std::size_t rows = 0;
    for (const auto& line : raw_lines(file)) rows += line.back() == '\n' ? 1 : 0;
    return rows > 0 ? rows - 1 : 0;
}

// The episode of a CSV row or of an event line.
std::uint64_t episode_of(const std::string& line) {
    const std::string event_start = "{\"episode\":";
    return std::stoull(line.rfind(event_start, 0) == 0 ? line.substr(event_start.size()) : line);
}

// The messages of each episode, in order: who sent what kind, without what
// differs from run to run. Session events (joined, left) are left out: when
// the broker reports them depends on timing. Every line must be whole JSON.
std::map<std::uint64_t, std::vector<std::string>> messages_by_episode(const std::string& events) {
    std::map<std::uint64_t, std::vector<std::string>> episodes;
    std::size_t start = 0;
    while (start < events.size()) {
        const auto newline = events.find('\n', start);
        if (newline == std::string::npos) FAIL("events.jsonl ends in a partial line");
        const auto line = events.substr(start, newline - start);
        start = newline + 1;
        const auto event = nlohmann::json::parse(line);  // throws on a partial line
        if (event["kind"] == "session_event") continue;
        episodes[event["episode"].get<std::uint64_t>()].push_back(event["direction"].get<std::string>() + " " +
                                                                   event["kind"].get<std::string>());
    }
    return episodes;
}

// episodes.csv and participants.csv byte for byte, and events.jsonl by its messages.
void check_same_results(const fs::path& expected, const fs::path& actual, std::uint64_t events_from = 0) {
    for (const char* file : {"episodes.csv", "participants.csv"}) {
        CAPTURE(file);
        CHECK(read(actual / file) == read(expected / file));
    }
    const auto events = read(actual / "events.jsonl");
    REQUIRE(events.size() >= events_from);
    CHECK(messages_by_episode(events.substr(events_from)) == messages_by_episode(read(expected / "events.jsonl")));
}

// A folder as a crash in the middle of writing episode `cut` leaves it: the
// files of `whole` up to episode `cut`, then what `partial` says of it.
struct CrashState {
    std::string name;
    std::size_t event_lines_of_cut;   // complete event lines of episode `cut` written
    bool event_partial_line;          // then half of the next one
    std::size_t participant_rows_of_cut;
    bool participant_partial_row;
    bool episode_partial_row;
};

void write_crashed_folder(const fs::path& whole, const fs::path& folder, std::uint64_t cut, const CrashState& state) {
    fs::create_directories(folder);
    auto write_part = [&](const char* file, bool header, std::size_t lines_of_cut, bool partial) {
        std::string text;
        std::size_t taken = 0;
        for (const auto& line : raw_lines(whole / file)) {
            if (header) {
                text += line;
                header = false;
                continue;
            }
            const auto episode = episode_of(line);
            if (episode < cut) {
                text += line;
            } else if (episode == cut && taken < lines_of_cut) {
                text += line;
                ++taken;
            } else if (episode == cut && partial) {
                text += line.substr(0, line.size() / 2);
                break;
            }
        }
        std::ofstream(folder / file, std::ios::binary | std::ios::trunc) << text;
    };
    write_part("events.jsonl", false, state.event_lines_of_cut, state.event_partial_line);
    write_part("participants.csv", true, state.participant_rows_of_cut, state.participant_partial_row);
    write_part("episodes.csv", true, 0, state.episode_partial_row);
}

// The bytes of events.jsonl that belong to episodes before `cut`.
std::size_t events_before(const fs::path& whole, std::uint64_t cut) {
    std::size_t size = 0;
    for (const auto& line : raw_lines(whole / "events.jsonl")) {
        if (episode_of(line) < cut) size += line.size();
    }
    return size;
}

// A small file system mounted for the length of a test, where the machine allows it.
class SmallDisk {
public:
    explicit SmallDisk(const fs::path& where) : where_(where) {
        fs::create_directories(where_);
        if (::geteuid() != 0) {
            why_not_ = "mounting a file system needs root";
            return;
        }
        const auto mounted = run_command({"/usr/bin/mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", where_.string()});
        if (mounted.exit_code != 0) {
            why_not_ = "mount -t tmpfs was refused (a container without CAP_SYS_ADMIN?)";
            return;
        }
        mounted_ = true;
    }
    ~SmallDisk() { unmount(); }
    SmallDisk(const SmallDisk&) = delete;
    SmallDisk& operator=(const SmallDisk&) = delete;

    bool mounted() const { return mounted_; }
    const std::string& why_not() const { return why_not_; }
    void unmount() {
        if (mounted_) run_command({"/usr/bin/umount", where_.string()});
        mounted_ = false;
    }

private:
    fs::path where_;
    bool mounted_ = false;
    std::string why_not_;
};

// What a run stopped by a failed write must show: status 4, an error naming a
// file of the folder and the system's reason, and no claim of success.
void check_stopped_by_full_disk(const Finished& run, const fs::path& out) {
    CAPTURE(run.output);
    CAPTURE(run.errors);
    CHECK(run.exit_code == 4);
    CHECK(run.errors.find("cannot write " + (out / "").string()) != std::string::npos);
    CHECK(run.errors.find("No space left on device") != std::string::npos);
    CHECK(run.errors.find("--resume") != std::string::npos);
    CHECK(run.output.find("played") == std::string::npos);
}

}  // namespace

TEST_CASE("a full disk stops the run with status 4 naming the file; resumed elsewhere, the folder completes") {
    auto folder = scratch("full-disk");
    // 48 episodes, about 2 MB of events: twice what the disk holds.
    auto scenario = write_scenario(folder, four_frameworks_scenario(4));
    auto whole = run_measured(run_args(scenario, folder / "whole"), folder);
    REQUIRE(whole.exit_code == 0);

    SmallDisk disk(folder / "disk");
    if (!disk.mounted()) {
        MESSAGE("skipped: no small file system to fill: " << disk.why_not()
                                                          << " (the test on /dev/full still checks a full device)");
        return;
    }
    const auto out = folder / "disk" / "out";
    const auto full = run_measured(run_args(scenario, out), folder);
    check_stopped_by_full_disk(full, out);
    const auto written = complete_rows(out / "episodes.csv");
    CHECK(written < 48);  // stopped before the end

    // Space comes back: the folder, copied to a roomy disk, resumes.
    fs::copy(out, folder / "resumed", fs::copy_options::recursive);
    disk.unmount();
    const auto resumed = run_measured(run_args(scenario, folder / "resumed", true), folder);
    CAPTURE(resumed.errors);
    REQUIRE(resumed.exit_code == 0);
    CHECK(resumed.output.find("playing " + std::to_string(48 - written) + " of 48") != std::string::npos);
    check_same_results(folder / "whole", folder / "resumed");
}

TEST_CASE("events.jsonl on /dev/full: the first write fails with status 4, and the folder resumes from nothing") {
    if (!fs::exists("/dev/full")) {
        MESSAGE("skipped: this machine has no /dev/full");
        return;
    }
    auto folder = scratch("dev-full");
    auto scenario = write_scenario(folder, four_frameworks_scenario(1));
    auto whole = run_measured(run_args(scenario, folder / "whole"), folder);
    REQUIRE(whole.exit_code == 0);

    const auto out = folder / "out";
    fs::create_directories(out);
    fs::create_symlink("/dev/full", out / "events.jsonl");
    const auto full = run_measured(run_args(scenario, out), folder);
    check_stopped_by_full_disk(full, out);
    CHECK(full.errors.find((out / "events.jsonl").string() + ": No space left on device") != std::string::npos);
    CHECK(complete_rows(out / "episodes.csv") == 0);

    fs::remove(out / "events.jsonl");
    const auto resumed = run_measured(run_args(scenario, out, true), folder);
    CAPTURE(resumed.errors);
    REQUIRE(resumed.exit_code == 0);
    CHECK(resumed.output.find("playing 12 of 12") != std::string::npos);
    check_same_results(folder / "whole", out);
}

TEST_CASE("a folder left by a crash in the middle of an episode resumes to the files of an uninterrupted run") {
    auto folder = scratch("crash-states");
    auto scenario = write_scenario(folder, four_frameworks_scenario(2));  // 24 episodes
    auto whole = run_measured(run_args(scenario, folder / "whole"), folder);
    REQUIRE(whole.exit_code == 0);
    const std::uint64_t cut = 10;
    // In the order the writer writes: events, then participants.csv, then episodes.csv.
    const std::vector<CrashState> states{
        {"in the events", 5, true, 0, false, false},
        {"after the events", 1000, false, 0, false, false},
        {"in participants.csv", 1000, false, 1, true, false},
        {"in episodes.csv", 1000, false, 2, false, true},
    };
    for (const auto& state : states) {
        CAPTURE(state.name);
        const auto out = folder / ("crashed " + state.name);
        write_crashed_folder(folder / "whole", out, cut, state);
        const auto resumed = run_measured(run_args(scenario, out, true), folder);
        CAPTURE(resumed.errors);
        REQUIRE(resumed.exit_code == 0);
        CHECK(resumed.output.find("playing 14 of 24") != std::string::npos);
        // What the crash left of complete episodes is kept byte for byte.
        const auto kept = events_before(folder / "whole", cut);
        CHECK(read(out / "events.jsonl").substr(0, kept) == read(folder / "whole" / "events.jsonl").substr(0, kept));
        check_same_results(folder / "whole", out);
    }

    // A crash in the first episode leaves nothing complete: a run without --resume starts afresh.
    const auto out = folder / "crashed in the first episode";
    write_crashed_folder(folder / "whole", out, 0, {"in the first episode", 3, true, 0, false, false});
    const auto again = run_measured(run_args(scenario, out), folder);
    CAPTURE(again.errors);
    REQUIRE(again.exit_code == 0);
    check_same_results(folder / "whole", out);
}

TEST_CASE("resuming a folder whose events.jsonl is 300 MB reads its end only: memory stays far below its size") {
    auto folder = scratch("large-resume");
    auto scenario = write_scenario(folder, four_frameworks_scenario(1));  // 12 episodes
    auto whole = run_measured(run_args(scenario, folder / "whole"), folder);
    REQUIRE(whole.exit_code == 0);

    // A crash during the events of episode 6, after 300 MB of events of complete
    // episodes: episode 0's lines, again and again, ahead of the honest ones.
    const auto out = folder / "large";
    write_crashed_folder(folder / "whole", out, 6, {"large", 4, true, 0, false, false});
    std::string episode_zero;
    for (const auto& line : raw_lines(folder / "whole" / "events.jsonl")) {
        if (episode_of(line) == 0) episode_zero += line;
    }
    const std::string honest = read(out / "events.jsonl");
    constexpr std::size_t kPadding = 300u << 20;
    std::size_t padded = 0;
    {
        std::ofstream events(out / "events.jsonl", std::ios::binary | std::ios::trunc);
        while (padded < kPadding) {
            events << episode_zero;
            padded += episode_zero.size();
        }
        events << honest;
    }
    REQUIRE(fs::file_size(out / "events.jsonl") > kPadding);

    const auto began = std::chrono::steady_clock::now();
    const auto resumed = run_measured(run_args(scenario, out, true), folder);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count();
    CAPTURE(resumed.errors);
    REQUIRE(resumed.exit_code == 0);
    MESSAGE("resumed with " << fs::file_size(out / "events.jsonl") / (1 << 20) << " MB of events in " << seconds
                            << " s, peak resident memory " << resumed.peak_rss_kib / 1024 << " MB");
    CHECK(resumed.output.find("playing 6 of 12") != std::string::npos);
    CHECK(resumed.peak_rss_kib < 100 * 1024);
    // The episodes of the failed run are played as in an uninterrupted one (no
    // "did not join in time"), and events.jsonl is its padding then the honest run.
    CHECK(resumed.errors.find("did not join") == std::string::npos);
    std::string after_padding(fs::file_size(out / "events.jsonl") - padded, '\0');
    {
        std::ifstream events(out / "events.jsonl", std::ios::binary);
        events.seekg(static_cast<std::streamoff>(padded));
        events.read(after_padding.data(), static_cast<std::streamsize>(after_padding.size()));
    }
    const auto kept = events_before(folder / "whole", 6);
    CHECK(after_padding.substr(0, kept) == read(folder / "whole" / "events.jsonl").substr(0, kept));
    for (const char* file : {"episodes.csv", "participants.csv"}) {
        CAPTURE(file);
        CHECK(read(out / file) == read(folder / "whole" / file));
    }
    CHECK(messages_by_episode(after_padding) == messages_by_episode(read(folder / "whole" / "events.jsonl")));
}
