// The message backbone with real processes on 127.0.0.1: a `parley broker`,
// `parley agent` echo processes, and clients inside the test.

#include "cluster.hpp"

#include <parley/protocol/codec.hpp>
#include <parley/protocol/json.hpp>

#include <doctest/doctest.h>

#include <sys/wait.h>

#include <csignal>
#include <random>
#include <set>

using namespace parley;
using namespace parley::testing;
using protocol::Kind;

namespace {

protocol::Envelope direct(const std::string& from, const std::string& to, const std::string& text) {
    auto envelope = protocol::make_envelope(Kind::Message, from, text_body(text));
    envelope.header.recipient = to;
    return envelope;
}

bool is_event(const protocol::Envelope& envelope, protocol::SessionEventType type, const std::string& member) {
    const auto* body = std::get_if<protocol::SessionEventBody>(&envelope.body);
    return body != nullptr && body->event == type && body->member == member;
}

// A DEALER socket that speaks raw frames, for what a well-behaved client never sends.
class RawPeer {
public:
    explicit RawPeer(const std::string& endpoint) : socket_(context_, zmq::socket_type::dealer) {
        socket_.set(zmq::sockopt::linger, 0);
        socket_.set(zmq::sockopt::rcvhwm, 100000);
        socket_.connect(endpoint);
    }
    void send(std::string_view frame) { socket_.send(zmq::buffer(frame.data(), frame.size())); }
    void send_parts(const std::vector<std::string>& parts) {
        for (std::size_t i = 0; i < parts.size(); ++i) {
            socket_.send(zmq::buffer(parts[i]), i + 1 < parts.size() ? zmq::send_flags::sndmore : zmq::send_flags::none);
        }
    }
    // The next frame, decoded; empty on timeout.
    std::optional<protocol::Envelope> receive(std::chrono::milliseconds timeout = kPatience) {
        zmq::pollitem_t item{socket_.handle(), 0, ZMQ_POLLIN, 0};
        if (zmq::poll(&item, 1, timeout) <= 0) return std::nullopt;
        zmq::message_t frame;
        if (!socket_.recv(frame)) return std::nullopt;
        auto decoded = protocol::decode(std::string_view(frame.data<char>(), frame.size()));
        REQUIRE_MESSAGE(decoded.ok(), "the broker sent an undecodable frame");
        return decoded.value();
    }
    // Skips heartbeats and returns the next error.
    std::optional<protocol::ErrorBody> receive_error(std::chrono::milliseconds timeout = kPatience) {
        while (auto message = receive(timeout)) {
            if (const auto* error = std::get_if<protocol::ErrorBody>(&message->body)) return *error;
        }
        return std::nullopt;
    }
    void register_as(const std::string& name) {
        auto envelope = protocol::make_envelope(Kind::Register, name, protocol::RegisterBody{"raw", {}, "raw-instance"});
        envelope.header.id = 1;
        send(protocol::encode(envelope));
        auto welcome = receive();
        REQUIRE(welcome);
        REQUIRE(welcome->header.kind == Kind::Welcome);
    }

private:
    zmq::context_t context_{1};
    zmq::socket_t socket_;
};

}  // namespace

