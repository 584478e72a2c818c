#pragma once
// The vocabulary shared by negotiation mechanisms (the rules, enforced by the
// runner) and value frameworks (the parties' strategies, run by agents): what a
// party is told when it joins, what it is asked on its turn, what it answers,
// and what it learns of the others. Pure data: no sockets, no strategy.

#include <parley/protocol/message.hpp>
#include <parley/domains/linear_additive_profile.hpp>
#include <parley/domains/outcome_space.hpp>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace parley::worlds {

using PartyIndex = std::size_t;

// What a party does when asked. Offer carries an outcome; Accept and Reject
// refer to the outcome on the table; End walks away from the negotiation.
enum class MoveType : std::uint8_t { Offer, Accept, Reject, End };

struct Move {
    MoveType type = MoveType::End;
    Outcome outcome;                        // the offer (Offer), else empty
    std::optional<protocol::Reason> reason; // why, in the framework's own words
};

// What a party is asked. Respond: offer, accept the standing offer, or end
// (alternating offers). Vote: accept or reject the text on the table (mediated).
enum class Ask : std::uint8_t { Respond, Vote };

// One turn of one party, as the runner announces it.
struct Turn {
    Ask ask = Ask::Respond;
    std::uint32_t round = 0;  // 0-based
    double time = 0.0;        // relative time in [0, 1]: how much of the deadline has passed
    std::optional<Outcome> standing;        // the outcome on the table, if any
    std::optional<PartyIndex> standing_by;  // who put it there (none for a mediator's text)
};

// What a party learns of another party's move.
struct Observation {
    PartyIndex party = 0;
    Move move;
    std::uint32_t round = 0;
    double time = 0.0;
};

// Everything a party is told when it is invited into an episode. Its own profile
// always; the others' only in a full-information scenario.
struct PartySetup {
    std::string mechanism;  // "saop", "rubinstein", "mediated"
    PartyIndex self = 0;
    std::size_t party_count = 2;
    std::shared_ptr<const OutcomeSpace> space;
    std::shared_ptr<const LinearAdditiveProfile> profile;
    std::vector<std::shared_ptr<const LinearAdditiveProfile>> disclosed;  // per party; null when not disclosed
    std::uint32_t rounds = 100;  // the deadline, in rounds
    std::uint64_t seed = 0;      // the party's own seed for this episode
};

}  // namespace parley::worlds
