// parley directory, parley stats: ask a running broker.

#include "commands.hpp"
#include "tool_client.hpp"

#include <parley/protocol/json.hpp>

#include <unistd.h>

#include <iostream>
#include <stdexcept>

namespace parley::cli {

using protocol::Kind;

std::unique_ptr<ToolClient> connect_tool(const std::string& endpoint, const std::string& role,
                                         std::chrono::milliseconds timeout) {
    auto tool = std::make_unique<ToolClient>();
    agents::ClientOptions options;
    options.endpoint = endpoint;
    options.name = "parley-" + role + "-" + std::to_string(::getpid());
    options.framework = "tool";
    tool->client = std::make_unique<agents::AgentClient>(tool->context, options);
    tool->client->start();
    if (!tool->client->poll_until([&] { return tool->client->ready(); }, timeout)) {
        throw std::runtime_error("no broker answered at " + endpoint + " within " + std::to_string(timeout.count()) +
                                 " ms");
    }
    return tool;
}

namespace {

protocol::Envelope ask(agents::AgentClient& client, Kind kind, protocol::Body body, std::chrono::milliseconds timeout) {
    auto reply = client.request(protocol::make_envelope(kind, client.name(), std::move(body)), timeout);
    if (!reply) throw std::runtime_error("the broker did not answer in time");
    if (const auto* error = std::get_if<protocol::ErrorBody>(&reply->body)) {
        throw std::runtime_error("the broker refused: " + error->text);
    }
    return *reply;
}

struct BrokerQueryOptions {
    std::string endpoint = "tcp://127.0.0.1:7400";
    int timeout_ms = 5000;
    bool json = false;
};

void add_query_options(CLI::App* command, BrokerQueryOptions& options) {
    command->add_option("--connect", options.endpoint, "Broker endpoint")->capture_default_str();
    command->add_option("--timeout-ms", options.timeout_ms, "How long to wait for the broker")
        ->check(CLI::Range(1, 3600000))
        ->capture_default_str();
    command->add_flag("--json", options.json, "Print the broker's answer as JSON");
}

}  // namespace

Command add_directory_command(CLI::App& app) {
    auto* command = app.add_subcommand("directory", "List the agents registered with a broker");
    auto options = std::make_shared<BrokerQueryOptions>();
    auto query = std::make_shared<protocol::DirectoryQueryBody>();
    add_query_options(command, *options);
    command->add_option("--framework", query->framework, "Only agents of this framework");
    command->add_option("--capability", query->capability, "Only agents with this capability");
    return {command, [options, query] {
                const std::chrono::milliseconds timeout(options->timeout_ms);
                auto tool = connect_tool(options->endpoint, "directory", timeout);
                auto reply = ask(*tool->client, Kind::DirectoryQuery, *query, timeout);
                if (options->json) {
                    std::cout << protocol::dump_json(protocol::to_json(reply)["body"], 2) << "\n";
                    return 0;
                }
                auto agents = std::get<protocol::DirectoryBody>(reply.body).agents;
                std::erase_if(agents, [&](const auto& agent) { return agent.name == tool->client->name(); });
                std::cout << agents.size() << " agent(s)\n";
                for (const auto& agent : agents) {
                    std::cout << "  " << agent.name << "  framework=" << agent.framework << "  idle=" << agent.idle_ms
                              << "ms";
                    for (const auto& capability : agent.capabilities) std::cout << "  +" << capability;
                    std::cout << "\n";
                }
                return 0;
            }};
}

Command add_stats_command(CLI::App& app) {
    auto* command = app.add_subcommand("stats", "Print the counters of a running broker");
    auto options = std::make_shared<BrokerQueryOptions>();
    add_query_options(command, *options);
    return {command, [options] {
                const std::chrono::milliseconds timeout(options->timeout_ms);
                auto tool = connect_tool(options->endpoint, "stats", timeout);
                auto reply = ask(*tool->client, Kind::StatsRequest, protocol::EmptyBody{}, timeout);
                std::cout << protocol::dump_json(protocol::to_json(reply)["body"], options->json ? 2 : -1) << "\n";
                return 0;
            }};
}

}  // namespace parley::cli
