#pragma once
// A short-lived client for command-line tools that ask the broker something.

#include <parley/agents/client.hpp>

#include <chrono>
#include <memory>
#include <string>

namespace parley::cli {

struct ToolClient {
    zmq::context_t context{1};
    std::unique_ptr<agents::AgentClient> client;
};

// Connects under a name of its own and waits for the welcome; throws a
// std::runtime_error naming the endpoint if no broker answers in time.
std::unique_ptr<ToolClient> connect_tool(const std::string& endpoint, const std::string& role,
                                         std::chrono::milliseconds timeout);

}  // namespace parley::cli
