// The broker's rules without its socket: the Router is handed frames with the
// routing identity they came from and a time point the test chooses, and writes
// whatever it sends to a FakeOutbox that records (identity, frame) pairs. Each
// test checks the exact recipients, the exact error codes and, for routed
// messages, that the very bytes the sender wrote are what the recipient gets.

#include <parley/broker/router.hpp>
#include <parley/protocol/codec.hpp>
#include <parley/protocol/message.hpp>

#include <doctest/doctest.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

using namespace parley;
using namespace std::chrono_literals;
using broker::Clock;
using protocol::Envelope;
using protocol::ErrorCode;
using protocol::Kind;
using protocol::SessionEventType;

namespace {

// The router logs a warning for every refusal, and these tests provoke hundreds;
// only errors are worth reading in the test output.
const bool kQuietLogs = [] {
    spdlog::set_level(spdlog::level::err);
    return true;
}();

// ---- the fake socket side ---------------------------------------------------------

struct Sent {
    std::string identity;
    std::string frame;
};

class FakeOutbox : public broker::Outbox {
public:
    bool send(const std::string& identity, std::string_view frame) override {
        ++attempts;
        if (full.contains(identity)) return false;
        sent.push_back({identity, std::string(frame)});
        return true;
    }

    // What was sent since the last call, in order; clears the record.
    std::vector<Sent> take() { return std::exchange(sent, {}); }

    std::set<std::string> full;  // identities whose queue is full: send() refuses them
    std::vector<Sent> sent;
    int attempts = 0;
};

Envelope decoded(const Sent& sent) {
    auto envelope = protocol::decode(sent.frame);
    REQUIRE_MESSAGE(envelope.ok(), "the router sent an undecodable frame: " << envelope.error().detail);
    return *envelope;
}

std::multiset<std::string> identities(const std::vector<Sent>& sent) {
    std::multiset<std::string> result;
    for (const auto& item : sent) result.insert(item.identity);
    return result;
}

// The frames of `kind` among `sent`, so that a test about events is not disturbed by heartbeats.
std::vector<Sent> only(Kind kind, const std::vector<Sent>& sent) {
    std::vector<Sent> result;
    for (const auto& item : sent) {
        if (decoded(item).header.kind == kind) result.push_back(item);
    }
    return result;
}

// Checks that `sent` is exactly one error to `identity` with `code`, answering `id`.
void expect_error(const std::vector<Sent>& sent, const std::string& identity, ErrorCode code,
                  std::optional<std::uint64_t> id) {
    REQUIRE(sent.size() == 1);
    CHECK(sent[0].identity == identity);
    const auto reply = decoded(sent[0]);
    REQUIRE(reply.header.kind == Kind::Error);
    CHECK(reply.header.sender == "broker");
    CHECK(reply.header.in_reply_to == id);
    const auto& body = std::get<protocol::ErrorBody>(reply.body);
    CHECK(protocol::error_code_name(body.code) == protocol::error_code_name(code));
}

// Checks that `sent` is exactly one session event per identity in `audience`,
// each saying that `member` had `event` in `session`.
void expect_events(const std::vector<Sent>& sent, const std::multiset<std::string>& audience, SessionEventType event,
                   const std::string& member, const std::string& session) {
    CHECK(identities(sent) == audience);
    for (const auto& item : sent) {
        CAPTURE(item.identity);
        const auto envelope = decoded(item);
        REQUIRE(envelope.header.kind == Kind::SessionEvent);
        CHECK(envelope.header.sender == "broker");
        CHECK(envelope.header.session == session);
        CHECK("id-" + envelope.header.recipient == item.identity);  // addressed by name to the right socket
        const auto& body = std::get<protocol::SessionEventBody>(envelope.body);
        CHECK(protocol::session_event_name(body.event) == protocol::session_event_name(event));
        CHECK(body.member == member);
    }
}

// ---- a router with a controlled clock --------------------------------------------

broker::RouterConfig test_config() {
    broker::RouterConfig config;
    config.heartbeat_interval = 1000ms;
    config.liveness = 3;
    return config;
}

// Agents are named "alice", "bob", ... and connect from the socket "id-alice",
// "id-bob", ..., so that a test can tell a name from a routing identity.
std::string socket_of(const std::string& name) { return "id-" + name; }

class Harness {
public:
    explicit Harness(broker::RouterConfig config = test_config()) : router(config, outbox, t0) {}

    Clock::time_point at(std::chrono::milliseconds offset) const { return t0 + offset; }

    // An envelope of `kind` from `from` with the next id; the body is the kind's default.
    Envelope envelope(Kind kind, const std::string& from, protocol::Body body) {
        auto result = protocol::make_envelope(kind, from, std::move(body));
        result.header.id = next_id++;
        return result;
    }
    Envelope envelope(Kind kind, const std::string& from) { return envelope(kind, from, protocol::empty_body_for(kind)); }

    // A routed message with some content, to `to` and/or in `session`.
    Envelope message(const std::string& from, const std::string& to, const std::string& session = {}) {
        protocol::ActBody body;
        body.content.msgpack = std::string("\xa5offer", 6);  // the MessagePack string "offer"
        auto result = envelope(Kind::Propose, from, body);
        result.header.recipient = to;
        result.header.session = session;
        return result;
    }

