#pragma once
// One episode or match played over the broker: the runner's side of a
// session. It invites the parties (each with its private content), waits
// until all have joined, then carries the rules' messages to the parties and
// their answers back. The rules (SessionGame) enforce the game; this class
// enforces the transport: answers from the wrong agent, missed reply
// deadlines and lost agents all end the session with a reason naming the
// party.

#include <parley/runner/session_game.hpp>

#include <parley/agents/client.hpp>

#include <nlohmann/json.hpp>

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace parley::runner {

struct SessionPlan {
    std::uint64_t index = 0;
    std::string session;              // session id on the broker
    std::vector<std::string> agents;  // agent name of each party, in party order
    std::unique_ptr<SessionGame> game;
    std::chrono::milliseconds reply_timeout{10000};
    // A wall-clock deadline for the whole session, counted from the start of
    // play, when the scenario asks for one.
    std::optional<std::chrono::milliseconds> time_limit;
};

class SessionDriver {
public:
    explicit SessionDriver(SessionPlan plan);

    // Sends the invitations.
    void start(agents::AgentClient& client, agents::Clock::time_point now);
    // A message of this session.
    void on_message(agents::AgentClient& client, const protocol::Envelope& message, agents::Clock::time_point now);
    // An error from the broker about a message this session sent (see sent()).
    void on_broker_error(agents::AgentClient& client, const protocol::Envelope& error);
    bool sent(std::uint64_t message_id) const;
    // The agent a message of this session was addressed to.
    std::optional<std::string> recipient_of(std::uint64_t message_id) const;
    // Ends the session when an awaited answer is overdue.
    void check_deadline(agents::AgentClient& client, agents::Clock::time_point now);
    // Ends the session at once for a reason that is the platform's, not a
    // party's (the broker was lost): nothing more is sent in it.
    void abandon(worlds::Failure failure, std::string detail);

    bool finished() const { return finished_; }
    std::uint64_t index() const { return plan_.index; }
    const std::string& session() const { return plan_.session; }
    const std::vector<std::string>& agents() const { return plan_.agents; }
    const SessionGame& game() const { return *plan_.game; }
    // What the transport saw that ended the session (a refusal, a lost or
    // silent agent, malformed content); empty when the rules ended it.
    const std::string& detail() const { return detail_; }
    // How the transport failed, when it ended the session: every such failure
    // is the platform's (summaries leave the episode out; the runner may play
    // it again); empty when the rules ended it.
    const std::optional<worlds::Failure>& failure() const { return failure_; }
    // Every message of the session in the readable form: the lines of events.jsonl.
    const std::string& events() const { return events_; }

private:
    // Debriefing: the rules are done; answers to the end are awaited.
    enum class Phase { Inviting, Playing, Debriefing, Finished };

    void on_session_event(agents::AgentClient& client, const protocol::Envelope& event);
    void on_answer(agents::AgentClient& client, const protocol::Envelope& message, agents::Clock::time_point now);
    void begin_play(agents::AgentClient& client, agents::Clock::time_point now);
    void follow(agents::AgentClient& client, std::vector<Outgoing> messages, agents::Clock::time_point now);
    void fail(agents::AgentClient& client, std::size_t party, worlds::Failure failure, std::string detail);
    void finish(agents::AgentClient& client);
    void on_debrief(agents::AgentClient& client, const protocol::Envelope& message);
    void complete(agents::AgentClient& client);
    std::uint64_t send(agents::AgentClient& client, Outgoing message);
    std::uint64_t transmit(agents::AgentClient& client, std::size_t party, protocol::Envelope envelope);
    // `frame`: the message as it was on the wire, when the client has it; else it is encoded again.
    void record(const protocol::Envelope& message, std::string_view frame, const char* direction);
    std::optional<std::size_t> party_of(const std::string& agent) const;
    // The broker refused one of this session's messages.
    void on_refusal(agents::AgentClient& client, const protocol::Envelope& error);

    SessionPlan plan_;
    Phase phase_ = Phase::Inviting;
    std::vector<bool> joined_;
    // The party each message went to, in the order sent: the client's ids only
    // grow, so the log is sorted by id without a node per message.
    std::vector<std::pair<std::uint64_t, std::size_t>> sent_to_party_;
    std::optional<std::size_t> party_sent(std::uint64_t message_id) const;
    struct Awaited {
        agents::Clock::time_point due;
        std::uint64_t cfp = 0;  // the id of the cfp the answer must refer to
    };
    std::vector<std::optional<Awaited>> awaited_;  // by party: its answer's deadline and cfp, when it is asked
    agents::Clock::time_point joins_due_;
    agents::Clock::time_point debrief_due_;
    std::optional<agents::Clock::time_point> play_ends_;
    bool finished_ = false;
    std::optional<worlds::Failure> failure_;
    std::uint64_t last_invitation_ = 0;  // the id of the last session_invite sent: ids below it are invitations
    std::string detail_;
    std::string events_;
    std::map<std::size_t, std::uint64_t> debrief_pending_;  // party -> id of the end it answers
};

}  // namespace parley::runner