TEST_CASE("agents register, are found by framework, and exchange direct messages") {
    auto broker = start_broker();
    auto echo_a = start_agent(broker.endpoint, "echo-a");
    auto echo_b = start_agent(broker.endpoint, "echo-b", "echo", {"--capability", "mirror"});
    RecordingClient rawlsian(broker.endpoint, "judge", "rawlsian");
    RecordingClient selfish(broker.endpoint, "trader", "selfish", {"haggle"});
    REQUIRE(rawlsian.wait_ready());
    REQUIRE(selfish.wait_ready());

    protocol::DirectoryQueryBody echoes;
    echoes.framework = "echo";
    REQUIRE(rawlsian.wait_for_agents(2, echoes));

    SUBCASE("look-up by framework and capability") {
        auto found = rawlsian.directory(echoes);
        REQUIRE(found.size() == 2);
        CHECK(found[0].name == "echo-a");
        CHECK(found[1].name == "echo-b");
        CHECK(found[1].capabilities == std::vector<std::string>{"mirror"});

        protocol::DirectoryQueryBody selfish_only;
        selfish_only.framework = "selfish";
        auto traders = rawlsian.directory(selfish_only);
        REQUIRE(traders.size() == 1);
        CHECK(traders[0].name == "trader");

        protocol::DirectoryQueryBody by_capability;
        by_capability.capability = "haggle";
        CHECK(rawlsian.directory(by_capability).size() == 1);
    }

    SUBCASE("a direct message reaches its recipient process and the answer comes back") {
        auto reply = rawlsian.request(direct("judge", "echo-b", "is this fair?"));
        REQUIRE(reply);
        CHECK(reply->header.sender == "echo-b");
        CHECK(reply->header.kind == Kind::Message);
        CHECK(text_of(*reply) == "is this fair?");
    }

    SUBCASE("two clients in the test talk to each other through the broker") {
        rawlsian.client().send(direct("judge", "trader", "offer 3"));
        auto got = selfish.wait_for_kind(Kind::Message);
        REQUIRE(got);
        CHECK(got->header.sender == "judge");
        CHECK(text_of(*got) == "offer 3");
    }

    SUBCASE("an unknown recipient gets an error back, not silence") {
        auto reply = rawlsian.request(direct("judge", "nobody", "hello?"));
        REQUIRE(reply);
        REQUIRE(reply->header.kind == Kind::Error);
        CHECK(std::get<protocol::ErrorBody>(reply->body).code == protocol::ErrorCode::UnknownRecipient);
    }

    SUBCASE("a duplicate name is refused at registration") {
        RawPeer impostor(broker.endpoint);
        auto envelope = protocol::make_envelope(Kind::Register, "echo-a", protocol::RegisterBody{"echo", {}, "other"});
        envelope.header.id = 7;
        impostor.send(protocol::encode(envelope));
        auto error = impostor.receive_error();
        REQUIRE(error);
        CHECK(error->code == protocol::ErrorCode::DuplicateName);
    }
}

TEST_CASE("a session fans out to its members and refuses non-members") {
    auto broker = start_broker();
    auto echo_1 = start_agent(broker.endpoint, "echo-1");
    auto echo_2 = start_agent(broker.endpoint, "echo-2");
    RecordingClient runner(broker.endpoint, "runner", "runner");
    RecordingClient outsider(broker.endpoint, "outsider");
    REQUIRE(runner.wait_ready());
    REQUIRE(outsider.wait_ready());
    REQUIRE(runner.wait_for_agents(2, [] {
        protocol::DirectoryQueryBody query;
        query.framework = "echo";
        return query;
    }()));

    for (const std::string name : {"echo-1", "echo-2"}) {
        protocol::SessionInviteBody invite{name, protocol::payload_from_json({{"profile", "private to " + name}})};
        runner.client().send_in_session("episode-1", Kind::SessionInvite, invite);
    }
    for (const std::string name : {"echo-1", "echo-2"}) {
        REQUIRE(runner.wait_for([&](const protocol::Envelope& e) {
            return e.header.session == "episode-1" && is_event(e, protocol::SessionEventType::Joined, name);
        }));
    }

    runner.client().send_in_session("episode-1", Kind::Cfp, text_body("call for proposals"));
    std::set<std::string> answered;
    for (int i = 0; i < 2; ++i) {
        auto reply = runner.wait_for_kind(Kind::Cfp);
        REQUIRE(reply);
        CHECK(reply->header.session == "episode-1");
        CHECK(text_of(*reply) == "call for proposals");
        answered.insert(reply->header.sender);
    }
    CHECK(answered == std::set<std::string>{"echo-1", "echo-2"});

    outsider.client().send_in_session("episode-1", Kind::Propose, text_body("let me in"));
    auto refusal = outsider.wait_for_kind(Kind::Error);
    REQUIRE(refusal);
    CHECK(std::get<protocol::ErrorBody>(refusal->body).code == protocol::ErrorCode::NotMember);
    // Nothing from the outsider reached the members: their echoes would have come back to it.
    CHECK_FALSE(outsider.wait_for_kind(Kind::Propose, 300ms));
}

