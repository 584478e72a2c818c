#pragma once
// Negotiation mechanisms: the rules of an episode as a state machine that the
// runner drives. The runner turns each Directive into messages (a cfp to the
// party asked, an inform to the others) and each answer into a Move; the
// mechanism decides whose turn it is, what is valid and how the episode ends.
// A misbehaving party cannot break the rules: a move out of turn, an outcome
// outside the space, a missed deadline or a lost agent ends the episode with a
// reason naming the offender. Pure logic: no sockets, no clocks.

#include <parley/mechanisms/negotiation.hpp>
#include <parley/core/registry.hpp>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace parley::worlds {

// What the mechanism asks of the runner.
struct Directive {
    enum class Type : std::uint8_t {
        Ask,     // send `turn` to `party` and wait for its move
        Inform,  // tell `party` of `observation`
    };
    Type type = Type::Ask;
    PartyIndex party = 0;
    Turn turn;                // with Ask
    Observation observation;  // with Inform
};

// Why an episode ended.
enum class EndReason : std::uint8_t {
    Agreement,     // every party accepted an outcome
    Deadline,      // the deadline passed without agreement
    PartyEnded,    // a party walked away (offender: that party)
    Violation,     // a move out of turn, of the wrong type or outside the space (offender)
    Timeout,       // a party did not answer by its reply deadline (offender)
    AgentLost,     // a party's process was lost (offender)
    BrokerLost,    // the runner lost the broker mid-episode: nobody's fault
    SessionTaken,  // another client held the episode's session id first: nobody's fault
};
std::string_view end_reason_name(EndReason reason);

// True for the end reasons that say the platform failed, not the parties: an
// agent lost or hung (agent_lost, timeout), the broker gone (broker_lost), the
// session taken by another client (session_taken). Such an episode has no
// outcome of the negotiation or game: summaries leave it out and count it,
// and `parley run --resume --retry-failed` plays it again. Negotiations and
// games use the same names for these reasons.
bool is_platform_failure(std::string_view end_reason);

struct EpisodeOutcome {
    EndReason reason = EndReason::Deadline;
    std::optional<Outcome> agreement;    // the agreed outcome, with EndReason::Agreement
    std::optional<PartyIndex> offender;  // who ended it, for the reasons that name one
    std::string detail;                  // readable: what the offender did
    std::uint32_t rounds = 0;            // rounds begun
    // The exponent of each party's discount factor at the agreement: relative
    // time for SAOP and the mediated protocol, periods for Rubinstein bargaining.
    double discount_exponent = 0.0;
};

// Ways a session can fail that are not moves: the runner notices them. The
// first two name the party that failed; the others are the platform's and
// the party passed with them is not an offender.
enum class Failure : std::uint8_t { Timeout, AgentLost, BrokerLost, SessionTaken };

struct MechanismSettings {
    std::shared_ptr<const OutcomeSpace> space;
    std::size_t party_count = 2;
    std::uint32_t rounds = 100;  // deadline in rounds
    std::uint64_t seed = 0;      // for mechanisms that draw (the mediator's texts)
    std::map<std::string, std::string> parameters;
};

class Mechanism {
public:
    virtual ~Mechanism() = default;
    // The first directives of the episode.
    virtual std::vector<Directive> start() = 0;
    // `party` answered the Ask it was last sent; every move is checked here.
    virtual std::vector<Directive> on_move(PartyIndex party, const Move& move) = 0;
    // `party` failed: the episode ends naming it.
    virtual void on_failure(PartyIndex party, Failure failure) = 0;
    // A wall-clock deadline set by the scenario has passed (the runner keeps
    // the clock; mechanisms have none): the episode ends as at its deadline in
    // rounds, which is not always without agreement (the mediated protocol
    // keeps the last text all parties accepted). Ignored once finished.
    virtual void on_deadline() = 0;
    virtual bool finished() const = 0;
    // Valid once finished().
    virtual const EpisodeOutcome& outcome() const = 0;
};

struct MechanismInfo {
    std::string name;
    std::string description;
    std::size_t min_parties = 2;
    std::size_t max_parties = 2;
    // Throws std::invalid_argument naming a parameter that is unknown or malformed.
    std::function<std::unique_ptr<Mechanism>(const MechanismSettings&)> make;
};

class MechanismRegistry : public NamedRegistry<MechanismInfo> {
public:
    MechanismRegistry() : NamedRegistry("mechanism") {}
    static const MechanismRegistry& builtin();
    // Also refuses an empty range of party counts.
    void add(MechanismInfo info);
};

}  // namespace parley::worlds
