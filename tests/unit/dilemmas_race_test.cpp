// The race (games/race.hpp): capability, safety and the pact worked out by
// hand, compliance, the prize and the catastrophe ending the game, the
// catastrophe rates of racers against pact keepers, determinism, violations,
// the parameters, and the registered strategies (agents/game_strategy.hpp).

#include <parley/agents/game_strategy.hpp>
#include <parley/games/commons.hpp>
#include <parley/games/race.hpp>
#include <parley/games/repeated_game.hpp>

#include "game_test_support.hpp"

#include <doctest/doctest.h>

#include <cstdint>
#include <limits>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

using namespace parley::worlds;

namespace {

GameSettings race(std::size_t players, std::uint32_t rounds, std::map<std::string, double> parameters = {},
                  std::uint64_t seed = 0) {
    return parley::testing::game_settings(players, rounds, std::move(parameters), seed);
}

// Proposes proposals[round] (the last entry from then on) in every talk stage
// and invests shares[round] (likewise).
GameChooser scripted(std::vector<double> proposals, std::vector<double> shares) {
    return [proposals, shares](const GameView& view) -> std::vector<double> {
        const auto& script = view.stage.name == kRaceTalk ? proposals : shares;
        return {script[std::min<std::size_t>(view.round, script.size() - 1)]};
    };
}

GameChooser invests(double share) { return scripted({share}, {share}); }

double metric(const GameResult& result, const std::string& name) {
    for (const auto& [key, value] : result.game_metrics) {
        if (key == name) return value;
    }
    throw std::out_of_range("no game metric " + name);
}

std::vector<GameChooser> all(std::size_t players, const GameChooser& chooser) {
    return std::vector<GameChooser>(players, chooser);
}

}  // namespace

TEST_CASE("two race rounds by hand: capability, safety, the pact, compliance and the hazard") {
    // 3 labs, one talk stage, defaults otherwise (rates 1, threshold 10, hazard 0.25).
    // Round 0: proposals 0.5, 0.3, 0.6: the pact is 0.3. Shares 0.5, 0.2, 0.3: lab 1 breaks it.
    //   C = 0.5, 0.8, 0.7 (sum 2); S = 0.5, 0.2, 0.3 (sum 1); p = 0.25 * 1 / (3 * 10) = 1/120.
    // Round 1: proposals 0.5, 0, 0.6: no pact. Shares 0.5, 0, 1: lab 1 is below n* = 1/2.
    //   C = 1, 1.8, 0.7 (sum 3.5); S = 1, 0.2, 1.3 (sum 2.5); p = 1/120 again.
    const std::vector<GameChooser> labs{scripted({0.5}, {0.5}), scripted({0.3, 0.0}, {0.2, 0.0}),
                                        scripted({0.6}, {0.3, 1.0})};
    const GameResult result = play_game("race", race(3, 2, {{"pact_rounds", 1}}, 5), labs);
    REQUIRE(result.reason == GameEndReason::Completed);
    REQUIRE(result.history.size() == 2);
    CHECK(race_pact(result.history[0].stages) == 0.3);
    CHECK(race_pact(result.history[1].stages) == 0.0);
    CHECK(result.history[0].received[0] == doctest::Approx(0.5));
    CHECK(result.history[0].received[1] == doctest::Approx(0.8));
    CHECK(result.history[0].received[2] == doctest::Approx(0.7));
    CHECK(result.history[1].received[0] == doctest::Approx(1.0));
    CHECK(result.history[1].received[1] == doctest::Approx(1.8));
    CHECK(result.history[1].received[2] == doctest::Approx(0.7));
    for (const GameRound& round : result.history) CHECK(round.payoffs == std::vector<double>{0, 0, 0});
    CHECK(race_hazard(2.0, 1.0, 3, 10.0, 0.25) == doctest::Approx(1.0 / 120.0));
    CHECK(race_hazard(3.5, 2.5, 3, 10.0, 0.25) == doctest::Approx(1.0 / 120.0));
    CHECK(race_hazard(1.0, 3.0, 3, 10.0, 0.25) == 0.0);  // safety beyond capability is no risk
    CHECK(race_hazard(100.0, 0.0, 2, 1.0, 1.0) == 1.0);  // clamped

    // Lab 0 kept the pact and then played n*; lab 1 broke both; lab 2 kept the pact, then played 1.
    CHECK(result.cooperation_rates == std::vector<double>{1, 0, 1});
    CHECK(result.cooperation_rate == doctest::Approx(2.0 / 3.0));
    CHECK(metric(result, "pact_rate") == 0.5);
    CHECK(metric(result, "pact_compliance") == doctest::Approx(2.0 / 3.0));
    CHECK(metric(result, "catastrophe") == 0.0);
    CHECK(metric(result, "catastrophe_risk") == doctest::Approx(1.0 - (119.0 / 120.0) * (119.0 / 120.0)));
    CHECK(metric(result, "winners") == 0.0);
    CHECK(metric(result, "mean_safety_share") == doctest::Approx(2.5 / 6.0));
    // Nobody won and nothing struck: no payoff at all.
    CHECK(result.efficiency == 0.0);
    CHECK(result.timing == 0.0);
    CHECK(result.equality == 1.0);
    CHECK_FALSE(result.metric(kCommonsResourceLeft).has_value());

    // The metrics are named in the registry, in order.
    std::vector<std::string> names;
    for (const auto& [name, value] : result.game_metrics) names.push_back(name);
    std::vector<std::string> declared;
    for (const auto& metric : GameRegistry::builtin().find("race")->metrics) declared.push_back(metric.name);
    CHECK(names == declared);
}

