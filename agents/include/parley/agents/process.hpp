#pragma once
// Child processes of a local cluster: agent processes launched by `parley demo`
// and by the runner; the integration tests use the same class to start
// brokers and agents. Waiting is on events (a pidfd, a pipe), never on sleeps.

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace parley::agents {

// Whether a child may outlive the process that started it.
enum class ChildLifetime {
    // It runs until it ends or is stopped, whatever becomes of its launcher.
    independent,
    // A Parley process that leaves (as on SIGTERM) when its ChildProcess is gone
    // or its launcher dies, however it dies (kill -9 included): it watches its
    // lifeline (take_launcher_lifeline()) with its stop signals.
    bound_to_launcher,
};

class ChildProcess {
public:
    // Starts argv[0] with the given arguments; with `capture_stdout` its standard
    // output is readable line by line. Throws std::system_error if it cannot start.
    //
    // A child bound to its launcher inherits the read end of a pipe whose only
    // write end this object holds. The write end closes when this object goes or
    // when the launcher's process ends, by any cause: the kernel closes the files
    // of a dead process. A pipe rather than PR_SET_PDEATHSIG, which fires when
    // the launching thread ends rather than its process; and a pipe names no
    // pid, so it works alike in a PID namespace (a container), where getppid()
    // can return 0. Each child has its own pipe: the owner of a pipe's signal is
    // set per open file, so children sharing one would take it from one another.
    static ChildProcess spawn(const std::vector<std::string>& argv, bool capture_stdout = false,
                              ChildLifetime lifetime = ChildLifetime::independent);

    ChildProcess(ChildProcess&& other) noexcept;
    ChildProcess& operator=(ChildProcess&& other) noexcept;
    ChildProcess(const ChildProcess&) = delete;
    ChildProcess& operator=(const ChildProcess&) = delete;
    // Ends a child still running: SIGTERM, a short grace period, then SIGKILL.
    ~ChildProcess();

    pid_t pid() const { return pid_; }
    bool running();
    // Readable once the child has ended (its pidfd; this object keeps owning
    // it), for an owner that waits on many children in its own event loop; -1
    // where the kernel has no pidfds, and the owner asks running() instead.
    int exit_descriptor() const { return pidfd_; }

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
    int lifeline_fd_ = -1;  // the write end of a bound child's lifeline pipe
    std::string buffered_;
    std::optional<int> status_;
};

// In a process started with ChildLifetime::bound_to_launcher: the read end of
// its lifeline, which becomes readable (at end of file) as soon as the launcher
// is gone, or at once if it died before this call. The process watches it and
// stops as on SIGTERM when it does; nothing is ever written to it. Taken once:
// the binding leaves the environment, so that the children of this process are
// not bound to its launcher. -1 in a process started otherwise (by hand, by a
// user); a malformed binding is logged and ignored.
int take_launcher_lifeline();

// The path of the running executable, so a process can launch more of itself.
std::string current_executable();
// The path of the executable `name` in the running executable's folder
// (whether or not it is there).
std::string executable_beside(std::string_view name);

// The start of the command line that runs one agent process; the agent's own
// options follow it. It is `parley-agent` when that executable is beside the
// running one: the lean executable holds only the agent runtime and its
// behaviours, so an idle agent costs less memory than a whole `parley`. Without
// it, `<running executable> agent`.
std::vector<std::string> agent_process_command();
// The same for an agent of `framework`: when its FrameworkInfo names a host
// executable, that executable beside the running one, then `agent`. Throws
// std::runtime_error when the host is not there.
std::vector<std::string> agent_process_command(std::string_view framework);

}  // namespace parley::agents
