#pragma once
// A broker on a thread of this process, for commands that need one of their
// own (`parley demo`, `parley run` without --broker). The agents it serves are
// still separate processes and connect to endpoint(); a client of this process
// connects to local_endpoint() through context(): inproc, with no TCP and no
// I/O thread on its half of every message.

#include <parley/broker/broker.hpp>

#include <atomic>
#include <optional>
#include <string>
#include <thread>

namespace parley::broker {

class EmbeddedBroker {
public:
    explicit EmbeddedBroker(const std::string& bind) {
        BrokerConfig config;
        config.bind = bind;
        config.also_bind = {local_endpoint()};
        config.stats_interval = std::chrono::milliseconds(0);
        broker_.emplace(context_, config);
        thread_ = std::thread([this] { broker_->run(stop_); });
    }
    ~EmbeddedBroker() {
        stop_ = true;
        thread_.join();
    }
    EmbeddedBroker(const EmbeddedBroker&) = delete;
    EmbeddedBroker& operator=(const EmbeddedBroker&) = delete;

    std::string endpoint() const { return broker_->endpoint(); }
    // Unique within the process: the context is this broker's own.
    static std::string local_endpoint() { return "inproc://parley-embedded-broker"; }
    zmq::context_t& context() { return context_; }

private:
    zmq::context_t context_{1};
    std::optional<Broker> broker_;
    std::atomic<bool> stop_{false};
    std::thread thread_;
};

}  // namespace parley::broker
