// parley: one executable for every Parley process and tool.

#include "commands.hpp"

#include <spdlog/spdlog.h>

#include <exception>
#include <vector>

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
                                  add_bench_command(app),          add_train_command(app)};

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
