// `parley run` end to end, with real processes: an embedded or external
// broker, agent processes playing value frameworks, the runner enforcing the
// mechanism, and the results folder.

#include "cluster.hpp"
#include "scratch.hpp"

#include <parley/protocol/json.hpp>
#include <parley/domains/domain_generator.hpp>
#include <parley/content/negotiation_wire.hpp>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <sstream>
#include <thread>

using namespace parley;
using namespace parley::testing;
namespace fs = std::filesystem;

namespace {


// What one party learnt of the others' moves, and what they did, in events.jsonl order.
struct MoveLedger {
    std::vector<std::string> made;  // "kind outcome", by the other parties
    std::vector<std::string> told;  // the same, as the runner told this party
};

std::string move_text(const std::string& move, const nlohmann::json& content) {
    return move + " " + (content.contains("outcome") ? content["outcome"].dump() : "-");
}

// For each (episode, party): every answer the other parties sent, and every
// observation the runner sent to the party, in an inform or in a cfp's `seen`.
std::map<std::pair<int, std::string>, MoveLedger> move_ledgers(const fs::path& events) {
    const std::map<std::string, std::string> move_of{
        {"propose", "offer"}, {"accept_proposal", "accept"}, {"reject_proposal", "reject"}, {"end", "end"}};
    std::map<int, std::vector<std::string>> parties;
    std::map<std::pair<int, std::string>, MoveLedger> ledgers;
    for (const auto& line : lines(events)) {
        const auto event = nlohmann::json::parse(line);
        const int episode = event["episode"];
        const std::string kind = event["kind"];
        const auto& body = event["body"];
        if (kind == "session_invite") parties[episode].push_back(event["to"]);
        if (event["direction"] == "in" && move_of.contains(kind) && event.contains("re")) {
            for (const auto& party : parties[episode]) {
                if (party != event["from"]) {
                    ledgers[{episode, party}].made.push_back(move_text(move_of.at(kind), body.value("content", nlohmann::json::object())));
                }
            }
        }
        if (event["direction"] != "out") continue;
        auto& told = ledgers[{episode, event["to"].get<std::string>()}].told;
        if (kind == "inform" && body.contains("content") && body["content"].contains("move")) {
            told.push_back(move_text(body["content"]["move"], body["content"]));
        }
        if (kind == "cfp" && body["content"].contains("seen")) {
            for (const auto& seen : body["content"]["seen"]) told.push_back(move_text(seen["move"], seen));
        }
    }
    return ledgers;
}

}  // namespace

TEST_CASE("every move reaches every other party once, in an inform or in the `seen` of its next cfp") {
    auto folder = scratch("seen");
    auto scenario = write_scenario(folder, four_frameworks_scenario(1));
    auto run = run_parley({"--log-level", "warn", "run", scenario.string(), "--out", (folder / "out").string(),
                           "--parallel", "4"},
                          std::chrono::seconds(120));
    REQUIRE(run.exit_code == 0);
    const auto events = read(folder / "out" / "events.jsonl");
    CHECK(events.find("\"seen\":[{") != std::string::npos);  // moves do travel in cfps
    const auto ledgers = move_ledgers(folder / "out" / "events.jsonl");
    REQUIRE(ledgers.size() == 12 * 2);  // 12 ordered pairs, 2 parties each
    for (const auto& [who, ledger] : ledgers) {
        CAPTURE(who.first);
        CAPTURE(who.second);
        CHECK_FALSE(ledger.made.empty());
        CHECK(ledger.told == ledger.made);
    }
}

namespace {

// What an agent estimates of the other party's utilities after one turn, with
// the other's earlier offers told in that turn's cfp (`seen`) or not at all.
std::vector<double> estimates_after_a_turn(RecordingClient& runner, const std::string& session,
                                           const worlds::Invitation& invitation, bool with_seen) {
    const std::string agent = invitation.parties[1];
    runner.client().send_in_session(session, protocol::Kind::SessionInvite,
                                    protocol::SessionInviteBody{agent, protocol::payload_from_json(
                                                                           worlds::invitation_to_json(invitation))});
    REQUIRE(runner.wait_for([&](const protocol::Envelope& e) {
        const auto* event = std::get_if<protocol::SessionEventBody>(&e.body);
        return e.header.session == session && event && event->event == protocol::SessionEventType::Joined;
    }));
    // The other party offered {0, 0} three times: its favourite values, a frequency model learns.
    std::vector<worlds::Observation> seen;
    for (std::uint32_t round = 0; with_seen && round < 3; ++round) {
        seen.push_back({0, worlds::Move{worlds::MoveType::Offer, {0, 0}, std::nullopt}, round, 0.1 * round});
    }
    const worlds::Turn turn{worlds::Ask::Respond, 3, 0.3, worlds::Outcome{0, 0}, worlds::PartyIndex{0}};
    runner.client().send_in_session(session, protocol::Kind::Cfp,
                                    protocol::ActBody{worlds::turn_payload(turn, seen), std::nullopt}, agent);
    REQUIRE(runner.wait_for([&](const protocol::Envelope& e) {
        return e.header.session == session && e.header.kind == protocol::Kind::Propose;
    }));
    const nlohmann::ordered_json end{{"reason", "deadline"}, {"estimate", {{0, 0}, {3, 3}}}};
    runner.client().send_in_session(session, protocol::Kind::End,
                                    protocol::ActBody{protocol::payload_from_json(end), std::nullopt}, agent);
    auto answer = runner.wait_for([&](const protocol::Envelope& e) {
        return e.header.session == session && e.header.kind == protocol::Kind::Inform;
    });
    REQUIRE(answer);
    const auto rows = protocol::payload_to_json(std::get<protocol::ActBody>(answer->body).content)["estimates"];
    REQUIRE(rows.size() == 2);
    return {rows[0][0].get<double>(), rows[1][0].get<double>()};  // the other party's utility of each outcome
}

}  // namespace

