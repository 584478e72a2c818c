// The iterated prisoner's dilemma as a repeated game ("ipd"): a noiseless
// 200-turn round robin whose every score is worked out by hand below, noise
// that a seed reproduces, probabilistic length, per-match rates and metrics,
// and bad moves that end the match naming the offender.

#include <parley/agents/game_strategy.hpp>
#include <parley/content/game_wire.hpp>
#include <parley/games/ipd.hpp>
#include <parley/games/repeated_game.hpp>

#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <memory>
#include <string>
#include <vector>

using namespace parley::worlds;
using parley::agents::GameStrategyRegistry;
using parley::agents::game_chooser;

namespace {

// Two players, `rounds` rounds (200 as in Axelrod's tournaments), the default payoffs unless given.
GameSettings ipd_settings(std::uint32_t rounds = 200, std::map<std::string, double> parameters = {},
                          std::uint64_t seed = 0) {
    GameSettings settings;
    settings.players = 2;
    settings.rounds = rounds;
    settings.seed = seed;
    settings.parameters = std::move(parameters);
    return settings;
}

GameChooser strategy(const std::string& name, std::uint64_t seed) {
    return game_chooser(GameStrategyRegistry::builtin(), "ipd", name, {}, seed);
}

GameResult play(const std::string& first, const std::string& second, const GameSettings& settings,
                std::uint64_t first_seed = 1, std::uint64_t second_seed = 2) {
    const std::vector<GameChooser> players{strategy(first, first_seed), strategy(second, second_seed)};
    return play_game("ipd", settings, players);
}

GameResult play(const GameChooser& first, const GameChooser& second, const GameSettings& settings) {
    const std::vector<GameChooser> players{first, second};
    return play_game("ipd", settings, players);
}

GameChooser always(std::vector<double> move) {
    return [move](const GameView&) { return move; };
}

double metric(const GameResult& result, const std::string& name) {
    for (const auto& [metric_name, value] : result.game_metrics) {
        if (metric_name == name) return value;
    }
    FAIL("no metric named " << name);
    return 0.0;
}

}  // namespace

// Default payoffs R=3, S=0, T=5, P=1; 200 rounds, no noise. Rounds are 0-based;
// Alternator plays C in even rounds and D in odd ones (100 of each).
//
//  AllC  vs AllD:        CD every round                       ->    0 : 1000 (200 x 5)
//  AllC  vs TFT:         CC every round                       ->  600 : 600
//  AllC  vs Grudger:     CC every round                       ->  600 : 600
//  AllC  vs Alternator:  CC in 100 even rounds (3:3),
//                        CD in 100 odd rounds (0:5)           ->  300 : 800
//  AllD  vs TFT:         DC in round 0 (5:0), then DD 199x    ->  204 : 199
//  AllD  vs Grudger:     same as against TFT                  ->  204 : 199
//  AllD  vs Alternator:  DC in even rounds (5:0) x100,
//                        DD in odd rounds (1:1) x100          ->  600 : 100
//  TFT   vs Grudger:     CC every round                       ->  600 : 600
//  TFT   vs Alternator:  TFT copies Alternator one round late. Round 0: CC (3:3);
//                        odd rounds 1..199 (100): TFT C (copying the C of the even
//                        round before), Alternator D -> CD (0:5); even rounds
//                        2..198 (99): TFT D, Alternator C -> DC (5:0)
//                        -> TFT 3 + 99 x 5 = 498, Alternator 3 + 100 x 5 = 503
//  Grudger vs Alternator: round 0 CC (3:3); round 1 Grudger still C, Alternator
//                        D -> CD (0:5); from round 2 Grudger defects forever:
//                        even rounds 2..198 (99) DC (5:0), odd rounds 3..199 (99)
//                        DD (1:1) -> Grudger 3 + 99 x 5 + 99 = 597, Alternator
//                        3 + 5 + 99 = 107
//
// Totals over the four matches of each: AllD 2008, Grudger 1996, TFT 1897,
// Alternator 1510, AllC 1500.
TEST_CASE("a noiseless 200-turn round robin gives the scores worked out by hand") {
    struct Expected {
        std::string first;
        std::string second;
        double first_score;
        double second_score;
    };
    const std::vector<Expected> pairs = {
        {"all_c", "all_d", 0, 1000},          {"all_c", "tit_for_tat", 600, 600},
        {"all_c", "grudger", 600, 600},       {"all_c", "alternator", 300, 800},
        {"all_d", "tit_for_tat", 204, 199},   {"all_d", "grudger", 204, 199},
        {"all_d", "alternator", 600, 100},    {"tit_for_tat", "grudger", 600, 600},
        {"tit_for_tat", "alternator", 498, 503}, {"grudger", "alternator", 597, 107},
    };
    const GameSettings settings = ipd_settings();  // default payoffs R=3 S=0 T=5 P=1, 200 rounds, no noise
    std::map<std::string, double> totals;
    for (const Expected& pair : pairs) {
        CAPTURE(pair.first);
        CAPTURE(pair.second);
        const GameResult result = play(pair.first, pair.second, settings);
        CHECK(result.game == "ipd");
        CHECK(result.reason == GameEndReason::Completed);
        CHECK(result.rounds_played == 200);
        CHECK(result.scores[0] == pair.first_score);
        CHECK(result.scores[1] == pair.second_score);
        // Played the other way round, the scores swap.
        const GameResult swapped = play(pair.second, pair.first, settings);
        CHECK(swapped.scores[0] == pair.second_score);
        CHECK(swapped.scores[1] == pair.first_score);
        totals[pair.first] += pair.first_score;
        totals[pair.second] += pair.second_score;
    }
    CHECK(totals["all_d"] == 2008);
    CHECK(totals["grudger"] == 1996);
    CHECK(totals["tit_for_tat"] == 1897);
    CHECK(totals["alternator"] == 1510);
    CHECK(totals["all_c"] == 1500);
}