TEST_CASE("talk stages are public one by one, and the pact is the least proposal of the last one") {
    // Two talk stages. In the second, lab 2 sees the first stage's proposals and
    // raises its proposal to the largest of them; the pact is the least of the
    // second stage's proposals, 0.4, not the first stage's 0.1.
    std::vector<double> seen;
    const GameChooser follower = [&seen](const GameView& view) -> std::vector<double> {
        if (view.stage.name != kRaceTalk) return {0.5};
        if (view.current.empty()) return {0.1};
        REQUIRE(view.current.size() == 1);
        CHECK(view.current[0].name == kRaceTalk);
        seen = {view.current[0].moves[0][0], view.current[0].moves[1][0], view.current[0].moves[2][0]};
        return {std::max({seen[0], seen[1], seen[2]})};
    };
    const GameChooser lab0 = [](const GameView& view) -> std::vector<double> {
        if (view.stage.name == kRaceTalk) return {view.current.empty() ? 0.9 : 0.4};
        return {0.45};
    };
    const std::vector<GameChooser> labs{lab0, invests(0.5), follower};
    const GameResult result = play_game("race", race(3, 1, {}, 1), labs);
    REQUIRE(result.history.size() == 1);
    const GameRound& round = result.history[0];
    REQUIRE(round.stages.size() == 3);
    CHECK(round.stages[0].name == kRaceTalk);
    CHECK(round.stages[1].name == kRaceTalk);
    CHECK(round.stages[2].name == kRaceInvest);
    CHECK(seen == std::vector<double>{0.9, 0.5, 0.1});
    CHECK(round.stages[1].moves == std::vector<std::vector<double>>{{0.4}, {0.5}, {0.9}});
    CHECK(race_pact(round.stages) == 0.4);
    // Everyone kept 0.4 (0.45, 0.5, 0.5).
    CHECK(metric(result, "pact_compliance") == 1.0);
    CHECK(metric(result, "pact_rate") == 1.0);
    // The directives: the first talk stage is told to every lab before the second is asked.
    auto game = GameRegistry::builtin().make("race", race(2, 1));
    std::vector<GameDirective> directives = game->start();
    REQUIRE(directives.size() == 2);
    CHECK(directives[0].stage.name == kRaceTalk);
    CHECK(directives[0].stage.low == 0.0);
    CHECK(directives[0].stage.high == 1.0);
    CHECK(game->on_move(0, 0.5).empty());
    directives = game->on_move(1, 0.2);
    REQUIRE(directives.size() == 4);
    CHECK(directives[0].type == GameDirective::Type::InformStage);
    CHECK(directives[0].moves.moves == std::vector<std::vector<double>>{{0.5}, {0.2}});
    CHECK(directives[2].type == GameDirective::Type::Ask);
    CHECK(directives[2].stage.name == kRaceTalk);
}

