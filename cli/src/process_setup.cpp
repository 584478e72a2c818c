// What every Parley process sets up before its work: the logger, and the stop
// signals that long-running commands poll, which include the end of the
// launcher of a process started bound to it.

#include "commands.hpp"

#include <parley/agents/process.hpp>

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <csignal>

namespace parley::cli {
namespace {

std::atomic<bool> g_stop{false};

extern "C" void on_stop_signal(int) { g_stop.store(true); }

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
    // No SA_RESTART: a blocking poll returns with EINTR and the loop sees the flag at once.
    struct sigaction action {};
    action.sa_handler = on_stop_signal;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, nullptr);
    sigaction(SIGTERM, &action, nullptr);
    // After the handler: a launcher already gone raises SIGTERM at once.
    agents::end_with_launcher();
}

}  // namespace parley::cli
