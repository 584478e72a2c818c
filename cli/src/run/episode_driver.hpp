#pragma once
// One episode played over the broker: the runner's side of a session. It
// invites the parties (each with its private setup), waits until all have
// joined, then turns the mechanism's directives into messages and the parties'
// answers into moves. The mechanism enforces the rules; this class enforces
// the transport: answers from the wrong agent, malformed answers, missed reply
// deadlines and lost agents all end the episode with a reason naming the party.

#include <parley/agents/client.hpp>
#include <parley/worlds/mechanism.hpp>
#include <parley/worlds/metrics.hpp>
#include <parley/worlds/negotiation_wire.hpp>

#include <nlohmann/json.hpp>

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace parley::cli {

struct EpisodePlan {
    std::uint64_t index = 0;
    std::string session;                        // session id on the broker
    std::vector<std::string> agents;            // agent name of each party, in party order
    std::vector<worlds::Invitation> invitations;  // one per party, private to it
    std::unique_ptr<worlds::Mechanism> mechanism;
    std::chrono::milliseconds reply_timeout{10000};
    // A wall-clock deadline for the whole episode, counted from the start of
    // play, when the scenario asks for one (besides the deadline in rounds).
    std::optional<std::chrono::milliseconds> time_limit;
    // Outcomes on which each party is asked, at the end, for its estimate of
    // every party's utility (opponent-model accuracy); empty: ask nothing.
    std::vector<worlds::Outcome> estimate_sample;
};

class EpisodeDriver {
public:
    explicit EpisodeDriver(EpisodePlan plan);

    // Sends the invitations.
    void start(agents::AgentClient& client, agents::Clock::time_point now);
    // A message of this episode's session.
    void on_message(agents::AgentClient& client, const protocol::Envelope& message, agents::Clock::time_point now);
    // An error from the broker about a message this episode sent (see sent()).
    void on_broker_error(agents::AgentClient& client, const protocol::Envelope& error);
    bool sent(std::uint64_t message_id) const;
    // The agent a message of this episode was addressed to.
    std::optional<std::string> recipient_of(std::uint64_t message_id) const;
    // Ends the episode when an awaited answer is overdue.
    void check_deadline(agents::AgentClient& client, agents::Clock::time_point now);

    bool finished() const { return finished_; }
    std::uint64_t index() const { return plan_.index; }
    const std::string& session() const { return plan_.session; }
    const std::vector<std::string>& agents() const { return plan_.agents; }
    // Valid once finished().
    const worlds::EpisodeOutcome& outcome() const { return outcome_; }
    // Each party's model of the others, when it answered the request.
    const std::vector<std::optional<worlds::OpponentModelEstimate>>& estimates() const { return estimates_; }
    // Every message of the episode in the readable form, for events.jsonl.
    const std::vector<nlohmann::ordered_json>& events() const { return events_; }

private:
    // Debriefing: the mechanism is over; the parties' estimates are awaited.
    enum class Phase { Inviting, Playing, Debriefing, Finished };

    void on_session_event(agents::AgentClient& client, const protocol::Envelope& event);
    void on_move(agents::AgentClient& client, const protocol::Envelope& message, agents::Clock::time_point now);
    void begin_play(agents::AgentClient& client, agents::Clock::time_point now);
    void follow(agents::AgentClient& client, std::vector<worlds::Directive> directives, agents::Clock::time_point now);
    void fail(agents::AgentClient& client, std::size_t party, worlds::Failure failure);
    void finish(agents::AgentClient& client);
    void on_debrief(agents::AgentClient& client, const protocol::Envelope& message);
    void complete(agents::AgentClient& client);
    std::uint64_t send(agents::AgentClient& client, std::size_t party, protocol::Kind kind,
                       const nlohmann::ordered_json& content, std::optional<protocol::Reason> reason = std::nullopt);
    std::uint64_t transmit(agents::AgentClient& client, std::size_t party, protocol::Envelope envelope);
    void record(const protocol::Envelope& message, const char* direction);
    std::optional<std::size_t> party_of(const std::string& agent) const;

    EpisodePlan plan_;
    Phase phase_ = Phase::Inviting;
    std::vector<bool> joined_;
    std::map<std::uint64_t, std::size_t> sent_to_party_;  // message id -> party it went to
    std::optional<std::size_t> awaited_;  // the party asked, whose answer is due
    std::uint64_t awaited_message_ = 0;   // the id of the cfp it answers
    agents::Clock::time_point answer_due_;
    std::optional<agents::Clock::time_point> play_ends_;
    bool finished_ = false;
    worlds::EpisodeOutcome outcome_;
    std::vector<nlohmann::ordered_json> events_;
    std::vector<std::optional<worlds::OpponentModelEstimate>> estimates_;
    std::map<std::size_t, std::uint64_t> debrief_pending_;  // party -> id of the end it answers
};

}  // namespace parley::cli
