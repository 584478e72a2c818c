#include <parley/agents/process.hpp>

#include <spdlog/spdlog.h>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <climits>
#include <cstdlib>
#include <string_view>
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

// The environment variable that gives a bound child the number of its lifeline's read end.
constexpr const char* kLifelineVariable = "PARLEY_LAUNCHER_FD";

// A pipe whose ends are close-on-exec; an end not taken closes with it.
struct Pipe {
    int read = -1;
    int write = -1;

    explicit Pipe(bool wanted) {
        int ends[2];
        if (!wanted) return;
        if (::pipe2(ends, O_CLOEXEC) != 0) throw std::system_error(errno, std::generic_category(), "pipe");
        read = ends[0];
        write = ends[1];
    }
    Pipe(const Pipe&) = delete;
    Pipe& operator=(const Pipe&) = delete;
    ~Pipe() {
        for (int end : {read, write}) {
            if (end >= 0) ::close(end);
        }
    }
    static int take(int& end) { return std::exchange(end, -1); }
};

// The launcher's environment for a child, without the lifeline of the
// launcher's own launcher, and with the child's lifeline when it has one.
std::vector<std::string> child_environment(int lifeline_read_end) {
    const std::string prefix = std::string(kLifelineVariable) + "=";
    std::vector<std::string> variables;
    for (char** entry = environ; *entry != nullptr; ++entry) {
        if (std::string_view(*entry).rfind(prefix, 0) != 0) variables.emplace_back(*entry);
    }
    if (lifeline_read_end >= 0) variables.push_back(prefix + std::to_string(lifeline_read_end));
    return variables;
}

std::vector<char*> c_strings(const std::vector<std::string>& items) {
    std::vector<char*> pointers;
    pointers.reserve(items.size() + 1);
    for (const auto& item : items) pointers.push_back(const_cast<char*>(item.c_str()));
    pointers.push_back(nullptr);
    return pointers;
}

// The inherited lifeline named by the environment, or -1 (with a warning when
// the variable is there but names no inherited pipe).
int inherited_lifeline(const std::string& value) {
    int fd = -1;
    const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), fd);
    struct stat info {};
    if (error != std::errc() || end != value.data() + value.size() || fd < 0 || ::fstat(fd, &info) != 0 ||
        !S_ISFIFO(info.st_mode)) {
        spdlog::warn("{}='{}' names no inherited pipe: this process does not end with its launcher",
                     kLifelineVariable, value);
        return -1;
    }
    return fd;
}

}  // namespace

ChildProcess ChildProcess::spawn(const std::vector<std::string>& argv, bool capture_stdout, ChildLifetime lifetime) {
    const bool bound = lifetime == ChildLifetime::bound_to_launcher;
    auto args = c_strings(argv);
    Pipe output(capture_stdout);
    Pipe lifeline(bound);
    const auto environment = child_environment(lifeline.read);
    auto envp = c_strings(environment);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    if (capture_stdout) posix_spawn_file_actions_adddup2(&actions, output.write, STDOUT_FILENO);
    // A descriptor duplicated onto itself loses close-on-exec in the child alone:
    // no other child, started meanwhile by another thread, inherits this lifeline.
    if (bound) posix_spawn_file_actions_adddup2(&actions, lifeline.read, lifeline.read);
    ChildProcess child;
    int rc = posix_spawn(&child.pid_, args[0], &actions, nullptr, args.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) throw std::system_error(rc, std::generic_category(), "cannot start " + argv.front());
    child.stdout_fd_ = Pipe::take(output.read);
    child.lifeline_fd_ = Pipe::take(lifeline.write);
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
        lifeline_fd_ = std::exchange(other.lifeline_fd_, -1);
        buffered_ = std::move(other.buffered_);
        status_ = std::exchange(other.status_, std::nullopt);
    }
    return *this;
}

ChildProcess::~ChildProcess() { release(); }

void ChildProcess::release() {
    if (pid_ > 0 && running()) stop();
    for (int fd : {pidfd_, stdout_fd_, lifeline_fd_}) {
        if (fd >= 0) ::close(fd);
    }
    pid_ = pidfd_ = stdout_fd_ = lifeline_fd_ = -1;
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

bool end_with_launcher() {
    const char* value = std::getenv(kLifelineVariable);
    if (value == nullptr) return false;
    const std::string text(value);
    ::unsetenv(kLifelineVariable);  // what this process starts is not bound to this process's launcher
    const int lifeline = inherited_lifeline(text);
    if (lifeline < 0) return false;
    ::fcntl(lifeline, F_SETFD, FD_CLOEXEC);  // nor does it inherit the lifeline
    // When the last write end closes, the kernel signals the owner of the read end:
    // SIGTERM instead of SIGIO, whose default action would end the process without a bye.
    const int flags = ::fcntl(lifeline, F_GETFL);
    const bool armed = flags >= 0 && ::fcntl(lifeline, F_SETSIG, SIGTERM) == 0 &&
                       ::fcntl(lifeline, F_SETOWN, ::getpid()) == 0 &&
                       ::fcntl(lifeline, F_SETFL, flags | O_ASYNC) == 0;
    if (!armed) {
        spdlog::warn("cannot watch the launcher's lifeline ({}): this process may outlive its launcher",
                     std::system_category().message(errno));
    }
    // A launcher that died before the signal was armed left the pipe closed already.
    pollfd item{lifeline, POLLIN, 0};
    if (::poll(&item, 1, 0) > 0) ::raise(SIGTERM);
    return true;
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