    // Hands the router `envelope` from `identity` at `offset`; returns the frame it was given.
    std::string handle(const std::string& identity, const Envelope& envelope, std::chrono::milliseconds offset = 0ms) {
        auto frame = protocol::encode(envelope);
        router.handle(identity, frame, at(offset));
        return frame;
    }
    // The same, from the agent's own socket.
    std::string from_agent(const Envelope& envelope, std::chrono::milliseconds offset = 0ms) {
        return handle(socket_of(envelope.header.sender), envelope, offset);
    }

    // Registers `name` from its socket, checks the welcome and forgets it.
    void register_agent(const std::string& name, const std::string& framework = "test",
                        std::vector<std::string> capabilities = {}, std::chrono::milliseconds offset = 0ms) {
        from_agent(envelope(Kind::Register, name, protocol::RegisterBody{framework, std::move(capabilities), name + "-1"}),
                   offset);
        auto sent = outbox.take();
        REQUIRE(sent.size() == 1);
        REQUIRE(decoded(sent[0]).header.kind == Kind::Welcome);
    }

    // `inviter` opens `session` and invites each of `invitees`, who all join; forgets the traffic.
    void open_session(const std::string& session, const std::string& inviter, const std::vector<std::string>& invitees,
                      std::chrono::milliseconds offset = 0ms) {
        for (const auto& invitee : invitees) {
            auto invite = envelope(Kind::SessionInvite, inviter, protocol::SessionInviteBody{invitee, {}});
            invite.header.session = session;
            from_agent(invite, offset);
        }
        for (const auto& invitee : invitees) join(invitee, session, offset);
        outbox.take();
    }

    void join(const std::string& name, const std::string& session, std::chrono::milliseconds offset = 0ms) {
        auto join = envelope(Kind::SessionJoin, name);
        join.header.session = session;
        from_agent(join, offset);
    }

    const broker::AgentRecord* agent(const std::string& name) const {
        const auto& agents = router.directory().agents();
        auto found = agents.find(name);
        return found == agents.end() ? nullptr : &found->second;
    }

    bool in_session(const std::string& name, const std::string& session) const {
        const auto* record = agent(name);
        return record != nullptr && record->sessions.contains(session);
    }

    FakeOutbox outbox;
    const Clock::time_point t0 = Clock::now();
    broker::Router router;
    std::uint64_t next_id = 100;
};

}  // namespace

// ============================================================================
// Registration
// ============================================================================

TEST_CASE("register is answered with a welcome that carries the broker's settings") {
    auto config = test_config();
    config.heartbeat_interval = 250ms;
    config.liveness = 4;
    config.limits.max_frame_bytes = 4096;
    Harness h(config);

    auto request = h.envelope(Kind::Register, "alice", protocol::RegisterBody{"rawlsian", {"negotiate", "vote"}, "p-1"});
    request.header.id = 41;
    h.handle("id-alice", request);

    auto sent = h.outbox.take();
    REQUIRE(sent.size() == 1);
    CHECK(sent[0].identity == "id-alice");
    const auto welcome = decoded(sent[0]);
    CHECK(welcome.header.kind == Kind::Welcome);
    CHECK(welcome.header.sender == "broker");
    CHECK(welcome.header.recipient == "alice");
    CHECK(welcome.header.in_reply_to == 41u);
    const auto& body = std::get<protocol::WelcomeBody>(welcome.body);
    CHECK(body.heartbeat_ms == 250);
    CHECK(body.liveness == 4);
    CHECK(body.max_frame == 4096);
    CHECK_FALSE(body.broker.empty());

    const auto* record = h.agent("alice");
    REQUIRE(record != nullptr);
    CHECK(record->identity == "id-alice");
    CHECK(record->framework == "rawlsian");
    CHECK(record->capabilities == std::vector<std::string>{"negotiate", "vote"});
}

TEST_CASE("a name held by another live agent is refused with duplicate_name") {
    Harness h;
    h.handle("id-alice", h.envelope(Kind::Register, "alice", protocol::RegisterBody{"rawlsian", {}, "first"}));
    h.outbox.take();

    SUBCASE("another instance token") {
        auto impostor = h.envelope(Kind::Register, "alice", protocol::RegisterBody{"greedy", {}, "second"});
        h.handle("id-impostor", impostor);
        expect_error(h.outbox.take(), "id-impostor", ErrorCode::DuplicateName, impostor.header.id);
    }
    SUBCASE("no instance token at all") {
        auto impostor = h.envelope(Kind::Register, "alice", protocol::RegisterBody{"greedy", {}, ""});
        h.handle("id-impostor", impostor);
        expect_error(h.outbox.take(), "id-impostor", ErrorCode::DuplicateName, impostor.header.id);
    }
    // The holder keeps its name, socket and registration.
    REQUIRE(h.agent("alice") != nullptr);
    CHECK(h.agent("alice")->identity == "id-alice");
    CHECK(h.agent("alice")->framework == "rawlsian");
    CHECK(h.router.directory().agents().size() == 1);
}