TEST_CASE("per-match rates and metrics: TFT against Alternator") {
    const GameResult result = play("tit_for_tat", "alternator", ipd_settings());
    // Round 0 CC; 100 odd rounds CD; 99 even rounds DC (see the round robin above).
    const std::vector<std::string> names = {"cc_rate", "cd_rate", "dc_rate", "dd_rate"};
    REQUIRE(result.game_metrics.size() == 4);
    for (std::size_t i = 0; i < names.size(); ++i) CHECK(result.game_metrics[i].first == names[i]);
    const auto& declared = GameRegistry::builtin().find("ipd")->metrics;
    REQUIRE(declared.size() == names.size());
    for (std::size_t i = 0; i < names.size(); ++i) CHECK(declared[i].name == names[i]);
    CHECK(metric(result, "cc_rate") == doctest::Approx(1.0 / 200));
    CHECK(metric(result, "cd_rate") == doctest::Approx(100.0 / 200));
    CHECK(metric(result, "dc_rate") == doctest::Approx(99.0 / 200));
    CHECK(metric(result, "dd_rate") == 0.0);
    CHECK(result.cooperation_rates[0] == doctest::Approx(101.0 / 200));
    CHECK(result.cooperation_rates[1] == doctest::Approx(100.0 / 200));
    CHECK(result.cooperative_rounds == std::vector<std::uint32_t>{101, 100});
    // Alternator defects first (round 1), TFT never does.
    CHECK(result.never_defected_first == std::vector<bool>{true, false});
    CHECK(result.scores[0] / result.rounds_played == doctest::Approx(498.0 / 200));
}

TEST_CASE("never defected first: a simultaneous first defection counts against both; none at all for neither") {
    const GameResult both = play("all_d", "all_d", ipd_settings(5));
    CHECK(both.never_defected_first == std::vector<bool>{false, false});
    CHECK(both.cooperative_rounds == std::vector<std::uint32_t>{0, 0});
    const GameResult nice = play("all_c", "tit_for_tat", ipd_settings(5));
    CHECK(nice.never_defected_first == std::vector<bool>{true, true});
    CHECK(nice.cooperative_rounds == std::vector<std::uint32_t>{5, 5});
}

TEST_CASE("custom payoffs are used") {
    const GameSettings settings =
        ipd_settings(10, {{"reward", 4.0}, {"sucker", -1.0}, {"temptation", 6.0}, {"punishment", 0.5}});
    const GameResult result = play("all_c", "all_d", settings);
    CHECK(result.scores[0] == -10.0);
    CHECK(result.scores[1] == 60.0);
}

