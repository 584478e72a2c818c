// A value framework defined here only, registered at run time: it negotiates
// through a real mechanism, the metrics score its satisfaction with its own
// welfare function, and it plays the iterated prisoner's dilemma through the
// one registry of game strategies, with no other file knowing of it. Then the
// same framework is played through the real runner library, in process (an
// in-process broker and real agent runtimes, tests/support/inprocess_cluster.hpp),
// in a negotiation scenario and in an ipd scenario, checked by the files written.

#include "frameworks_test_support.hpp"
#include "inprocess_cluster.hpp"
#include "scratch.hpp"

#include <parley/agents/behaviour.hpp>
#include <parley/agents/dilemma_strategy.hpp>
#include <parley/agents/game_strategy.hpp>
#include <parley/games/ipd.hpp>
#include <parley/metrics/metrics.hpp>
#include <parley/runner/run.hpp>

#include <doctest/doctest.h>

#include <atomic>
#include <filesystem>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

using namespace parley::frameworks_test;
using parley::agents::DilemmaStrategy;
using parley::agents::DilemmaStrategyInfo;
using parley::agents::FrameworkInfo;
using parley::agents::GameStrategyRegistry;
using parley::testing::InProcessCluster;

namespace {

const std::string kName = "altruist";

// It accepts whatever is on the table and, with nothing there, offers the
// first outcome of the space; it votes for everything.
class Altruist final : public ValueFramework {
public:
    void begin(const PartySetup& setup) override { space_ = setup.space; }
    void observe(const parley::worlds::Observation&) override {}
    Move respond(const Turn& turn) override {
        if (turn.ask == Ask::Vote) return Move{MoveType::Accept, {}, std::nullopt};
        if (turn.standing) return Move{MoveType::Accept, {}, std::nullopt};
        return Move{MoveType::Offer, space_->outcome_at(0), std::nullopt};
    }
    std::vector<double> estimated_utilities(const Outcome&) const override { return {}; }

private:
    std::shared_ptr<const parley::worlds::OutcomeSpace> space_;
};

// Its welfare: the sum of the others' utilities.
double others_welfare(const parley::worlds::WelfareInput& input) {
    double sum = 0.0;
    for (std::size_t party = 0; party < input.utilities.size(); ++party) {
        if (party != input.self) sum += input.utilities[party];
    }
    return sum;
}

// In the ipd: C, except D in every third round.
class EveryThirdDefection final : public DilemmaStrategy {
public:
    void reset(std::uint64_t) override {}
    parley::worlds::DilemmaMove choose(std::span<const parley::worlds::IpdView> history,
                                       const parley::worlds::IpdPayoffs&) override {
        return history.size() % 3 == 2 ? parley::worlds::DilemmaMove::Defect : parley::worlds::DilemmaMove::Cooperate;
    }
};

FrameworkInfo altruist() {
    FrameworkInfo info;
    info.name = kName;
    info.description = "altruist: gives the others whatever they ask";
    info.make = [](const FrameworkParameters& given) -> std::unique_ptr<ValueFramework> {
        if (!given.empty())
            throw std::invalid_argument("altruist takes no parameter, not '" + given.begin()->first + "'");
        return std::make_unique<Altruist>();
    };
    info.welfare = {"the sum of the others' utilities", &others_welfare};
    DilemmaStrategyInfo ipd;
    ipd.name = kName;
    ipd.description = "cooperates, but defects in every third round";
    ipd.make = [](const FrameworkParameters&) -> std::unique_ptr<DilemmaStrategy> {
        return std::make_unique<EveryThirdDefection>();
    };
    info.games.push_back(parley::agents::ipd_strategy(std::move(ipd)));
    return info;
}

// Registers it once per process, whichever test comes first.
void register_altruist() {
    static const bool registered = [] {
        FrameworkRegistry::global().add(altruist());
        return true;
    }();
    (void)registered;
}

}  // namespace

