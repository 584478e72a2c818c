// The session router of an agent process, against a real broker in this
// process (over inproc): each invitation goes to the handler of the kind it
// invites to, every later message of the session to that handler, and what no
// handler here plays, or a peer gets wrong, is refused with an error.

#include <parley/agents/behaviour.hpp>
#include <parley/agents/client.hpp>
#include <parley/agents/session_router.hpp>
#include <parley/broker/embedded_broker.hpp>
#include <parley/protocol/json.hpp>

#include <nlohmann/json.hpp>
#include <spdlog/sinks/ringbuffer_sink.h>
#include <spdlog/spdlog.h>

#include <doctest/doctest.h>

#include <algorithm>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

using namespace parley;
using namespace std::chrono_literals;
using protocol::Envelope;
using protocol::Kind;

namespace {

// A handler that writes down what it is given: "join S", "turn S", ... in one
// log shared by the handlers of a test. A cfp or an inform whose content says
// "bad" throws, as bad content does in a real handler.
class RecordingHandler final : public agents::SessionHandler {
public:
    RecordingHandler(agents::SessionKind kind, std::vector<std::string>& log) : kind_(kind), log_(log) {}

    agents::SessionKind kind() const override { return kind_; }
    void join(const std::string& session, const nlohmann::ordered_json&) override {
        log("join", session);
        ++active_;
    }
    void on_turn(agents::AgentClient& client, const Envelope& cfp) override {
        log("turn", cfp.header.session);
        if (is_bad(cfp)) throw std::runtime_error("a bad turn");
        client.reply(cfp, Kind::Propose, protocol::ActBody{});
    }
    void on_inform(const Envelope& inform) override {
        log("inform", inform.header.session);
        if (is_bad(inform)) throw std::runtime_error("a bad report");
    }
    void on_end(agents::AgentClient&, const Envelope& end) override { log("end", end.header.session); }
    void forget(const std::string& session) override {
        log("forget", session);
        --active_;
    }
    std::size_t active() const override { return active_; }

private:
    void log(const std::string& what, const std::string& session) {
        log_.push_back(std::string(agents::plural_name(kind_)) + " " + what + " " + session);
    }
    static bool is_bad(const Envelope& message) {
        const auto& body = std::get<protocol::ActBody>(message.body);
        return protocol::payload_to_json(body.content) == "bad";
    }

    agents::SessionKind kind_;
    std::vector<std::string>& log_;
    std::size_t active_ = 0;
};

std::unique_ptr<agents::AgentClient> connect(broker::EmbeddedBroker& broker, const std::string& name) {
    agents::ClientOptions options;
    options.endpoint = broker::EmbeddedBroker::local_endpoint();
    options.name = name;
    return std::make_unique<agents::AgentClient>(broker.context(), options);
}

const nlohmann::ordered_json kGameContent = {{"game", "ipd"}};
const nlohmann::ordered_json kNegotiationContent = {{"framework", "selfish"}};

// A runner (a plain client that keeps what it receives) and an agent running a
// session router, on one broker; both are polled by the test.
struct Bench {
    explicit Bench(std::unique_ptr<agents::Behaviour> behaviour) : router(std::move(behaviour)) {
        runner = connect(broker, "runner");
        agent = connect(broker, "agent");
        router->attach(*agent);
        runner->on_other([this](agents::AgentClient&, const Envelope& message) { received.push_back(message); });
        runner->start();
        agent->start();
        REQUIRE(pump([&] { return runner->ready() && agent->ready(); }));
    }

    // Polls both, each briefly in turn: neither waits while the other has work.
    bool pump(const std::function<bool()>& done) {
        const auto deadline = agents::Clock::now() + 10s;
        while (!done()) {
            if (agents::Clock::now() >= deadline) return false;
            runner->poll(1ms);
            agent->poll(1ms);
        }
        return true;
    }

    // The first message received of `kind` in `session`, waited for.
    const Envelope* await(Kind kind, const std::string& session) {
        const Envelope* found = nullptr;
        pump([&] {
            for (const auto& message : received) {
                if (message.header.kind == kind && message.header.session == session) found = &message;
            }
            return found != nullptr;
        });
        return found;
    }