TEST_CASE("an agent learns the moves its cfp carries in `seen` as it learns informs") {
    auto broker = start_broker();
    auto agent = agents::ChildProcess::spawn({PARLEY_AGENT_EXECUTABLE, "--log-level", "warn", "--connect",
                                              broker.endpoint, "--name", "learner", "--framework", "selfish"});
    RecordingClient runner(broker.endpoint, "runner", "runner");
    REQUIRE(runner.wait_ready());
    REQUIRE(runner.wait_for_agents(2));

    const auto domain = worlds::generate_domain({2, 4, 2, 0.5, 7});
    worlds::Invitation invitation;
    invitation.setup.mechanism = "saop";
    invitation.setup.self = 1;
    invitation.setup.party_count = 2;
    invitation.setup.space = std::make_shared<const worlds::OutcomeSpace>(domain.space);
    invitation.setup.profile = std::make_shared<const worlds::LinearAdditiveProfile>(domain.profiles[1]);
    invitation.setup.rounds = 10;
    invitation.setup.seed = 11;
    invitation.parties = {"other", "learner"};
    invitation.framework = "selfish";

    const auto told = estimates_after_a_turn(runner, "episode-told", invitation, true);
    const auto untold = estimates_after_a_turn(runner, "episode-untold", invitation, false);
    CAPTURE(told[0]);
    CAPTURE(told[1]);
    CAPTURE(untold[0]);
    CAPTURE(untold[1]);
    // Told of three offers of {0, 0}, the agent thinks the other likes {0, 0} more than {3, 3};
    // told nothing, it has no reason to, and its estimates are not those.
    CHECK(told[0] > told[1]);
    CHECK(told != untold);
}

TEST_CASE("the same scenario and seed give byte-identical results with --parallel 1 and --parallel 8") {
    auto folder = scratch("determinism");
    auto scenario = write_scenario(folder, four_frameworks_scenario(2));
    auto one = run_parley({"--log-level", "warn", "run", scenario.string(), "--out", (folder / "p1").string(),
                           "--parallel", "1"},
                          std::chrono::seconds(120));
    auto eight = run_parley({"--log-level", "warn", "run", scenario.string(), "--out", (folder / "p8").string(),
                             "--parallel", "8"},
                            std::chrono::seconds(120));
    REQUIRE(one.exit_code == 0);
    REQUIRE(eight.exit_code == 0);
    for (const char* file : {"episodes.csv", "participants.csv"}) {
        CAPTURE(file);
        CHECK(read(folder / "p1" / file) == read(folder / "p8" / file));
    }
    const auto episodes = lines(folder / "p1" / "episodes.csv");
    CHECK(episodes.size() == 1 + 12 * 2);  // header, 12 ordered pairs x 2 repetitions
    CHECK(lines(folder / "p1" / "participants.csv").size() == 1 + 12 * 2 * 2);
    for (const char* file : {"events.jsonl", "summary.csv", "scenario.lock.yaml"}) CHECK(fs::exists(folder / "p1" / file));
    CHECK(one.output.find("selfish+rawlsian") != std::string::npos);  // the summary table
    // Every party answered the runner's request for its model of the others.
    const auto participants = lines(folder / "p1" / "participants.csv");
    for (std::size_t i = 1; i < participants.size(); ++i) CHECK_FALSE(column(participants[i], 8).empty());

    // Another seed gives other results.
    auto other = run_parley({"--log-level", "warn", "run", scenario.string(), "--out", (folder / "seed").string(),
                             "--seed", "8"},
                            std::chrono::seconds(120));
    REQUIRE(other.exit_code == 0);
    CHECK(read(folder / "seed" / "episodes.csv") != read(folder / "p1" / "episodes.csv"));
}