TEST_CASE("a framework registered at run time is found like the built-in ones") {
    register_altruist();
    const auto* info = FrameworkRegistry::builtin().find(kName);
    REQUIRE(info != nullptr);
    CHECK(info->description == "altruist: gives the others whatever they ask");
    CHECK(FrameworkRegistry::builtin().welfare_lookup()(kName) == &info->welfare);
    bool listed = false;
    for (const auto* framework : FrameworkRegistry::builtin().list()) listed = listed || framework->name == kName;
    CHECK(listed);
    // Its policy is in the game registry, under its name; it has none for the other games.
    const GameStrategyRegistry& games = GameStrategyRegistry::builtin();
    REQUIRE(games.find("ipd", kName) != nullptr);
    CHECK(games.find("ipd", kName)->description == "cooperates, but defects in every third round");
    bool in_list = false;
    for (const auto* strategy : games.list("ipd")) in_list = in_list || strategy->name == kName;
    CHECK(in_list);
    CHECK(games.find("commons", kName) == nullptr);
    CHECK_THROWS_AS(games.make("commons", kName), std::invalid_argument);
}

// A name taken, a missing welfare score, a policy for no game, two for one game,
// or one named as a classic strategy of its game.
TEST_CASE("registration refuses an inconsistent framework") {
    register_altruist();
    CHECK_THROWS_AS(FrameworkRegistry::global().add(altruist()), std::invalid_argument);
    FrameworkInfo unscored = altruist();
    unscored.name = "unscored";
    unscored.welfare.score = nullptr;
    CHECK_THROWS_AS(FrameworkRegistry::global().add(unscored), std::invalid_argument);
    FrameworkInfo impostor = altruist();
    impostor.name = "tit_for_tat";
    CHECK_THROWS_AS(FrameworkRegistry::global().add(impostor), std::invalid_argument);
    FrameworkInfo twice = altruist();
    twice.name = "twice";
    twice.games.push_back(twice.games.front());
    CHECK_THROWS_AS(FrameworkRegistry::global().add(twice), std::invalid_argument);
    FrameworkInfo lost = altruist();
    lost.name = "lost";
    lost.games.front().world = "no_such_game";
    CHECK_THROWS_AS(FrameworkRegistry::global().add(lost), std::invalid_argument);
    CHECK(FrameworkRegistry::builtin().find("lost") == nullptr);
    CHECK(FrameworkRegistry::builtin().find("unscored") == nullptr);
    CHECK(FrameworkRegistry::builtin().find("tit_for_tat") == nullptr);
    CHECK(FrameworkRegistry::builtin().find("twice") == nullptr);
}

TEST_CASE("it negotiates through a mechanism, and the metrics score it by its own welfare") {
    register_altruist();
    const auto domain = split_domain(10);
    auto selfish = make_framework("selfish");
    auto giver = make_framework(kName);
    selfish->begin(setup_for(domain, 0, true));
    giver->begin(setup_for(domain, 1, true));
    const Episode episode = play("saop", domain, {selfish.get(), giver.get()}, 50);
    for (const auto& problem : episode.problems) FAIL_CHECK(problem);
    REQUIRE(episode.outcome.reason == parley::worlds::EndReason::Agreement);

    std::vector<parley::worlds::LinearAdditiveProfile> profiles;
    for (const auto& profile : domain.profiles) profiles.push_back(*profile);
    const parley::worlds::DomainMetrics metrics_domain(*domain.space, profiles);
    const std::vector<std::string> frameworks{"selfish", kName};
    const auto metrics = parley::worlds::episode_metrics(
        metrics_domain, frameworks, FrameworkRegistry::builtin().welfare_lookup(), episode.outcome);
    // The others' utility, from 0 (everything to itself, or no deal) to 1: what party 0 got.
    REQUIRE(metrics.parties[1].satisfaction.has_value());
    CHECK(*metrics.parties[1].satisfaction == doctest::Approx(metrics.parties[0].utility));
    CHECK(metrics.parties[0].utility > 0.5);  // a selfish party facing a giver does well
}