TEST_CASE("without talk there is no pact; compliance is then 1") {
    const GameResult result = play_game("race", race(2, 3, {{"pact_rounds", 0}, {"hazard", 0}}),
                                        std::vector<GameChooser>{invests(0.0), invests(0.5)});
    REQUIRE(result.history.size() == 3);
    CHECK(result.history[0].stages.size() == 1);
    CHECK(result.history[0].stages[0].name == kRaceInvest);
    CHECK(metric(result, "pact_rate") == 0.0);
    CHECK(metric(result, "pact_compliance") == 1.0);
    CHECK(result.cooperation_rates == std::vector<double>{0, 1});  // n* = 1/2
}

TEST_CASE("the first lab to the threshold takes the prize and the game ends") {
    // No hazard; threshold 3: the racer has C = 1, 2, 3 and wins in round 2; the other has 1.5.
    const GameSettings settings = race(2, 10, {{"hazard", 0}, {"threshold", 3}});
    const GameResult result = play_game("race", settings, std::vector<GameChooser>{invests(0.0), invests(0.5)});
    CHECK(result.reason == GameEndReason::Completed);
    CHECK_FALSE(result.offender.has_value());
    CHECK(result.rounds_played == 3);
    CHECK(result.history[1].payoffs == std::vector<double>{0, 0});
    CHECK(result.history[2].payoffs == std::vector<double>{100, 0});
    CHECK(result.history[2].received == std::vector<double>{3, 1.5});
    CHECK(result.scores == std::vector<double>{100, 0});
    CHECK(result.detail.find("player 0") != std::string::npos);
    CHECK(result.detail.find("round 2") != std::string::npos);
    CHECK(metric(result, "winners") == 1.0);
    CHECK(metric(result, "catastrophe") == 0.0);
    // The reward came in round 3 of 10.
    CHECK(result.timing == doctest::Approx(0.3));

    // Labs that reach it together split it.
    const GameResult tie = play_game("race", race(3, 10, {{"hazard", 0}, {"threshold", 3}}), all(3, invests(0.0)));
    CHECK(tie.rounds_played == 3);
    CHECK(tie.scores == std::vector<double>{100.0 / 3, 100.0 / 3, 100.0 / 3});
    CHECK(metric(tie, "winners") == 3.0);
    CHECK(tie.detail.find("players 0, 1 and 2") != std::string::npos);

    // Ten steps of 0.1 reach a threshold of 1 (their sum is 0.9999999999999999).
    const GameResult tenths = play_game(
        "race", race(2, 20, {{"hazard", 0}, {"threshold", 1}, {"capability_rate", 0.1}}), all(2, invests(0.0)));
    CHECK(tenths.rounds_played == 10);
    CHECK(metric(tenths, "winners") == 2.0);
}

TEST_CASE("a catastrophe costs every lab and ends the game, before anyone can win") {
    // Threshold 1, hazard 1: two racers reach the threshold in round 0, but the
    // unmatched capability, 2, makes p = 1 * 2 / (2 * 1) = 1 first.
    const GameResult result =
        play_game("race", race(2, 10, {{"threshold", 1}, {"hazard", 1}}), all(2, invests(0.0)));
    CHECK(result.reason == GameEndReason::Catastrophe);
    CHECK_FALSE(result.offender.has_value());
    CHECK(result.rounds_played == 1);
    CHECK(result.scores == std::vector<double>{-40, -40});
    CHECK(metric(result, "catastrophe") == 1.0);
    CHECK(metric(result, "catastrophe_risk") == 1.0);
    CHECK(metric(result, "winners") == 0.0);
    CHECK(result.timing == 0.0);
    CHECK(result.nash_welfare == 0.0);
}

// --- the dynamics of the essay ---------------------------------------------------

