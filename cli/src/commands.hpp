#pragma once
// The subcommands of `parley`. Each adds itself to the command line and runs
// when chosen; main() only sets up logging and dispatches.

#include <CLI/CLI.hpp>

#include <atomic>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace parley::cli {

// A subcommand and its work, run after parsing; the work returns the exit code.
struct Command {
    CLI::App* app;
    std::function<int()> run;
};

Command add_broker_command(CLI::App& app);
Command add_agent_command(CLI::App& app);
// The options of one agent process, on `parley agent` and on `parley-agent`.
std::function<int()> add_agent_options(CLI::App& command);
Command add_directory_command(CLI::App& app);
Command add_stats_command(CLI::App& app);
Command add_demo_command(CLI::App& app);
Command add_domain_command(CLI::App& app);
Command add_frameworks_command(CLI::App& app);
Command add_bench_command(CLI::App& app);
// `parley train`: handed over to parley-learned, which links LibTorch.
Command add_train_command(CLI::App& app);

// What every multi-command executable's main() does once its commands are
// added: --log-level on the app and on each command, parsing, logging and
// stop signals, then the chosen command, whose exit status it returns (1 with
// the message logged when it throws). `log_level` is the variable the
// commands were given.
int run_commands(CLI::App& app, const std::vector<Command>& commands, std::string& log_level, int argc, char** argv);

// Replaces this process with `executable` (beside the running one) and
// `arguments`, so that its exit status and signals are the caller's own.
// Returns only when that fails, with the exit status to give (after logging why).
int hand_over(std::string_view executable, const std::vector<std::string>& arguments);
// `log_level` is read when the command runs: local agents log at the same level.
Command add_run_command(CLI::App& app, const std::string& log_level);

// The process-wide logger on standard error, at a level a user names.
void configure_logging(const std::string& level);
// `--log-level`, accepted by `scope`; the value is read after parsing.
void add_log_level_option(CLI::App& scope, std::string& level);

// Set by SIGINT and SIGTERM once install_stop_signals() has run, and by the end
// of the launcher of a process started bound to it (agents/process.hpp);
// long-running commands poll it to stop cleanly. A blocking poll of the main
// thread returns with EINTR when it is set.
const std::atomic<bool>& stop_requested();
void install_stop_signals();

}  // namespace parley::cli
