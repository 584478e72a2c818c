// Fault injection: the process that launched agent processes dies by kill -9,
// with no chance to stop them. Every agent must leave on its own, as it does on
// SIGTERM (exit status 0), and none may live on as an orphan.
//
// The test process makes itself a child subreaper, so the orphans become its
// children: it can collect their exit statuses, and it stands for the init of
// a container, where an orphan's new parent is not pid 1.

#include "cluster.hpp"
#include "scratch.hpp"

#include <doctest/doctest.h>

#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

using namespace parley;
using namespace parley::testing;
namespace fs = std::filesystem;

namespace {

// The parent of process `pid` as /proc says it, or 0 if it has gone.
pid_t parent_of(pid_t pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    // "pid (command) state ppid ...": the command may hold spaces and parentheses.
    const auto after_command = stat.rfind(')');
    if (after_command == std::string::npos) return 0;
    std::istringstream fields(stat.substr(after_command + 1));
    char state = 0;
    pid_t parent = 0;
    fields >> state >> parent;
    return parent;
}

std::vector<pid_t> children_of(pid_t parent) {
    std::vector<pid_t> children;
    for (const auto& entry : fs::directory_iterator("/proc")) {
        const auto name = entry.path().filename().string();
        if (name.empty() || !std::all_of(name.begin(), name.end(), [](char c) { return c >= '0' && c <= '9'; })) {
            continue;
        }
        const auto pid = static_cast<pid_t>(std::stol(name));
        if (parent_of(pid) == parent) children.push_back(pid);
    }
    return children;
}

// Polls /proc until `parent` has `count` children; the kernel sends no event for it.
std::vector<pid_t> wait_for_children(pid_t parent, std::size_t count) {
    const auto deadline = agents::Clock::now() + kPatience;
    auto children = children_of(parent);
    while (children.size() < count && agents::Clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
        children = children_of(parent);
    }
    return children;
}

// Processes watched through pidfds, which keep naming the same process even
// once its pid is free, so nothing else is mistaken for one of them. Whatever
// is still running when this goes is killed: a failing test leaves no orphans.
class Watched {
public:
    explicit Watched(const std::vector<pid_t>& pids) {
        for (pid_t pid : pids) {
            const int fd = static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
            if (fd >= 0) processes_.push_back({pid, fd, std::nullopt});
        }
    }
    Watched(const Watched&) = delete;
    Watched& operator=(const Watched&) = delete;
    ~Watched() {
        for (const auto& process : processes_) {
            if (!process.status) {
                if (!exited(process)) ::syscall(SYS_pidfd_send_signal, process.fd, SIGKILL, nullptr, 0);
                ::waitpid(process.pid, nullptr, 0);  // ours by now, as their subreaper
            }
            ::close(process.fd);
        }
    }

    std::size_t size() const { return processes_.size(); }

    // Waits until every process has exited, at most `timeout`; returns how many still run.
    std::size_t wait_all(std::chrono::milliseconds timeout) {
        const auto deadline = agents::Clock::now() + timeout;
        while (true) {
            std::vector<pollfd> running;
            for (const auto& process : processes_) {
                if (!exited(process)) running.push_back({process.fd, POLLIN, 0});
            }
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - agents::Clock::now());
            if (running.empty() || left.count() <= 0) return running.size();
            ::poll(running.data(), running.size(), static_cast<int>(left.count()));
        }
    }

    // The exit status of each process that has exited, reaped here.
    std::vector<int> statuses() {
        std::vector<int> found;
        for (auto& process : processes_) {
            int status = 0;
            if (exited(process) && ::waitpid(process.pid, &status, 0) == process.pid) {
                process.status = status;
            }
            if (process.status) found.push_back(*process.status);
        }
        return found;
    }

private:
    struct Process {
        pid_t pid;
        int fd;
        std::optional<int> status;
    };

    static bool exited(const Process& process) {
        if (process.status) return true;
        pollfd item{process.fd, POLLIN, 0};
        return ::poll(&item, 1, 0) > 0;
    }

    std::vector<Process> processes_;
};

void become_subreaper() { REQUIRE(::prctl(PR_SET_CHILD_SUBREAPER, 1) == 0); }

// Kills `launcher` by SIGKILL and checks that every watched agent then leaves by itself.
void kill_launcher_and_expect_agents_to_leave(agents::ChildProcess& launcher, Watched& agents) {
    REQUIRE(launcher.send_signal(SIGKILL));
    const auto launcher_status = launcher.wait(kPatience);
    REQUIRE(launcher_status);
    CHECK(WIFSIGNALED(*launcher_status));

    const auto still_running = agents.wait_all(kPatience);
    CHECK_MESSAGE(still_running == 0, still_running << " of " << agents.size() << " agents outlived their launcher");
    for (int status : agents.statuses()) {
        CAPTURE(status);
        // They left as on SIGTERM: a clean stop, not killed by a signal.
        CHECK(WIFEXITED(status));
        if (WIFEXITED(status)) CHECK(WEXITSTATUS(status) == 0);
    }
}


}  // namespace

TEST_CASE("the agents of a `parley run` killed by SIGKILL leave by themselves") {
    become_subreaper();
    auto folder = scratch("orphans-run");
    // Long enough to be still playing when it is killed: thousands of episodes.
    auto scenario = write_scenario(folder, four_frameworks_scenario(1000, 11));
    auto runner = agents::ChildProcess::spawn({PARLEY_EXECUTABLE, "--log-level", "warn", "run", scenario.string(),
                                               "--out", (folder / "out").string()},
                                              /*capture_stdout=*/true);
    // The runner says "playing" once every agent it launched has registered.
    auto started = runner.read_line(kPatience);
    REQUIRE(started);
    REQUIRE(started->rfind("playing ", 0) == 0);
    const auto agent_pids = children_of(runner.pid());
    REQUIRE(agent_pids.size() >= 4);  // one process at least per framework of the roster
    Watched agents(agent_pids);
    REQUIRE(agents.size() == agent_pids.size());
    REQUIRE(runner.running());  // still playing: its agents are busy

    kill_launcher_and_expect_agents_to_leave(runner, agents);
}

TEST_CASE("the agents of a `parley demo` killed by SIGKILL leave by themselves, even before they set up") {
    become_subreaper();
    const std::size_t count = 3;
    auto demo = agents::ChildProcess::spawn({PARLEY_EXECUTABLE, "--log-level", "warn", "demo", "--agents",
                                             std::to_string(count), "--timeout-ms", "60000"},
                                            /*capture_stdout=*/true);
    // It launches its agents as soon as its broker listens (its output, to a
    // pipe, comes at its end): they are killed with it while they start, most
    // likely before they can watch for it.
    const auto agent_pids = wait_for_children(demo.pid(), count);
    REQUIRE(agent_pids.size() == count);
    Watched agents(agent_pids);
    REQUIRE(agents.size() == count);
    if (!demo.running()) {
        MESSAGE("the demo ended before it could be killed: its agents were stopped by it");
        CHECK(agents.wait_all(kPatience) == 0);
        return;
    }
    kill_launcher_and_expect_agents_to_leave(demo, agents);
}