TEST_CASE("the same instance token from a new socket takes the name over") {
    Harness h;
    h.handle("id-alice", h.envelope(Kind::Register, "alice", protocol::RegisterBody{"rawlsian", {}, "proc-7"}));
    h.outbox.take();
    h.register_agent("bob");
    h.open_session("s1", "alice", {"bob"});
    h.outbox.take();

    // The restarted socket of the same process: welcomed on the new identity.
    auto again = h.envelope(Kind::Register, "alice", protocol::RegisterBody{"rawlsian", {}, "proc-7"});
    h.handle("id-alice-2", again, 10ms);
    auto sent = h.outbox.take();
    REQUIRE(sent.size() == 1);
    CHECK(sent[0].identity == "id-alice-2");
    CHECK(decoded(sent[0]).header.kind == Kind::Welcome);
    CHECK(decoded(sent[0]).header.in_reply_to == again.header.id);
    CHECK(h.agent("alice")->identity == "id-alice-2");
    CHECK(h.in_session("alice", "s1"));  // its sessions survive the reconnection

    // Messages to alice now reach the new socket, directly and through the session.
    auto direct = h.from_agent(h.message("bob", "alice"), 20ms);
    auto in_session = h.from_agent(h.message("bob", "", "s1"), 20ms);
    sent = h.outbox.take();
    REQUIRE(sent.size() == 2);
    CHECK(sent[0].identity == "id-alice-2");
    CHECK(sent[0].frame == direct);
    CHECK(sent[1].identity == "id-alice-2");
    CHECK(sent[1].frame == in_session);

    // The old socket is nobody now.
    auto stale = h.envelope(Kind::Heartbeat, "alice");
    h.handle("id-alice", stale, 30ms);
    expect_error(h.outbox.take(), "id-alice", ErrorCode::NotRegistered, stale.header.id);
}

TEST_CASE("the name 'broker' cannot be registered") {
    Harness h;
    auto request = h.envelope(Kind::Register, "broker", protocol::RegisterBody{"test", {}, "x"});
    h.handle("id-mallory", request);
    expect_error(h.outbox.take(), "id-mallory", ErrorCode::DuplicateName, request.header.id);
    CHECK(h.router.directory().agents().empty());
}

TEST_CASE("a socket registered under one name cannot register a second") {
    Harness h;
    h.register_agent("alice");
    auto second = h.envelope(Kind::Register, "alias", protocol::RegisterBody{"test", {}, "alice-1"});
    h.handle("id-alice", second);
    expect_error(h.outbox.take(), "id-alice", ErrorCode::ProtocolViolation, second.header.id);
    CHECK(h.agent("alias") == nullptr);
}

TEST_CASE("anything but register from an unknown socket is not_registered") {
    Harness h;
    h.register_agent("bob");
    auto early = h.message("alice", "bob");
    h.handle("id-alice", early);
    auto sent = h.outbox.take();
    expect_error(sent, "id-alice", ErrorCode::NotRegistered, early.header.id);
    CHECK(decoded(sent[0]).header.recipient.empty());  // it has no name to address it by
}

// ============================================================================
// Senders and direct routing
// ============================================================================

TEST_CASE("a forged sender is refused with forged_sender and nothing is routed") {
    Harness h;
    h.register_agent("alice");
    h.register_agent("bob");
    h.register_agent("carol");
    // alice's socket claims to be bob, writing to carol and to bob himself.
    for (const auto& to : {"carol", "bob"}) {
        auto forged = h.message("bob", to);
        h.handle("id-alice", forged);
        expect_error(h.outbox.take(), "id-alice", ErrorCode::ForgedSender, forged.header.id);
    }
}

TEST_CASE("a direct message reaches its recipient's socket byte for byte") {
    Harness h;
    h.register_agent("alice");
    h.register_agent("bob");
    h.register_agent("carol");
    auto message = h.message("alice", "bob");
    message.header.reply_by_ms = 1700000000000ULL;
    message.header.in_reply_to = 3;
    const auto frame = h.from_agent(message);

    auto sent = h.outbox.take();
    REQUIRE(sent.size() == 1);
    CHECK(sent[0].identity == "id-bob");
    CHECK(sent[0].frame == frame);  // not re-encoded: exactly the sender's bytes
}

TEST_CASE("a message to an unknown agent is refused with unknown_recipient") {
    Harness h;
    h.register_agent("alice");
    auto message = h.message("alice", "nobody");
    h.from_agent(message);
    auto sent = h.outbox.take();
    expect_error(sent, "id-alice", ErrorCode::UnknownRecipient, message.header.id);
    CHECK(decoded(sent[0]).header.recipient == "alice");
}

TEST_CASE("a routed message with neither 'to' nor 'session' is a protocol_violation") {
    Harness h;
    h.register_agent("alice");
    h.register_agent("bob");
    auto message = h.message("alice", "");
    h.from_agent(message);
    expect_error(h.outbox.take(), "id-alice", ErrorCode::ProtocolViolation, message.header.id);
}

