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

    return run_commands(app, commands, log_level, argc, argv);
}
