#include <parley/agents/process.hpp>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <system_error>
#include <thread>
#include <utility>

extern char** environ;

namespace parley::agents {
namespace {

int open_pidfd(pid_t pid) {
#ifdef SYS_pidfd_open
    return static_cast<int>(syscall(SYS_pidfd_open, pid, 0));
#else
    (void)pid;
    return -1;
#endif
}

// Waits until `fd` is readable or `timeout` passes; true if readable.
bool wait_readable(int fd, std::chrono::milliseconds timeout) {
    pollfd item{fd, POLLIN, 0};
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (true) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        int rc = ::poll(&item, 1, static_cast<int>(std::max<std::int64_t>(0, left.count())));
        if (rc > 0) return true;
        if (rc == 0) return false;
        if (errno != EINTR) return false;
    }
}

}  // namespace

ChildProcess ChildProcess::spawn(const std::vector<std::string>& argv, bool capture_stdout) {
    std::vector<char*> args;
    for (const auto& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
    args.push_back(nullptr);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    int pipe_fds[2] = {-1, -1};
    if (capture_stdout) {
        if (::pipe2(pipe_fds, O_CLOEXEC) != 0) throw std::system_error(errno, std::generic_category(), "pipe");
        posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDOUT_FILENO);
    }
    ChildProcess child;
    int rc = posix_spawn(&child.pid_, args[0], &actions, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (capture_stdout) ::close(pipe_fds[1]);
    if (rc != 0) {
        if (capture_stdout) ::close(pipe_fds[0]);
        throw std::system_error(rc, std::generic_category(), "cannot start " + argv.front());
    }
    child.stdout_fd_ = pipe_fds[0];
    child.pidfd_ = open_pidfd(child.pid_);
    return child;
}

ChildProcess::ChildProcess(ChildProcess&& other) noexcept { *this = std::move(other); }

ChildProcess& ChildProcess::operator=(ChildProcess&& other) noexcept {
    if (this != &other) {
        release();
        pid_ = std::exchange(other.pid_, -1);
        pidfd_ = std::exchange(other.pidfd_, -1);
        stdout_fd_ = std::exchange(other.stdout_fd_, -1);
        buffered_ = std::move(other.buffered_);
        status_ = std::exchange(other.status_, std::nullopt);
    }
    return *this;
}

ChildProcess::~ChildProcess() { release(); }

void ChildProcess::release() {
    if (pid_ > 0 && running()) stop();
    if (pidfd_ >= 0) ::close(pidfd_);
    if (stdout_fd_ >= 0) ::close(stdout_fd_);
    pid_ = pidfd_ = stdout_fd_ = -1;
}

bool ChildProcess::running() {
    if (pid_ <= 0 || status_) return false;
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        status_ = status;
        return false;
    }
    return true;
}

std::optional<std::string> ChildProcess::read_line(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (true) {
        if (auto newline = buffered_.find('\n'); newline != std::string::npos) {
            auto line = buffered_.substr(0, newline);
            buffered_.erase(0, newline + 1);
            return line;
        }
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (stdout_fd_ < 0 || left.count() <= 0 || !wait_readable(stdout_fd_, left)) return std::nullopt;
        char chunk[4096];
        auto got = ::read(stdout_fd_, chunk, sizeof chunk);
        if (got <= 0) return std::nullopt;  // end of output
        buffered_.append(chunk, static_cast<std::size_t>(got));
    }
}

bool ChildProcess::send_signal(int signal_number) {
    return running() && ::kill(pid_, signal_number) == 0;
}

std::optional<int> ChildProcess::wait(std::chrono::milliseconds timeout) {
    if (!running()) return status_;
    if (pidfd_ >= 0) {
        // The pidfd becomes readable when the child exits: a real event to wait on.
        if (wait_readable(pidfd_, timeout)) running();
        return status_;
    }
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (running() && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return status_;
}

void ChildProcess::stop(std::chrono::milliseconds grace) {
    if (!running()) return;
    send_signal(SIGTERM);
    if (!wait(grace)) {
        send_signal(SIGKILL);
        wait(std::chrono::milliseconds(5000));
    }
}

std::string current_executable() {
    char path[PATH_MAX];
    auto length = ::readlink("/proc/self/exe", path, sizeof path - 1);
    if (length <= 0) throw std::system_error(errno, std::generic_category(), "cannot find the running executable");
    return std::string(path, static_cast<std::size_t>(length));
}

std::vector<std::string> agent_process_command() {
    const auto running = current_executable();
    const auto slash = running.rfind('/');
    const auto beside = running.substr(0, slash == std::string::npos ? 0 : slash + 1) + "parley-agent";
    if (::access(beside.c_str(), X_OK) == 0) return {beside};
    return {running, "agent"};
}

}  // namespace parley::agents
