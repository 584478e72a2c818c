#include "local_cluster.hpp"

#include <spdlog/spdlog.h>

#include <csignal>
#include <set>
#include <stdexcept>

namespace parley::cli {

using protocol::Kind;

namespace {

std::vector<protocol::DirectoryEntry> directory(agents::AgentClient& client, protocol::DirectoryQueryBody query,
                                                std::chrono::milliseconds timeout) {
    auto reply = client.request(protocol::make_envelope(Kind::DirectoryQuery, client.name(), std::move(query)), timeout);
    if (!reply || reply->header.kind != Kind::Directory) throw std::runtime_error("the broker did not answer");
    return std::get<protocol::DirectoryBody>(reply->body).agents;
}

}  // namespace

LocalCluster::LocalCluster(const std::string& endpoint, const std::map<std::string, std::size_t>& count,
                           const std::string& log_level) {
    const auto command = agents::agent_process_command();
    for (const auto& [framework, how_many] : count) {
        for (std::size_t k = 1; k <= how_many; ++k) {
            auto name = framework + "-" + std::to_string(k);
            auto argv = command;
            argv.insert(argv.end(), {"--log-level", log_level, "--connect", endpoint, "--name", name, "--framework",
                                     framework});
            processes_.push_back(agents::ChildProcess::spawn(argv));
            pool_[framework].push_back(std::move(name));
        }
    }
    spdlog::info("launched {} agent processes", processes_.size());
}

LocalCluster::~LocalCluster() {
    for (auto& process : processes_) process.send_signal(SIGTERM);
    for (auto& process : processes_) process.stop();
}

void wait_for_agents(agents::AgentClient& client, const AgentPool& pool, std::chrono::milliseconds timeout) {
    std::set<std::string> missing;
    for (const auto& [framework, names] : pool) missing.insert(names.begin(), names.end());
    const auto deadline = agents::Clock::now() + timeout;
    while (!missing.empty()) {
        for (const auto& entry : directory(client, {}, timeout)) missing.erase(entry.name);
        if (missing.empty()) return;
        if (agents::Clock::now() >= deadline) {
            throw std::runtime_error("agents did not register in time: " + *missing.begin() +
                                     (missing.size() > 1 ? " and " + std::to_string(missing.size() - 1) + " more" : ""));
        }
        client.poll(std::chrono::milliseconds(20));  // they are still starting: ask again shortly
    }
}

AgentPool discover_agents(agents::AgentClient& client, const std::map<std::string, std::size_t>& needed,
                          std::chrono::milliseconds timeout) {
    AgentPool pool;
    for (const auto& [framework, count] : needed) {
        protocol::DirectoryQueryBody query;
        query.framework = framework;
        for (const auto& entry : directory(client, query, timeout)) pool[framework].push_back(entry.name);
        if (pool[framework].size() < count) {
            throw std::runtime_error("the broker has " + std::to_string(pool[framework].size()) + " agent(s) of framework '" +
                                     framework + "', the scenario needs " + std::to_string(count));
        }
    }
    return pool;
}

}  // namespace parley::cli
