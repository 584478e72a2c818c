#include <parley/agents/process.hpp>
#include <parley/agents/framework.hpp>

#include <spdlog/spdlog.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/steady_timer.hpp>

#include <fcntl.h>
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

namespace asio = boost::asio;
using boost::system::error_code;

// One wait on a descriptor of a ChildProcess, bounded by a timer. Each wait
// has its own I/O context: a child is waited on by whichever thread holds it,
// and a child nobody waits on costs no context. The descriptor is only lent:
// it is released, not closed, when the wait is over.
class DescriptorWait {
public:
    DescriptorWait(int fd, std::chrono::milliseconds timeout) : descriptor_(io_, fd), timer_(io_, timeout) {
        timer_.async_wait([this](const error_code& error) {
            if (!error) descriptor_.cancel();
        });
    }
    DescriptorWait(const DescriptorWait&) = delete;
    DescriptorWait& operator=(const DescriptorWait&) = delete;
    ~DescriptorWait() { descriptor_.release(); }

    // Until the descriptor is readable or the timeout passes; true if readable.
    bool readable() {
        bool ready = false;
        descriptor_.async_wait(asio::posix::descriptor_base::wait_read, [&](const error_code& error) {
            ready = !error;
            timer_.cancel();
        });
        io_.run();
        return ready;
    }

    // Reads into `buffer` until it holds a newline, the output ends or the
    // timeout passes; true if it holds a newline.
    bool line_into(std::string& buffer) {
        bool complete = false;
        asio::async_read_until(descriptor_, asio::dynamic_buffer(buffer), '\n',
                               [&](const error_code& error, std::size_t) {
                                   complete = !error;
                                   timer_.cancel();
                               });
        io_.run();
        return complete;
    }

private:
    asio::io_context io_;
    asio::posix::stream_descriptor descriptor_;
    asio::steady_timer timer_;
};

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
    auto newline = buffered_.find('\n');
    if (newline == std::string::npos) {
        // Empty on timeout or at the end of output; what was read so far stays buffered.
        if (stdout_fd_ < 0 || !DescriptorWait(stdout_fd_, timeout).line_into(buffered_)) return std::nullopt;
        newline = buffered_.find('\n');
    }
    auto line = buffered_.substr(0, newline);
    buffered_.erase(0, newline + 1);
    return line;
}

bool ChildProcess::send_signal(int signal_number) {
    return running() && ::kill(pid_, signal_number) == 0;
}

std::optional<int> ChildProcess::wait(std::chrono::milliseconds timeout) {
    if (!running()) return status_;
    if (pidfd_ >= 0) {
        // The pidfd becomes readable when the child exits: a real event to wait on.
        if (DescriptorWait(pidfd_, timeout).readable()) running();
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

int take_launcher_lifeline() {
    const char* value = std::getenv(kLifelineVariable);
    if (value == nullptr) return -1;
    const std::string text(value);
    ::unsetenv(kLifelineVariable);  // what this process starts is not bound to this process's launcher
    const int lifeline = inherited_lifeline(text);
    if (lifeline >= 0) ::fcntl(lifeline, F_SETFD, FD_CLOEXEC);  // nor does it inherit the lifeline
    return lifeline;
}

std::string current_executable() {
    char path[PATH_MAX];
    auto length = ::readlink("/proc/self/exe", path, sizeof path - 1);
    if (length <= 0) throw std::system_error(errno, std::generic_category(), "cannot find the running executable");
    return std::string(path, static_cast<std::size_t>(length));
}

std::string executable_beside(std::string_view name) {
    const auto running = current_executable();
    const auto slash = running.rfind('/');
    return running.substr(0, slash == std::string::npos ? 0 : slash + 1) + std::string(name);
}

std::vector<std::string> agent_process_command() {
    const auto beside = executable_beside("parley-agent");
    if (::access(beside.c_str(), X_OK) == 0) return {beside};
    return {current_executable(), "agent"};
}

std::vector<std::string> agent_process_command(std::string_view framework) {
    const auto* info = FrameworkRegistry::global().find(framework);
    if (info == nullptr || info->host.empty()) return agent_process_command();
    const auto host = executable_beside(info->host);
    if (::access(host.c_str(), X_OK) != 0) {
        throw std::runtime_error("framework '" + std::string(framework) + "' runs in " + info->host + ", which is not beside " +
                                 current_executable() + " (build it: it needs LibTorch)");
    }
    return {host, "agent"};
}

}  // namespace parley::agents