TEST_CASE("kinds only the broker sends are refused from an agent with protocol_violation") {
    Harness h;
    h.register_agent("alice");
    h.register_agent("bob");
    int checked = 0;
    for (Kind kind : protocol::kAllKinds) {
        if (!protocol::is_broker_only(kind)) continue;
        CAPTURE(protocol::kind_name(kind));
        auto forged = h.envelope(kind, "alice");
        forged.header.recipient = "bob";
        h.from_agent(forged);
        expect_error(h.outbox.take(), "id-alice", ErrorCode::ProtocolViolation, forged.header.id);
        ++checked;
    }
    CHECK(checked == 4);  // welcome, directory, session_event, stats
}

TEST_CASE("a frame that cannot be decoded is answered with the decoder's error code") {
    Harness h;
    h.register_agent("alice");
    h.router.handle("id-alice", "\xc1 not msgpack", h.at(0ms));
    auto sent = h.outbox.take();
    expect_error(sent, "id-alice", ErrorCode::NotUnderstood, std::nullopt);
    CHECK(decoded(sent[0]).header.recipient == "alice");

    // What can still be read of a refused message names it in the answer.
    auto newer = h.envelope(Kind::Heartbeat, "alice");
    newer.header.version = 2;
    h.from_agent(newer);
    expect_error(h.outbox.take(), "id-alice", ErrorCode::UnsupportedVersion, newer.header.id);

    // A refused error is not answered: that is how two confused peers would loop.
    auto bad_error = h.envelope(Kind::Error, "alice");
    bad_error.header.version = 2;
    h.from_agent(bad_error);
    CHECK(h.outbox.take().empty());

    // reject() answers framing errors the socket layer found, the same way,
    // and counts the frame as traffic: alice, heard at 2500 ms, is alive at 4000 ms.
    h.router.reject("id-alice", ErrorCode::ProtocolViolation, "three frames", h.at(2500ms));
    expect_error(h.outbox.take(), "id-alice", ErrorCode::ProtocolViolation, std::nullopt);
    h.router.tick(h.at(4000ms));
    CHECK(h.agent("alice") != nullptr);
    CHECK(h.router.stats(h.at(4000ms)).messages_in == 5);  // register, garbage, 2 x version 2, rejected
}

// ============================================================================
// Directory
// ============================================================================

TEST_CASE("a directory query filters by name, framework and capability and answers in name order") {
    Harness h;
    // Registered out of order, at different times, so order and idle time are checked for real.
    h.register_agent("carol", "rawlsian", {"vote"}, 0ms);
    h.register_agent("alice", "rawlsian", {"negotiate", "vote"}, 100ms);
    h.register_agent("bob", "utilitarian", {"negotiate"}, 200ms);

    auto ask = [&](std::optional<std::string> name, std::optional<std::string> framework,
                   std::optional<std::string> capability) {
        auto query = h.envelope(Kind::DirectoryQuery, "alice",
                                protocol::DirectoryQueryBody{std::move(name), std::move(framework), std::move(capability)});
        h.from_agent(query, 250ms);
        auto sent = h.outbox.take();
        REQUIRE(sent.size() == 1);
        CHECK(sent[0].identity == "id-alice");
        const auto reply = decoded(sent[0]);
        REQUIRE(reply.header.kind == Kind::Directory);
        CHECK(reply.header.in_reply_to == query.header.id);
        CHECK(reply.header.recipient == "alice");
        return std::get<protocol::DirectoryBody>(reply.body).agents;
    };
    auto names = [](const std::vector<protocol::DirectoryEntry>& entries) {
        std::vector<std::string> result;
        for (const auto& entry : entries) result.push_back(entry.name);
        return result;
    };
    using Names = std::vector<std::string>;

    const auto everyone = ask({}, {}, {});
    CHECK(names(everyone) == Names{"alice", "bob", "carol"});
    REQUIRE(everyone.size() == 3);
    CHECK(everyone[0] == protocol::DirectoryEntry{"alice", "rawlsian", {"negotiate", "vote"}, 0});  // just heard
    CHECK(everyone[1] == protocol::DirectoryEntry{"bob", "utilitarian", {"negotiate"}, 50});
    CHECK(everyone[2] == protocol::DirectoryEntry{"carol", "rawlsian", {"vote"}, 250});

    CHECK(names(ask("bob", {}, {})) == Names{"bob"});
    CHECK(names(ask({}, "rawlsian", {})) == Names{"alice", "carol"});
    CHECK(names(ask({}, {}, "negotiate")) == Names{"alice", "bob"});
    CHECK(names(ask({}, "rawlsian", "negotiate")) == Names{"alice"});
    CHECK(names(ask("carol", "utilitarian", {})).empty());
    CHECK(names(ask("nobody", {}, {})).empty());
}

// ============================================================================
// Sessions
// ============================================================================

TEST_CASE("an invitation opens the session with the inviter as member and reaches the invitee only") {
    Harness h;
    for (const auto* name : {"alice", "bob", "carol"}) h.register_agent(name);

    auto invite = h.envelope(Kind::SessionInvite, "alice",
                             protocol::SessionInviteBody{"bob", protocol::Payload{std::string("\x81\xa4role\xa5" "buyer", 12)}});
    invite.header.session = "s1";
    const auto frame = h.from_agent(invite);

    auto sent = h.outbox.take();
    REQUIRE(sent.size() == 1);
    CHECK(sent[0].identity == "id-bob");
    CHECK(sent[0].frame == frame);  // the private content goes on untouched, to bob alone
    CHECK(h.router.directory().session_count() == 1);
    CHECK(h.in_session("alice", "s1"));
    CHECK(h.in_session("bob", "s1"));
    CHECK_FALSE(h.in_session("carol", "s1"));

    // alice is a member already: she can speak in it before anyone joins (nobody to hear yet).
    h.from_agent(h.message("alice", "", "s1"));
    CHECK(h.outbox.take().empty());
}

