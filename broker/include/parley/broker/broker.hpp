#pragma once
// The broker process: one ROUTER socket and a single-threaded loop around the
// Router. It never blocks on a peer: every send is non-blocking and bounded by
// high-water marks, so a slow or dead agent costs dropped messages, not a stall.

#include <parley/broker/router.hpp>

#include <zmq.hpp>

#include <atomic>
#include <chrono>
#include <string>
#include <vector>

namespace parley::broker {

struct BrokerConfig {
    std::string bind = "tcp://127.0.0.1:7400";
    // More endpoints on the same socket: an inproc:// one lets a client in the
    // same process (the runner of `parley run`) skip TCP and the I/O thread.
    std::vector<std::string> also_bind;
    RouterConfig router;
    std::chrono::milliseconds stats_interval{60000};  // how often counters are logged; 0 = never
    int send_high_water_mark = 10000;                 // per peer
    int receive_high_water_mark = 10000;              // per peer
};

class Broker {
public:
    Broker(zmq::context_t& context, BrokerConfig config);

    // The endpoint actually bound (with the port chosen when the bind asked for '*').
    std::string endpoint() const { return endpoint_; }

    // Serves until `stop` becomes true; checks it at least every 100 ms.
    void run(const std::atomic<bool>& stop);

    // Serves for at most `timeout`: the building block of run(), and a way to
    // embed the broker in a loop of one's own.
    void serve_for(std::chrono::milliseconds timeout);

    const Router& router() const { return router_; }

private:
    class SocketOutbox : public Outbox {
    public:
        explicit SocketOutbox(zmq::socket_t& socket) : socket_(socket) {}
        bool send(const std::string& identity, std::string_view frame) override;
        // The frame being handled: forwarding it shares its buffer (zmq_msg_copy
        // counts references) instead of copying its bytes.
        void set_received(zmq::message_t* frame) { received_ = frame; }

    private:
        zmq::socket_t& socket_;
        zmq::message_t* received_ = nullptr;
    };

    void receive_available();
    void log_stats(Clock::time_point now);

    BrokerConfig config_;
    zmq::socket_t socket_;
    SocketOutbox outbox_;
    Router router_;
    std::string endpoint_;
    Clock::time_point next_tick_;
    Clock::time_point next_stats_;
};

}  // namespace parley::broker
