// parley demo: the quickstart of the message backbone. It starts a broker,
// launches a few echo agents as separate processes, and shows the protocol at
// work: registration, directory look-up, direct messages, a session with
// fan-out, broker statistics and a clean goodbye.

#include "commands.hpp"
#include <parley/broker/embedded_broker.hpp>
#include "tool_client.hpp"

#include <parley/agents/process.hpp>
#include <parley/broker/broker.hpp>
#include <parley/protocol/json.hpp>

#include <spdlog/spdlog.h>

#include <iomanip>
#include <iostream>
#include <set>

namespace parley::cli {
namespace {

using protocol::Kind;
using Millis = std::chrono::milliseconds;

struct DemoOptions {
    int agents = 3;
    int timeout_ms = 10000;
    std::string bind = "tcp://127.0.0.1:*";
};

double elapsed_us(agents::Clock::time_point since) {
    return std::chrono::duration<double, std::micro>(agents::Clock::now() - since).count();
}

std::string text_of(const protocol::Envelope& message) {
    const auto* act = std::get_if<protocol::ActBody>(&message.body);
    return act ? protocol::dump_json(protocol::payload_to_json(act->content)) : "";
}

std::vector<agents::ChildProcess> launch_echo_agents(const std::string& endpoint, int count) {
    const auto command = agents::agent_process_command();
    std::vector<agents::ChildProcess> children;
    for (int i = 1; i <= count; ++i) {
        auto argv = command;
        argv.insert(argv.end(), {"--log-level", "warn", "--connect", endpoint, "--name", "echo-" + std::to_string(i),
                                 "--framework", "echo", "--capability", "demo"});
        children.push_back(
            agents::ChildProcess::spawn(argv, /*capture_stdout=*/false, agents::ChildLifetime::bound_to_launcher));
    }
    return children;
}

std::vector<protocol::DirectoryEntry> wait_for_agents(agents::AgentClient& client, std::size_t count, Millis timeout) {
    std::vector<protocol::DirectoryEntry> found;
    const auto deadline = agents::Clock::now() + timeout;
    protocol::DirectoryQueryBody query;
    query.framework = "echo";
    while (agents::Clock::now() < deadline) {
        auto reply = client.request(protocol::make_envelope(Kind::DirectoryQuery, client.name(), query), timeout);
        if (reply) found = std::get<protocol::DirectoryBody>(reply->body).agents;
        if (found.size() >= count) break;
        client.poll(Millis(50));  // agents are still starting: ask again shortly
    }
    return found;
}

void exchange_direct_messages(agents::AgentClient& client, const std::vector<protocol::DirectoryEntry>& agents,
                              Millis timeout) {
    std::cout << "\n2. Direct messages, each answered by its recipient:\n";
    for (const auto& agent : agents) {
        protocol::ActBody body;
        body.content = protocol::payload_from_json({{"text", "hello " + agent.name}});
        auto message = protocol::make_envelope(Kind::Message, client.name(), body);
        message.header.recipient = agent.name;
        const auto sent = agents::Clock::now();
        auto reply = client.request(message, timeout);
        if (!reply) throw std::runtime_error(agent.name + " did not answer");
        std::cout << "   demo -> " << agent.name << " -> demo  " << text_of(*reply) << "  in " << std::fixed
                  << std::setprecision(0) << elapsed_us(sent) << " us\n";
    }
}

void run_session(agents::AgentClient& client, const std::vector<protocol::DirectoryEntry>& agents, Millis timeout) {
    const std::string session = "demo-session";
    std::cout << "\n3. Session '" << session << "': invitations, joins, one message fanned out to all:\n";
    std::set<std::string> joined;
    std::vector<std::string> answers;
    client.on(Kind::SessionEvent, [&](agents::AgentClient&, const protocol::Envelope& event) {
        const auto& body = std::get<protocol::SessionEventBody>(event.body);
        std::cout << "   event: " << body.member << " " << protocol::session_event_name(body.event) << "\n";
        if (body.event == protocol::SessionEventType::Joined) joined.insert(body.member);
    });
    client.on(Kind::Inform, [&](agents::AgentClient&, const protocol::Envelope& reply) {
        answers.push_back(reply.header.sender);
        std::cout << "   " << reply.header.sender << " answered in the session: " << text_of(reply) << "\n";
    });
    for (const auto& agent : agents) {
        protocol::SessionInviteBody invite{agent.name, protocol::payload_from_json({{"role", "listener"}})};
        client.send_in_session(session, Kind::SessionInvite, invite);
    }
    if (!client.poll_until([&] { return joined.size() >= agents.size(); }, timeout)) {
        throw std::runtime_error("not every agent joined the session");
    }
    protocol::ActBody broadcast;
    broadcast.content = protocol::payload_from_json({{"text", "hello, everyone"}});
    client.send_in_session(session, Kind::Inform, broadcast);
    if (!client.poll_until([&] { return answers.size() >= agents.size(); }, timeout)) {
        throw std::runtime_error("the session broadcast was not answered by every member");
    }
    client.send_in_session(session, Kind::SessionLeave, protocol::EmptyBody{});
    client.poll(Millis(50));
}

void show_stats(agents::AgentClient& client, Millis timeout) {
    auto reply = client.request(protocol::make_envelope(Kind::StatsRequest, client.name(), protocol::EmptyBody{}),
                                timeout);
    if (!reply) throw std::runtime_error("the broker did not answer the stats request");
    const auto& stats = std::get<protocol::StatsBody>(reply->body);
    std::cout << "\n4. Broker statistics: " << stats.agents << " agents, " << stats.messages_in << " messages in, "
              << stats.messages_routed << " routed (" << stats.bytes_routed << " bytes), " << stats.dropped
              << " dropped\n";
}

int run_demo(const DemoOptions& options) {
    const Millis timeout(options.timeout_ms);
    broker::EmbeddedBroker broker(options.bind);
    std::cout << "Parley demo: broker on " << broker.endpoint() << ", launching " << options.agents
              << " echo agent processes\n";
    auto children = launch_echo_agents(broker.endpoint(), options.agents);
    auto tool = connect_tool(broker.endpoint(), "demo", timeout);
    auto& client = *tool->client;

    auto agents = wait_for_agents(client, static_cast<std::size_t>(options.agents), timeout);
    if (agents.size() < static_cast<std::size_t>(options.agents)) {
        throw std::runtime_error("only " + std::to_string(agents.size()) + " of " + std::to_string(options.agents) +
                                 " agents registered in time");
    }
    std::cout << "\n1. Directory: " << agents.size() << " agents with framework 'echo'\n";
    for (const auto& agent : agents) {
        std::cout << "   " << agent.name << "  idle " << agent.idle_ms << " ms\n";
    }
    exchange_direct_messages(client, agents, timeout);
    run_session(client, agents, timeout);
    show_stats(client, timeout);

    std::cout << "\n5. Stopping the agents: each says bye to the broker.\n";
    for (auto& child : children) child.stop();
    std::cout << "Done.\n";
    return 0;
}

}  // namespace

Command add_demo_command(CLI::App& app) {
    auto* command = app.add_subcommand("demo", "Quickstart: a broker, echo agent processes and a tour of the protocol");
    auto options = std::make_shared<DemoOptions>();
    command->add_option("--agents", options->agents, "Echo agent processes to launch")
        ->check(CLI::Range(1, 64))
        ->capture_default_str();
    command->add_option("--bind", options->bind, "Endpoint of the demo's broker")->capture_default_str();
    command->add_option("--timeout-ms", options->timeout_ms, "How long to wait for each step")
        ->check(CLI::Range(100, 600000))
        ->capture_default_str();
    return {command, [options] { return run_demo(*options); }};
}

}  // namespace parley::cli
