#include "episode_driver.hpp"

#include <parley/protocol/json.hpp>

#include <spdlog/spdlog.h>

namespace parley::cli {

using protocol::Envelope;
using protocol::Kind;
using Json = nlohmann::ordered_json;

namespace {

std::uint64_t epoch_ms(std::chrono::milliseconds from_now) {
    const auto at = std::chrono::system_clock::now() + from_now;
    return static_cast<std::uint64_t>(
        std::chrono::duration_cast<std::chrono::milliseconds>(at.time_since_epoch()).count());
}

bool is_move(Kind kind) {
    return kind == Kind::Propose || kind == Kind::AcceptProposal || kind == Kind::RejectProposal || kind == Kind::End;
}

}  // namespace

EpisodeDriver::EpisodeDriver(EpisodePlan plan)
    : plan_(std::move(plan)), joined_(plan_.agents.size(), false), estimates_(plan_.agents.size()) {}

void EpisodeDriver::start(agents::AgentClient& client, agents::Clock::time_point now) {
    for (std::size_t party = 0; party < plan_.agents.size(); ++party) {
        protocol::SessionInviteBody invite{plan_.agents[party],
                                           protocol::payload_from_json(worlds::invitation_to_json(plan_.invitations[party]))};
        auto envelope = protocol::make_envelope(Kind::SessionInvite, client.name(), std::move(invite));
        envelope.header.session = plan_.session;
        envelope.header.recipient = plan_.agents[party];
        transmit(client, party, std::move(envelope));
    }
    answer_due_ = now + plan_.reply_timeout;  // every party must have joined by then
}

void EpisodeDriver::on_message(agents::AgentClient& client, const Envelope& message, agents::Clock::time_point now) {
    if (finished_) return;
    record(message, "in");
    if (phase_ == Phase::Debriefing) {
        on_debrief(client, message);
        return;
    }
    if (message.header.kind == Kind::SessionEvent) {
        on_session_event(client, message);
        if (!finished_ && phase_ == Phase::Inviting &&
            std::all_of(joined_.begin(), joined_.end(), [](bool joined) { return joined; })) {
            begin_play(client, now);
        }
        return;
    }
    const auto party = party_of(message.header.sender);
    if (!party) return;  // not a party of this episode: the broker would not route it, but be safe
    if (message.header.kind == Kind::Error) {
        joined_[*party] = false;  // it refused the episode; it leaves the session
        const auto& error = std::get<protocol::ErrorBody>(message.body);
        outcome_.detail = "party refused the runner's message: " + error.text;
        fail(client, *party, worlds::Failure::AgentLost);
        return;
    }
    if (is_move(message.header.kind) && phase_ == Phase::Playing) on_move(client, message, now);
}

void EpisodeDriver::on_session_event(agents::AgentClient& client, const Envelope& event) {
    const auto& body = std::get<protocol::SessionEventBody>(event.body);
    const auto party = party_of(body.member);
    if (!party) return;
    if (body.event == protocol::SessionEventType::Joined) {
        joined_[*party] = true;
        return;
    }
    // A party that declines, leaves or is lost before the end ends the episode.
    joined_[*party] = false;  // nothing more can be sent to it in this session
    outcome_.detail = "party '" + body.member + "' " + std::string(protocol::session_event_name(body.event));
    fail(client, *party, worlds::Failure::AgentLost);
}

void EpisodeDriver::begin_play(agents::AgentClient& client, agents::Clock::time_point now) {
    phase_ = Phase::Playing;
    if (plan_.time_limit) play_ends_ = now + *plan_.time_limit;
    follow(client, plan_.mechanism->start(), now);
}

void EpisodeDriver::on_move(agents::AgentClient& client, const Envelope& message, agents::Clock::time_point now) {
    const auto party = *party_of(message.header.sender);
    const auto* act = std::get_if<protocol::ActBody>(&message.body);
    worlds::Move move;
    try {
        move = worlds::move_from_message(message.header.kind, protocol::payload_to_json(act->content), act->reason);
    } catch (const worlds::WireError& error) {
        // A malformed move is a violation like any other: the mechanism names the offender.
        move = worlds::Move{worlds::MoveType::Offer, worlds::Outcome{}, std::nullopt};
        outcome_.detail = error.what();
    }
    if (awaited_ == party) awaited_.reset();
    follow(client, plan_.mechanism->on_move(party, move), now);
}

void EpisodeDriver::follow(agents::AgentClient& client, std::vector<worlds::Directive> directives,
                           agents::Clock::time_point now) {
    for (const auto& directive : directives) {
        if (directive.type == worlds::Directive::Type::Ask) {
            awaited_ = directive.party;
            answer_due_ = now + plan_.reply_timeout;
            send(client, directive.party, Kind::Cfp, worlds::turn_to_json(directive.turn));
        } else {
            send(client, directive.party, Kind::Inform, worlds::observation_to_json(directive.observation),
                 directive.observation.move.reason);
        }
    }
    if (plan_.mechanism->finished()) finish(client);
}

void EpisodeDriver::check_deadline(agents::AgentClient& client, agents::Clock::time_point now) {
    if (finished_) return;
    if (phase_ == Phase::Debriefing) {
        if (now > answer_due_) complete(client);  // estimates that did not come are simply missing
        return;
    }
    if (play_ends_ && now >= *play_ends_) {
        // Time is up for everyone: the mechanism says what that means (no
        // agreement, or the last text all accepted).
        plan_.mechanism->on_deadline();
        finish(client);
        return;
    }
    if (now <= answer_due_) return;
    if (phase_ == Phase::Inviting) {
        for (std::size_t party = 0; party < joined_.size(); ++party) {
            if (!joined_[party]) {
                outcome_.detail = "party '" + plan_.agents[party] + "' did not join in time";
                fail(client, party, worlds::Failure::Timeout);
                return;
            }
        }
    } else if (awaited_) {
        outcome_.detail = "party '" + plan_.agents[*awaited_] + "' did not answer in time";
        fail(client, *awaited_, worlds::Failure::Timeout);
    }
}

void EpisodeDriver::fail(agents::AgentClient& client, std::size_t party, worlds::Failure failure) {
    if (finished_ || phase_ == Phase::Debriefing) return;
    plan_.mechanism->on_failure(party, failure);
    finish(client);
}

void EpisodeDriver::finish(agents::AgentClient& client) {
    // What the driver saw (a malformed answer, a lost agent) says more than the mechanism can.
    const auto detail = outcome_.detail;
    outcome_ = plan_.mechanism->outcome();
    if (!detail.empty()) outcome_.detail = detail;
    phase_ = Phase::Debriefing;
    Json result{{"reason", worlds::end_reason_name(outcome_.reason)}};
    if (outcome_.agreement) result["agreement"] = *outcome_.agreement;
    if (!plan_.estimate_sample.empty()) result["estimate"] = worlds::estimate_request_to_json(plan_.estimate_sample);
    // Only members can be told; a party that never joined, or is gone, is not.
    for (std::size_t party = 0; party < plan_.agents.size(); ++party) {
        if (!joined_[party]) continue;
        const auto id = send(client, party, Kind::End, result);
        if (!plan_.estimate_sample.empty()) debrief_pending_[party] = id;
    }
    answer_due_ = agents::Clock::now() + plan_.reply_timeout;
    if (debrief_pending_.empty()) complete(client);
}

void EpisodeDriver::on_debrief(agents::AgentClient& client, const Envelope& message) {
    std::optional<std::size_t> party;
    if (message.header.kind == Kind::SessionEvent) {
        party = party_of(std::get<protocol::SessionEventBody>(message.body).member);  // left without answering
    } else {
        party = party_of(message.header.sender);
    }
    if (!party || !debrief_pending_.contains(*party)) return;
    if (message.header.kind == Kind::Inform && message.header.in_reply_to == debrief_pending_[*party]) {
        try {
            const auto* act = std::get_if<protocol::ActBody>(&message.body);
            auto rows = worlds::estimates_from_json(protocol::payload_to_json(act->content), plan_.estimate_sample.size());
            estimates_[*party] = worlds::OpponentModelEstimate{plan_.estimate_sample, std::move(rows)};
        } catch (const std::exception& error) {
            spdlog::warn("episode {}: unreadable estimates from '{}': {}", plan_.index, plan_.agents[*party],
                         error.what());
        }
    }
    if (message.header.kind == Kind::Inform || message.header.kind == Kind::Error ||
        message.header.kind == Kind::SessionEvent) {
        debrief_pending_.erase(*party);
    }
    if (debrief_pending_.empty()) complete(client);
}

void EpisodeDriver::complete(agents::AgentClient& client) {
    phase_ = Phase::Finished;
    finished_ = true;
    auto leave = protocol::make_envelope(Kind::SessionLeave, client.name(), protocol::EmptyBody{});
    leave.header.session = plan_.session;
    client.send(std::move(leave));
}

std::uint64_t EpisodeDriver::send(agents::AgentClient& client, std::size_t party, Kind kind, const Json& content,
                                  std::optional<protocol::Reason> reason) {
    protocol::ActBody body;
    body.content = protocol::payload_from_json(content);
    body.reason = std::move(reason);
    auto envelope = protocol::make_envelope(kind, client.name(), std::move(body));
    envelope.header.session = plan_.session;
    envelope.header.recipient = plan_.agents[party];
    if (kind == Kind::Cfp) envelope.header.reply_by_ms = epoch_ms(plan_.reply_timeout);
    return transmit(client, party, std::move(envelope));
}

std::uint64_t EpisodeDriver::transmit(agents::AgentClient& client, std::size_t party, Envelope envelope) {
    envelope.header.id = client.send(envelope);
    sent_to_party_[envelope.header.id] = party;
    record(envelope, "out");
    return envelope.header.id;
}

bool EpisodeDriver::sent(std::uint64_t message_id) const { return sent_to_party_.contains(message_id); }

std::optional<std::string> EpisodeDriver::recipient_of(std::uint64_t message_id) const {
    auto found = sent_to_party_.find(message_id);
    if (found == sent_to_party_.end()) return std::nullopt;
    return plan_.agents[found->second];
}

void EpisodeDriver::on_broker_error(agents::AgentClient& client, const Envelope& error) {
    if (finished_ || !error.header.in_reply_to) return;
    auto party = sent_to_party_.find(*error.header.in_reply_to);
    if (party == sent_to_party_.end()) return;
    record(error, "in");
    // The broker could not deliver to that party (gone, or never there): it is lost to the episode.
    outcome_.detail = "the broker refused a message to '" + plan_.agents[party->second] +
                      "': " + std::get<protocol::ErrorBody>(error.body).text;
    fail(client, party->second, worlds::Failure::AgentLost);
}

void EpisodeDriver::record(const Envelope& message, const char* direction) {
    auto event = protocol::to_json(message);
    Json line{{"episode", plan_.index}, {"direction", direction}};
    for (auto& [key, value] : event.items()) line[key] = value;
    events_.push_back(std::move(line));
}

std::optional<std::size_t> EpisodeDriver::party_of(const std::string& agent) const {
    for (std::size_t party = 0; party < plan_.agents.size(); ++party) {
        if (plan_.agents[party] == agent) return party;
    }
    return std::nullopt;
}

}  // namespace parley::cli
