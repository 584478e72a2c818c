#pragma once
// Child processes of a local cluster: agent processes launched by `parley demo`
// and, later, by the runner; the integration tests use the same class to start
// brokers and agents. Waiting is on events (a pidfd, a pipe), never on sleeps.

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace parley::agents {

class ChildProcess {
public:
    // Starts argv[0] with the given arguments; with `capture_stdout` its standard
    // output is readable line by line. Throws std::system_error if it cannot start.
    static ChildProcess spawn(const std::vector<std::string>& argv, bool capture_stdout = false);

    ChildProcess(ChildProcess&& other) noexcept;
    ChildProcess& operator=(ChildProcess&& other) noexcept;
    ChildProcess(const ChildProcess&) = delete;
    ChildProcess& operator=(const ChildProcess&) = delete;
    // Ends a child still running: SIGTERM, a short grace period, then SIGKILL.
    ~ChildProcess();

    pid_t pid() const { return pid_; }
    bool running();

    // The next line of captured output, without its newline; empty on timeout or end of output.
    std::optional<std::string> read_line(std::chrono::milliseconds timeout);

    bool send_signal(int signal_number);
    // The exit status (as waitpid reports it), or empty if it is still running after `timeout`.
    std::optional<int> wait(std::chrono::milliseconds timeout);
    // SIGTERM, wait up to `grace`, then SIGKILL.
    void stop(std::chrono::milliseconds grace = std::chrono::milliseconds(2000));

private:
    ChildProcess() = default;
    void release();

    pid_t pid_ = -1;
    int pidfd_ = -1;
    int stdout_fd_ = -1;
    std::string buffered_;
    std::optional<int> status_;
};

// The path of the running executable, so a process can launch more of itself.
std::string current_executable();

// The start of the command line that runs one agent process; the agent's own
// options follow it. It is `parley-agent` when that executable is beside the
// running one: the lean executable holds only the agent runtime and its
// behaviours, so an idle agent costs less memory than a whole `parley`. Without
// it, `<running executable> agent`.
std::vector<std::string> agent_process_command();

}  // namespace parley::agents
