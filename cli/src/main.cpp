// parley: one executable for every Parley process and tool.

#include "commands.hpp"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <csignal>
#include <exception>
#include <iostream>
#include <vector>

namespace parley::cli {
namespace {

std::atomic<bool> g_stop{false};

extern "C" void on_stop_signal(int) { g_stop.store(true); }

void configure_logging(const std::string& level) {
    auto logger = spdlog::stderr_color_mt("parley");
    logger->set_pattern("%H:%M:%S.%e %^%-5l%$ %v");
    logger->set_level(spdlog::level::from_str(level));
    spdlog::set_default_logger(logger);
}

}  // namespace

const std::atomic<bool>& stop_requested() { return g_stop; }

void install_stop_signals() {
    // No SA_RESTART: a blocking poll returns with EINTR and the loop sees the flag at once.
    struct sigaction action {};
    action.sa_handler = on_stop_signal;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, nullptr);
    sigaction(SIGTERM, &action, nullptr);
}

}  // namespace parley::cli

int main(int argc, char** argv) {
    using namespace parley::cli;
    CLI::App app{"Parley: pluralistic multi-agent negotiation and cooperation experiments"};
    app.require_subcommand(1);
    app.set_version_flag("--version", std::string("parley 0.1.0"));
    std::string log_level = "info";
    std::vector<Command> commands{add_run_command(app, log_level), add_frameworks_command(app),
                                  add_domain_command(app),         add_broker_command(app),
                                  add_agent_command(app),          add_directory_command(app),
                                  add_stats_command(app),          add_demo_command(app),
                                  add_bench_command(app)};

    // --log-level is accepted before or after the subcommand, and shown in every --help.
    const std::vector<std::string> levels{"trace", "debug", "info", "warn", "error", "off"};
    for (CLI::App* scope : [&] {
             std::vector<CLI::App*> scopes{&app};
             for (const auto& command : commands) scopes.push_back(command.app);
             return scopes;
         }()) {
        scope->add_option("--log-level", log_level, "How much to log on standard error")
            ->transform(CLI::IsMember(levels, CLI::ignore_case))
            ->capture_default_str();
    }
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
