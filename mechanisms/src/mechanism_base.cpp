#include "mechanism_base.hpp"

#include <stdexcept>
#include <utility>

namespace parley::worlds::mechanisms {
namespace {

std::string party_name(PartyIndex party) { return "party " + std::to_string(party); }

std::string_view move_word(MoveType type) {
    switch (type) {
        case MoveType::Offer:
            return "offer";
        case MoveType::Accept:
            return "accept";
        case MoveType::Reject:
            return "reject";
        case MoveType::End:
            return "end";
    }
    return "an unknown move";
}

bool allowed(Ask ask, MoveType type) {
    if (type == MoveType::End || type == MoveType::Accept) return true;
    return ask == Ask::Respond ? type == MoveType::Offer : type == MoveType::Reject;
}

std::string expected_moves(Ask ask) {
    return ask == Ask::Respond ? "offer, accept or end" : "accept, reject or end";
}

// Why an outcome is not in the space, for a detail that lets the agent's
// author find the bug.
std::string why_outside(const OutcomeSpace& space, const Outcome& outcome) {
    if (outcome.size() != space.issue_count()) {
        return "it has " + std::to_string(outcome.size()) + " values for " + std::to_string(space.issue_count()) +
               " issues";
    }
    for (std::size_t issue = 0; issue < outcome.size(); ++issue) {
        if (outcome[issue] >= space.issue(issue).size()) {
            return "issue '" + space.issue(issue).name() + "' has no value " + std::to_string(outcome[issue]) +
                   " (it has " + std::to_string(space.issue(issue).size()) + ")";
        }
    }
    return "it is not in the space";
}

}  // namespace

MechanismInfo builtin_mechanism_info(std::string name, std::string description, std::size_t max_parties,
                                     std::function<std::unique_ptr<Mechanism>(const MechanismSettings&)> build) {
    MechanismInfo info;
    info.name = std::move(name);
    info.description = std::move(description);
    info.min_parties = 2;
    info.max_parties = max_parties;
    info.make = [declared = info, build = std::move(build)](const MechanismSettings& settings) {
        check_settings(settings, declared);
        return build(settings);
    };
    return info;
}

void check_settings(const MechanismSettings& settings, const MechanismInfo& info) {
    if (!settings.space) throw std::invalid_argument(info.name + ": no outcome space given");
    if (settings.party_count < info.min_parties || settings.party_count > info.max_parties) {
        throw std::invalid_argument(info.name + ": " + std::to_string(settings.party_count) +
                                    " parties, must be " + std::to_string(info.min_parties) + ".." +
                                    std::to_string(info.max_parties));
    }
    if (settings.rounds == 0) throw std::invalid_argument(info.name + ": parameter 'rounds' must be at least 1");
    if (!settings.parameters.empty()) {
        throw std::invalid_argument(info.name + ": unknown parameter '" + settings.parameters.begin()->first +
                                    "' (this mechanism takes none)");
    }
}

double relative_time(std::uint64_t turn, std::uint64_t turns_in_deadline) {
    return static_cast<double>(turn) / static_cast<double>(turns_in_deadline);
}

std::string rounds_text(std::uint32_t rounds) {
    return std::to_string(rounds) + (rounds == 1 ? " round" : " rounds");
}

std::string describe_indices(const Outcome& outcome) {
    std::string text = "[";
    for (std::size_t k = 0; k < outcome.size(); ++k) {
        if (k > 0) text += ", ";
        text += std::to_string(outcome[k]);
    }
    return text + "]";
}

MechanismBase::MechanismBase(const MechanismSettings& settings) : settings_(settings) {}

const EpisodeOutcome& MechanismBase::outcome() const {
    if (!finished_) throw std::logic_error("the outcome of an episode is known only once it has finished");
    return outcome_;
}

bool MechanismBase::accept_mover(PartyIndex party, bool started, PartyIndex expected, const char* asked_for) {
    if (started && party == expected) return true;
    end_with_violation(party, party_name(party) + " moved out of turn" +
                                  (started ? " (it is " + party_name(expected) + "'s " + asked_for + ")"
                                           : std::string(" (the episode has not started)")));
    return false;
}

bool MechanismBase::admit_move(PartyIndex party, const Move& move, bool started, PartyIndex expected,
                               const char* asked_for, Ask ask, const std::optional<Outcome>& standing) {
    require_party(party);
    if (finished()) return false;
    if (!accept_mover(party, started, expected, asked_for)) return false;
    if (auto violation = find_violation(party, move, ask, standing)) {
        end_with_violation(party, std::move(*violation));
        return false;
    }
    return true;
}

void MechanismBase::require_party(PartyIndex party) const {
    if (party >= party_count()) {
        throw std::out_of_range("no party " + std::to_string(party) + " in an episode of " +
                                std::to_string(party_count()) + " parties");
    }
}

void MechanismBase::on_failure(PartyIndex party, Failure failure) {
    require_party(party);
    if (finished_) return;  // the episode had already ended: the failure changes nothing
    switch (failure) {
        case Failure::Timeout:
            end_without_agreement(EndReason::Timeout, party, party_name(party) + " did not answer by its reply deadline");
            return;
        case Failure::AgentLost:
            end_without_agreement(EndReason::AgentLost, party, party_name(party) + "'s agent was lost");
            return;
        case Failure::BrokerLost:
            end_without_agreement(EndReason::BrokerLost, std::nullopt, "the runner lost the broker");
            return;
        case Failure::SessionTaken:
            end_without_agreement(EndReason::SessionTaken, std::nullopt,
                                  "another client held the episode's session id first");
            return;
    }
}

std::optional<std::string> MechanismBase::find_violation(PartyIndex party, const Move& move, Ask ask,
                                                         const std::optional<Outcome>& standing) const {
    const std::string who = party_name(party);
    if (!allowed(ask, move.type)) {
        return who + " answered " + (ask == Ask::Respond ? "a turn to respond" : "a vote") + " with " +
               std::string(move_word(move.type)) + "; expected " + expected_moves(ask);
    }
    if (move.type == MoveType::Offer && !space().contains(move.outcome)) {
        return who + " offered " + describe_indices(move.outcome) + ", which is outside the outcome space: " +
               why_outside(space(), move.outcome);
    }
    if (move.type == MoveType::Accept && !standing) return who + " accepted, but no offer is on the table";
    const bool refers_to_table = move.type == MoveType::Accept || move.type == MoveType::Reject;
    // An answer that names an outcome must name the one on the table: an
    // agreement is only valid if every party agreed to the same thing.
    if (refers_to_table && !move.outcome.empty() && move.outcome != standing) {
        return who + " answered " + std::string(move_word(move.type)) + " to " + describe_indices(move.outcome) +
               ", but the outcome on the table is " + (standing ? describe_indices(*standing) : "none");
    }
    return std::nullopt;
}

Move MechanismBase::as_observed(const Move& move, const std::optional<Outcome>& standing) {
    Move observed = move;
    if (move.type == MoveType::Accept || move.type == MoveType::Reject) observed.outcome = standing.value_or(Outcome{});
    if (move.type == MoveType::End) observed.outcome.clear();
    return observed;
}

void MechanismBase::inform_others(std::vector<Directive>& directives, const Observation& observation) const {
    for (PartyIndex party = 0; party < party_count(); ++party) {
        if (party == observation.party) continue;
        Directive inform;
        inform.type = Directive::Type::Inform;
        inform.party = party;
        inform.observation = observation;
        directives.push_back(std::move(inform));
    }
}

void MechanismBase::end_with_agreement(Outcome agreement, double discount_exponent) {
    outcome_.reason = EndReason::Agreement;
    outcome_.agreement = std::move(agreement);
    outcome_.offender.reset();
    outcome_.detail.clear();
    outcome_.discount_exponent = discount_exponent;
    finished_ = true;
}

void MechanismBase::end_without_agreement(EndReason reason, std::optional<PartyIndex> offender, std::string detail) {
    outcome_.reason = reason;
    outcome_.agreement.reset();
    outcome_.offender = offender;
    outcome_.detail = std::move(detail);
    outcome_.discount_exponent = 0.0;
    finished_ = true;
}

}  // namespace parley::worlds::mechanisms
