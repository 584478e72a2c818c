#pragma once
// Real processes for integration tests: a broker on 127.0.0.1 with a port the
// kernel picks, agent processes, and an in-process client that records what it
// receives. Every wait is for an event, bounded by a generous ceiling.

#include <parley/agents/client.hpp>
#include <parley/agents/process.hpp>
#include <parley/protocol/message.hpp>

#include <chrono>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace parley::testing {

using namespace std::chrono_literals;

// The ceiling on any single wait: generous, since CI machines are slow; a
// passing test never waits this long.
inline constexpr std::chrono::milliseconds kPatience = 20s;

struct BrokerProcess {
    agents::ChildProcess process;
    std::string endpoint;
};

// Starts `parley broker` and waits for its "listening on" line. With an empty
// `bind`, the kernel picks a free port on 127.0.0.1.
BrokerProcess start_broker(const std::string& bind = {}, int heartbeat_ms = 100, int liveness = 3,
                           const std::vector<std::string>& extra = {});

agents::ChildProcess start_agent(const std::string& endpoint, const std::string& name,
                                 const std::string& framework = "echo", const std::vector<std::string>& extra = {});

struct CommandResult {
    int exit_code = -1;  // -1: killed after the timeout
    std::string output;  // standard output
};

// Runs `parley ARGS...` to its end and collects its standard output.
CommandResult run_parley(const std::vector<std::string>& args, std::chrono::milliseconds timeout = kPatience);
// Runs `argv[0] ARGS...` the same way.
CommandResult run_command(const std::vector<std::string>& argv, std::chrono::milliseconds timeout = kPatience);

// An agent inside the test process that keeps every message it receives.
class RecordingClient {
public:
    RecordingClient(const std::string& endpoint, const std::string& name, const std::string& framework = "test",
                    std::vector<std::string> capabilities = {});

    agents::AgentClient& client() { return *client_; }
    // Waits for the welcome.
    bool wait_ready(std::chrono::milliseconds timeout = kPatience);
    // The first received message that satisfies `match`, removed from the record.
    std::optional<protocol::Envelope> wait_for(const std::function<bool(const protocol::Envelope&)>& match,
                                               std::chrono::milliseconds timeout = kPatience);
    std::optional<protocol::Envelope> wait_for_kind(protocol::Kind kind, std::chrono::milliseconds timeout = kPatience);
    // Sends and waits for the reply.
    std::optional<protocol::Envelope> request(protocol::Envelope envelope, std::chrono::milliseconds timeout = kPatience);
    std::vector<protocol::DirectoryEntry> directory(protocol::DirectoryQueryBody query = {});
    // Polls the directory until `count` agents match `query`.
    bool wait_for_agents(std::size_t count, protocol::DirectoryQueryBody query = {},
                         std::chrono::milliseconds timeout = kPatience);
    std::deque<protocol::Envelope>& received() { return received_; }

private:
    zmq::context_t context_{1};
    std::unique_ptr<agents::AgentClient> client_;
    std::deque<protocol::Envelope> received_;
};

// An ActBody whose content is the given text, and the text back.
protocol::ActBody text_body(const std::string& text);
std::string text_of(const protocol::Envelope& envelope);

}  // namespace parley::testing
