#pragma once
// The broker's rules, apart from its socket: registration, stamping and checking
// senders, routing to agents and sessions, liveness, statistics, errors.
// Frames come in with the routing identity they arrived from; whatever must go
// out is handed to an Outbox. The clock is passed in, so tests control time.

#include <parley/broker/directory.hpp>
#include <parley/protocol/codec.hpp>
#include <parley/protocol/message.hpp>

#include <chrono>
#include <string>
#include <string_view>

namespace parley::broker {

// Where the router's outgoing frames go. send() returns false when the frame
// could not be queued (the peer is gone or its queue is full); the router counts
// it and moves on, it never waits.
class Outbox {
public:
    virtual ~Outbox() = default;
    virtual bool send(const std::string& identity, std::string_view frame) = 0;
};

struct RouterConfig {
    std::chrono::milliseconds heartbeat_interval{1000};
    std::uint32_t liveness = 3;  // missed beats before an agent is declared lost
    protocol::Limits limits = protocol::kDefaultLimits;
    // Sessions one agent may belong to or be invited into at once: the broker's
    // memory must not grow with what a single peer asks for.
    std::size_t max_sessions_per_agent = 65536;
};

class Router {
public:
    Router(RouterConfig config, Outbox& outbox, Clock::time_point now = Clock::now());

    // One frame received from the socket with routing identity `identity`.
    void handle(const std::string& identity, std::string_view frame, Clock::time_point now);

    // Answers a message that broke the framing rules before it could be decoded
    // (several frames, say): the socket layer sees those, the router counts them.
    void reject(const std::string& identity, protocol::ErrorCode code, const std::string& text, Clock::time_point now);

    // Heartbeats idle agents and declares silent ones lost; call at least every
    // heartbeat interval. Returns when it next needs to be called.
    Clock::time_point tick(Clock::time_point now);

    protocol::StatsBody stats(Clock::time_point now) const;
    const Directory& directory() const { return directory_; }
    const RouterConfig& config() const { return config_; }

private:
    void handle_register(const std::string& identity, std::string_view frame, const protocol::Header& header,
                         Clock::time_point now);
    void handle_request(AgentRecord& sender, std::string_view frame, const protocol::Header& header,
                        Clock::time_point now);
    void handle_invite(AgentRecord& sender, const protocol::SessionInviteBody& body, const protocol::Header& header,
                       std::string_view frame);
    void handle_join(AgentRecord& sender, const protocol::Header& header);
    void handle_leave(AgentRecord& sender, const protocol::Header& header);
    void route(AgentRecord& sender, const protocol::Header& header, std::string_view frame);
    void answer_directory(AgentRecord& sender, const protocol::Header& header,
                          const protocol::DirectoryQueryBody& query, Clock::time_point now);

    // Removes an agent, telling the other members of each of its sessions.
    // Takes the name by value: the record that holds it is freed on the way.
    void drop_agent(std::string name, protocol::SessionEventType why);
    void notify_session(const std::string& session, protocol::SessionEventType event, const std::string& member,
                        const std::string& also_tell = {});

    void deliver(AgentRecord& recipient, std::string_view frame);
    void send_to(AgentRecord& recipient, protocol::Envelope envelope);
    void send_error(const std::string& identity, const protocol::Header* about, protocol::ErrorCode code,
                    const std::string& text);
    protocol::Envelope from_broker(protocol::Kind kind, protocol::Body body);
    bool may_log_refusal();

    RouterConfig config_;
    Outbox& outbox_;
    Directory directory_;
    Clock::time_point started_;
    Clock::time_point now_;  // the time of the frame or tick being handled
    std::uint64_t next_id_ = 1;
    protocol::StatsBody counters_;
    Clock::time_point refusal_window_start_{};
    std::uint32_t refusals_logged_ = 0;
    std::uint32_t refusals_unlogged_ = 0;
};

}  // namespace parley::broker