TEST_CASE("Ctrl-C, then --resume, gives the same files as an uninterrupted run") {
    auto folder = scratch("resume");
    auto scenario = write_scenario(folder, four_frameworks_scenario(40));  // 480 episodes: long enough to interrupt
    auto whole = run_parley({"--log-level", "warn", "run", scenario.string(), "--out", (folder / "whole").string()},
                            std::chrono::seconds(300));
    REQUIRE(whole.exit_code == 0);

    auto process = agents::ChildProcess::spawn({PARLEY_EXECUTABLE, "--log-level", "warn", "run", scenario.string(),
                                                "--out", (folder / "parts").string()},
                                               /*capture_stdout=*/true);
    auto started = process.read_line(kPatience);
    REQUIRE(started);
    CHECK(started->rfind("playing ", 0) == 0);
    // Interrupt mid-run: once some episodes are written (the condition is
    // checked every few milliseconds, up to the usual ceiling).
    const auto deadline = agents::Clock::now() + kPatience;
    while (lines(folder / "parts" / "episodes.csv").size() < 1 + 50 && process.running() &&
           agents::Clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    REQUIRE(process.send_signal(SIGINT));
    auto status = process.wait(kPatience);
    REQUIRE(status);
    REQUIRE(WIFEXITED(*status));
    const int interrupted_code = WEXITSTATUS(*status);
    const auto partial_rows = lines(folder / "parts" / "episodes.csv").size();
    // Interrupted (130) with part of the episodes written, or, on a very fast machine, done (0).
    CHECK((interrupted_code == 130 || interrupted_code == 0));
    if (interrupted_code == 130) {
        CHECK(partial_rows > 1);
        CHECK(partial_rows < lines(folder / "whole" / "episodes.csv").size());
    }

    auto without_resume =
        run_parley({"--log-level", "warn", "run", scenario.string(), "--out", (folder / "parts").string()});
    CHECK(without_resume.exit_code == 1);  // refuses to mix runs without --resume

    auto resumed = run_parley({"--log-level", "warn", "run", scenario.string(), "--out", (folder / "parts").string(),
                               "--resume"},
                              std::chrono::seconds(300));
    REQUIRE(resumed.exit_code == 0);
    for (const char* file : {"episodes.csv", "participants.csv"}) {
        CAPTURE(file);
        CHECK(read(folder / "whole" / file) == read(folder / "parts" / file));
    }
}

TEST_CASE("an agent killed mid-run gives recorded failed episodes and the run completes") {
    auto folder = scratch("killed");
    auto scenario = write_scenario(folder, four_frameworks_scenario(40));
    auto broker = start_broker({}, 100, 3);
    std::vector<agents::ChildProcess> agents;
    for (const std::string framework : {"selfish", "rawlsian", "utilitarian", "libertarian"}) {
        agents.push_back(start_agent(broker.endpoint, framework + "-ext", framework));
    }
    RecordingClient watcher(broker.endpoint, "watcher");
    REQUIRE(watcher.wait_ready());
    REQUIRE(watcher.wait_for_agents(5));

    auto run = agents::ChildProcess::spawn({PARLEY_EXECUTABLE, "--log-level", "warn", "run", scenario.string(),
                                            "--out", (folder / "out").string(), "--broker", broker.endpoint},
                                           /*capture_stdout=*/true);
    auto started = run.read_line(kPatience);
    REQUIRE(started);
    REQUIRE(agents[1].send_signal(SIGKILL));  // the rawlsian dies while episodes are being played
    std::string output;
    while (auto line = run.read_line(std::chrono::seconds(120))) output += *line + "\n";
    auto status = run.wait(kPatience);
    INFO(output);
    REQUIRE(status);
    REQUIRE(WIFEXITED(*status));
    CHECK(WEXITSTATUS(*status) == 3);  // complete, but with failures of the platform (README.md, "Exit status")

    const auto rows = lines(folder / "out" / "episodes.csv");
    REQUIRE(rows.size() == 1 + 12 * 40);  // every episode is recorded, failed or not
    std::size_t lost = 0;
    for (std::size_t i = 1; i < rows.size(); ++i) {
        if (column(rows[i], 7) != "agent_lost") continue;
        ++lost;
        CHECK(column(rows[i], 4).find("rawlsian") != std::string::npos);  // only the rawlsian's episodes fail
        CHECK_FALSE(column(rows[i], 8).empty());                          // and they name the offender
    }
    CHECK(lost > 0);
}

TEST_CASE("an invalid scenario is refused before anything starts, naming file, line and key") {
    auto folder = scratch("invalid");
    auto scenario = write_scenario(folder, "name: broken\n"
                                           "mechanism: {name: saop, rounds: 10}\n"
                                           "roster:\n"
                                           "  - framework: selfish\n"
                                           "    count: two\n");
    auto result = run_parley({"run", scenario.string(), "--out", (folder / "out").string()});
    CHECK(result.exit_code == 2);
    CHECK_FALSE(fs::exists(folder / "out"));
}

TEST_CASE("parley frameworks lists every framework with its parameters") {
    auto result = run_parley({"frameworks"});
    CHECK(result.exit_code == 0);
    for (const char* name : {"selfish", "reciprocal", "utilitarian", "rawlsian", "nash", "deontological",
                             "libertarian"}) {
        CAPTURE(name);
        CHECK(result.output.find(std::string(name) + "\n") != std::string::npos);
    }
    CHECK(result.output.find("--param") != std::string::npos);
    // Each framework's policy in the social dilemmas is documented too.
    CHECK(result.output.find("in the prisoner's dilemma: ") != std::string::npos);
    CHECK(result.output.find("in commons: ") != std::string::npos);
    CHECK(result.output.find("in public_goods: ") != std::string::npos);
}

TEST_CASE("Rubinstein bargaining between equilibrium players: the first mover takes (1-d2)/(1-d1*d2) at once") {
    auto folder = scratch("rubinstein");
    auto scenario = write_scenario(folder, "name: spe\n"
                                           "world:\n"
                                           "  pie: {resolution: 1000, discounts: [0.9, 0.8]}\n"
                                           "information: disclosed\n"
                                           "mechanism: {name: rubinstein, rounds: 50}\n"
                                           "roster:\n"
                                           "  - {framework: rubinstein, count: 2}\n"
                                           "matching: all_pairs\n");
    auto result = run_parley({"--log-level", "warn", "run", scenario.string(), "--out", (folder / "out").string()});
    REQUIRE(result.exit_code == 0);
    const auto episodes = lines(folder / "out" / "episodes.csv");
    const auto participants = lines(folder / "out" / "participants.csv");
    REQUIRE(episodes.size() == 3);
    REQUIRE(participants.size() == 5);
    const double first_mover_share = (1 - 0.8) / (1 - 0.9 * 0.8);  // 0.714...
    for (std::size_t episode = 0; episode < 2; ++episode) {
        CAPTURE(episode);
        CHECK(column(episodes[1 + episode], 5) == "1");  // agreement
        CHECK(column(episodes[1 + episode], 6) == "1");  // in the first round
        // Undiscounted: accepted in the first period. Within one step of the pie.
        CHECK(std::stod(column(participants[1 + 2 * episode], 5)) == doctest::Approx(first_mover_share).epsilon(0.0015));
        CHECK(std::stod(column(participants[2 + 2 * episode], 5)) ==
              doctest::Approx(1 - first_mover_share).epsilon(0.004));
    }
}

TEST_CASE("a rule-breaking agent in another language: every episode records its violation, and the run goes on") {
    auto folder = scratch("rogue");
    auto scenario = write_scenario(folder, "name: rogue\n"
                                           "world:\n"
                                           "  generate: {issues: 3, values: 4, opposition: 0.5}\n"
                                           "mechanism: {name: saop, rounds: 20}\n"
                                           "roster:\n"
                                           "  - framework: selfish\n"
                                           "  - framework: rawlsian\n"
                                           "matching: all_pairs\n"
                                           "repetitions: 2\n");
    auto broker = start_broker({}, 200, 3);
    // The "selfish" agent on this broker is a Python process that offers outcomes outside the space.
    auto rogue = agents::ChildProcess::spawn(
        {"/usr/bin/python3", PARLEY_SOURCE_DIR "/tests/interop/rogue_agent.py", broker.endpoint, "rogue",
         "selfish"});
    auto rawlsian = start_agent(broker.endpoint, "fair", "rawlsian");
    RecordingClient watcher(broker.endpoint, "watcher");
    REQUIRE(watcher.wait_ready());
    REQUIRE(watcher.wait_for_agents(3));

    auto result = run_parley({"--log-level", "warn", "run", scenario.string(), "--out", (folder / "out").string(),
                              "--broker", broker.endpoint},
                             std::chrono::seconds(120));
    INFO(result.output);
    REQUIRE(result.exit_code == 0);
    const auto episodes = lines(folder / "out" / "episodes.csv");
    const auto participants = lines(folder / "out" / "participants.csv");
    REQUIRE(episodes.size() == 1 + 2 * 2);
    for (std::size_t row = 1; row < episodes.size(); ++row) {
        CAPTURE(episodes[row]);
        CHECK(column(episodes[row], 7) == "violation");
        // The offender is the party the rogue played: the selfish one.
        const auto offender = column(episodes[row], 8);
        REQUIRE_FALSE(offender.empty());
        const auto& offender_row = participants.at(1 + 2 * (row - 1) + std::stoul(offender));
        CHECK(column(offender_row, 2) == "selfish");
    }
}
