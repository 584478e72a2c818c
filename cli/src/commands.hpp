#pragma once
// The subcommands of `parley`. Each adds itself to the command line and runs
// when chosen; main() only sets up logging and dispatches.

#include <CLI/CLI.hpp>

#include <atomic>
#include <functional>

namespace parley::cli {

// A subcommand and its work, run after parsing; the work returns the exit code.
struct Command {
    CLI::App* app;
    std::function<int()> run;
};

Command add_broker_command(CLI::App& app);
Command add_agent_command(CLI::App& app);
Command add_directory_command(CLI::App& app);
Command add_stats_command(CLI::App& app);
Command add_demo_command(CLI::App& app);
Command add_domain_command(CLI::App& app);

// Set by SIGINT and SIGTERM once install_stop_signals() has run; long-running
// commands poll it to stop cleanly.
const std::atomic<bool>& stop_requested();
void install_stop_signals();

}  // namespace parley::cli
