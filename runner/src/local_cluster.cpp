#include <parley/runner/local_cluster.hpp>

#include <spdlog/spdlog.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>

#include <csignal>
#include <set>
#include <stdexcept>

namespace parley::runner {

namespace asio = boost::asio;
using boost::system::error_code;
using protocol::Kind;

// The cluster's waits, run without blocking by supervise(): the runner's loop
// already wakes often, and its sockets are ZeroMQ's.
struct LocalCluster::Events {
    asio::io_context io;
};

struct LocalCluster::Slot {
    Slot(asio::io_context& io, std::string framework_name, std::string slot_name, agents::ChildProcess child)
        : framework(std::move(framework_name)), base_name(slot_name), name(std::move(slot_name)),
          process(std::move(child)), end(io), backoff(io) {}
    Slot(const Slot&) = delete;
    Slot& operator=(const Slot&) = delete;
    ~Slot() { end.release(); }  // the descriptor is the process's own: it closes it

    std::string framework;
    std::string base_name;  // "<framework>-<k>"
    std::string name;       // of the process now in the slot
    agents::ChildProcess process;
    std::size_t restarts = 0;
    bool replacing = false;        // a replacement is scheduled
    bool due = false;              // its back-off is over: it starts at the next supervise()
    std::uint64_t generation = 0;  // of the process watched: the end of an earlier one is ignored
    asio::posix::stream_descriptor end;  // readable once the process has ended
    asio::steady_timer backoff;
};

namespace {

std::vector<protocol::DirectoryEntry> directory(agents::AgentClient& client, protocol::DirectoryQueryBody query,
                                                std::chrono::milliseconds timeout) {
    auto reply = client.request(protocol::make_envelope(Kind::DirectoryQuery, client.name(), std::move(query)), timeout);
    if (!reply || reply->header.kind != Kind::Directory) throw std::runtime_error("the broker did not answer");
    return std::get<protocol::DirectoryBody>(reply->body).agents;
}

}  // namespace

LocalCluster::LocalCluster(const std::string& endpoint, const std::map<std::string, std::size_t>& count,
                           const std::string& log_level, RestartPolicy policy)
    : options_{"--log-level", log_level, "--connect", endpoint}, policy_(policy), events_(std::make_unique<Events>()) {
    for (const auto& [framework, how_many] : count) {
        for (std::size_t k = 1; k <= how_many; ++k) {
            auto name = framework + "-" + std::to_string(k);
            slots_.push_back(std::make_unique<Slot>(events_->io, framework, name, launch(framework, name)));
            watch_end(*slots_.back());
            pool_[framework].push_back(std::move(name));
        }
    }
    spdlog::info("launched {} agent processes", slots_.size());
}

LocalCluster::~LocalCluster() {
    for (auto& slot : slots_) slot->process.send_signal(SIGTERM);
    for (auto& slot : slots_) slot->process.stop();
}

agents::ChildProcess LocalCluster::launch(const std::string& framework, const std::string& name) const {
    // Each framework's own executable: the learned ones run in parley-learned.
    auto argv = agents::agent_process_command(framework);
    argv.insert(argv.end(), options_.begin(), options_.end());
    argv.insert(argv.end(), {"--name", name, "--framework", framework});
    return agents::ChildProcess::spawn(argv, /*capture_stdout=*/false, agents::ChildLifetime::bound_to_launcher);
}

LocalCluster::Slot* LocalCluster::slot_of(const std::string& agent) {
    for (auto& slot : slots_) {
        if (slot->name == agent) return slot.get();
    }
    return nullptr;
}

void LocalCluster::watch_end(Slot& slot) {
    const int descriptor = slot.process.exit_descriptor();
    if (descriptor < 0) return;  // no pidfd: supervise() asks the process instead
    slot.end.assign(descriptor);
    slot.end.async_wait(asio::posix::descriptor_base::wait_read,
                        [this, &slot, generation = slot.generation](const error_code& error) {
                            if (!error && generation == slot.generation) ended(slot);
                        });
}

void LocalCluster::ended(Slot& slot) {
    // An agent that ended by itself is lost as surely as one the broker gave up on.
    if (slot.replacing || slot.restarts >= policy_.restarts) return;
    spdlog::warn("agent '{}' ended (status {})", slot.name, slot.process.wait(std::chrono::milliseconds(0)).value_or(-1));
    schedule_restart(slot);
}

void LocalCluster::lost(const std::string& agent) {
    Slot* slot = slot_of(agent);
    if (slot == nullptr || slot->replacing) return;
    // A hung process (stopped, or looping) still runs: it is ended, whatever it was doing.
    slot->process.send_signal(SIGKILL);
    schedule_restart(*slot);
}

bool LocalCluster::will_replace(const std::string& agent) const {
    for (const auto& slot : slots_) {
        if (slot->name == agent) return slot->replacing;
    }
    return false;
}

void LocalCluster::schedule_restart(Slot& slot) {
    if (slot.restarts >= policy_.restarts) {
        spdlog::error("agent '{}' was lost after {} restarts; its slot stays empty", slot.name, slot.restarts);
        return;
    }
    auto backoff = policy_.first_backoff;
    for (std::size_t i = 0; i < slot.restarts && backoff < policy_.max_backoff; ++i) backoff *= 2;
    slot.replacing = true;
    slot.backoff.expires_after(std::min(backoff, policy_.max_backoff));
    slot.backoff.async_wait([&slot](const error_code& error) {
        if (!error) slot.due = true;
    });
}

void LocalCluster::replace(Slot& slot, std::vector<Replacement>& started) {
    slot.process.stop(std::chrono::milliseconds(0));  // reaps it; it was killed or had ended
    slot.end.release();                               // its pidfd closes with it
    ++slot.generation;
    ++slot.restarts;
    auto name = slot.base_name + "-r" + std::to_string(slot.restarts);
    slot.process = launch(slot.framework, name);
    slot.replacing = slot.due = false;
    watch_end(slot);
    spdlog::warn("agent '{}' replaced by '{}' (restart {} of {})", slot.name, name, slot.restarts, policy_.restarts);
    started.push_back(Replacement{slot.framework, slot.name, name});
    slot.name = std::move(name);
}

std::vector<AgentSupervisor::Replacement> LocalCluster::supervise(agents::Clock::time_point) {
    // The ends and back-offs that are over run their handlers here, without waiting.
    events_->io.restart();
    events_->io.poll();
    std::vector<Replacement> started;
    for (auto& slot : slots_) {
        if (slot->process.exit_descriptor() < 0 && !slot->process.running()) ended(*slot);
        if (slot->due) replace(*slot, started);
    }
    return started;
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

}  // namespace parley::runner