TEST_CASE("noise with a seed reproduces exactly and differs with another seed") {
    GameSettings settings = ipd_settings(200, {{"noise", 0.1}}, 42);
    const GameResult first = play("tit_for_tat", "grudger", settings);
    const GameResult again = play("tit_for_tat", "grudger", settings);
    REQUIRE(first.history.size() == again.history.size());
    for (std::size_t round = 0; round < first.history.size(); ++round) {
        CHECK(first.history[round].received == again.history[round].received);
        CHECK(first.history[round].stages[0].moves == again.history[round].stages[0].moves);
    }
    CHECK(first.scores == again.scores);

    // Both cooperate by intent until noise strikes: some moves were flipped.
    std::size_t flips = 0;
    for (const GameRound& round : first.history) {
        for (PartyIndex p = 0; p < 2; ++p) flips += intended_move(round, p) != realised_move(round, p) ? 1 : 0;
    }
    CHECK(flips > 10);  // expected 40 of 400 moves
    CHECK(flips < 80);

    settings.seed = 43;
    const GameResult other = play("tit_for_tat", "grudger", settings);
    bool differs = false;
    for (std::size_t round = 0; round < other.history.size(); ++round) {
        differs = differs || other.history[round].received != first.history[round].received;
    }
    CHECK(differs);
}

TEST_CASE("noise flips about the requested share of moves") {
    const GameResult result = play("all_c", "all_c", ipd_settings(20000, {{"noise", 0.2}}, 7));
    CHECK(result.cooperation_rates[0] == doctest::Approx(0.8).epsilon(0.02));
    CHECK(result.cooperation_rates[1] == doctest::Approx(0.8).epsilon(0.02));
}

TEST_CASE("a probabilistic length is decided from the seed, capped, with the right mean") {
    // Mean length 1 / (1 - 0.9) = 10.
    GameSettings settings = ipd_settings(1000, {{"continuation", 0.9}});
    double total = 0.0;
    const int matches = 4000;
    for (int seed = 0; seed < matches; ++seed) {
        settings.seed = static_cast<std::uint64_t>(seed);
        const GameResult result = play("all_c", "all_c", settings);
        CHECK(result.reason == GameEndReason::Completed);
        CHECK(result.rounds_played >= 1);
        total += result.rounds_played;
        CHECK(play("all_d", "tit_for_tat", settings).rounds_played == result.rounds_played);  // the seed decides it
    }
    CHECK(total / matches == doctest::Approx(10.0).epsilon(0.05));

    // The cap.
    const GameResult capped = play("all_c", "all_c", ipd_settings(5, {{"continuation", 0.99}}, 3));
    CHECK(capped.rounds_played <= 5);
    CHECK(capped.reason == GameEndReason::Completed);
}

TEST_CASE("noise does not change the length a seed decides") {
    const GameResult quiet = play("all_c", "all_c", ipd_settings(200, {{"continuation", 0.95}}, 11));
    const GameResult noisy = play("all_c", "all_c", ipd_settings(200, {{"continuation", 0.95}, {"noise", 0.3}}, 11));
    CHECK(noisy.rounds_played == quiet.rounds_played);
    CHECK(quiet.rounds_played < 200);
}

TEST_CASE("one stage per round: choose one whole number in [0, 1]") {
    auto game = GameRegistry::builtin().make("ipd", ipd_settings(3));
    const std::vector<GameDirective> asks = game->start();
    REQUIRE(asks.size() == 2);
    for (const GameDirective& ask : asks) {
        CHECK(ask.type == GameDirective::Type::Ask);
        CHECK(ask.stage.name == kIpdChoose);
        CHECK(ask.stage.width == 1);
        CHECK(ask.stage.low == 0.0);
        CHECK(ask.stage.high == 1.0);
        CHECK(ask.stage.whole);
    }
}

