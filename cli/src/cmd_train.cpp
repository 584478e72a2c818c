// parley train: trains a learned agent's policy. Training runs LibTorch, which
// only parley-learned loads (ARCHITECTURE.md, "Modules"): this command hands
// its whole command line over to `parley-learned train`, --help included.

#include "commands.hpp"

namespace parley::cli {

Command add_train_command(CLI::App& app) {
    auto* command = app.add_subcommand(
        "train", "Train a learned agent from a scenario's learning section (parley-learned train; see its --help)");
    command->prefix_command();
    command->set_help_flag();
    command->allow_extras();
    return {command, [command] {
                std::vector<std::string> arguments{"train"};
                for (const auto& argument : command->remaining()) arguments.push_back(argument);
                return hand_over("parley-learned", arguments);
            }};
}

}  // namespace parley::cli