    void invite(const std::string& session, const nlohmann::ordered_json& content) {
        auto envelope = protocol::make_envelope(
            Kind::SessionInvite, "runner", protocol::SessionInviteBody{"agent", protocol::payload_from_json(content)});
        envelope.header.session = session;
        envelope.header.recipient = "agent";
        runner->send(std::move(envelope));
    }

    std::uint64_t send(const std::string& session, Kind kind, const nlohmann::ordered_json& content) {
        protocol::ActBody body;
        body.content = protocol::payload_from_json(content);
        return runner->send_in_session(session, kind, std::move(body), "agent");
    }

    broker::EmbeddedBroker broker{"tcp://127.0.0.1:*"};
    std::unique_ptr<agents::Behaviour> router;
    std::unique_ptr<agents::AgentClient> runner;
    std::unique_ptr<agents::AgentClient> agent;
    std::vector<Envelope> received;
};

std::unique_ptr<agents::SessionRouter> recording_router(std::vector<std::string>& log, bool with_negotiations = true) {
    std::vector<std::unique_ptr<agents::SessionHandler>> handlers;
    if (with_negotiations) handlers.push_back(std::make_unique<RecordingHandler>(agents::SessionKind::negotiation, log));
    handlers.push_back(std::make_unique<RecordingHandler>(agents::SessionKind::game, log));
    return std::make_unique<agents::SessionRouter>("recorder", std::move(handlers));
}

std::unique_ptr<agents::Behaviour> behaviour(const std::string& name) {
    const auto* info = agents::BehaviourRegistry::builtin().find(name);
    REQUIRE(info != nullptr);
    return info->make({});
}

std::string error_text(const Envelope& error) { return std::get<protocol::ErrorBody>(error.body).text; }

// The broker passes no message from an invitee that has not joined: a refused
// invitation reaches the runner as the invitee's decline, and the agent's log
// says why (the same text as its error reply).
class RefusalLog {
public:
    RefusalLog() : sink_(std::make_shared<spdlog::sinks::ringbuffer_sink_mt>(64)), previous_(spdlog::default_logger()) {
        spdlog::set_default_logger(std::make_shared<spdlog::logger>("router-test", sink_));
    }
    ~RefusalLog() { spdlog::set_default_logger(previous_); }
    RefusalLog(const RefusalLog&) = delete;
    RefusalLog& operator=(const RefusalLog&) = delete;

    bool says(const std::string& text) const {
        const auto lines = sink_->last_formatted();
        return std::any_of(lines.begin(), lines.end(),
                           [&](const std::string& line) { return line.find(text) != std::string::npos; });
    }

private:
    std::shared_ptr<spdlog::sinks::ringbuffer_sink_mt> sink_;
    std::shared_ptr<spdlog::logger> previous_;
};

void expect_declined(Bench& bench, const std::string& session) {
    const auto* event = bench.await(Kind::SessionEvent, session);
    REQUIRE(event);
    const auto& body = std::get<protocol::SessionEventBody>(event->body);
    CHECK(body.member == "agent");
    CHECK(body.event == protocol::SessionEventType::Declined);
}

}  // namespace

TEST_CASE("each session goes to the handler of the kind its invitation invites to, and stays with it") {
    std::vector<std::string> log;
    Bench bench(recording_router(log));
    bench.invite("s-game", kGameContent);
    bench.invite("s-talk", kNegotiationContent);
    REQUIRE(bench.await(Kind::SessionEvent, "s-game"));
    REQUIRE(bench.await(Kind::SessionEvent, "s-talk"));
    CHECK(log == std::vector<std::string>{"games join s-game", "negotiations join s-talk"});
    log.clear();

    const auto asked = bench.send("s-game", Kind::Cfp, nlohmann::ordered_json::object());
    const auto* answer = bench.await(Kind::Propose, "s-game");
    REQUIRE(answer);
    CHECK(answer->header.in_reply_to == asked);
    bench.send("s-talk", Kind::Inform, nlohmann::ordered_json::object());
    bench.send("s-talk", Kind::End, nlohmann::ordered_json::object());
    bench.send("s-game", Kind::End, nlohmann::ordered_json::object());
    REQUIRE(bench.pump([&] { return log.size() == 6; }));
    CHECK(log == std::vector<std::string>{"games turn s-game", "negotiations inform s-talk", "negotiations end s-talk",
                                          "negotiations forget s-talk", "games end s-game", "games forget s-game"});
    CHECK(static_cast<agents::SessionRouter&>(*bench.router).active_sessions() == 0);
}