TEST_CASE("invitations that cannot be honoured are refused") {
    Harness h;
    for (const auto* name : {"alice", "bob", "carol"}) h.register_agent(name);
    h.open_session("s1", "alice", {"bob"});

    SUBCASE("an unknown invitee: unknown_recipient, and no session is opened") {
        auto invite = h.envelope(Kind::SessionInvite, "alice", protocol::SessionInviteBody{"nobody", {}});
        invite.header.session = "s2";
        h.from_agent(invite);
        expect_error(h.outbox.take(), "id-alice", ErrorCode::UnknownRecipient, invite.header.id);
        CHECK(h.router.directory().session_count() == 1);
    }
    SUBCASE("a non-member inviting into an existing session: not_member") {
        auto invite = h.envelope(Kind::SessionInvite, "carol", protocol::SessionInviteBody{"carol", {}});
        invite.header.session = "s1";
        h.from_agent(invite);
        expect_error(h.outbox.take(), "id-carol", ErrorCode::NotMember, invite.header.id);
        CHECK_FALSE(h.in_session("carol", "s1"));
    }
    SUBCASE("an invitation without a session: protocol_violation") {
        auto invite = h.envelope(Kind::SessionInvite, "alice", protocol::SessionInviteBody{"carol", {}});
        h.from_agent(invite);
        expect_error(h.outbox.take(), "id-alice", ErrorCode::ProtocolViolation, invite.header.id);
    }
}

TEST_CASE("an agent cannot make the broker hold more than max_sessions_per_agent sessions for it") {
    auto config = test_config();
    config.max_sessions_per_agent = 2;
    Harness h(config);
    for (const auto* name : {"alice", "bob", "carol"}) h.register_agent(name);
    auto invite_into = [&](const std::string& session, const std::string& invitee) {
        auto invite = h.envelope(Kind::SessionInvite, "alice", protocol::SessionInviteBody{invitee, {}});
        invite.header.session = session;
        h.from_agent(invite);
        return invite.header.id;
    };
    invite_into("s1", "bob");
    invite_into("s2", "bob");
    h.outbox.take();
    // alice is in two sessions: a third is refused, and not opened.
    const auto refused = invite_into("s3", "carol");
    expect_error(h.outbox.take(), "id-alice", ErrorCode::TooLarge, refused);
    CHECK(h.router.directory().session_count() == 2);
    // More invitations into a session she is already in are fine.
    invite_into("s1", "carol");
    CHECK(h.outbox.take().size() == 1);  // the invitation, forwarded to carol
}

TEST_CASE("joining tells every member, the joiner included, with 'joined'") {
    Harness h;
    for (const auto* name : {"alice", "bob", "carol", "dave"}) h.register_agent(name);
    h.open_session("s1", "alice", {"bob"});  // alice and bob are members
    auto invite = h.envelope(Kind::SessionInvite, "alice", protocol::SessionInviteBody{"carol", {}});
    invite.header.session = "s1";
    h.from_agent(invite);
    h.outbox.take();

    h.join("carol", "s1");
    expect_events(h.outbox.take(), {"id-alice", "id-bob", "id-carol"}, SessionEventType::Joined, "carol", "s1");
    // dave, who is not in the session, heard nothing: the audience above is exact.
}

TEST_CASE("joining without an invitation is not_member") {
    Harness h;
    for (const auto* name : {"alice", "bob", "carol"}) h.register_agent(name);
    h.open_session("s1", "alice", {"bob"});

    auto join = h.envelope(Kind::SessionJoin, "carol");
    join.header.session = "s1";
    h.from_agent(join);
    expect_error(h.outbox.take(), "id-carol", ErrorCode::NotMember, join.header.id);
    CHECK_FALSE(h.in_session("carol", "s1"));

    auto nowhere = h.envelope(Kind::SessionJoin, "carol");
    nowhere.header.session = "no-such-session";
    h.from_agent(nowhere);
    expect_error(h.outbox.take(), "id-carol", ErrorCode::NotMember, nowhere.header.id);
    CHECK(h.router.directory().session_count() == 1);  // a failed join opens nothing

    auto no_session = h.envelope(Kind::SessionJoin, "carol");
    h.from_agent(no_session);
    expect_error(h.outbox.take(), "id-carol", ErrorCode::ProtocolViolation, no_session.header.id);
}

TEST_CASE("a session message reaches every member but the sender, byte for byte") {
    Harness h;
    for (const auto* name : {"alice", "bob", "carol", "dave"}) h.register_agent(name);
    h.open_session("s1", "alice", {"bob", "carol"});

    for (const auto* sender : {"alice", "carol"}) {
        CAPTURE(sender);
        const auto frame = h.from_agent(h.message(sender, "", "s1"));
        auto sent = h.outbox.take();
        std::multiset<std::string> expected{"id-alice", "id-bob", "id-carol"};
        expected.erase(socket_of(sender));
        CHECK(identities(sent) == expected);
        for (const auto& item : sent) CHECK(item.frame == frame);
    }
}

