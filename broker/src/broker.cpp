#include <parley/broker/broker.hpp>

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cerrno>

namespace parley::broker {
namespace {

// Frames larger than this are cut by libzmq itself, which drops the connection;
// up to it, the codec reads the size and answers too_large.
std::int64_t hard_frame_cap(const protocol::Limits& limits) {
    return static_cast<std::int64_t>(limits.max_frame_bytes) * 4 + 1024;
}

// Drains at most this many messages before looking at the timers again, so a
// flood cannot starve heartbeats.
constexpr int kBatch = 512;

}  // namespace

bool Broker::SocketOutbox::send(const std::string& identity, std::string_view frame) {
    try {
        if (!socket_.send(zmq::buffer(identity), zmq::send_flags::sndmore | zmq::send_flags::dontwait)) return false;
        if (received_ != nullptr && frame.data() == received_->data<char>() && frame.size() == received_->size()) {
            zmq::message_t shared;
            shared.copy(*received_);
            return socket_.send(shared, zmq::send_flags::dontwait).has_value();
        }
        return socket_.send(zmq::buffer(frame.data(), frame.size()), zmq::send_flags::dontwait).has_value();
    } catch (const zmq::error_t& error) {
        // EHOSTUNREACH: the peer disconnected since it last spoke.
        spdlog::debug("send failed: {}", error.what());
        return false;
    }
}

Broker::Broker(zmq::context_t& context, BrokerConfig config)
    : config_(std::move(config)),
      socket_(context, zmq::socket_type::router),
      outbox_(socket_),
      router_(config_.router, outbox_) {
    socket_.set(zmq::sockopt::router_mandatory, 1);
    socket_.set(zmq::sockopt::sndhwm, config_.send_high_water_mark);
    socket_.set(zmq::sockopt::rcvhwm, config_.receive_high_water_mark);
    socket_.set(zmq::sockopt::maxmsgsize, hard_frame_cap(config_.router.limits));
    socket_.set(zmq::sockopt::linger, 0);
    socket_.bind(config_.bind);
    endpoint_ = socket_.get(zmq::sockopt::last_endpoint);
    for (const auto& endpoint : config_.also_bind) socket_.bind(endpoint);
    const auto now = Clock::now();
    next_tick_ = now + config_.router.heartbeat_interval / 2;
    next_stats_ = now + config_.stats_interval;
}

void Broker::run(const std::atomic<bool>& stop) {
    spdlog::info("broker listening on {}", endpoint_);
    while (!stop.load()) serve_for(std::chrono::milliseconds(100));
    // A broker embedded in another command keeps quiet unless asked for its counters.
    if (config_.stats_interval.count() > 0) log_stats(Clock::now());
    spdlog::debug("broker stopped");
}

void Broker::serve_for(std::chrono::milliseconds timeout) {
    const auto now = Clock::now();
    auto until_tick = std::chrono::duration_cast<std::chrono::milliseconds>(next_tick_ - now);
    auto wait = std::clamp(until_tick, std::chrono::milliseconds(0), timeout);
    zmq::pollitem_t item{socket_.handle(), 0, ZMQ_POLLIN, 0};
    int ready = 0;
    try {
        ready = zmq::poll(&item, 1, wait);
    } catch (const zmq::error_t& error) {
        if (error.num() != EINTR) throw;  // a signal: the caller checks its stop flag
    }
    if (ready > 0) receive_available();
    const auto after = Clock::now();
    if (after >= next_tick_) next_tick_ = router_.tick(after);
    if (config_.stats_interval.count() > 0 && after >= next_stats_) {
        log_stats(after);
        next_stats_ = after + config_.stats_interval;
    }
}

void Broker::receive_available() {
    // One reading of the clock for the batch: it stamps liveness, which is
    // counted in heartbeats, not in the microseconds a batch takes.
    const auto now = Clock::now();
    for (int received = 0; received < kBatch; ++received) {
        zmq::message_t identity;
        if (!socket_.recv(identity, zmq::recv_flags::dontwait)) return;
        zmq::message_t frame;
        if (!identity.more() || !socket_.recv(frame, zmq::recv_flags::dontwait)) continue;
        const std::string peer(identity.data<char>(), identity.size());
        if (frame.more()) {
            // Drain the rest of a multi-frame message before answering it.
            zmq::message_t extra;
            while (frame.more() && socket_.recv(extra, zmq::recv_flags::dontwait)) frame.swap(extra);
            router_.reject(peer, protocol::ErrorCode::ProtocolViolation,
                           "a message is exactly one frame (SPEC.md, Framing)", now);
            continue;
        }
        outbox_.set_received(&frame);
        router_.handle(peer, std::string_view(frame.data<char>(), frame.size()), now);
        outbox_.set_received(nullptr);
    }
}

void Broker::log_stats(Clock::time_point now) {
    const auto stats = router_.stats(now);
    std::uint64_t errors = 0;
    for (const auto& [code, count] : stats.errors) errors += count;
    spdlog::info("stats: {} agents, {} sessions, {} messages in, {} routed ({} bytes), {} dropped, {} errors",
                 stats.agents, stats.sessions, stats.messages_in, stats.messages_routed, stats.bytes_routed,
                 stats.dropped, errors);
}

}  // namespace parley::broker
