// The runner's side of a session against a real broker in this process (over
// inproc) and real agent runtimes: how the driver names the cause when the
// transport, not a party, ends a session.

#include <parley/broker/embedded_broker.hpp>
#include <parley/runner/session_driver.hpp>

#include <parley/agents/client.hpp>

#include <doctest/doctest.h>

using namespace parley;
using namespace std::chrono_literals;

namespace {

// Rules that only wait: the session ends by the transport or not at all.
class WaitingGame final : public runner::SessionGame {
public:
    std::size_t parties() const override { return 1; }
    nlohmann::ordered_json invitation(std::size_t) const override { return nlohmann::ordered_json::object(); }
    std::vector<runner::Outgoing> start() override { return {}; }
    bool is_answer(protocol::Kind) const override { return false; }
    std::vector<runner::Outgoing> on_answer(std::size_t, const protocol::Envelope&, std::string&) override { return {}; }
    void on_failure(std::size_t, worlds::Failure failure) override { failure_ = failure; }
    void on_time_up() override {}
    bool finished() const override { return failure_.has_value(); }
    nlohmann::ordered_json end_content() const override { return nlohmann::ordered_json::object(); }

    std::optional<worlds::Failure> failure_;
};

struct Client {
    Client(broker::EmbeddedBroker& broker, const std::string& name) {
        agents::ClientOptions options;
        options.endpoint = broker::EmbeddedBroker::local_endpoint();
        options.name = name;
        client = std::make_unique<agents::AgentClient>(broker.context(), options);
        client->start();
        REQUIRE(client->poll_until([&] { return client->ready(); }, 10s));
    }
    std::unique_ptr<agents::AgentClient> client;
};

runner::SessionPlan plan_for(const std::string& session, const std::string& invitee) {
    runner::SessionPlan plan;
    plan.session = session;
    plan.agents = {invitee};
    plan.game = std::make_unique<WaitingGame>();
    plan.reply_timeout = 5s;
    return plan;
}

// Delivers the runner's messages to the driver as the runner does.
void route(agents::AgentClient& runner, runner::SessionDriver& driver) {
    runner.on_other([&driver](agents::AgentClient& client, const protocol::Envelope& message) {
        if (!message.header.session.empty()) {
            driver.on_message(client, message, agents::Clock::now());
        } else if (message.header.kind == protocol::Kind::Error && message.header.in_reply_to &&
                   driver.sent(*message.header.in_reply_to)) {
            driver.on_broker_error(client, message);
        }
    });
}

}  // namespace

TEST_CASE("a session opened first by another client ends as session_taken, blaming no party") {
    broker::EmbeddedBroker broker("tcp://127.0.0.1:*");
    Client attacker(broker, "attacker");
    Client invitee(broker, "invitee");
    Client runner(broker, "runner");
    const std::string session = "runner:episode-0-0";
    // The attacker opens the session by inviting itself into it, before the runner does.
    auto squat = protocol::make_envelope(protocol::Kind::SessionInvite, "attacker",
                                         protocol::SessionInviteBody{"attacker", protocol::Payload{}});
    squat.header.session = session;
    attacker.client->send(std::move(squat));
    attacker.client->poll(50ms);

    runner::SessionDriver driver(plan_for(session, "invitee"));
    route(*runner.client, driver);
    driver.start(*runner.client, agents::Clock::now());
    REQUIRE(runner.client->poll_until([&] {
        attacker.client->poll(0ms);
        invitee.client->poll(0ms);
        return driver.finished();
    }, 10s));
    REQUIRE(driver.failure());
    CHECK(*driver.failure() == worlds::Failure::SessionTaken);
    CHECK(driver.detail().find("another client holds session") != std::string::npos);
    CHECK(static_cast<const WaitingGame&>(driver.game()).failure_ == worlds::Failure::SessionTaken);
}

TEST_CASE("an invitation to an agent the broker does not know ends the session as agent_lost, naming it") {
    broker::EmbeddedBroker broker("tcp://127.0.0.1:*");
    Client runner(broker, "runner");
    runner::SessionDriver driver(plan_for("runner:episode-1-0", "nobody"));
    route(*runner.client, driver);
    driver.start(*runner.client, agents::Clock::now());
    REQUIRE(runner.client->poll_until([&] { return driver.finished() || driver.failure().has_value(); }, 10s));
    REQUIRE(driver.failure());
    CHECK(*driver.failure() == worlds::Failure::AgentLost);
    CHECK(driver.detail().find("'nobody'") != std::string::npos);
}

TEST_CASE("a session the runner abandons (its broker lost) records broker_lost and is finished at once") {
    runner::SessionDriver driver(plan_for("runner:episode-2-0", "invitee"));
    driver.abandon(worlds::Failure::BrokerLost, "the runner lost the broker");
    CHECK(driver.finished());
    REQUIRE(driver.failure());
    CHECK(*driver.failure() == worlds::Failure::BrokerLost);
    CHECK(static_cast<const WaitingGame&>(driver.game()).failure_ == worlds::Failure::BrokerLost);
}
