// parley agent: run one agent process with a registered behaviour.

#include "commands.hpp"

#include <parley/agents/action_policy.hpp>
#include <parley/agents/behaviour.hpp>
#include <parley/agents/framework.hpp>

#include <spdlog/spdlog.h>

#include <iostream>

namespace parley::cli {
namespace {

agents::Parameters parse_parameters(const std::vector<std::string>& items) {
    agents::Parameters parameters;
    for (const auto& item : items) {
        auto equals = item.find('=');
        if (equals == std::string::npos || equals == 0) {
            throw CLI::ValidationError("--param", "expected KEY=VALUE, got '" + item + "'");
        }
        parameters[item.substr(0, equals)] = item.substr(equals + 1);
    }
    return parameters;
}

std::string behaviour_names() {
    std::string names;
    for (const auto* info : agents::BehaviourRegistry::builtin().list()) names += (names.empty() ? "" : ", ") + info->name;
    return names;
}

// The options of this agent for the executable that hosts its framework.
std::vector<std::string> host_arguments(const agents::ClientOptions& options, const std::vector<std::string>& parameters) {
    // The level names of --log-level: spdlog's, but "warn" for its "warning" and no "critical".
    const auto level = spdlog::get_level();
    const std::string level_name = level == spdlog::level::warn       ? "warn"
                                   : level == spdlog::level::critical ? "error"
                                                                      : std::string(spdlog::level::to_string_view(level).data(),
                                                                                    spdlog::level::to_string_view(level).size());
    std::vector<std::string> arguments{"agent", "--log-level", level_name, "--connect", options.endpoint, "--name", options.name, "--framework", options.framework};
    for (const auto& capability : options.capabilities) arguments.insert(arguments.end(), {"--capability", capability});
    for (const auto& parameter : parameters) arguments.insert(arguments.end(), {"--param", parameter});
    return arguments;
}

}  // namespace

std::function<int()> add_agent_options(CLI::App& command) {
    auto options = std::make_shared<agents::ClientOptions>();
    auto parameters = std::make_shared<std::vector<std::string>>();
    options->framework = "echo";
    command.add_option("--connect", options->endpoint, "Broker endpoint")->capture_default_str();
    command.add_option("--name", options->name, "Agent name, unique on the broker")->required();
    command.add_option("--framework", options->framework, "Behaviour to run (" + behaviour_names() + ")")
        ->capture_default_str();
    command.add_option("--capability", options->capabilities, "A capability to advertise (repeatable)");
    command.add_option("--param", *parameters, "A behaviour parameter KEY=VALUE (repeatable)");

    return [options, parameters] {
        const auto* info = agents::BehaviourRegistry::builtin().find(options->framework);
        if (info == nullptr) {
            spdlog::error("unknown framework '{}'; known: {}", options->framework, behaviour_names());
            return 2;
        }
        // A framework hosted by another executable (the learned ones, which
        // need LibTorch) is handed over to it, with the same options.
        if (const auto* framework = agents::FrameworkRegistry::global().find(options->framework);
            framework != nullptr && !framework->host.empty() && !agents::has_policy_loader()) {
            return hand_over(framework->host, host_arguments(*options, *parameters));
        }
        auto behaviour = info->make(parse_parameters(*parameters));
        zmq::context_t context(1);
        agents::AgentClient client(context, *options);
        behaviour->attach(client);
        client.start();
        client.run(stop_requested());
        client.close();
        spdlog::info("agent '{}' stopped", options->name);
        return 0;
    };
}

Command add_agent_command(CLI::App& app) {
    auto* command = app.add_subcommand("agent", "Run one agent process connected to a broker");
    return {command, add_agent_options(*command)};
}

}  // namespace parley::cli
