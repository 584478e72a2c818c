// What every Parley process sets up before its work: the logger, and the stop
// signals that long-running commands poll, which include the end of the
// launcher of a process started bound to it.

#include "commands.hpp"

#include <parley/agents/process.hpp>

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/signal_set.hpp>

#include <pthread.h>
#include <unistd.h>

#include <csignal>
#include <cstring>
#include <cerrno>
#include <optional>
#include <thread>

namespace parley::cli {
namespace {

namespace asio = boost::asio;
using boost::system::error_code;

std::atomic<bool> g_stop{false};

// SIGINT, SIGTERM and the launcher's lifeline (agents/process.hpp), watched by
// Asio on a thread of their own: whichever comes first sets the stop flag. The
// thread then interrupts the main thread's blocking wait with a SIGTERM of its
// own (caught here like any other), so that a loop asleep in a poll sees the
// flag at once rather than at its next timeout.
class StopWatch {
public:
    StopWatch() : signals_(io_, SIGINT, SIGTERM), main_(::pthread_self()) {
        signals_.async_wait([this](const error_code& error, int) {
            if (!error) stop();
        });
        if (const int lifeline = agents::take_launcher_lifeline(); lifeline >= 0) {
            lifeline_.emplace(io_, lifeline);
            // Nothing is ever written to it: readable means the launcher is gone.
            lifeline_->async_wait(asio::posix::descriptor_base::wait_read, [this](const error_code& error) {
                if (!error) stop();
            });
        }
        std::thread([this] { io_.run(); }).detach();
    }
    StopWatch(const StopWatch&) = delete;
    StopWatch& operator=(const StopWatch&) = delete;

private:
    void stop() {
        if (g_stop.exchange(true)) return;
        ::pthread_kill(main_, SIGTERM);
    }

    asio::io_context io_;
    asio::signal_set signals_;
    std::optional<asio::posix::stream_descriptor> lifeline_;
    pthread_t main_;
};

}  // namespace

void configure_logging(const std::string& level) {
    auto logger = spdlog::stderr_color_mt("parley");
    logger->set_pattern("%H:%M:%S.%e %^%-5l%$ %v");
    logger->set_level(spdlog::level::from_str(level));
    spdlog::set_default_logger(logger);
}

void add_log_level_option(CLI::App& scope, std::string& level) {
    static const std::vector<std::string> levels{"trace", "debug", "info", "warn", "error", "off"};
    scope.add_option("--log-level", level, "How much to log on standard error")
        ->transform(CLI::IsMember(levels, CLI::ignore_case))
        ->capture_default_str();
}

const std::atomic<bool>& stop_requested() { return g_stop; }

void install_stop_signals() {
    // Never destroyed: it watches until the process has ended. Gone earlier, it
    // would give SIGTERM back its default action while the process still exits,
    // and a SIGTERM then would kill it instead of letting it finish.
    static const auto* watch = new StopWatch;
    (void)watch;
}

}  // namespace parley::cli

namespace parley::cli {

int hand_over(std::string_view executable, const std::vector<std::string>& arguments) {
    const auto path = agents::executable_beside(executable);
    std::vector<char*> argv;
    std::string name(executable);
    argv.push_back(name.data());
    std::vector<std::string> copies = arguments;
    for (auto& argument : copies) argv.push_back(argument.data());
    argv.push_back(nullptr);
    // The new program starts with no signal blocked, whatever this one's
    // threads had blocked, so that it sees SIGINT and SIGTERM itself.
    sigset_t none;
    sigemptyset(&none);
    ::pthread_sigmask(SIG_SETMASK, &none, nullptr);
    ::execv(path.c_str(), argv.data());
    spdlog::error("cannot start {}: {} (it is built beside parley when LibTorch is installed: deploy/install-deps.sh)",
                  path, std::strerror(errno));
    return 1;
}

int run_commands(CLI::App& app, const std::vector<Command>& commands, std::string& log_level, int argc, char** argv) {
    // --log-level is accepted before or after the subcommand, and shown in every --help.
    add_log_level_option(app, log_level);
    for (const auto& command : commands) add_log_level_option(*command.app, log_level);
    CLI11_PARSE(app, argc, argv);

    configure_logging(log_level);
    install_stop_signals();
    try {
        for (const auto& command : commands) {
            if (command.app->parsed()) return command.run();
        }
    } catch (const std::exception& error) {
        spdlog::error("{}", error.what());
        return 1;
    }
    return 0;
}

}  // namespace parley::cli
