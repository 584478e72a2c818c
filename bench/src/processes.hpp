#pragma once
// Child processes of the benchmarks and the few facts read about them. Every
// wait is for an event (a line on the child's standard output, its exit),
// bounded by a generous ceiling, never a fixed sleep.

#include <parley/agents/process.hpp>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace parley::bench {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

// The ceiling on a wait for a child's line: a slow machine never needs it.
inline constexpr std::chrono::milliseconds kPatience = 60s;

// CLOCK_MONOTONIC in nanoseconds: one clock for every process of the machine,
// so that timestamps printed by different children can be compared.
std::int64_t monotonic_ns();

// Starts `executable ARGS...`. With a `stderr_log`, its standard error goes to
// that file (so a child's log does not mix with the progress of the bench).
agents::ChildProcess spawn(const std::string& executable, const std::vector<std::string>& args,
                           bool capture_stdout, const std::filesystem::path& stderr_log = {});

// An executable that `parley bench` starts beside `parley_executable` (where an
// install puts it), else at `built_path`, where the build put it. Throws when
// neither exists.
std::string companion_executable(const std::string& parley_executable, const std::string& name,
                                 const std::string& built_path);

// Reads lines from the child until one starts with `prefix` and returns the
// rest of it. Throws std::runtime_error naming `who` if none comes in time.
std::string expect_line(agents::ChildProcess& child, const std::string& prefix, const std::string& who,
                        std::chrono::milliseconds timeout = kPatience);

// Waits for the child to exit; throws naming `who` unless it exits with 0.
void expect_success(agents::ChildProcess& child, const std::string& who, std::chrono::milliseconds timeout);

// Resident memory of a process (VmRSS of /proc/PID/status), in KiB; 0 when unknown.
// It counts every page of the shared libraries the process touched, in full.
std::uint64_t resident_kib(pid_t pid);

// Proportional set size (Pss of /proc/PID/smaps_rollup), in KiB; 0 when unknown:
// pages shared with other processes count for their share only, so over many
// agents it is what each costs the machine.
std::uint64_t proportional_kib(pid_t pid);

// Raises the soft limit of open files to the hard limit: the scale benchmark
// keeps a pidfd per child, and the broker a socket per agent.
void raise_open_file_limit();

// `--key value` pairs of a role's command line.
class RoleArguments {
public:
    RoleArguments(const std::vector<std::string>& args, std::size_t first);
    std::string text(const std::string& key) const;
    std::string text(const std::string& key, const std::string& fallback) const;
    std::uint64_t count(const std::string& key) const;
    std::uint64_t count(const std::string& key, std::uint64_t fallback) const;

private:
    std::map<std::string, std::string> values_;
};

// Splits "a,b,c" into its items.
std::vector<std::string> split_list(const std::string& text);

}  // namespace parley::bench
