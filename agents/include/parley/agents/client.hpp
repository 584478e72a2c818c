#pragma once
// The agent runtime: one DEALER connection to the broker that registers,
// heartbeats, dispatches each incoming message to the handler for its kind, and
// reconnects with back-off (re-registering) whenever the broker goes away.
// Single-threaded: everything happens inside poll().

#include <parley/protocol/codec.hpp>
#include <parley/protocol/message.hpp>

#include <zmq.hpp>

#include <atomic>
#include <chrono>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace parley::agents {

using Clock = std::chrono::steady_clock;

struct ClientOptions {
    std::string endpoint = "tcp://127.0.0.1:7400";
    std::string name;
    std::string framework = "none";
    std::vector<std::string> capabilities;
    std::chrono::milliseconds reconnect_min{100};   // first back-off after a lost broker
    std::chrono::milliseconds reconnect_max{5000};  // back-off doubles up to this
    // Used until the broker's welcome says otherwise.
    std::chrono::milliseconds heartbeat_interval{1000};
    std::uint32_t liveness = 3;
    std::size_t max_pending = 10000;  // messages held while (re)registering
    protocol::Limits limits = protocol::kDefaultLimits;
};

enum class ConnectionState { Disconnected, Registering, Ready };

class AgentClient {
public:
    using Handler = std::function<void(AgentClient&, const protocol::Envelope&)>;

    AgentClient(zmq::context_t& context, ClientOptions options);
    ~AgentClient();
    AgentClient(const AgentClient&) = delete;
    AgentClient& operator=(const AgentClient&) = delete;

    // The handler for one kind; a later call replaces an earlier one. Messages
    // of a kind without a handler go to the fallback, if any, else are logged.
    void on(protocol::Kind kind, Handler handler);
    void on_other(Handler handler);
    // Called on every change of connection state (registered, lost, ...).
    void on_state(std::function<void(ConnectionState)> listener);

    // Connects and registers; returns at once, the welcome arrives in poll().
    void start();

    // Handles traffic and timers; returns as soon as messages were received
    // (how many), or with 0 once `timeout` has passed.
    int poll(std::chrono::milliseconds timeout);

    // Sends a heartbeat if one is due, without receiving anything: for a
    // caller whose work between two polls may outlast the broker's patience.
    void keep_alive();

    // Polls until `stop` becomes true.
    void run(const std::atomic<bool>& stop);

    // Polls until `done()` holds or `timeout` passes; true if it held.
    bool poll_until(const std::function<bool()>& done, std::chrono::milliseconds timeout);

    // Sends a message; the client fills in sender and id (returned). While not
    // registered, messages wait (up to max_pending) and go out once welcomed.
    std::uint64_t send(protocol::Envelope envelope);
    std::uint64_t send_to(const std::string& recipient, protocol::Kind kind, protocol::Body body);
    std::uint64_t send_in_session(const std::string& session, protocol::Kind kind, protocol::Body body,
                                  const std::string& recipient = {});
    // Replies to `to`: same session, addressed to its sender, in_reply_to its id.
    std::uint64_t reply(const protocol::Envelope& to, protocol::Kind kind, protocol::Body body);

    // Sends `envelope` and waits for the message that replies to it, dispatching
    // everything else meanwhile. Empty if nothing came back in time.
    std::optional<protocol::Envelope> request(protocol::Envelope envelope, std::chrono::milliseconds timeout);

    // Says bye to the broker and closes the connection.
    void close();

    // The bytes on the wire, for a client that keeps a log of its messages
    // without encoding them again. The frame of the message being handled,
    // valid during its handler (empty outside one); the frame of the last
    // message sent, valid until the next send (empty when it was queued
    // because the client was not registered).
    std::string_view frame_being_handled() const { return frame_being_handled_; }
    std::string_view last_frame_sent() const { return last_frame_sent_; }

    ConnectionState state() const { return state_; }
    bool ready() const { return state_ == ConnectionState::Ready; }
    const std::string& name() const { return options_.name; }
    const ClientOptions& options() const { return options_; }
    std::uint64_t registrations() const { return registrations_; }

private:
    void open_socket();
    void send_register();
    void reconnect(const char* why);
    void set_state(ConnectionState state);
    void check_timers(Clock::time_point now);
    bool transmit(const protocol::Envelope& envelope);
    void flush_pending();
    int receive_available();
    void dispatch(const protocol::Envelope& envelope);
    bool handle_broker_message(const protocol::Envelope& envelope);

    zmq::context_t& context_;
    ClientOptions options_;
    std::optional<zmq::socket_t> socket_;
    std::string instance_;
    ConnectionState state_ = ConnectionState::Disconnected;
    std::map<protocol::Kind, Handler> handlers_;
    Handler fallback_;
    std::function<void(ConnectionState)> state_listener_;
    std::deque<protocol::Envelope> pending_;

    std::uint64_t next_id_ = 1;
    std::uint64_t register_id_ = 0;
    std::uint64_t registrations_ = 0;
    std::chrono::milliseconds heartbeat_interval_;
    std::uint32_t liveness_;
    std::chrono::milliseconds backoff_;
    Clock::time_point last_heard_;
    Clock::time_point last_sent_;
    std::string send_buffer_;  // every outgoing frame is encoded here: no allocation per message
    std::string_view frame_being_handled_;
    std::string_view last_frame_sent_;
    Clock::time_point retry_at_;  // when Disconnected: when to open the next socket
    std::optional<std::uint64_t> awaited_reply_;
    std::string awaited_from_;
    std::optional<protocol::Envelope> awaited_;
};

}  // namespace parley::agents
