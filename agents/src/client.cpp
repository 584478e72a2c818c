#include <parley/agents/client.hpp>

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cerrno>
#include <random>
#include <thread>
#include <utility>

namespace parley::agents {

using protocol::Envelope;
using protocol::ErrorCode;
using protocol::Kind;

namespace {

// Identifies this process to the broker, so that after a reconnect it may take
// back its own name while another process may not.
std::string random_instance() {
    std::random_device device;
    std::uniform_int_distribution<std::uint32_t> digit(0, 15);
    std::string token;
    for (int i = 0; i < 16; ++i) token += "0123456789abcdef"[digit(device)];
    return token;
}

std::chrono::milliseconds until(Clock::time_point when, Clock::time_point now) {
    return std::max(std::chrono::milliseconds(0), std::chrono::duration_cast<std::chrono::milliseconds>(when - now));
}

}  // namespace

AgentClient::AgentClient(zmq::context_t& context, ClientOptions options)
    : context_(context),
      options_(std::move(options)),
      instance_(random_instance()),
      heartbeat_interval_(options_.heartbeat_interval),
      liveness_(options_.liveness),
      backoff_(options_.reconnect_min) {}

AgentClient::~AgentClient() {
    try {
        close();
    } catch (const std::exception& error) {
        spdlog::debug("closing agent '{}': {}", options_.name, error.what());
    }
}

void AgentClient::on(Kind kind, Handler handler) { handlers_[kind] = std::move(handler); }
void AgentClient::on_other(Handler handler) { fallback_ = std::move(handler); }
void AgentClient::on_state(std::function<void(ConnectionState)> listener) { state_listener_ = std::move(listener); }

void AgentClient::start() {
    open_socket();
    send_register();
}

void AgentClient::open_socket() {
    socket_.emplace(context_, zmq::socket_type::dealer);
    socket_->set(zmq::sockopt::linger, 0);
    socket_->set(zmq::sockopt::sndhwm, 10000);
    socket_->set(zmq::sockopt::rcvhwm, 10000);
    socket_->set(zmq::sockopt::maxmsgsize, static_cast<std::int64_t>(options_.limits.max_frame_bytes) * 4 + 1024);
    socket_->set(zmq::sockopt::reconnect_ivl, static_cast<int>(options_.reconnect_min.count()));
    socket_->connect(options_.endpoint);
    last_heard_ = Clock::now();
}

void AgentClient::send_register() {
    protocol::RegisterBody body{options_.framework, options_.capabilities, instance_};
    auto envelope = protocol::make_envelope(Kind::Register, options_.name, std::move(body));
    envelope.header.id = register_id_ = next_id_++;
    set_state(ConnectionState::Registering);
    transmit(envelope);
}

void AgentClient::reconnect(const char* why) {
    spdlog::warn("agent '{}': {}; reconnecting in {} ms", options_.name, why, backoff_.count());
    socket_.reset();
    set_state(ConnectionState::Disconnected);
    retry_at_ = Clock::now() + backoff_;
    backoff_ = std::min(backoff_ * 2, options_.reconnect_max);
}

void AgentClient::set_state(ConnectionState state) {
    if (state == state_) return;
    state_ = state;
    if (state_listener_) state_listener_(state);
}

void AgentClient::check_timers(Clock::time_point now) {
    const auto silence_limit = heartbeat_interval_ * liveness_;
    switch (state_) {
        case ConnectionState::Disconnected:
            if (now >= retry_at_) start();
            break;
        case ConnectionState::Registering:
            if (now - last_heard_ > silence_limit) reconnect("no welcome from the broker");
            break;
        case ConnectionState::Ready:
            if (now - last_heard_ > silence_limit) {
                reconnect("the broker went silent");
            } else {
                keep_alive();
            }
            break;
    }
}

void AgentClient::keep_alive() {
    if (state_ != ConnectionState::Ready || Clock::now() - last_sent_ < heartbeat_interval_) return;
    auto beat = protocol::make_envelope(Kind::Heartbeat, options_.name, protocol::EmptyBody{});
    beat.header.id = next_id_++;
    transmit(beat);
}

int AgentClient::poll(std::chrono::milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    while (true) {
        auto now = Clock::now();
        check_timers(now);
        // Wake up in time for the next heartbeat or retry, whatever the caller's timeout.
        const auto timer_step = std::max(std::chrono::milliseconds(1), heartbeat_interval_ / 4);
        auto wait = std::min(until(deadline, now), timer_step);
        if (state_ == ConnectionState::Disconnected) wait = std::min(wait, until(retry_at_, now));
        int received = 0;
        if (socket_) {
            zmq::pollitem_t item{socket_->handle(), 0, ZMQ_POLLIN, 0};
            int ready = 0;
            try {
                ready = zmq::poll(&item, 1, wait);
            } catch (const zmq::error_t& error) {
                if (error.num() != EINTR) throw;
                return 0;  // a signal: let the caller look at its stop flag
            }
            if (ready > 0) received = receive_available();
        } else {
            std::this_thread::sleep_for(wait);  // disconnected: nothing to wait on but the retry time
        }
        if (received > 0 || Clock::now() >= deadline) return received;
    }
}

void AgentClient::run(const std::atomic<bool>& stop) {
    // poll() wakes for heartbeats and retries by itself, and returns at once on
    // a signal (the usual way `stop` is set): a long timeout keeps idle agents
    // asleep, which matters with a thousand of them on one machine.
    while (!stop.load()) poll(std::chrono::seconds(1));
}

bool AgentClient::poll_until(const std::function<bool()>& done, std::chrono::milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    while (!done()) {
        const auto now = Clock::now();
        if (now >= deadline) return false;
        poll(until(deadline, now));
    }
    return true;
}

std::uint64_t AgentClient::send(Envelope envelope) {
    envelope.header.sender = options_.name;
    envelope.header.id = next_id_++;
    const auto id = envelope.header.id;
    if (state_ == ConnectionState::Ready) {
        transmit(envelope);
    } else {
        last_frame_sent_ = {};
        if (pending_.size() >= options_.max_pending) {
            spdlog::warn("agent '{}': not connected and {} messages waiting; dropping the oldest", options_.name,
                         pending_.size());
            pending_.pop_front();
        }
        pending_.push_back(std::move(envelope));
    }
    return id;
}

std::uint64_t AgentClient::send_to(const std::string& recipient, Kind kind, protocol::Body body) {
    auto envelope = protocol::make_envelope(kind, options_.name, std::move(body));
    envelope.header.recipient = recipient;
    return send(std::move(envelope));
}

std::uint64_t AgentClient::send_in_session(const std::string& session, Kind kind, protocol::Body body,
                                           const std::string& recipient) {
    auto envelope = protocol::make_envelope(kind, options_.name, std::move(body));
    envelope.header.session = session;
    envelope.header.recipient = recipient;
    return send(std::move(envelope));
}

std::uint64_t AgentClient::reply(const Envelope& to, Kind kind, protocol::Body body) {
    auto envelope = protocol::make_envelope(kind, options_.name, std::move(body));
    envelope.header.recipient = to.header.sender;
    envelope.header.session = to.header.session;
    envelope.header.in_reply_to = to.header.id;
    return send(std::move(envelope));
}

std::optional<Envelope> AgentClient::request(Envelope envelope, std::chrono::milliseconds timeout) {
    awaited_.reset();
    awaited_from_ = envelope.header.recipient;
    awaited_reply_ = send(std::move(envelope));
    poll_until([this] { return awaited_.has_value(); }, timeout);
    awaited_reply_.reset();
    auto reply = std::move(awaited_);
    awaited_.reset();
    return reply;
}

void AgentClient::close() {
    if (!socket_) return;
    if (state_ == ConnectionState::Ready) {
        auto bye = protocol::make_envelope(Kind::Bye, options_.name, protocol::EmptyBody{});
        bye.header.id = next_id_++;
        socket_->set(zmq::sockopt::linger, 200);  // give the bye a moment to leave
        transmit(bye);
    }
    socket_.reset();
    set_state(ConnectionState::Disconnected);
}

bool AgentClient::transmit(const Envelope& envelope) {
    // The view is taken back first: the buffer it points into is written again.
    last_frame_sent_ = {};
    if (!socket_) return false;
    protocol::encode_into(envelope, send_buffer_);
    try {
        if (!socket_->send(zmq::buffer(send_buffer_), zmq::send_flags::dontwait)) {
            spdlog::warn("agent '{}': outgoing queue full, {} dropped", options_.name,
                         protocol::kind_name(envelope.header.kind));
            return false;
        }
    } catch (const zmq::error_t& error) {
        spdlog::warn("agent '{}': send failed: {}", options_.name, error.what());
        return false;
    }
    last_sent_ = Clock::now();
    last_frame_sent_ = send_buffer_;
    return true;
}

void AgentClient::flush_pending() {
    while (!pending_.empty() && state_ == ConnectionState::Ready) {
        transmit(pending_.front());
        pending_.pop_front();
    }
}

int AgentClient::receive_available() {
    int received = 0;
    zmq::message_t frame;
    // A handler may reconnect, which replaces the socket: check it every time.
    while (socket_) {
        if (!socket_->recv(frame, zmq::recv_flags::dontwait)) break;
        // Liveness is counted in heartbeats: the time of the first message of a batch will do.
        if (received == 0) last_heard_ = Clock::now();
        if (frame.more()) {
            zmq::message_t extra;
            while (frame.more() && socket_->recv(extra, zmq::recv_flags::dontwait)) frame.swap(extra);
            spdlog::warn("agent '{}': dropped a message of several frames", options_.name);
            continue;
        }
        const std::string_view bytes(frame.data<char>(), frame.size());
        auto decoded = protocol::decode(bytes, options_.limits);
        if (!decoded) {
            spdlog::warn("agent '{}': undecodable message ({}): {}", options_.name,
                         protocol::error_code_name(decoded.error().code), decoded.error().detail);
            // Tell the sender when we can tell who it was.
            auto header = protocol::decode_header(bytes, options_.limits);
            if (header && header->kind != Kind::Error && header->sender != protocol::kBrokerName) {
                auto error = protocol::make_envelope(Kind::Error, options_.name,
                                                     protocol::ErrorBody{decoded.error().code, decoded.error().detail});
                error.header.recipient = header->sender;
                error.header.in_reply_to = header->id;
                send(std::move(error));
            }
            continue;
        }
        ++received;
        if (handle_broker_message(*decoded)) continue;
        // A handler may poll again: the outer frame is still alive when it returns.
        struct HandledFrame {
            std::string_view& current;
            std::string_view outer;
            ~HandledFrame() { current = outer; }
        } handled{frame_being_handled_, std::exchange(frame_being_handled_, bytes)};
        dispatch(*decoded);
    }
    return received;
}

bool AgentClient::handle_broker_message(const Envelope& envelope) {
    if (envelope.header.sender != protocol::kBrokerName) return false;
    if (envelope.header.kind == Kind::Heartbeat) return true;
    if (const auto* welcome = std::get_if<protocol::WelcomeBody>(&envelope.body)) {
        heartbeat_interval_ = std::chrono::milliseconds(std::max<std::uint32_t>(1, welcome->heartbeat_ms));
        liveness_ = std::max<std::uint32_t>(1, welcome->liveness);
        backoff_ = options_.reconnect_min;
        ++registrations_;
        spdlog::debug("agent '{}' registered with {} ({})", options_.name, options_.endpoint, welcome->broker);
        set_state(ConnectionState::Ready);
        flush_pending();
        return true;
    }
    if (const auto* error = std::get_if<protocol::ErrorBody>(&envelope.body)) {
        if (error->code == ErrorCode::NotRegistered && state_ != ConnectionState::Registering) {
            // The broker restarted and forgot us: register again on the same socket.
            spdlog::info("agent '{}': broker does not know us; registering again", options_.name);
            send_register();
            return true;
        }
        if (error->code == ErrorCode::DuplicateName && envelope.header.in_reply_to == register_id_) {
            reconnect(("the name is taken: " + error->text).c_str());
            return true;
        }
    }
    return false;
}

void AgentClient::dispatch(const Envelope& envelope) {
    // A reply comes from the one asked, or from the broker (an answer or an error).
    const bool from_replier = awaited_from_.empty() || envelope.header.sender == awaited_from_ ||
                              envelope.header.sender == protocol::kBrokerName;
    if (awaited_reply_ && envelope.header.in_reply_to == awaited_reply_ && from_replier) {
        awaited_ = envelope;
        return;
    }
    auto handler = handlers_.find(envelope.header.kind);
    const Handler* chosen = handler != handlers_.end() ? &handler->second : (fallback_ ? &fallback_ : nullptr);
    if (chosen == nullptr) {
        spdlog::debug("agent '{}': no handler for {} from '{}'", options_.name,
                      protocol::kind_name(envelope.header.kind), envelope.header.sender);
        return;
    }
    try {
        (*chosen)(*this, envelope);
    } catch (const std::exception& error) {
        // A handler's failure on one message must not take the agent down.
        spdlog::error("agent '{}': handler for {} failed: {}", options_.name, protocol::kind_name(envelope.header.kind),
                      error.what());
    }
}

}  // namespace parley::agents