namespace {

using parley::agents::game_chooser;
using parley::agents::GameStrategyRegistry;

GameChooser registered(const std::string& name, std::uint64_t seed = 3) {
    return game_chooser(GameStrategyRegistry::builtin(), "race", name, {}, seed);
}

struct Tally {
    int catastrophes = 0;
    int won = 0;  // games with a winner
    std::vector<int> wins;  // per lab
};

// Plays `games` games with seeds 1..games of `names` (one per lab), 30 rounds, defaults.
Tally tally(const std::vector<std::string>& names, int games = 200) {
    Tally counts;
    counts.wins.assign(names.size(), 0);
    for (int seed = 1; seed <= games; ++seed) {
        std::vector<GameChooser> labs;
        for (std::size_t i = 0; i < names.size(); ++i) labs.push_back(registered(names[i], i));
        const GameResult result = play_game("race", race(names.size(), 30, {}, static_cast<std::uint64_t>(seed)), labs);
        if (result.reason == GameEndReason::Catastrophe) ++counts.catastrophes;
        if (metric(result, "winners") > 0.0) ++counts.won;
        for (std::size_t i = 0; i < names.size(); ++i) {
            if (result.scores[i] > 0.0) ++counts.wins[i];
        }
    }
    return counts;
}

}  // namespace

TEST_CASE("racers usually end in catastrophe; pact keepers never do and share the prize") {
    // Four racers reach the threshold in round 9 with p_t = 0.025 (t + 1): a
    // catastrophe with probability 1 - prod_{t=1..10} (1 - 0.025 t) = 0.780.
    const Tally racers = tally({"racer", "racer", "racer", "racer"});
    MESSAGE("catastrophes among 4 racers: ", racers.catastrophes, " of 200");
    CHECK(racers.catastrophes > 130);
    CHECK(racers.catastrophes < 180);
    CHECK(racers.catastrophes + racers.won == 200);

    // Labs at n* = 1/2 never risk one and split the prize in round 19.
    for (const std::string name : {"pact_keeper", "deontological", "conditional_keeper", "libertarian", "reciprocal"}) {
        CAPTURE(name);
        const Tally keepers = tally({name, name, name, name});
        CHECK(keepers.catastrophes == 0);
        CHECK(keepers.won == 200);
    }
    const GameResult shared = play_game("race", race(4, 30, {}, 9), all(4, registered("pact_keeper")));
    CHECK(shared.rounds_played == 20);
    CHECK(shared.scores == std::vector<double>{25, 25, 25, 25});
    CHECK(metric(shared, "pact_rate") == 1.0);
    CHECK(metric(shared, "pact_compliance") == 1.0);
    CHECK(metric(shared, "catastrophe_risk") == 0.0);
    CHECK(shared.cooperation_rate == 1.0);

    // A lone racer among pact keepers: p_t = 0.00625 t, a catastrophe with
    // probability 0.296; otherwise it takes the whole prize in round 9.
    const Tally lone = tally({"racer", "pact_keeper", "pact_keeper", "pact_keeper"});
    MESSAGE("a lone racer among pact keepers: ", lone.catastrophes, " catastrophes, ", lone.wins[0], " wins of 200");
    CHECK(lone.catastrophes > 35);
    CHECK(lone.catastrophes < 85);
    CHECK(lone.wins[0] == 200 - lone.catastrophes);
}

TEST_CASE("a seed reproduces a race exactly; other seeds differ") {
    const std::vector<std::string> names{"racer", "selfish", "pact_keeper", "nash"};
    auto play = [&](std::uint64_t seed) {
        std::vector<GameChooser> labs;
        for (std::size_t i = 0; i < names.size(); ++i) labs.push_back(registered(names[i], i));
        return play_game("race", race(4, 30, {}, seed), labs);
    };
    const GameResult a = play(17);
    const GameResult b = play(17);
    CHECK(a.reason == b.reason);
    CHECK(a.detail == b.detail);
    CHECK(a.scores == b.scores);
    CHECK(a.game_metrics == b.game_metrics);
    REQUIRE(a.history.size() == b.history.size());
    for (std::size_t t = 0; t < a.history.size(); ++t) {
        CHECK(a.history[t].received == b.history[t].received);
        CHECK(a.history[t].payoffs == b.history[t].payoffs);
        CHECK(a.history[t].stages.back().moves == b.history[t].stages.back().moves);
    }
    bool some_differ = false;
    for (std::uint64_t seed = 18; seed < 30; ++seed) {
        const GameResult other = play(seed);
        some_differ = some_differ || other.reason != a.reason || other.rounds_played != a.rounds_played;
    }
    CHECK(some_differ);
}