TEST_CASE("it plays the iterated prisoner's dilemma through the game registry") {
    register_altruist();
    parley::worlds::GameSettings settings;
    settings.players = 2;
    settings.rounds = 9;
    const std::vector<parley::worlds::GameChooser> players{
        parley::agents::game_chooser(GameStrategyRegistry::builtin(), "ipd", kName, {}, 1),
        parley::agents::game_chooser(GameStrategyRegistry::builtin(), "ipd", "tit_for_tat", {}, 2)};
    const auto result = parley::worlds::play_game("ipd", settings, players);
    REQUIRE(result.reason == parley::worlds::GameEndReason::Completed);
    std::string own;
    std::string other;
    for (const auto& round : result.history) {
        own += parley::worlds::dilemma_move_letter(parley::worlds::realised_move(round, 0));
        other += parley::worlds::dilemma_move_letter(parley::worlds::realised_move(round, 1));
    }
    CHECK(own == "CCDCCDCCD");
    CHECK(other == "CCCDCCDCC");  // tit for tat answers each defection
}

namespace {

struct SilentObserver final : parley::runner::RunObserver {
    void on_start(const parley::runner::RunStart&) override {}
    void on_progress(const parley::runner::RunProgress&) override {}
    void on_summary(const std::string&) override {}
};

// Plays `scenario` (YAML text) through the runner library on the cluster's
// broker; returns the folder of its results.
std::filesystem::path run_through_runner(InProcessCluster& cluster, const std::string& scenario,
                                         const std::string& name) {
    static int runs = 0;
    const auto folder = parley::testing::scratch(name);
    parley::runner::RunRequest request;
    request.scenario = parley::testing::write_scenario(folder, scenario);
    request.out = folder / "results";
    request.parallel = 1;
    request.broker = cluster.broker();
    request.version = "parley test";
    request.client_name = "runtime-test-" + std::to_string(++runs);
    SilentObserver observer;
    const std::atomic<bool> never{false};
    const auto result = parley::runner::run_scenario(request, observer, never);
    CHECK(result.completed == result.total);
    CHECK(result.counts.failed() == 0);
    return folder / "results";
}

// The rows of a result file, each split at its commas (no quoted fields in these).
std::vector<std::vector<std::string>> table(const std::filesystem::path& file) {
    std::vector<std::vector<std::string>> rows;
    for (const auto& line : parley::testing::lines(file)) {
        std::vector<std::string> cells;
        std::size_t start = 0;
        for (std::size_t comma; (comma = line.find(',', start)) != std::string::npos; start = comma + 1) {
            cells.push_back(line.substr(start, comma - start));
        }
        cells.push_back(line.substr(start));
        rows.push_back(std::move(cells));
    }
    return rows;
}

// The cell of `row` under the header `name`.
const std::string& cell(const std::vector<std::vector<std::string>>& rows, std::size_t row, const std::string& name) {
    const auto& header = rows.front();
    for (std::size_t k = 0; k < header.size(); ++k) {
        if (header[k] == name) return rows.at(row).at(k);
    }
    FAIL("no column " << name);
    return header.front();
}

void check_same_files(const std::filesystem::path& a, const std::filesystem::path& b,
                      const std::vector<std::string>& files) {
    for (const auto& file : files) {
        CAPTURE(file);
        REQUIRE(std::filesystem::exists(a / file));
        CHECK(parley::testing::read(a / file) == parley::testing::read(b / file));
    }
}

// A pie of ten slices that does not shrink, so that every utility is a number
// to check by hand: value v gives party 0 v/10 and party 1 the rest. The two
// frameworks meet twice, each opening once.
const std::string kPieScenario =
    "name: altruist_pie\n"
    "seed: 11\n"
    "world:\n"
    "  pie: {resolution: 10, discounts: [1, 1]}\n"
    "mechanism: {name: saop, rounds: 20}\n"
    "roster:\n"
    "  - framework: selfish\n"
    "  - framework: " + kName + "\n"
    "matching: all_pairs\n"
    "repetitions: 1\n";

// Nine rounds without noise against tit for tat, once.
const std::string kIpdScenario =
    "name: altruist_ipd\n"
    "seed: 5\n"
    "world:\n"
    "  game: {name: ipd, rounds: 9}\n"
    "roster:\n"
    "  - strategy: tit_for_tat\n"
    "  - framework: " + kName + "\n"
    "matching: {mode: round_robin}\n"
    "repetitions: 1\n";

}  // namespace

