#include "cluster.hpp"

#include <parley/protocol/json.hpp>

#include <sys/wait.h>

#include <stdexcept>

namespace parley::testing {

BrokerProcess start_broker(const std::string& bind, int heartbeat_ms, int liveness,
                           const std::vector<std::string>& extra) {
    std::vector<std::string> argv{PARLEY_EXECUTABLE, "--log-level", "warn", "broker",
                                  "--bind", bind.empty() ? "tcp://127.0.0.1:*" : bind,
                                  "--heartbeat-ms", std::to_string(heartbeat_ms),
                                  "--liveness", std::to_string(liveness), "--stats-interval", "0"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    auto process = agents::ChildProcess::spawn(argv, /*capture_stdout=*/true);
    auto line = process.read_line(kPatience);
    const std::string prefix = "listening on ";
    if (!line || line->rfind(prefix, 0) != 0) throw std::runtime_error("the broker did not start");
    return {std::move(process), line->substr(prefix.size())};
}

agents::ChildProcess start_agent(const std::string& endpoint, const std::string& name, const std::string& framework,
                                 const std::vector<std::string>& extra) {
    std::vector<std::string> argv{PARLEY_EXECUTABLE, "--log-level", "warn", "agent", "--connect", endpoint,
                                  "--name", name, "--framework", framework};
    argv.insert(argv.end(), extra.begin(), extra.end());
    return agents::ChildProcess::spawn(argv);
}

CommandResult run_parley(const std::vector<std::string>& args, std::chrono::milliseconds timeout) {
    std::vector<std::string> argv{PARLEY_EXECUTABLE};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_command(argv, timeout);
}

CommandResult run_command(const std::vector<std::string>& argv, std::chrono::milliseconds timeout) {
    auto process = agents::ChildProcess::spawn(argv, /*capture_stdout=*/true);
    CommandResult result;
    const auto deadline = agents::Clock::now() + timeout;
    while (auto line = process.read_line(std::chrono::duration_cast<std::chrono::milliseconds>(
               deadline - agents::Clock::now()))) {
        result.output += *line + "\n";
    }
    auto status = process.wait(std::chrono::duration_cast<std::chrono::milliseconds>(
        std::max(deadline - agents::Clock::now(), agents::Clock::duration(0))));
    if (status && WIFEXITED(*status)) result.exit_code = WEXITSTATUS(*status);
    return result;
}

RecordingClient::RecordingClient(const std::string& endpoint, const std::string& name, const std::string& framework,
                                 std::vector<std::string> capabilities) {
    agents::ClientOptions options;
    options.endpoint = endpoint;
    options.name = name;
    options.framework = framework;
    options.capabilities = std::move(capabilities);
    options.heartbeat_interval = 100ms;
    options.reconnect_min = 50ms;
    options.reconnect_max = 500ms;
    client_ = std::make_unique<agents::AgentClient>(context_, options);
    client_->on_other([this](agents::AgentClient&, const protocol::Envelope& envelope) {
        received_.push_back(envelope);
    });
    client_->start();
}

bool RecordingClient::wait_ready(std::chrono::milliseconds timeout) {
    return client_->poll_until([this] { return client_->ready(); }, timeout);
}

std::optional<protocol::Envelope> RecordingClient::wait_for(
    const std::function<bool(const protocol::Envelope&)>& match, std::chrono::milliseconds timeout) {
    std::optional<protocol::Envelope> found;
    auto take = [&] {
        for (auto it = received_.begin(); it != received_.end(); ++it) {
            if (match(*it)) {
                found = std::move(*it);
                received_.erase(it);
                return true;
            }
        }
        return false;
    };
    client_->poll_until(take, timeout);
    return found;
}

std::optional<protocol::Envelope> RecordingClient::wait_for_kind(protocol::Kind kind,
                                                                 std::chrono::milliseconds timeout) {
    return wait_for([kind](const protocol::Envelope& envelope) { return envelope.header.kind == kind; }, timeout);
}

std::optional<protocol::Envelope> RecordingClient::request(protocol::Envelope envelope,
                                                           std::chrono::milliseconds timeout) {
    return client_->request(std::move(envelope), timeout);
}

std::vector<protocol::DirectoryEntry> RecordingClient::directory(protocol::DirectoryQueryBody query) {
    auto reply = request(protocol::make_envelope(protocol::Kind::DirectoryQuery, client_->name(), std::move(query)));
    if (!reply) throw std::runtime_error("no directory answer");
    return std::get<protocol::DirectoryBody>(reply->body).agents;
}

bool RecordingClient::wait_for_agents(std::size_t count, protocol::DirectoryQueryBody query,
                                      std::chrono::milliseconds timeout) {
    const auto deadline = agents::Clock::now() + timeout;
    while (agents::Clock::now() < deadline) {
        if (directory(query).size() >= count) return true;
        client_->poll(20ms);  // the agents are still starting: look again shortly
    }
    return false;
}

protocol::ActBody text_body(const std::string& text) {
    protocol::ActBody body;
    body.content = protocol::payload_from_json(text);
    return body;
}

std::string text_of(const protocol::Envelope& envelope) {
    const auto* act = std::get_if<protocol::ActBody>(&envelope.body);
    if (act == nullptr) return {};
    auto json = protocol::payload_to_json(act->content);
    return json.is_string() ? json.get<std::string>() : protocol::dump_json(json);
}

}  // namespace parley::testing