TEST_CASE("a move that is not 0 or 1 ends the match naming the offender") {
    const GameSettings settings = ipd_settings(10);
    const GameChooser half_in_round_3 = [](const GameView& view) {
        return std::vector<double>{view.round == 3 ? 0.5 : 1.0};
    };
    const GameResult result = play(always({1.0}), half_in_round_3, settings);
    CHECK(result.reason == GameEndReason::Violation);
    REQUIRE(result.offender.has_value());
    CHECK(*result.offender == 1);
    CHECK(result.rounds_played == 3);  // rounds 0..2 scored; round 3 was not
    CHECK(result.scores[0] == 9.0);
    CHECK(result.detail.find("player 1") != std::string::npos);
    CHECK(result.detail.find("round 3") != std::string::npos);
    CHECK(result.detail.find("whole") != std::string::npos);

    const GameResult two = play(always({2.0}), always({1.0}), settings);
    CHECK(two.reason == GameEndReason::Violation);
    CHECK(two.offender == PartyIndex{0});
    CHECK(two.rounds_played == 0);
    CHECK(metric(two, "cc_rate") == 0.0);
    CHECK(two.cooperation_rates == std::vector<double>{0.0, 0.0});

    const GameResult not_a_number =
        play(always({1.0}), always({std::numeric_limits<double>::quiet_NaN()}), settings);
    CHECK(not_a_number.reason == GameEndReason::Violation);
    CHECK(not_a_number.offender == PartyIndex{1});
    CHECK(not_a_number.detail.find("finite") != std::string::npos);

    const GameResult too_wide = play(always({1.0, 1.0}), always({1.0}), settings);
    CHECK(too_wide.reason == GameEndReason::Violation);
    CHECK(too_wide.offender == PartyIndex{0});

    const GameResult empty = play(always({1.0}), always({}), settings);
    CHECK(empty.reason == GameEndReason::Violation);
    CHECK(empty.offender == PartyIndex{1});

    const GameResult negative = play(always({-1.0}), always({1.0}), settings);
    CHECK(negative.offender == PartyIndex{0});
}

TEST_CASE("a second move in a round ends the match naming the offender") {
    auto game = GameRegistry::builtin().make("ipd", ipd_settings(5));
    const auto asks = game->start();
    REQUIRE(asks.size() == 2);
    CHECK(asks[0].type == GameDirective::Type::Ask);
    CHECK(game->on_move(1, 1.0).empty());
    CHECK(game->on_move(1, 0.0).empty());
    REQUIRE(game->finished());
    const GameResult result = game->result();
    CHECK(result.reason == GameEndReason::Violation);
    CHECK(result.offender == PartyIndex{1});
    CHECK(result.detail.find("twice") != std::string::npos);
    // Moves after the end change nothing.
    CHECK(game->on_move(0, 1.0).empty());
    CHECK(game->result().offender == PartyIndex{1});
}

TEST_CASE("the game tells both players only the realised round, never what the other sent, then asks again") {
    auto game = GameRegistry::builtin().make("ipd", ipd_settings(2));
    game->start();
    CHECK(game->on_move(0, 0.0).empty());
    const auto directives = game->on_move(1, 1.0);
    REQUIRE(directives.size() == 4);  // no stage report: with noise it would tell the intended moves
    CHECK(directives[0].type == GameDirective::Type::InformRound);
    CHECK(directives[0].player == 0);
    const GameRound& settled = directives[0].settled;
    CHECK(settled.received == std::vector<double>{0.0, 1.0});  // realised: D, C
    const IpdView first = ipd_view(settled, 0);
    CHECK(first.own == DilemmaMove::Defect);
    CHECK(first.other == DilemmaMove::Cooperate);
    CHECK(first.own_payoff == 5.0);
    CHECK(directives[1].type == GameDirective::Type::InformRound);
    CHECK(directives[1].player == 1);
    CHECK(ipd_view(directives[1].settled, 1).own_payoff == 0.0);
    CHECK(directives[2].type == GameDirective::Type::Ask);
    CHECK(directives[2].round == 1);
    game->on_move(0, 1.0);
    const auto last = game->on_move(1, 1.0);
    CHECK(last.size() == 2);  // informs only: the match is over
    CHECK(game->finished());
    CHECK(game->result().reason == GameEndReason::Completed);
    CHECK(game->result().scores == std::vector<double>{8.0, 3.0});
}