TEST_CASE("an agent killed with SIGKILL is declared lost and its session peers are told") {
    constexpr int kHeartbeatMs = 200;
    constexpr int kLiveness = 3;
    auto broker = start_broker({}, kHeartbeatMs, kLiveness);
    auto victim = start_agent(broker.endpoint, "victim");
    RecordingClient peer(broker.endpoint, "peer");
    REQUIRE(peer.wait_ready());
    REQUIRE(peer.wait_for_agents(1, [] {
        protocol::DirectoryQueryBody query;
        query.name = "victim";
        return query;
    }()));
    peer.client().send_in_session("s", Kind::SessionInvite, protocol::SessionInviteBody{"victim", {}});
    REQUIRE(peer.wait_for([](const auto& e) { return is_event(e, protocol::SessionEventType::Joined, "victim"); }));

    const auto killed_at = agents::Clock::now();
    REQUIRE(victim.send_signal(SIGKILL));
    auto lost = peer.wait_for([](const auto& e) { return is_event(e, protocol::SessionEventType::Lost, "victim"); });
    const auto after = std::chrono::duration_cast<std::chrono::milliseconds>(agents::Clock::now() - killed_at);
    REQUIRE(lost);
    CHECK(lost->header.session == "s");
    // Declared after the configured silence (it may have spoken up to one beat
    // before dying), and within it plus the broker's half-beat check period.
    CHECK(after.count() >= (kLiveness - 1) * kHeartbeatMs);
    CHECK(after.count() <= (kLiveness + 3) * kHeartbeatMs);
    protocol::DirectoryQueryBody query;
    query.name = "victim";
    CHECK(peer.directory(query).empty());
}

TEST_CASE("after a broker restart on the same address, agents re-register by themselves") {
    auto broker = start_broker({}, 100, 3);
    const auto endpoint = broker.endpoint;
    auto echo = start_agent(endpoint, "survivor");
    RecordingClient client(endpoint, "client");
    REQUIRE(client.wait_ready());
    REQUIRE(client.wait_for_agents(1, [] {
        protocol::DirectoryQueryBody query;
        query.name = "survivor";
        return query;
    }()));
    const auto registrations_before = client.client().registrations();

    REQUIRE(broker.process.send_signal(SIGKILL));
    REQUIRE(broker.process.wait(kPatience));
    auto restarted = start_broker(endpoint, 100, 3);
    CHECK(restarted.endpoint == endpoint);

    // Nobody helps them: both the agent process and the client find the new broker.
    REQUIRE(client.client().poll_until(
        [&] { return client.client().ready() && client.client().registrations() > registrations_before; }, kPatience));
    REQUIRE(client.wait_for_agents(1, [] {
        protocol::DirectoryQueryBody query;
        query.name = "survivor";
        return query;
    }()));
    auto reply = client.request(direct("client", "survivor", "still there?"));
    REQUIRE(reply);
    CHECK(text_of(*reply) == "still there?");
}

TEST_CASE("a forged sender is refused and nothing is routed") {
    auto broker = start_broker();
    RecordingClient victim(broker.endpoint, "victim");
    REQUIRE(victim.wait_ready());
    RawPeer forger(broker.endpoint);
    forger.register_as("forger");

    auto forged = direct("victim", "victim", "I am you");
    forged.header.id = 2;
    forger.send(protocol::encode(forged));
    auto error = forger.receive_error();
    REQUIRE(error);
    CHECK(error->code == protocol::ErrorCode::ForgedSender);
    CHECK_FALSE(victim.wait_for_kind(Kind::Message, 300ms));
}

TEST_CASE("a thousand malformed or oversized frames each get an error, then routing still works") {
    auto broker = start_broker({}, 100, 3, {"--max-frame", "2048"});
    auto echo = start_agent(broker.endpoint, "echo");
    RecordingClient client(broker.endpoint, "client");
    REQUIRE(client.wait_ready());
    REQUIRE(client.wait_for_agents(1, [] {
        protocol::DirectoryQueryBody query;
        query.name = "echo";
        return query;
    }()));

    RawPeer attacker(broker.endpoint);
    attacker.register_as("attacker");
    std::mt19937 random(20261126);
    const auto valid = protocol::encode(direct("attacker", "echo", "valid"));
    constexpr int kFrames = 1000;
    for (int i = 0; i < kFrames; ++i) {
        switch (i % 5) {
            case 0: {  // random bytes
                std::string junk(1 + random() % 64, '\0');
                for (auto& byte : junk) byte = static_cast<char>(random());
                attacker.send(junk);
                break;
            }
            case 1:  // a valid message cut short
                attacker.send(std::string_view(valid).substr(0, 1 + random() % (valid.size() - 1)));
                break;
            case 2:  // over the broker's frame limit
                attacker.send(std::string(3000, '\x91'));
                break;
            case 3:  // several frames where one is required
                attacker.send_parts({valid, valid});
                break;
            case 4: {  // well-formed MessagePack, wrong shape
                auto wrong = protocol::to_json(protocol::make_envelope(Kind::Message, "attacker", text_body("x")));
                wrong["id"] = "not a number";
                attacker.send(protocol::payload_from_json(wrong).msgpack);
                break;
            }
        }
    }
    std::map<protocol::ErrorCode, int> errors;
    for (int i = 0; i < kFrames; ++i) {
        auto error = attacker.receive_error();
        REQUIRE_MESSAGE(error, "no error for frame " << i);
        ++errors[error->code];
    }
    CHECK(errors[protocol::ErrorCode::TooLarge] >= kFrames / 5);  // random bytes may claim huge sizes too
    CHECK(errors[protocol::ErrorCode::ProtocolViolation] >= 2 * kFrames / 5);

    auto reply = client.request(direct("client", "echo", "after the storm"));
    REQUIRE(reply);
    CHECK(text_of(*reply) == "after the storm");
    auto stats = client.request(protocol::make_envelope(Kind::StatsRequest, "client", protocol::EmptyBody{}));
    REQUIRE(stats);
    std::uint64_t counted = 0;
    for (const auto& [code, count] : std::get<protocol::StatsBody>(stats->body).errors) counted += count;
    CHECK(counted >= kFrames);
}