TEST_CASE("an agent outside a session cannot speak in it: not_member, nothing routed") {
    Harness h;
    for (const auto* name : {"alice", "bob", "dave", "erin"}) h.register_agent(name);
    h.open_session("s1", "alice", {"bob"});
    auto invite = h.envelope(Kind::SessionInvite, "alice", protocol::SessionInviteBody{"erin", {}});
    invite.header.session = "s1";
    h.from_agent(invite);
    h.outbox.take();

    SUBCASE("never invited") {
        auto message = h.message("dave", "", "s1");
        h.from_agent(message);
        expect_error(h.outbox.take(), "id-dave", ErrorCode::NotMember, message.header.id);
    }
    SUBCASE("invited but not joined") {
        auto message = h.message("erin", "", "s1");
        h.from_agent(message);
        expect_error(h.outbox.take(), "id-erin", ErrorCode::NotMember, message.header.id);
    }
    SUBCASE("a session that does not exist") {
        auto message = h.message("alice", "", "s9");
        h.from_agent(message);
        expect_error(h.outbox.take(), "id-alice", ErrorCode::NotMember, message.header.id);
    }
    SUBCASE("addressed to a member, by a non-member") {
        auto message = h.message("dave", "bob", "s1");
        h.from_agent(message);
        expect_error(h.outbox.take(), "id-dave", ErrorCode::NotMember, message.header.id);
    }
}

TEST_CASE("'to' with 'session' reaches that member only, and only if it is a member") {
    Harness h;
    for (const auto* name : {"alice", "bob", "carol", "dave", "erin"}) h.register_agent(name);
    h.open_session("s1", "alice", {"bob", "carol"});
    auto invite = h.envelope(Kind::SessionInvite, "alice", protocol::SessionInviteBody{"erin", {}});
    invite.header.session = "s1";
    h.from_agent(invite);
    h.outbox.take();

    const auto frame = h.from_agent(h.message("alice", "bob", "s1"));
    auto sent = h.outbox.take();
    REQUIRE(sent.size() == 1);
    CHECK(sent[0].identity == "id-bob");
    CHECK(sent[0].frame == frame);

    // A registered agent outside the session, an invitee who has not joined, and nobody.
    for (const auto* outsider : {"dave", "erin", "nobody"}) {
        CAPTURE(outsider);
        auto message = h.message("alice", outsider, "s1");
        h.from_agent(message);
        expect_error(h.outbox.take(), "id-alice", ErrorCode::NotMember, message.header.id);
    }
}

TEST_CASE("leaving tells the remaining members and the leaver 'left'; an invitee leaving is 'declined'") {
    Harness h;
    for (const auto* name : {"alice", "bob", "carol", "erin"}) h.register_agent(name);
    h.open_session("s1", "alice", {"bob", "carol"});
    auto invite = h.envelope(Kind::SessionInvite, "alice", protocol::SessionInviteBody{"erin", {}});
    invite.header.session = "s1";
    h.from_agent(invite);
    h.outbox.take();

    auto leave = [&](const std::string& name) {
        auto request = h.envelope(Kind::SessionLeave, name);
        request.header.session = "s1";
        h.from_agent(request);
        return request;
    };

    leave("bob");
    expect_events(h.outbox.take(), {"id-alice", "id-bob", "id-carol"}, SessionEventType::Left, "bob", "s1");
    CHECK_FALSE(h.in_session("bob", "s1"));
    // bob is out: he can no longer speak in the session, and is not spoken to.
    auto late = h.message("bob", "", "s1");
    h.from_agent(late);
    expect_error(h.outbox.take(), "id-bob", ErrorCode::NotMember, late.header.id);
    h.from_agent(h.message("alice", "", "s1"));
    CHECK(identities(h.outbox.take()) == std::multiset<std::string>{"id-carol"});

    leave("erin");  // invited, never joined
    expect_events(h.outbox.take(), {"id-alice", "id-carol", "id-erin"}, SessionEventType::Declined, "erin", "s1");
    CHECK_FALSE(h.in_session("erin", "s1"));

    auto again = leave("bob");
    expect_error(h.outbox.take(), "id-bob", ErrorCode::NotMember, again.header.id);

    // When the last ones leave, the session is forgotten.
    leave("carol");
    leave("alice");
    h.outbox.take();
    CHECK(h.router.directory().session_count() == 0);
}