TEST_CASE("a player's history from its view") {
    std::vector<IpdView> seen;
    const GameChooser recorder = [&seen](const GameView& view) {
        seen = ipd_history(view);
        return std::vector<double>{view.round % 3 == 0 ? 0.0 : 1.0};
    };
    const GameResult result = play(strategy("tit_for_tat", 1), recorder, ipd_settings(7));
    REQUIRE(seen.size() == 6);  // asked last in round 6, with rounds 0..5 settled
    const std::vector<IpdView> expected = ipd_history(std::span(result.history).first(6), 1);
    for (std::size_t round = 0; round < seen.size(); ++round) {
        CAPTURE(round);
        CHECK(seen[round].own == expected[round].own);
        CHECK(seen[round].other == expected[round].other);
        CHECK(seen[round].own_payoff == expected[round].own_payoff);
        CHECK(seen[round].own == (round % 3 == 0 ? DilemmaMove::Defect : DilemmaMove::Cooperate));
    }
    CHECK_THROWS_AS(ipd_view(result.history[0], 2), std::out_of_range);
}

TEST_CASE("timeouts and lost agents end the match naming the player") {
    auto game = GameRegistry::builtin().make("ipd", ipd_settings());
    game->start();
    game->on_failure(0, Failure::Timeout);
    CHECK(game->result().reason == GameEndReason::Timeout);
    CHECK(game->result().offender == PartyIndex{0});
    auto lost = GameRegistry::builtin().make("ipd", ipd_settings());
    lost->start();
    lost->on_failure(1, Failure::AgentLost);
    CHECK(lost->result().reason == GameEndReason::AgentLost);
    CHECK(game_end_reason_name(lost->result().reason) == "agent_lost");
}

TEST_CASE("bad settings get a clear error") {
    const GameRegistry& registry = GameRegistry::builtin();
    CHECK_THROWS_WITH_AS(registry.make("ipd", ipd_settings(200, {{"noise", 0.7}})), doctest::Contains("noise"),
                         std::invalid_argument);
    CHECK_THROWS_WITH_AS(registry.make("ipd", ipd_settings(0)), doctest::Contains("rounds"), std::invalid_argument);
    CHECK_THROWS_WITH_AS(registry.make("ipd", ipd_settings(200, {{"continuation", 0.0}})),
                         doctest::Contains("continuation"), std::invalid_argument);
    CHECK_THROWS_WITH_AS(registry.make("ipd", ipd_settings(200, {{"reward", std::nan("")}})),
                         doctest::Contains("reward"), std::invalid_argument);
    GameSettings three = ipd_settings();
    three.players = 3;
    CHECK_THROWS_WITH_AS(registry.make("ipd", three), doctest::Contains("2 players"), std::invalid_argument);
    const GameSettings resolved = registry.resolve("ipd", ipd_settings());
    CHECK(resolved.parameters.at("reward") == 3.0);
    CHECK(resolved.parameters.at("sucker") == 0.0);
    CHECK(resolved.parameters.at("temptation") == 5.0);
    CHECK(resolved.parameters.at("punishment") == 1.0);
    CHECK(resolved.parameters.at("noise") == 0.0);
    CHECK(resolved.parameters.at("continuation") == 1.0);
    CHECK(ipd_payoffs(resolved).temptation == 5.0);
    CHECK(IpdPayoffs{}.is_prisoners_dilemma());
    CHECK_FALSE((IpdPayoffs{3, 0, 7, 1}.is_prisoners_dilemma()));  // 2R < T + S
}

TEST_CASE("an ipd turn and round report carry the protocol's stock fields, always 0, and no numbers of their own") {
    const GameInfo& info = *GameRegistry::builtin().find("ipd");
    const GameTurn turn{3, {std::string(kIpdChoose), 1, 0.0, 1.0, true}, {}};
    CHECK(game_turn_to_json(turn).dump() ==
          R"({"round":3,"stage":"choose","width":1,"low":0.0,"high":1.0,"whole":true,"stock":0.0})");
    CHECK(game_turn_from_json(game_turn_to_json(turn), info).state.empty());
    GameRound round;
    round.payoffs = {3.0, 3.0};
    round.received = {1.0, 1.0};
    CHECK(round_report_to_json(0, round).dump() ==
          R"({"report":"round","round":0,"payoffs":[3.0,3.0],"received":[1.0,1.0],"stock_before":0.0,"stock_after":0.0})");
    CHECK(game_report_from_json(round_report_to_json(0, round), info, 2).settled.numbers.empty());
    // The wire reads stages by the game's description: another game's stage is no ipd stage.
    CHECK_THROWS_AS(game_turn_from_json(R"({"round":0,"stage":"harvest","width":1,"low":0,"high":1,"whole":true,"stock":0})"_json, info),
                    WireError);
}