TEST_CASE("a peer that never reads costs dropped messages, never a stalled broker") {
    auto broker = start_broker({}, 100, 3, {"--hwm", "50"});
    auto echo = start_agent(broker.endpoint, "echo");
    RecordingClient flooder(broker.endpoint, "flooder");
    REQUIRE(flooder.wait_ready());
    RawPeer sleeper(broker.endpoint);  // registers, then never reads again
    sleeper.register_as("sleeper");
    REQUIRE(flooder.wait_for_agents(1, [] {
        protocol::DirectoryQueryBody query;
        query.name = "echo";
        return query;
    }()));

    // 2,000 messages of 32 KiB: far more than the socket buffers and the
    // high-water mark of 50 can hold for a peer that does not read.
    const std::string bulk(32 * 1024, 'x');
    std::uint64_t dropped = 0;
    for (int round = 0; round < 20 && dropped == 0; ++round) {
        for (int i = 0; i < 100; ++i) flooder.client().send(direct("flooder", "sleeper", bulk));
        auto reply = flooder.request(direct("flooder", "echo", "still routing?"));
        REQUIRE_MESSAGE(reply, "the broker stalled behind a peer that does not read");
        CHECK(text_of(*reply) == "still routing?");
        auto stats = flooder.request(protocol::make_envelope(Kind::StatsRequest, "flooder", protocol::EmptyBody{}));
        REQUIRE(stats);
        dropped = std::get<protocol::StatsBody>(stats->body).dropped;
    }
    CHECK(dropped > 0);
}

TEST_CASE("SIGTERM stops an agent cleanly: it says bye and its session peers are told it left") {
    auto broker = start_broker();
    auto agent = start_agent(broker.endpoint, "leaver");
    RecordingClient peer(broker.endpoint, "peer");
    REQUIRE(peer.wait_ready());
    REQUIRE(peer.wait_for_agents(1, [] {
        protocol::DirectoryQueryBody query;
        query.name = "leaver";
        return query;
    }()));
    peer.client().send_in_session("s", Kind::SessionInvite, protocol::SessionInviteBody{"leaver", {}});
    REQUIRE(peer.wait_for([](const auto& e) { return is_event(e, protocol::SessionEventType::Joined, "leaver"); }));

    REQUIRE(agent.send_signal(SIGTERM));
    auto status = agent.wait(kPatience);
    REQUIRE(status);
    CHECK(WIFEXITED(*status));
    CHECK(WEXITSTATUS(*status) == 0);
    // "left", not "lost": it said bye rather than falling silent.
    CHECK(peer.wait_for([](const auto& e) { return is_event(e, protocol::SessionEventType::Left, "leaver"); }));
}

TEST_CASE("SIGTERM and SIGINT stop the broker cleanly") {
    for (int signal_number : {SIGTERM, SIGINT}) {
        CAPTURE(signal_number);
        auto broker = start_broker();
        RecordingClient client(broker.endpoint, "client");
        REQUIRE(client.wait_ready());
        REQUIRE(broker.process.send_signal(signal_number));
        auto status = broker.process.wait(kPatience);
        REQUIRE(status);
        CHECK(WIFEXITED(*status));
        CHECK(WEXITSTATUS(*status) == 0);
    }
}