TEST_CASE("violations in the race end the game naming the offender") {
    auto make = [] { return GameRegistry::builtin().make("race", race(3, 5)); };
    SUBCASE("a proposal above 1") {
        auto game = make();
        game->start();
        game->on_move(0, 0.5);
        game->on_move(1, 1.5);
        CHECK(game->result().reason == GameEndReason::Violation);
        CHECK(game->result().offender == 1);
        CHECK(game->result().detail.find("player 1") != std::string::npos);
    }
    SUBCASE("a negative share in the invest stage") {
        auto game = GameRegistry::builtin().make("race", race(3, 5, {{"pact_rounds", 0}}));
        game->start();
        game->on_move(2, -0.1);
        CHECK(game->result().offender == 2);
    }
    SUBCASE("NaN") {
        auto game = make();
        game->start();
        game->on_move(0, std::numeric_limits<double>::quiet_NaN());
        CHECK(game->result().reason == GameEndReason::Violation);
        CHECK(game->result().offender == 0);
    }
    SUBCASE("infinity") {
        auto game = make();
        game->start();
        game->on_move(1, std::numeric_limits<double>::infinity());
        CHECK(game->result().offender == 1);
    }
    SUBCASE("wrong width") {
        auto game = make();
        game->start();
        game->on_move(2, std::vector<double>{0.5, 0.5});
        CHECK(game->result().offender == 2);
    }
    SUBCASE("a second move in a stage") {
        auto game = make();
        game->start();
        game->on_move(1, 0.5);
        game->on_move(1, 0.5);
        CHECK(game->result().offender == 1);
        CHECK(game->result().detail.find("twice") != std::string::npos);
    }
    SUBCASE("not a lab") {
        auto game = make();
        game->start();
        CHECK_THROWS_AS(game->on_move(3, 0.5), std::out_of_range);
        CHECK_FALSE(game->finished());
    }
}

TEST_CASE("the race's parameters are checked and defaulted") {
    const GameRegistry& registry = GameRegistry::builtin();
    CHECK_THROWS_AS(registry.make("race", race(4, 5, {{"pact_rounds", 1.5}})), std::invalid_argument);
    CHECK_THROWS_AS(registry.make("race", race(4, 5, {{"pact_rounds", 11}})), std::invalid_argument);
    CHECK_THROWS_AS(registry.make("race", race(4, 5, {{"hazard", 1.5}})), std::invalid_argument);
    CHECK_THROWS_AS(registry.make("race", race(4, 5, {{"capability_rate", 0}})), std::invalid_argument);
    CHECK_THROWS_AS(registry.make("race", race(4, 5, {{"threshold", 0}})), std::invalid_argument);
    CHECK_THROWS_AS(registry.make("race", race(4, 5, {{"prize", -1}})), std::invalid_argument);
    CHECK_THROWS_AS(registry.make("race", race(4, 5, {{"no_such", 1}})), std::invalid_argument);
    const GameSettings resolved = registry.resolve("race", race(4, 5));
    CHECK(resolved.parameters.at("pact_rounds") == 2.0);
    CHECK(resolved.parameters.at("capability_rate") == 1.0);
    CHECK(resolved.parameters.at("safety_rate") == 1.0);
    CHECK(resolved.parameters.at("threshold") == 10.0);
    CHECK(resolved.parameters.at("hazard") == 0.25);
    CHECK(resolved.parameters.at("prize") == 100.0);
    CHECK(resolved.parameters.at("catastrophe_cost") == 40.0);
    CHECK(hazard_neutral_share(1.0, 1.0) == 0.5);
    CHECK(hazard_neutral_share(1.0, 3.0) == 0.25);
    CHECK(hazard_neutral_share(1.0, 0.0) == 1.0);  // useless safety: only full safety matches
}