TEST_CASE("bye removes the agent and tells its sessions 'left'") {
    Harness h;
    for (const auto* name : {"alice", "bob", "carol"}) h.register_agent(name);
    h.open_session("s1", "alice", {"bob", "carol"});

    h.from_agent(h.envelope(Kind::Bye, "bob"), 10ms);
    expect_events(h.outbox.take(), {"id-alice", "id-carol"}, SessionEventType::Left, "bob", "s1");
    CHECK(h.agent("bob") == nullptr);
    CHECK(h.router.stats(h.at(10ms)).agents == 2);

    // The name is free again, and the old socket is unknown.
    auto stale = h.envelope(Kind::Heartbeat, "bob");
    h.from_agent(stale, 20ms);
    expect_error(h.outbox.take(), "id-bob", ErrorCode::NotRegistered, stale.header.id);
    auto to_bob = h.message("alice", "bob");
    h.from_agent(to_bob, 20ms);
    expect_error(h.outbox.take(), "id-alice", ErrorCode::UnknownRecipient, to_bob.header.id);
}

TEST_CASE("bye from an agent that was only invited tells the session it 'declined'") {
    Harness h;
    for (const auto* name : {"alice", "erin"}) h.register_agent(name);
    auto invite = h.envelope(Kind::SessionInvite, "alice", protocol::SessionInviteBody{"erin", {}});
    invite.header.session = "s1";
    h.from_agent(invite);
    h.outbox.take();

    h.from_agent(h.envelope(Kind::Bye, "erin"), 10ms);
    expect_events(h.outbox.take(), {"id-alice"}, SessionEventType::Declined, "erin", "s1");
}

// ============================================================================
// Liveness
// ============================================================================

TEST_CASE("an agent silent for more than liveness x heartbeat is lost, and its session peers are told") {
    Harness h;  // 1000 ms x 3: lost after more than 3000 ms of silence
    for (const auto* name : {"alice", "bob", "carol"}) h.register_agent(name);
    h.open_session("s1", "alice", {"bob"});  // everything at 0 ms
    h.from_agent(h.envelope(Kind::Heartbeat, "bob"), 2000ms);
    h.from_agent(h.message("carol", "bob"), 2500ms);  // any traffic counts as a heartbeat
    h.outbox.take();

    h.router.tick(h.at(3000ms));  // exactly the limit: not yet
    CHECK(h.agent("alice") != nullptr);
    CHECK(only(Kind::SessionEvent, h.outbox.take()).empty());

    h.router.tick(h.at(3001ms));
    CHECK(h.agent("alice") == nullptr);
    CHECK(h.agent("bob") != nullptr);
    CHECK(h.agent("carol") != nullptr);
    expect_events(only(Kind::SessionEvent, h.outbox.take()), {"id-bob"}, SessionEventType::Lost, "alice", "s1");

    // bob (heard at 2000 ms) goes at 5001 ms, carol (2500 ms) not before 5501 ms.
    h.router.tick(h.at(5001ms));
    CHECK(h.agent("bob") == nullptr);
    CHECK(h.agent("carol") != nullptr);
    h.router.tick(h.at(5501ms));
    CHECK(h.router.directory().agents().empty());
    CHECK(h.router.directory().session_count() == 0);
}

TEST_CASE("tick heartbeats an agent the broker has not written to for a heartbeat interval") {
    Harness h;
    h.register_agent("alice");  // the welcome, at 0 ms, was the last thing sent to alice

    CHECK(h.router.tick(h.at(500ms)) == h.at(1000ms));  // asks to be called again within half an interval
    CHECK(h.outbox.take().empty());

    h.from_agent(h.envelope(Kind::Heartbeat, "alice"), 1400ms);  // alice's own beats do not count
    h.router.tick(h.at(1500ms));
    auto sent = h.outbox.take();
    REQUIRE(sent.size() == 1);
    CHECK(sent[0].identity == "id-alice");
    const auto beat = decoded(sent[0]);
    CHECK(beat.header.kind == Kind::Heartbeat);
    CHECK(beat.header.sender == "broker");
    CHECK(beat.header.recipient == "alice");
    CHECK(h.agent("alice") != nullptr);
}

TEST_CASE("heartbeat timing follows the clock passed in, not the wall clock") {
    // "Last sent" must be measured on the clock the router is driven by (the time
    // of the frame or tick being handled), never on the wall clock: otherwise a
    // broker driven by recorded or simulated time heartbeats at the wrong moments.
    Harness h;
    h.register_agent("alice");
    h.register_agent("bob");

    SUBCASE("a heartbeat is due exactly one interval after the welcome") {
        h.router.tick(h.at(1000ms));
        CHECK(identities(only(Kind::Heartbeat, h.outbox.take())) == std::multiset<std::string>{"id-alice", "id-bob"});
    }
    SUBCASE("a heartbeat just sent is not sent again a moment later") {
        h.router.tick(h.at(1500ms));
        CHECK(only(Kind::Heartbeat, h.outbox.take()).size() == 2);
        h.router.tick(h.at(1600ms));
        CHECK(h.outbox.take().empty());
    }
    SUBCASE("a message routed to an agent postpones its heartbeat") {
        h.from_agent(h.message("bob", "alice"), 900ms);
        h.from_agent(h.envelope(Kind::Heartbeat, "alice"), 900ms);
        h.outbox.take();
        h.router.tick(h.at(1500ms));  // 600 ms after the delivery to alice; 1500 ms since bob's welcome
        CHECK(identities(only(Kind::Heartbeat, h.outbox.take())) == std::multiset<std::string>{"id-bob"});
    }
}

// ============================================================================
// Back-pressure, error loops, statistics
// ============================================================================

