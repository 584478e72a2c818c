#pragma once
// A broker on a thread of this process, for commands that need one of their
// own (`parley demo`, `parley run` without --broker). The agents it serves are
// still separate processes.

#include <parley/broker/broker.hpp>

#include <atomic>
#include <optional>
#include <string>
#include <thread>

namespace parley::cli {

class EmbeddedBroker {
public:
    explicit EmbeddedBroker(const std::string& bind) {
        broker::BrokerConfig config;
        config.bind = bind;
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

private:
    zmq::context_t context_{1};
    std::optional<broker::Broker> broker_;
    std::atomic<bool> stop_{false};
    std::thread thread_;
};

}  // namespace parley::cli