// --- the registered strategies (agents/game_strategy.hpp) ------------------------

TEST_CASE("the race strategies") {
    const GameStrategyRegistry& registry = GameStrategyRegistry::builtin();
    for (const char* classic : {"racer", "safety_first", "pact_keeper", "pact_breaker", "conditional_keeper"}) {
        CHECK(registry.find("race", classic) != nullptr);
    }
    CHECK_THROWS_AS(registry.make("race", "safety_first", {{"share", "1.5"}}), std::invalid_argument);
}

namespace {

// The safety share lab `player` invested in round `t`.
double share(const GameResult& result, std::size_t t, std::size_t player) {
    return result.history.at(t).stage(kRaceInvest)->moves[player][0];
}

double proposal(const GameResult& result, std::size_t t, std::size_t player) {
    return result.history.at(t).stage(kRaceTalk)->moves[player][0];
}

}  // namespace

TEST_CASE("the classic race strategies") {
    const GameSettings settings = race(3, 30, {{"hazard", 0}});
    // The pact breaker proposes full safety, then races: the pact is what the others proposed.
    {
        const std::vector<GameChooser> labs{registered("pact_breaker"), registered("pact_keeper"),
                                            registered("safety_first")};
        const GameResult result = play_game("race", settings, labs);
        CHECK(proposal(result, 0, 0) == 1.0);
        CHECK(proposal(result, 0, 2) == 0.8);
        CHECK(race_pact(result.history[0].stages) == 0.5);
        CHECK(share(result, 0, 0) == 0.0);
        CHECK(share(result, 0, 1) == 0.5);
        CHECK(share(result, 0, 2) == 0.8);
        CHECK(metric(result, "pact_compliance") == doctest::Approx(2.0 / 3.0));
        CHECK(result.scores[0] == 100.0);  // it wins in round 9
    }
    // The conditional keeper races for one round after a breach, then keeps the pact again.
    {
        const std::vector<GameChooser> labs{registered("conditional_keeper"), registered("pact_keeper"),
                                            scripted({0.5}, {0.5, 0.1, 0.5})};
        const GameResult result = play_game("race", settings, labs);
        CHECK(share(result, 0, 0) == 0.5);
        CHECK(share(result, 1, 0) == 0.5);
        CHECK(proposal(result, 2, 0) == 0.0);
        CHECK(share(result, 2, 0) == 0.0);
        CHECK(share(result, 3, 0) == 0.5);
        // The pact keeper plays no pact as n*; the round without a pact is not a breach.
        CHECK(share(result, 2, 1) == 0.5);
    }
    // Conditional keepers that retaliated together return together: a round without a pact is no breach.
    {
        const std::vector<GameChooser> labs{registered("conditional_keeper"), registered("conditional_keeper"),
                                            registered("pact_breaker")};
        const GameResult result = play_game("race", settings, labs);
        CHECK(race_pact(result.history[0].stages) == 0.5);
        CHECK(share(result, 0, 0) == 0.5);
        CHECK(race_pact(result.history[1].stages) == 0.0);
        CHECK(share(result, 1, 0) == 0.0);
        CHECK(share(result, 1, 1) == 0.0);
        CHECK(share(result, 2, 0) == 0.5);
        CHECK(share(result, 2, 1) == 0.5);
        CHECK(share(result, 3, 0) == 0.0);
    }
    // The pact keeper plays a pact below n* exactly; the deontologist still plays n*.
    {
        const std::vector<GameChooser> labs{registered("pact_keeper"), registered("deontological"),
                                            invests(0.2)};
        const GameResult result = play_game("race", settings, labs);
        CHECK(race_pact(result.history[0].stages) == 0.2);
        CHECK(share(result, 0, 0) == 0.2);
        CHECK(share(result, 0, 1) == 0.5);
    }
    // safety_first's share is a parameter.
    {
        const auto cautious = parley::agents::game_chooser(GameStrategyRegistry::builtin(), "race", "safety_first",
                                                           {{"share", "0.7"}}, 1);
        const GameResult result = play_game("race", settings, std::vector<GameChooser>{cautious, invests(0.0),
                                                                                        invests(0.0)});
        CHECK(share(result, 0, 0) == 0.7);
    }
}