TEST_CASE("an invitation to a kind of session no handler plays is refused, and the agent leaves it") {
    std::vector<std::string> log;
    RefusalLog refusals;
    Bench bench(recording_router(log, /*with_negotiations=*/false));
    bench.invite("s-talk", kNegotiationContent);
    expect_declined(bench, "s-talk");
    CHECK(refusals.says("refusing session_invite from 'runner': invitation refused: "
                        "'recorder' plays only games, not negotiations"));
    CHECK(log.empty());
}

TEST_CASE("a classic strategy's agent refuses negotiations; a framework's agent refuses bad invitations") {
    RefusalLog refusals;
    {
        Bench bench(behaviour("tit_for_tat"));
        bench.invite("s-talk", kNegotiationContent);
        expect_declined(bench, "s-talk");
        CHECK(refusals.says("invitation refused: 'tit_for_tat' plays only games, not negotiations"));
    }
    Bench bench(behaviour("utilitarian"));
    bench.invite("s-content", "not an object");
    expect_declined(bench, "s-content");
    bench.invite("s-game", {{"game", "ipd"}, {"strategy", 1}});
    expect_declined(bench, "s-game");
    bench.invite("s-other", {{"framework", "selfish"}});
    expect_declined(bench, "s-other");
    CHECK(refusals.says("invitation refused: "));
}

TEST_CASE("bad content in a session is refused or ignored by the router, and the session goes on") {
    std::vector<std::string> log;
    Bench bench(recording_router(log));
    bench.invite("s-game", kGameContent);
    REQUIRE(bench.await(Kind::SessionEvent, "s-game"));
    const auto asked = bench.send("s-game", Kind::Cfp, "bad");
    const auto* error = bench.await(Kind::Error, "s-game");
    REQUIRE(error);
    CHECK(error->header.in_reply_to == asked);
    CHECK(error_text(*error) == "a bad turn");
    bench.send("s-game", Kind::Inform, "bad");
    bench.send("s-game", Kind::Cfp, nlohmann::ordered_json::object());
    REQUIRE(bench.await(Kind::Propose, "s-game"));
    CHECK(log == std::vector<std::string>{"games join s-game", "games turn s-game", "games inform s-game",
                                          "games turn s-game"});
}

TEST_CASE("messages of a session the agent is not in, or from anyone but its runner, reach no handler") {
    std::vector<std::string> log;
    Bench bench(recording_router(log));
    auto stranger = connect(bench.broker, "stranger");
    stranger->start();
    REQUIRE(bench.pump([&] {
        stranger->poll(0ms);
        return stranger->ready();
    }));
    bench.invite("s-game", kGameContent);
    REQUIRE(bench.await(Kind::SessionEvent, "s-game"));
    // The stranger is not in the session; the broker may refuse it: either way the agent never plays it.
    protocol::ActBody body;
    stranger->send_in_session("s-game", Kind::Cfp, body, "agent");
    bench.send("s-other", Kind::Cfp, nlohmann::ordered_json::object());
    // The runner's own cfp, sent last, is answered: everything before it has been handled.
    bench.send("s-game", Kind::Cfp, nlohmann::ordered_json::object());
    REQUIRE(bench.pump([&] {
        stranger->poll(0ms);
        return std::any_of(bench.received.begin(), bench.received.end(),
                           [](const Envelope& message) { return message.header.kind == Kind::Propose; });
    }));
    CHECK(log == std::vector<std::string>{"games join s-game", "games turn s-game"});
}
