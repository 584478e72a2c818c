#include <parley/runner/session_driver.hpp>

#include <parley/protocol/json.hpp>

#include <spdlog/spdlog.h>

#include <algorithm>

namespace parley::runner {

using protocol::Envelope;
using protocol::Kind;

namespace {

std::uint64_t epoch_ms(std::chrono::milliseconds from_now) {
    const auto at = std::chrono::system_clock::now() + from_now;
    return static_cast<std::uint64_t>(
        std::chrono::duration_cast<std::chrono::milliseconds>(at.time_since_epoch()).count());
}

}  // namespace

SessionDriver::SessionDriver(SessionPlan plan)
    : plan_(std::move(plan)), joined_(plan_.agents.size(), false), awaited_(plan_.agents.size()) {}

void SessionDriver::start(agents::AgentClient& client, agents::Clock::time_point now) {
    for (std::size_t party = 0; party < plan_.agents.size(); ++party) {
        protocol::SessionInviteBody invite{plan_.agents[party], protocol::payload_from_json(plan_.game->invitation(party))};
        auto envelope = protocol::make_envelope(Kind::SessionInvite, client.name(), std::move(invite));
        envelope.header.session = plan_.session;
        envelope.header.recipient = plan_.agents[party];
        last_invitation_ = transmit(client, party, std::move(envelope));
    }
    joins_due_ = now + plan_.reply_timeout;  // every party must have joined by then
}

void SessionDriver::on_message(agents::AgentClient& client, const Envelope& message, agents::Clock::time_point now) {
    if (finished_) return;
    record(message, client.frame_being_handled(), "in");
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
    if (message.header.kind == Kind::Error && message.header.sender == protocol::kBrokerName) {
        on_refusal(client, message);
        return;
    }
    const auto party = party_of(message.header.sender);
    if (!party) return;  // not a party of this session: the broker would not route it, but be safe
    if (message.header.kind == Kind::Error) {
        joined_[*party] = false;  // it refused; it leaves the session
        const auto& error = std::get<protocol::ErrorBody>(message.body);
        fail(client, *party, worlds::Failure::AgentLost, "party refused the runner's message: " + error.text);
        return;
    }
    if (phase_ == Phase::Playing && plan_.game->is_answer(message.header.kind)) on_answer(client, message, now);
}

void SessionDriver::on_session_event(agents::AgentClient& client, const Envelope& event) {
    const auto& body = std::get<protocol::SessionEventBody>(event.body);
    const auto party = party_of(body.member);
    if (!party) return;
    if (body.event == protocol::SessionEventType::Joined) {
        joined_[*party] = true;
        return;
    }
    // A party that declines, leaves or is lost before the end ends the session.
    joined_[*party] = false;  // nothing more can be sent to it in this session
    fail(client, *party, worlds::Failure::AgentLost,
         "party '" + body.member + "' " + std::string(protocol::session_event_name(body.event)));
}

void SessionDriver::begin_play(agents::AgentClient& client, agents::Clock::time_point now) {
    phase_ = Phase::Playing;
    if (plan_.time_limit) play_ends_ = now + *plan_.time_limit;
    follow(client, plan_.game->start(), now);
}

void SessionDriver::on_answer(agents::AgentClient& client, const Envelope& message, agents::Clock::time_point now) {
    const auto party = *party_of(message.header.sender);
    auto& awaited = awaited_[party];
    const bool in_turn = awaited && message.header.in_reply_to == awaited->cfp;
    awaited.reset();
    std::string problem;
    auto next = in_turn ? plan_.game->on_answer(party, message, problem) : plan_.game->on_out_of_turn(party, message, problem);
    if (!problem.empty() && detail_.empty()) detail_ = std::move(problem);
    follow(client, std::move(next), now);
}

void SessionDriver::follow(agents::AgentClient& client, std::vector<Outgoing> messages, agents::Clock::time_point now) {
    for (auto& message : messages) {
        const auto party = message.party;
        const bool asks = message.kind == Kind::Cfp;
        const auto id = send(client, std::move(message));
        if (asks) awaited_[party] = Awaited{now + plan_.reply_timeout, id};
    }
    if (plan_.game->finished()) finish(client);
}

void SessionDriver::check_deadline(agents::AgentClient& client, agents::Clock::time_point now) {
    if (finished_) return;
    if (phase_ == Phase::Debriefing) {
        if (now > debrief_due_) complete(client);  // answers that did not come are simply missing
        return;
    }
    if (play_ends_ && now >= *play_ends_) {
        // Time is up for everyone: the rules say what that means.
        plan_.game->on_time_up();
        finish(client);
        return;
    }
    if (phase_ == Phase::Inviting) {
        if (now <= joins_due_) return;
        for (std::size_t party = 0; party < joined_.size(); ++party) {
            if (!joined_[party]) {
                fail(client, party, worlds::Failure::Timeout, "party '" + plan_.agents[party] + "' did not join in time");
                return;
            }
        }
        return;
    }
    // The lowest party index first, so that simultaneous lateness names one party the same way.
    for (std::size_t party = 0; party < awaited_.size(); ++party) {
        if (awaited_[party] && now > awaited_[party]->due) {
            fail(client, party, worlds::Failure::Timeout, "party '" + plan_.agents[party] + "' did not answer in time");
            return;
        }
    }
}

void SessionDriver::fail(agents::AgentClient& client, std::size_t party, worlds::Failure failure, std::string detail) {
    if (finished_) return;
    if (phase_ == Phase::Debriefing) {
        // The rules are done, but a party's answer to the end (its estimates) is
        // part of the results: losing it spoils the episode as surely as losing a move.
        if (!debrief_pending_.erase(party)) return;
        failure_ = failure;
        detail_ = std::move(detail);
        if (debrief_pending_.empty()) complete(client);
        return;
    }
    failure_ = failure;
    if (detail_.empty()) detail_ = std::move(detail);
    plan_.game->on_failure(party, failure);
    finish(client);
}

void SessionDriver::finish(agents::AgentClient& client) {
    phase_ = Phase::Debriefing;
    std::fill(awaited_.begin(), awaited_.end(), std::nullopt);
    const auto result = protocol::payload_from_json(plan_.game->end_content());
    // Only members can be told; a party that never joined, or is gone, is not.
    for (std::size_t party = 0; party < plan_.agents.size(); ++party) {
        if (!joined_[party]) continue;
        const auto id = send(client, Outgoing{party, Kind::End, result, std::nullopt});
        if (plan_.game->asks_at_end()) debrief_pending_[party] = id;
    }
    debrief_due_ = agents::Clock::now() + plan_.reply_timeout;
    if (debrief_pending_.empty()) complete(client);
}

void SessionDriver::on_debrief(agents::AgentClient& client, const Envelope& message) {
    std::optional<std::size_t> party;
    if (message.header.kind == Kind::SessionEvent) {
        party = party_of(std::get<protocol::SessionEventBody>(message.body).member);  // left without answering
    } else {
        party = party_of(message.header.sender);
    }
    if (!party || !debrief_pending_.contains(*party)) return;
    if (message.header.kind == Kind::SessionEvent &&
        std::get<protocol::SessionEventBody>(message.body).event == protocol::SessionEventType::Lost) {
        fail(client, *party, worlds::Failure::AgentLost,
             "party '" + plan_.agents[*party] + "' was lost before it answered the end");
        return;
    }
    if (message.header.kind == Kind::Inform && message.header.in_reply_to == debrief_pending_[*party]) {
        const auto* act = std::get_if<protocol::ActBody>(&message.body);
        plan_.game->on_end_answer(*party, protocol::payload_to_json(act->content));
    }
    if (message.header.kind == Kind::Inform || message.header.kind == Kind::Error ||
        message.header.kind == Kind::SessionEvent) {
        debrief_pending_.erase(*party);
    }
    if (debrief_pending_.empty()) complete(client);
}

void SessionDriver::complete(agents::AgentClient& client) {
    phase_ = Phase::Finished;
    finished_ = true;
    auto leave = protocol::make_envelope(Kind::SessionLeave, client.name(), protocol::EmptyBody{});
    leave.header.session = plan_.session;
    client.send(std::move(leave));
}

std::uint64_t SessionDriver::send(agents::AgentClient& client, Outgoing message) {
    protocol::ActBody body;
    body.content = std::move(message.content);
    body.reason = std::move(message.reason);
    auto envelope = protocol::make_envelope(message.kind, client.name(), std::move(body));
    envelope.header.session = plan_.session;
    envelope.header.recipient = plan_.agents[message.party];
    if (message.kind == Kind::Cfp) envelope.header.reply_by_ms = epoch_ms(plan_.reply_timeout);
    return transmit(client, message.party, std::move(envelope));
}

std::uint64_t SessionDriver::transmit(agents::AgentClient& client, std::size_t party, Envelope envelope) {
    envelope.header.id = client.send(envelope);
    sent_to_party_.emplace_back(envelope.header.id, party);
    record(envelope, client.last_frame_sent(), "out");
    return envelope.header.id;
}

std::optional<std::size_t> SessionDriver::party_sent(std::uint64_t message_id) const {
    const auto found = std::lower_bound(sent_to_party_.begin(), sent_to_party_.end(),
                                        std::pair<std::uint64_t, std::size_t>{message_id, 0});
    if (found == sent_to_party_.end() || found->first != message_id) return std::nullopt;
    return found->second;
}

bool SessionDriver::sent(std::uint64_t message_id) const { return party_sent(message_id).has_value(); }

std::optional<std::string> SessionDriver::recipient_of(std::uint64_t message_id) const {
    const auto party = party_sent(message_id);
    if (!party) return std::nullopt;
    return plan_.agents[*party];
}

void SessionDriver::on_broker_error(agents::AgentClient& client, const Envelope& error) {
    if (finished_) return;
    record(error, client.frame_being_handled(), "in");
    on_refusal(client, error);
}

void SessionDriver::on_refusal(agents::AgentClient& client, const Envelope& error) {
    if (!error.header.in_reply_to) return;
    const auto party = party_sent(*error.header.in_reply_to);
    if (!party) return;
    const auto& body = std::get<protocol::ErrorBody>(error.body);
    if (body.code == protocol::ErrorCode::NotMember && *error.header.in_reply_to <= last_invitation_) {
        // Someone else opened this session id before our first invitation
        // (protocol/SPEC.md, security): an attack or a clash, never the invitee's fault.
        abandon(worlds::Failure::SessionTaken, "the broker refused the invitation to '" + plan_.agents[*party] +
                                                   "': another client holds session '" + plan_.session + "'");
        return;
    }
    // The broker could not deliver to that party (gone, or never there): it is lost to the session.
    fail(client, *party, worlds::Failure::AgentLost,
         "the broker refused a message to '" + plan_.agents[*party] + "': " + body.text);
}

void SessionDriver::abandon(worlds::Failure failure, std::string detail) {
    if (finished_) return;
    // Also while debriefing: the rules are done, but the answers to the end
    // (the parties' estimates) are part of the results and are lost too.
    failure_ = failure;
    detail_ = std::move(detail);
    // The rules record the failure (party 0 stands for none: these failures blame no party).
    plan_.game->on_failure(0, failure);
    phase_ = Phase::Finished;
    finished_ = true;
}

void SessionDriver::record(const Envelope& message, std::string_view frame, const char* direction) {
    // One line of events.jsonl: the episode and direction first, then the
    // message's readable form, written from the frame on the wire when the
    // client has it (no second encoding). Kept as text: a tree per message
    // would cost more to hold, copy and free than the message itself.
    events_ += "{\"episode\":";
    events_ += std::to_string(plan_.index);
    events_ += ",\"direction\":\"";
    events_ += direction;
    events_ += '"';
    const auto readable_at = events_.size();
    if (frame.empty()) {
        protocol::append_readable_json(message, events_);  // "{...}", as dump_json(to_json(message))
    } else {
        protocol::append_readable_json(frame, events_);
    }
    // The message's own braces open no second object: its fields follow the direction.
    if (events_.size() - readable_at > 2) {
        events_[readable_at] = ',';
    } else {
        events_.resize(readable_at);
        events_ += '}';
    }
    events_ += '\n';
}

std::optional<std::size_t> SessionDriver::party_of(const std::string& agent) const {
    for (std::size_t party = 0; party < plan_.agents.size(); ++party) {
        if (plan_.agents[party] == agent) return party;
    }
    return std::nullopt;
}

}  // namespace parley::runner
