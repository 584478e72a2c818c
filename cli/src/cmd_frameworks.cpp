// parley frameworks: the value frameworks an agent can play, with their parameters.

#include "commands.hpp"

#include <parley/agents/dilemma_strategy.hpp>
#include <parley/agents/framework.hpp>
#include <parley/agents/game_strategy.hpp>
#include <parley/worlds/welfare.hpp>

#include <iomanip>
#include <iostream>

namespace parley::cli {

Command add_frameworks_command(CLI::App& app) {
    auto* command = app.add_subcommand("frameworks", "List the value frameworks, their parameters and what they value");
    return {command, [] {
                for (const auto* info : agents::FrameworkRegistry::builtin().list()) {
                    std::cout << info->name << "\n    " << info->description << "\n";
                    if (const auto* welfare = worlds::find_welfare_function(info->name)) {
                        std::cout << "    scores outcomes by: " << welfare->description << "\n";
                    }
                    for (const auto& parameter : info->parameters) {
                        std::cout << "    --param " << std::left << std::setw(24)
                                  << (parameter.name + "=" + parameter.default_value) << parameter.description << "\n";
                    }
                    // What the same values make it do in the social dilemmas.
                    if (const auto* ipd = agents::DilemmaStrategyRegistry::builtin().find(info->name)) {
                        std::cout << "    in the prisoner's dilemma: " << ipd->description << "\n";
                    }
                    const auto& games = agents::GameStrategyRegistry::builtin();
                    for (const auto& world : games.worlds()) {
                        if (const auto* policy = games.find(world, info->name)) {
                            std::cout << "    in " << world << ": " << policy->description << "\n";
                        }
                    }
                    std::cout << "\n";
                }
                return 0;
            }};
}

}  // namespace parley::cli
