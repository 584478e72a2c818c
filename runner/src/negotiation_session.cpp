#include <parley/runner/negotiation_session.hpp>

#include <parley/protocol/json.hpp>

#include <spdlog/spdlog.h>

namespace parley::runner {

using protocol::Kind;

NegotiationSession::NegotiationSession(std::unique_ptr<worlds::Mechanism> mechanism,
                                       std::vector<worlds::Invitation> invitations,
                                       std::vector<worlds::Outcome> estimate_sample)
    : mechanism_(std::move(mechanism)),
      invitations_(std::move(invitations)),
      estimate_sample_(std::move(estimate_sample)),
      estimates_(invitations_.size()) {}

nlohmann::ordered_json NegotiationSession::invitation(std::size_t party) const {
    return worlds::invitation_to_json(invitations_.at(party));
}

std::vector<Outgoing> NegotiationSession::start() { return messages_for(mechanism_->start()); }

bool NegotiationSession::is_answer(Kind kind) const {
    return kind == Kind::Propose || kind == Kind::AcceptProposal || kind == Kind::RejectProposal || kind == Kind::End;
}

std::vector<Outgoing> NegotiationSession::on_answer(std::size_t party, const protocol::Envelope& message,
                                                    std::string& problem) {
    const auto* act = std::get_if<protocol::ActBody>(&message.body);
    worlds::Move move;
    try {
        move = worlds::move_from_payload(message.header.kind, act->content, act->reason);
    } catch (const worlds::WireError& error) {
        // A malformed move is a violation like any other: the mechanism names the offender.
        move = worlds::Move{worlds::MoveType::Offer, worlds::Outcome{}, std::nullopt};
        problem = error.what();
    }
    return messages_for(mechanism_->on_move(party, move));
}

std::vector<Outgoing> NegotiationSession::messages_for(std::vector<worlds::Directive> directives) const {
    // An inform to a party whose cfp follows in the same batch travels in that
    // cfp, as `seen`: the party learns the same, in the same order, from one message.
    std::vector<bool> folded(directives.size(), false);
    std::vector<std::vector<worlds::Observation>> seen(directives.size());
    for (std::size_t ask = 0; ask < directives.size(); ++ask) {
        if (directives[ask].type != worlds::Directive::Type::Ask) continue;
        for (std::size_t earlier = 0; earlier < ask; ++earlier) {
            const auto& directive = directives[earlier];
            if (folded[earlier] || directive.type != worlds::Directive::Type::Inform ||
                directive.party != directives[ask].party) {
                continue;
            }
            folded[earlier] = true;
            seen[ask].push_back(directive.observation);
        }
    }
    std::vector<Outgoing> messages;
    messages.reserve(directives.size());
    for (std::size_t i = 0; i < directives.size(); ++i) {
        const auto& directive = directives[i];
        if (folded[i]) continue;
        if (directive.type == worlds::Directive::Type::Ask) {
            messages.push_back({directive.party, Kind::Cfp, worlds::turn_payload(directive.turn, seen[i]), std::nullopt});
        } else {
            messages.push_back({directive.party, Kind::Inform, worlds::observation_payload(directive.observation),
                                directive.observation.move.reason});
        }
    }
    return messages;
}

void NegotiationSession::on_failure(std::size_t party, worlds::Failure failure) { mechanism_->on_failure(party, failure); }

// No agreement, or the last text all accepted: the mechanism says which.
void NegotiationSession::on_time_up() { mechanism_->on_deadline(); }

nlohmann::ordered_json NegotiationSession::end_content() const {
    const auto outcome = mechanism_->outcome();
    nlohmann::ordered_json result{{"reason", worlds::end_reason_name(outcome.reason)}};
    if (outcome.agreement) result["agreement"] = *outcome.agreement;
    if (!estimate_sample_.empty()) result["estimate"] = worlds::estimate_request_to_json(estimate_sample_);
    return result;
}

void NegotiationSession::on_end_answer(std::size_t party, const nlohmann::ordered_json& content) {
    try {
        auto rows = worlds::estimates_from_json(content, estimate_sample_.size());
        estimates_.at(party) = worlds::OpponentModelEstimate{estimate_sample_, std::move(rows)};
    } catch (const std::exception& error) {
        spdlog::warn("unreadable estimates from party {}: {}", party, error.what());
    }
}

}  // namespace parley::runner
