#include "alternating_offers.hpp"

#include <stdexcept>
#include <string>

namespace parley::worlds::mechanisms {

AlternatingOffersMechanism::AlternatingOffersMechanism(const MechanismSettings& settings, DiscountClock clock)
    : MechanismBase(settings), clock_(clock) {}

std::vector<Directive> AlternatingOffersMechanism::start() {
    if (started_) throw std::logic_error("an episode is started only once");
    started_ = true;
    if (finished()) return {};  // a party failed before the start
    return {ask_current_party()};
}

Directive AlternatingOffersMechanism::ask_current_party() {
    note_round_begun(round_of_turn());
    Directive ask;
    ask.type = Directive::Type::Ask;
    ask.party = party_of_turn();
    ask.turn.ask = Ask::Respond;
    ask.turn.round = round_of_turn();
    ask.turn.time = time_of_turn();
    ask.turn.standing = standing_;
    ask.turn.standing_by = standing_by_;
    return ask;
}

std::vector<Directive> AlternatingOffersMechanism::on_move(PartyIndex party, const Move& move) {
    if (!admit_move(party, move, started_, party_of_turn(), "turn", Ask::Respond, standing_)) return {};
    std::vector<Directive> directives;
    inform_others(directives, Observation{party, as_observed(move, standing_), round_of_turn(), time_of_turn()});
    if (apply(party, move)) return directives;
    ++turn_;
    if (turn_ == turns_in_deadline()) {
        end_at_deadline();
        return directives;
    }
    directives.push_back(ask_current_party());
    return directives;
}

void AlternatingOffersMechanism::end_at_deadline() {
    end_without_agreement(EndReason::Deadline, std::nullopt,
                          "no agreement by the deadline, in " + rounds_text(rounds_begun()));
}

bool AlternatingOffersMechanism::apply(PartyIndex party, const Move& move) {
    switch (move.type) {
        case MoveType::Offer:
            standing_ = move.outcome;
            standing_by_ = party;
            acceptances_ = 0;
            ++offers_;
            return false;
        case MoveType::Accept:
            if (++acceptances_ < party_count() - 1) return false;
            // Every offer before the accepted one was rejected by a counter-offer.
            end_with_agreement(*standing_, clock_ == DiscountClock::Periods ? static_cast<double>(offers_ - 1)
                                                                            : time_of_turn());
            return true;
        case MoveType::End:
            end_without_agreement(EndReason::PartyEnded, party,
                                  "party " + std::to_string(party) + " ended the negotiation");
            return true;
        case MoveType::Reject:
            break;  // refused by find_violation
    }
    return false;
}

}  // namespace parley::worlds::mechanisms
