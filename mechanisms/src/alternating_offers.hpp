#pragma once
// Stacked alternating offers, the engine of SAOP and of Rubinstein bargaining.
//
// Parties take turns in the order 0, 1, .., n-1, 0, 1, ..; a round is one full
// cycle. The first party must offer (there is nothing to accept). Each next
// party accepts the standing offer, makes a counter-offer (which becomes the
// standing offer and restarts the count of acceptances) or ends. The episode
// ends in agreement when all n-1 other parties have accepted the standing
// offer in succession, which may carry over into the next round. The deadline
// comes after `rounds` rounds, that is after rounds * n turns: the last offer
// of the last round can no longer be accepted.
//
// Relative time of turn k (k = round * n + position, from 0):
//     time = k / (rounds * n) = (round + position / n) / rounds,
// so it grows with every turn, and a party late in the order sees the time
// that has really passed in the round.
//
// Every valid move is told to every other party (Inform) before the next
// party is asked, so that it can see what it answers to.

#include "mechanism_base.hpp"

#include <cstdint>
#include <optional>

namespace parley::worlds::mechanisms {

// How the discount exponent of an agreement is counted.
enum class DiscountClock : std::uint8_t {
    RelativeTime,  // SAOP: the relative time of the turn that completed the agreement
    Periods,       // Rubinstein: the number of offers rejected (by a counter-offer) before the accepted one
};

class AlternatingOffersMechanism : public MechanismBase {
public:
    AlternatingOffersMechanism(const MechanismSettings& settings, DiscountClock clock);

    std::vector<Directive> start() override;
    std::vector<Directive> on_move(PartyIndex party, const Move& move) override;

private:
    void end_at_deadline() override;

    std::uint64_t turns_in_deadline() const { return std::uint64_t{deadline_rounds()} * party_count(); }
    std::uint32_t round_of_turn() const { return static_cast<std::uint32_t>(turn_ / party_count()); }
    PartyIndex party_of_turn() const { return static_cast<PartyIndex>(turn_ % party_count()); }
    double time_of_turn() const { return relative_time(turn_, turns_in_deadline()); }

    Directive ask_current_party();
    // Applies a valid move; true when it ended the episode.
    bool apply(PartyIndex party, const Move& move);

    DiscountClock clock_;
    bool started_ = false;
    std::uint64_t turn_ = 0;  // the turn whose answer is awaited
    std::optional<Outcome> standing_;
    std::optional<PartyIndex> standing_by_;
    std::size_t acceptances_ = 0;  // of the standing offer, in succession
    std::uint64_t offers_ = 0;
};

}  // namespace parley::worlds::mechanisms