TEST_CASE("through the runner it negotiates against a built-in framework, scored by its own welfare") {
    register_altruist();
    InProcessCluster cluster;
    cluster.add_agents("selfish", 1);
    cluster.add_agents(kName, 1);
    const auto out = run_through_runner(cluster, kPieScenario, "altruist-pie");
    const auto episodes = table(out / "episodes.csv");
    REQUIRE(episodes.size() == 3);
    const auto parties = table(out / "participants.csv");
    REQUIRE(parties.size() == 5);
    for (std::size_t row = 1; row < episodes.size(); ++row) {
        CAPTURE(row);
        CHECK(cell(episodes, row, "frameworks").find(kName) != std::string::npos);
        CHECK(cell(episodes, row, "end_reason") == "agreement");
    }
    std::size_t altruist_rows = 0;
    for (std::size_t row = 1; row < parties.size(); ++row) {
        CAPTURE(row);
        // The altruist accepts the selfish party's opening demand, or its own
        // opening gift: the whole pie to the selfish party either way.
        const bool giver = cell(parties, row, "framework") == kName;
        CHECK(cell(parties, row, "utility") == (giver ? "0.000000000" : "1.000000000"));
        if (!giver) continue;
        ++altruist_rows;
        // Its satisfaction is its welfare score, the others' utility (1), not its own (0).
        CHECK(cell(parties, row, "satisfaction") == "1.000000000");
    }
    CHECK(altruist_rows == 2);

    const auto again = run_through_runner(cluster, kPieScenario, "altruist-pie-again");
    check_same_files(out, again, {"episodes.csv", "participants.csv", "summary.csv", "scenario.lock.yaml"});
}

TEST_CASE("through the runner it plays the prisoner's dilemma by its policy") {
    register_altruist();
    InProcessCluster cluster;
    cluster.add_agents("tit_for_tat", 1);
    cluster.add_agents(kName, 1);
    const auto out = run_through_runner(cluster, kIpdScenario, "altruist-ipd");
    const auto players = table(out / "players.csv");
    REQUIRE(players.size() == 3);
    bool seen = false;
    for (std::size_t row = 1; row < players.size(); ++row) {
        CAPTURE(row);
        CHECK(cell(players, row, "rounds") == "9");
        if (cell(players, row, "strategy") == kName) {
            seen = true;
            // CCDCCDCCD against CCCDCCDCC: R R T S R T S R T.
            CHECK(cell(players, row, "cooperation_rate") == "0.666666667");
            CHECK(cell(players, row, "score") == "27.000000000");
        } else {
            CHECK(cell(players, row, "strategy") == "tit_for_tat");
            CHECK(cell(players, row, "cooperation_rate") == "0.777777778");
            CHECK(cell(players, row, "score") == "22.000000000");
        }
    }
    CHECK(seen);

    const auto again = run_through_runner(cluster, kIpdScenario, "altruist-ipd-again");
    check_same_files(out, again, {"matches.csv", "players.csv", "summary.csv", "ranking.csv", "payoff_matrix.csv"});
}

// The agents' behaviours are read at use: a framework registered after they
// were first listed is an agent too.
TEST_CASE("a framework registered after the agents' behaviours were read is an agent too") {
    REQUIRE(parley::agents::BehaviourRegistry::builtin().find("selfish") != nullptr);
    static const bool registered = [] {
        FrameworkInfo late = altruist();
        late.name = "late_altruist";
        FrameworkRegistry::global().add(std::move(late));
        return true;
    }();
    (void)registered;
    const auto* behaviour = parley::agents::BehaviourRegistry::builtin().find("late_altruist");
    REQUIRE(behaviour != nullptr);
    CHECK(behaviour->description == "altruist: gives the others whatever they ask");
    InProcessCluster cluster;
    CHECK(cluster.add_agents("late_altruist", 1) == std::vector<std::string>{"late_altruist-1"});
}
