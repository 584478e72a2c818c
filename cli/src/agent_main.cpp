// parley-agent: one agent process, and nothing else. It takes the options of
// `parley agent`; `parley run` and `parley demo` start their agents with it when
// it is installed beside `parley`. Without the runner, the scenario reader and
// the domain importers (and the libraries they load), an idle agent costs less
// memory, which counts when a machine holds a thousand of them.

#include "commands.hpp"

#include <spdlog/spdlog.h>

#include <exception>

int main(int argc, char** argv) {
    using namespace parley::cli;
    CLI::App app{"parley-agent: run one Parley agent process connected to a broker (the same as `parley agent`)"};
    app.set_version_flag("--version", std::string("parley-agent 0.1.0"));
    std::string log_level = "info";
    auto run = add_agent_options(app);
    add_log_level_option(app, log_level);
    CLI11_PARSE(app, argc, argv);

    configure_logging(log_level);
    install_stop_signals();
    try {
        return run();
    } catch (const std::exception& error) {
        spdlog::error("{}", error.what());
        return 1;
    }
}
