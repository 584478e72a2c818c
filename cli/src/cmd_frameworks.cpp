// parley frameworks: the value frameworks an agent can play, with their
// parameters, what they do in each repeated game, and the classic strategies
// of each game that a roster can mix with them.

#include "commands.hpp"

#include <parley/agents/framework.hpp>
#include <parley/agents/game_strategy.hpp>

#include <iomanip>
#include <iostream>
#include <string>
#include <vector>

namespace parley::cli {
namespace {

// How a game is named in prose: its registry name, but for the one known
// better by its full name.
std::string game_label(const std::string& world) {
    return world == "ipd" ? "the prisoner's dilemma" : world;
}

void print_parameters(const std::vector<agents::ParameterInfo>& parameters, const std::string& indent) {
    constexpr std::size_t kColumn = 24;
    for (const auto& parameter : parameters) {
        const std::string setting = parameter.name + "=" + parameter.default_value;
        // A long default still leaves a space before its description.
        std::cout << indent << "--param " << std::left << std::setw(kColumn) << setting
                  << (setting.size() >= kColumn ? " " : "") << parameter.description << "\n";
    }
}

// Each framework: what it values, its parameters, and what the same values make it do in each game.
void print_frameworks() {
    const auto& games = agents::GameStrategyRegistry::builtin();
    for (const auto* info : agents::FrameworkRegistry::builtin().list()) {
        std::cout << info->name << "\n    " << info->description << "\n";
        std::cout << "    scores outcomes by: " << info->welfare.description << "\n";
        print_parameters(info->parameters, "    ");
        for (const auto& world : games.worlds()) {
            if (const auto* policy = info->game_policy(world)) {
                std::cout << "    in " << game_label(world) << ": " << policy->description << "\n";
            }
        }
        std::cout << "\n";
    }
}

// The strategies of each game that are not a framework's policy.
void print_classic_strategies() {
    const auto& frameworks = agents::FrameworkRegistry::builtin();
    const auto& games = agents::GameStrategyRegistry::builtin();
    for (const auto& world : games.worlds()) {
        std::cout << "classic strategies in " << world << ":\n";
        for (const auto* strategy : games.list(world)) {
            if (frameworks.find(strategy->name)) continue;
            std::cout << "  " << strategy->name << "\n      " << strategy->description << "\n";
            print_parameters(strategy->parameters, "      ");
        }
        std::cout << "\n";
    }
}

}  // namespace

Command add_frameworks_command(CLI::App& app) {
    auto* command = app.add_subcommand(
        "frameworks",
        "List the value frameworks, their parameters, what they value and do in each game, and each game's "
        "classic strategies");
    return {command, [] {
                print_frameworks();
                print_classic_strategies();
                return 0;
            }};
}

}  // namespace parley::cli