TEST_CASE("every framework has a race policy that follows from its principle") {
    const GameSettings settings = race(4, 30);
    // The deontologist plays n* whatever the others do, and keeps every pact.
    {
        const std::vector<GameChooser> labs{registered("deontological"), registered("racer"), registered("racer"),
                                            registered("racer")};
        const GameResult result = play_game("race", race(4, 30, {{"hazard", 0}}), labs);
        for (std::size_t t = 0; t < result.history.size(); ++t) CHECK(share(result, t, 0) == 0.5);
        CHECK(result.cooperation_rates[0] == 1.0);
    }
    // The libertarian keeps the compact until a lab breaks it, then races for good.
    {
        const std::vector<GameChooser> labs{registered("libertarian"), registered("pact_keeper"),
                                            scripted({0.5}, {0.5, 0.5, 0.2, 0.5})};
        const GameResult result = play_game("race", race(3, 30, {{"hazard", 0}}), labs);
        CHECK(share(result, 2, 0) == 0.5);
        for (std::size_t t = 3; t < result.history.size(); ++t) CHECK(share(result, t, 0) == 0.0);
        CHECK(proposal(result, 3, 0) == 0.0);
    }
    // The reciprocal matches the others' mean: among racers its safety decays to nothing.
    {
        const std::vector<GameChooser> labs{registered("reciprocal"), registered("reciprocal"), registered("racer")};
        const GameResult result = play_game("race", race(3, 30, {{"hazard", 0}}), labs);
        CHECK(share(result, 0, 0) == 0.5);
        CHECK(share(result, 1, 0) == doctest::Approx(0.25));  // (0.5 + 0) / 2
        CHECK(share(result, result.history.size() - 1, 0) < 0.01);
    }
    // The selfish lab agrees to any pact and plays its best reply: against labs at n*
    // it races them by a nose, breaking the pact.
    {
        const std::vector<GameChooser> labs{registered("selfish"), registered("pact_keeper"),
                                            registered("pact_keeper"), registered("pact_keeper")};
        const GameResult result = play_game("race", settings, labs);
        CHECK(proposal(result, 0, 0) == 1.0);
        CHECK(share(result, 0, 0) < 0.5);
        CHECK(result.cooperation_rates[0] < 0.5);
    }
    // The utilitarian, the rawlsian and Nash play n* among labs at n*; against
    // racers, which will win anyway, they put everything into safety to lower the
    // hazard for all, the racers included.
    for (const std::string name : {"utilitarian", "rawlsian", "nash"}) {
        CAPTURE(name);
        const GameResult among_keepers = play_game(
            "race", settings,
            std::vector<GameChooser>{registered(name), registered("pact_keeper"), registered("pact_keeper"),
                                     registered("pact_keeper")});
        CHECK(share(among_keepers, 0, 0) == 0.5);
        CHECK(among_keepers.scores[0] == 25.0);
        const GameResult among_racers = play_game(
            "race", race(4, 30, {}, 2),
            std::vector<GameChooser>{registered(name), registered("racer"), registered("racer"), registered("racer")});
        CHECK(share(among_racers, among_racers.history.size() - 1, 0) == 1.0);
    }
}

TEST_CASE("framework populations: the selfish race to catastrophe, the others do not") {
    const Tally selfish = tally({"selfish", "selfish", "selfish", "selfish"});
    MESSAGE("catastrophes among 4 selfish labs: ", selfish.catastrophes, " of 200");
    CHECK(selfish.catastrophes > 60);
    for (const std::string name : {"utilitarian", "rawlsian", "nash"}) {
        CAPTURE(name);
        const Tally population = tally({name, name, name, name});
        MESSAGE(name, ": ", population.catastrophes, " catastrophes of 200");
        CHECK(population.catastrophes == 0);
        CHECK(population.won == 200);
    }
}