TEST_CASE("an outbox that refuses a frame counts it as dropped and the router moves on") {
    Harness h;
    h.register_agent("alice");
    h.register_agent("bob");
    h.outbox.full.insert("id-bob");
    const int before = h.outbox.attempts;

    h.from_agent(h.message("alice", "bob"));
    CHECK(h.outbox.attempts == before + 1);  // one try, no retry, no wait
    CHECK(h.outbox.take().empty());
    auto stats = h.router.stats(h.at(0ms));
    CHECK(stats.dropped == 1);
    CHECK(stats.messages_routed == 0);
    CHECK(stats.bytes_routed == 0);

    // Broker messages and errors to a full queue are dropped and counted too.
    h.from_agent(h.envelope(Kind::StatsRequest, "bob"));  // the stats reply
    h.from_agent(h.message("bob", "nobody"));             // the error
    CHECK(h.router.stats(h.at(0ms)).dropped == 3);

    // The router keeps working for everyone else.
    h.outbox.full.clear();
    const auto frame = h.from_agent(h.message("alice", "bob"));
    auto sent = h.outbox.take();
    REQUIRE(sent.size() == 1);
    CHECK(sent[0].frame == frame);
}

TEST_CASE("an error message is never answered with an error") {
    Harness h;
    h.register_agent("alice");
    h.register_agent("bob");
    auto error_from = [&](const std::string& from, const std::string& to) {
        auto error = h.envelope(Kind::Error, from, protocol::ErrorBody{ErrorCode::NotMember, "about something"});
        error.header.recipient = to;
        return error;
    };

    auto to_nobody = error_from("alice", "nobody");
    h.from_agent(to_nobody);
    CHECK(h.outbox.take().empty());

    auto no_address = error_from("alice", "");
    h.from_agent(no_address);
    CHECK(h.outbox.take().empty());

    auto forged = error_from("bob", "alice");
    h.handle("id-alice", forged);
    CHECK(h.outbox.take().empty());

    auto unregistered = error_from("zed", "alice");
    h.handle("id-zed", unregistered);
    CHECK(h.outbox.take().empty());

    // Each was still a bad message, and is counted as one.
    const auto errors = h.router.stats(h.at(0ms)).errors;
    CHECK(errors.at("unknown_recipient") == 1);
    CHECK(errors.at("protocol_violation") == 1);
    CHECK(errors.at("forged_sender") == 1);
    CHECK(errors.at("not_registered") == 1);

    // An error to a real recipient is routed like any other message.
    auto routed = error_from("alice", "bob");
    const auto frame = h.from_agent(routed);
    auto sent = h.outbox.take();
    REQUIRE(sent.size() == 1);
    CHECK(sent[0].identity == "id-bob");
    CHECK(sent[0].frame == frame);
}

TEST_CASE("stats count messages in, routed messages and bytes, errors by code, agents and sessions") {
    Harness h;
    for (const auto* name : {"alice", "bob", "carol"}) h.register_agent(name);  // 3 in

    auto invite = h.envelope(Kind::SessionInvite, "alice", protocol::SessionInviteBody{"bob", {}});
    invite.header.session = "s1";
    const auto invite_frame = h.from_agent(invite);  // 1 in, 1 routed (the invitation is forwarded)
    h.join("bob", "s1");                            // 1 in, broker events are not "routed"
    const auto fanned = h.from_agent(h.message("alice", "", "s1"));  // 1 in, 1 routed (to bob)
    const auto direct = h.from_agent(h.message("carol", "alice"));   // 1 in, 1 routed
    h.from_agent(h.message("alice", "nobody"));                      // 1 in, unknown_recipient
    h.from_agent(h.message("carol", "", "s1"));                      // 1 in, not_member
    h.router.handle("id-stranger", "garbage", h.at(0ms));            // 1 in, not_understood
    h.from_agent(h.envelope(Kind::Heartbeat, "bob"));                // 1 in
    h.outbox.take();

    const auto stats = h.router.stats(h.at(5000ms));
    CHECK(stats.uptime_ms == 5000);
    CHECK(stats.messages_in == 11);
    CHECK(stats.messages_routed == 3);
    CHECK(stats.bytes_routed == invite_frame.size() + fanned.size() + direct.size());
    CHECK(stats.dropped == 0);
    CHECK(stats.errors == std::map<std::string, std::uint64_t>{
                              {"not_member", 1}, {"not_understood", 1}, {"unknown_recipient", 1}});
    CHECK(stats.agents == 3);
    CHECK(stats.sessions == 1);

    // The same numbers over the wire, as the answer to a stats_request.
    auto request = h.envelope(Kind::StatsRequest, "carol");
    h.from_agent(request, 5000ms);
    auto sent = h.outbox.take();
    REQUIRE(sent.size() == 1);
    CHECK(sent[0].identity == "id-carol");
    const auto reply = decoded(sent[0]);
    CHECK(reply.header.kind == Kind::Stats);
    CHECK(reply.header.in_reply_to == request.header.id);
    const auto& body = std::get<protocol::StatsBody>(reply.body);
    CHECK(body == h.router.stats(h.at(5000ms)));
    CHECK(body.messages_in == 12);
}
