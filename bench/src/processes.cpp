#include "processes.hpp"

#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace parley::bench {

std::int64_t monotonic_ns() {
    timespec now{};
    ::clock_gettime(CLOCK_MONOTONIC, &now);
    return static_cast<std::int64_t>(now.tv_sec) * 1'000'000'000 + now.tv_nsec;
}

std::string companion_executable(const std::string& parley_executable, const std::string& name,
                                 const std::string& built_path) {
    const auto beside = std::filesystem::path(parley_executable).parent_path() / name;
    if (std::filesystem::exists(beside)) return beside.string();
    if (!built_path.empty() && std::filesystem::exists(built_path)) return built_path;
    throw std::runtime_error(name + " is neither beside " + parley_executable + " nor where it was built");
}

agents::ChildProcess spawn(const std::string& executable, const std::vector<std::string>& args, bool capture_stdout,
                           const std::filesystem::path& stderr_log) {
    std::vector<std::string> argv;
    if (!stderr_log.empty()) {
        // The shell only redirects and then becomes the child (exec keeps the pid).
        argv = {"/bin/sh", "-c", "exec \"$0\" \"$@\" 2>>'" + stderr_log.string() + "'"};
    }
    argv.push_back(executable);
    argv.insert(argv.end(), args.begin(), args.end());
    // Bound: a bench that dies, even by kill -9, leaves no broker or agent behind.
    return agents::ChildProcess::spawn(argv, capture_stdout, agents::ChildLifetime::bound_to_launcher);
}

std::string expect_line(agents::ChildProcess& child, const std::string& prefix, const std::string& who,
                        std::chrono::milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    while (true) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
        auto line = left.count() > 0 ? child.read_line(left) : std::nullopt;
        if (!line) {
            throw std::runtime_error(who + " did not print '" + prefix + "' within " +
                                     std::to_string(timeout.count() / 1000) + " s" +
                                     (child.running() ? "" : " (it exited)"));
        }
        if (line->rfind(prefix, 0) == 0) return line->substr(prefix.size());
    }
}

void expect_success(agents::ChildProcess& child, const std::string& who, std::chrono::milliseconds timeout) {
    auto status = child.wait(timeout);
    if (!status) throw std::runtime_error(who + " did not finish within " + std::to_string(timeout.count() / 1000) + " s");
    if (!WIFEXITED(*status) || WEXITSTATUS(*status) != 0) {
        throw std::runtime_error(who + " failed (exit status " +
                                 std::to_string(WIFEXITED(*status) ? WEXITSTATUS(*status) : -1) + ")");
    }
}

namespace {

// The number of KiB on the line of `file` that starts with `field`.
std::uint64_t kib_field(const std::string& file, const std::string& field) {
    std::ifstream in(file);
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind(field, 0) == 0) {
            std::istringstream fields(line.substr(field.size()));
            std::uint64_t kib = 0;
            fields >> kib;
            return kib;
        }
    }
    return 0;
}

}  // namespace

std::uint64_t resident_kib(pid_t pid) { return kib_field("/proc/" + std::to_string(pid) + "/status", "VmRSS:"); }

std::uint64_t proportional_kib(pid_t pid) {
    return kib_field("/proc/" + std::to_string(pid) + "/smaps_rollup", "Pss:");
}

void raise_open_file_limit() {
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        ::setrlimit(RLIMIT_NOFILE, &limit);
    }
}

RoleArguments::RoleArguments(const std::vector<std::string>& args, std::size_t first) {
    for (std::size_t i = first; i < args.size(); i += 2) {
        if (args[i].rfind("--", 0) != 0 || i + 1 >= args.size()) {
            throw std::invalid_argument("role arguments are '--key value' pairs; '" + args[i] + "' is not");
        }
        values_[args[i].substr(2)] = args[i + 1];
    }
}

std::string RoleArguments::text(const std::string& key) const {
    auto found = values_.find(key);
    if (found == values_.end()) throw std::invalid_argument("the role needs --" + key);
    return found->second;
}

std::string RoleArguments::text(const std::string& key, const std::string& fallback) const {
    auto found = values_.find(key);
    return found == values_.end() ? fallback : found->second;
}

std::uint64_t RoleArguments::count(const std::string& key) const { return std::stoull(text(key)); }

std::uint64_t RoleArguments::count(const std::string& key, std::uint64_t fallback) const {
    auto found = values_.find(key);
    return found == values_.end() ? fallback : std::stoull(found->second);
}

std::vector<std::string> split_list(const std::string& text) {
    std::vector<std::string> items;
    std::istringstream in(text);
    std::string item;
    while (std::getline(in, item, ',')) {
        if (!item.empty()) items.push_back(item);
    }
    return items;
}

}  // namespace parley::bench
