// The dilemma strategies: a conformance test every registered strategy passes
// (valid moves, deterministic for a seed, reset forgets, parameters checked),
// then each strategy's defining behaviour against scripted opponents, and the
// value frameworks' policies.

#include <parley/agents/game_strategy.hpp>
#include <parley/games/ipd.hpp>

#include "learned_test_policy.hpp"

#include <doctest/doctest.h>

#include <array>
#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <vector>

using namespace parley::worlds;
using parley::agents::FrameworkParameters;
using parley::agents::GameStrategyRegistry;
using parley::agents::game_chooser;

namespace {

constexpr DilemmaMove C = DilemmaMove::Cooperate;
constexpr DilemmaMove D = DilemmaMove::Defect;

// The one registry of every game's strategies, which holds the ipd's.
const GameStrategyRegistry& registry() { return GameStrategyRegistry::builtin(); }

GameSettings ipd_settings(std::uint32_t rounds, std::map<std::string, double> parameters = {}, std::uint64_t seed = 0) {
    GameSettings settings;
    settings.players = 2;
    settings.rounds = rounds;
    settings.seed = seed;
    settings.parameters = std::move(parameters);
    return settings;
}

// A strategy of the ipd world of GameStrategyRegistry, the one the runner uses.
GameChooser strategy(const std::string& name, std::uint64_t seed = 9, const FrameworkParameters& parameters = {}) {
    return game_chooser(GameStrategyRegistry::builtin(), "ipd", name, parameters, seed);
}

// An opponent that plays `script` ("CDDC...") round by round, then C.
GameChooser scripted(std::string script) {
    return [script](const GameView& view) {
        const bool defect = view.round < script.size() && script[view.round] == 'D';
        return std::vector<double>{defect ? 0.0 : 1.0};
    };
}

GameResult play(const GameChooser& first, const GameChooser& second, const GameSettings& settings) {
    const std::vector<GameChooser> players{first, second};
    return play_game("ipd", settings, players);
}

// Player 0's realised moves, as a string of letters.
std::string moves_of_first(const GameResult& result) {
    std::string moves;
    for (const GameRound& round : result.history) moves += dilemma_move_letter(realised_move(round, 0));
    return moves;
}

// The strategy's realised moves against an opponent, as a string of letters.
std::string moves_of(const std::string& name, const GameChooser& opponent, std::uint32_t rounds,
                     std::uint64_t seed = 5) {
    const GameResult result = play(strategy(name, seed), opponent, ipd_settings(rounds));
    REQUIRE(result.reason == GameEndReason::Completed);
    return moves_of_first(result);
}

double mean_score(const GameResult& result, PartyIndex player) {
    return result.rounds_played == 0 ? 0.0 : result.scores[player] / result.rounds_played;
}

// Frequencies of C after each outcome (own, other) of the previous round, from player 0's side.
struct ConditionalCooperation {
    std::array<double, 4> rate{};  // CC, CD, DC, DD
    std::array<double, 4> count{};
};
ConditionalCooperation conditional_cooperation(const GameResult& result) {
    ConditionalCooperation measured;
    std::array<double, 4> cooperations{};
    for (std::size_t round = 1; round < result.history.size(); ++round) {
        const GameRound& before = result.history[round - 1];
        const std::size_t index = (realised_move(before, 0) == D ? 2u : 0u) + (realised_move(before, 1) == D ? 1u : 0u);
        measured.count[index] += 1;
        if (realised_move(result.history[round], 0) == C) cooperations[index] += 1;
    }
    for (std::size_t i = 0; i < 4; ++i) {
        measured.rate[i] = measured.count[i] > 0 ? cooperations[i] / measured.count[i] : 0.0;
    }
    return measured;
}

}  // namespace

TEST_CASE("the registry holds the classic strategies and the frameworks' policies") {
    const GameStrategyRegistry& games = GameStrategyRegistry::builtin();
    std::size_t expected = 0;
    for (const char* name : {"all_c", "all_d", "tit_for_tat", "suspicious_tit_for_tat", "tit_for_two_tats", "generous_tft", "grudger", "pavlov",
                             "random", "alternator", "joss", "tester", "zd_extort", "selfish", "reciprocal",
                             "utilitarian", "rawlsian", "nash", "deontological", "libertarian"}) {
        CAPTURE(name);
        const auto* info = games.find("ipd", name);
        REQUIRE(info != nullptr);
        CHECK(info->world == "ipd");
        CHECK(info->name == name);
        CHECK_FALSE(info->description.empty());
        ++expected;
    }
    CHECK(games.list("ipd").size() >= expected);  // and any framework registered since
    CHECK(games.find("ipd", "no_such_strategy") == nullptr);
    CHECK_THROWS_WITH_AS(games.make("ipd", "no_such_strategy"), doctest::Contains("tit_for_tat"),
                         std::invalid_argument);
}

// The generic conformance test: every registered strategy, whatever it is.
TEST_CASE("conformance: every registered strategy") {
    const std::vector<std::string> opponents = {"all_c", "all_d", "random", "tit_for_tat", "alternator"};
    for (const auto* info : registry().list("ipd")) {
        CAPTURE(info->name);
        CHECK_FALSE(info->description.empty());
        const GameSettings settings = ipd_settings(100, {{"noise", 0.05}}, 17);
        // Its documented defaults are valid, with a test model for a parameter it
        // requires (the learned player's); one that it requires is named when missing.
        const FrameworkParameters playable = parley::learned_test::playable_parameters("ipd", *info, settings);
        REQUIRE_NOTHROW(info->make(playable));
        for (const auto& parameter : info->parameters) {
            if (!parameter.default_value.empty()) continue;
            CAPTURE(parameter.name);
            CHECK_THROWS_WITH_AS(info->make({}), doctest::Contains(parameter.name.c_str()), std::invalid_argument);
        }
        // An unknown parameter is refused, naming it.
        FrameworkParameters unknown = playable;
        unknown["no_such_parameter"] = "1";
        CHECK_THROWS_WITH_AS(info->make(unknown), doctest::Contains("no_such_parameter"), std::invalid_argument);
        for (const auto& parameter : info->parameters) {
            CAPTURE(parameter.name);
            FrameworkParameters malformed = playable;
            malformed[parameter.name] = "not a number";
            CHECK_THROWS_AS(info->make(malformed), std::invalid_argument);
        }
        for (const std::string& opponent : opponents) {
            CAPTURE(opponent);
            // Valid moves only: every match completes without a violation.
            const GameResult first = play(strategy(info->name, 3, playable), strategy(opponent, 4), settings);
            CHECK(first.reason == GameEndReason::Completed);
            CHECK(first.rounds_played == 100);
            // Deterministic for a seed.
            const GameResult second = play(strategy(info->name, 3, playable), strategy(opponent, 4), settings);
            REQUIRE(second.history.size() == first.history.size());
            for (std::size_t round = 0; round < first.history.size(); ++round) {
                CHECK(intended_move(first.history[round], 0) == intended_move(second.history[round], 0));
            }
        }
        // reset() forgets the previous match: a used strategy reset with a
        // seed chooses exactly as a fresh one does, against the same moves.
        // Made for the match compared (the warm-up's length does not change
        // an ipd player's observation).
        const FrameworkParameters compared = parley::learned_test::playable_parameters("ipd", *info, ipd_settings(50));
        std::string noise_script;
        for (int round = 0; round < 30; ++round) noise_script += round % 3 == 0 ? 'D' : 'C';
        std::string script;
        for (int round = 0; round < 50; ++round) script += round % 4 == 1 ? 'D' : 'C';
        const std::shared_ptr<parley::agents::GameStrategy> used = info->make(compared);
        const GameChooser used_chooser = [&](const GameView& view) { return used->choose(view); };
        used->reset(1);
        play_game("ipd", ipd_settings(30), std::vector<GameChooser>{used_chooser, scripted(noise_script)});
        used->reset(8);
        const std::shared_ptr<parley::agents::GameStrategy> fresh = info->make(compared);
        fresh->reset(8);
        const GameChooser fresh_chooser = [&](const GameView& view) { return fresh->choose(view); };
        CHECK(moves_of_first(play(used_chooser, scripted(script), ipd_settings(50))) ==
              moves_of_first(play(fresh_chooser, scripted(script), ipd_settings(50))));
        // The same through the game's registry: a used player reset with a
        // seed plays a new game exactly as a fresh one does.
        auto used_player = GameStrategyRegistry::builtin().make("ipd", info->name, compared);
        used_player->reset(1);
        const std::vector<GameChooser> warm_up{[&](const GameView& view) { return used_player->choose(view); },
                                               strategy("random", 2)};
        play_game("ipd", ipd_settings(30), warm_up);
        used_player->reset(8);
        const std::vector<GameChooser> reused{[&](const GameView& view) { return used_player->choose(view); },
                                              strategy("random", 4)};
        const std::vector<GameChooser> newly{strategy(info->name, 8, compared), strategy("random", 4)};
        CHECK(moves_of_first(play_game("ipd", ipd_settings(50), reused)) ==
              moves_of_first(play_game("ipd", ipd_settings(50), newly)));
    }
}

TEST_CASE("all_c and all_d never change") {
    CHECK(moves_of("all_c", strategy("all_d"), 6) == "CCCCCC");
    CHECK(moves_of("all_d", strategy("all_c"), 6) == "DDDDDD");
}

TEST_CASE("tit for tat cooperates first, then copies the other's last move") {
    CHECK(moves_of("tit_for_tat", scripted("CDDCDCCD"), 9) == "CCDDCDCCD");
}

TEST_CASE("suspicious tit for tat defects first, then copies the other's last move") {
    // As the Axelrod library's SuspiciousTitForTat: D, then the other's last move.
    CHECK(moves_of("suspicious_tit_for_tat", scripted("CDDCDCCD"), 9) == "DCDDCDCCD");
    CHECK(moves_of("suspicious_tit_for_tat", strategy("all_c"), 6) == "DCCCCC");
    CHECK(moves_of("suspicious_tit_for_tat", strategy("all_d"), 6) == "DDDDDD");
    // Against tit for tat the two echo each other out of step: D/C and C/D forever.
    const GameResult against_tft =
        play(strategy("suspicious_tit_for_tat"), strategy("tit_for_tat"), ipd_settings(8));
    CHECK(moves_of_first(against_tft) == "DCDCDCDC");
    const GameResult swapped = play(strategy("tit_for_tat"), strategy("suspicious_tit_for_tat"), ipd_settings(8));
    CHECK(moves_of_first(swapped) == "CDCDCDCD");
    // Against itself neither ever cooperates.
    const GameResult itself =
        play(strategy("suspicious_tit_for_tat", 1), strategy("suspicious_tit_for_tat", 2), ipd_settings(8));
    CHECK(moves_of_first(itself) == "DDDDDDDD");
    CHECK(itself.cooperative_rounds == std::vector<std::uint32_t>{0, 0});
}

TEST_CASE("tit for two tats needs two defections in a row") {
    // One defection (round 1) is forgiven; two (rounds 3, 4) are answered in round 5.
    CHECK(moves_of("tit_for_two_tats", scripted("CDCDDDCC"), 9) == "CCCCCDDCC");
}

TEST_CASE("grudger never forgives") {
    CHECK(moves_of("grudger", scripted("CCCDCCCC"), 10) == "CCCCDDDDDD");
}

TEST_CASE("pavlov: win-stay lose-shift") {
    // Round 0: C. Then C exactly when both moved alike in the round before:
    //   other:  C D C C D D C C
    //   pavlov: C C D D D C D D  (after CC: C; CD: D; DC: D; DC: D; DD: C; CD: D; DC: D)
    const std::string other = "CDCCDDCC";
    const std::string pavlov = moves_of("pavlov", scripted(other), 8);
    REQUIRE(pavlov.size() == 8);
    CHECK(pavlov[0] == 'C');
    for (std::size_t round = 1; round < 8; ++round) {
        CAPTURE(round);
        const bool alike = pavlov[round - 1] == other[round - 1];
        CHECK(pavlov[round] == (alike ? 'C' : 'D'));
    }
    CHECK(pavlov == "CCDDDCDD");
}

TEST_CASE("alternator alternates, starting with C") { CHECK(moves_of("alternator", strategy("all_d"), 7) == "CDCDCDC"); }

TEST_CASE("tester probes, exploits a sucker, and apologises when punished") {
    // Against AllC: D first, C in rounds 1 and 2, then D in odd rounds.
    CHECK(moves_of("tester", strategy("all_c"), 9) == "DCCDCDCDC");
    // Against TFT: TFT answers the probe in round 1 -> apology C in round 2, then
    // tit for tat (TFT plays C from round 2, copying Tester's round-1 C).
    CHECK(moves_of("tester", strategy("tit_for_tat"), 8) == "DCCCCCCC");
    // Punished late (round 4): apology in round 5, then copies the other.
    CHECK(moves_of("tester", scripted("CCCCDCDD"), 9) == "DCCDCCCDD");
}

TEST_CASE("joss defects after the other's cooperation one time in ten, always after its defection") {
    const GameSettings settings = ipd_settings(20000);
    const GameResult against_cooperator = play(strategy("joss"), strategy("all_c"), settings);
    CHECK(against_cooperator.cooperation_rates[0] == doctest::Approx(0.9).epsilon(0.02));
    const GameResult against_defector = play(strategy("joss"), strategy("all_d"), settings);
    CHECK(against_defector.cooperation_rates[0] == doctest::Approx(1.0 / 20000));  // only the first move
}

TEST_CASE("random cooperates about half the time, differently for different seeds") {
    const GameResult result = play(strategy("random", 1), strategy("all_c"), ipd_settings(20000));
    CHECK(result.cooperation_rates[0] == doctest::Approx(0.5).epsilon(0.03));
    CHECK(moves_of("random", strategy("all_c"), 64, 1) != moves_of("random", strategy("all_c"), 64, 2));
    // A strategy without memory: its rate against a cooperator is its cooperation.
    const GameResult biased =
        play(strategy("random", 3, {{"cooperation", "0.8"}}), strategy("all_c"), ipd_settings(10000));
    CHECK(biased.cooperation_rates[0] == doctest::Approx(0.8).epsilon(0.03));
}

TEST_CASE("generous tit for tat forgives a third of defections") {
    const GameResult result = play(strategy("generous_tft"), strategy("random", 77), ipd_settings(30000));
    const ConditionalCooperation measured = conditional_cooperation(result);
    CHECK(measured.rate[0] == 1.0);  // after CC
    CHECK(measured.rate[2] == 1.0);  // after DC
    CHECK(measured.rate[1] == doctest::Approx(1.0 / 3).epsilon(0.05));
    CHECK(measured.rate[3] == doctest::Approx(1.0 / 3).epsilon(0.05));
}

TEST_CASE("the ZD extortioner cooperates with probabilities (8/9, 1/2, 1/3, 0) and extorts") {
    // Press & Dyson with chi = 2, phi = 1/18 and R=3, S=0, T=5, P=1:
    //   p_CC = 1 - phi (chi - 1)(R - P)     = 1 - 2/18        = 8/9
    //   p_CD = 1 - phi ((P - S) + chi (T - P)) = 1 - (1 + 8)/18 = 1/2
    //   p_DC = phi ((T - P) + chi (P - S))     = (4 + 2)/18     = 1/3
    //   p_DD = 0
    const GameSettings settings = ipd_settings(200000);
    const GameResult result = play(strategy("zd_extort"), strategy("random", 77), settings);
    const ConditionalCooperation measured = conditional_cooperation(result);
    CHECK(measured.rate[0] == doctest::Approx(8.0 / 9).epsilon(0.02));
    CHECK(measured.rate[1] == doctest::Approx(1.0 / 2).epsilon(0.02));
    CHECK(measured.rate[2] == doctest::Approx(1.0 / 3).epsilon(0.03));
    CHECK(measured.rate[3] == 0.0);

    // The extortion: s_zd - P = chi (s_other - P) in the long run, against any
    // opponent; against AllC the surplus of the extortioner is twice the other's.
    const GameResult against_cooperator = play(strategy("zd_extort"), strategy("all_c"), settings);
    const double zd_surplus = mean_score(against_cooperator, 0) - 1.0;
    const double other_surplus = mean_score(against_cooperator, 1) - 1.0;
    CHECK(zd_surplus == doctest::Approx(2.0 * other_surplus).epsilon(0.02));
    CHECK(zd_surplus > other_surplus);
}

TEST_CASE("the ZD extortioner's parameters are checked") {
    CHECK_THROWS_AS(registry().make("ipd", "zd_extort", {{"chi", "0.5"}}), std::invalid_argument);
    CHECK_THROWS_AS(registry().make("ipd", "zd_extort", {{"phi_fraction", "0"}}), std::invalid_argument);
    CHECK_THROWS_WITH_AS(registry().make("ipd", "zd_extort", {{"temptation", "2"}}), doctest::Contains("prisoner"),
                         std::invalid_argument);
    CHECK_NOTHROW(registry().make("ipd", "zd_extort", {{"chi", "3"}, {"phi_fraction", "1"}}));
}

TEST_CASE("the frameworks' policies") {
    // Aliases behave exactly as the classic strategies they name.
    const std::string script = "CDDCCDCCCD";
    CHECK(moves_of("selfish", scripted(script), 10) == moves_of("all_d", scripted(script), 10));
    CHECK(moves_of("reciprocal", scripted(script), 10) == moves_of("tit_for_tat", scripted(script), 10));
    CHECK(moves_of("nash", scripted(script), 10) == moves_of("pavlov", scripted(script), 10));
    CHECK(moves_of("deontological", scripted(script), 10) == moves_of("all_c", scripted(script), 10));
    CHECK(moves_of("libertarian", scripted(script), 10) == moves_of("grudger", scripted(script), 10));

    // Utilitarian: with 2R > T+S and S+T > 2P, C maximises the sum whatever the other does.
    CHECK(moves_of("utilitarian", strategy("all_d"), 5) == "CCCCC");
    // With a matrix where mutual defection has the larger sum (2P = 8 > S+T = 5.5)
    // it defects against a defector and cooperates with a cooperator.
    {
        const GameChooser chooser =
            strategy("utilitarian", 1, {{"punishment", "4"}, {"reward", "5"}, {"temptation", "5.5"}});
        CHECK(moves_of_first(play(chooser, scripted("DDCC"), ipd_settings(4))) == "CDDC");
    }
    // Without payoffs of its own it reasons with the game's: the same matrix
    // given as the game's parameters makes it choose the same.
    {
        const GameSettings settings =
            ipd_settings(4, {{"punishment", 4.0}, {"reward", 5.0}, {"temptation", 5.5}});
        CHECK(moves_of_first(play(strategy("utilitarian", 1), scripted("DDCC"), settings)) == "CDDC");
        // Its own parameters win over the game's ("game" stands for the game's own).
        const GameChooser own = strategy("utilitarian", 1, {{"punishment", "1"}, {"reward", "game"}});
        CHECK(moves_of_first(play(own, scripted("DDCC"), settings)) == "CCCC");
    }

    // Rawlsian: cooperates with a cooperator, defects against a defector (the
    // worse-off gets P = 1 rather than S = 0), and after being exploited once
    // defects once to even the totals, then forgives:
    //   rounds 0-1 CC (6:6); round 2 it C, other D (6:11); round 3 expecting D:
    //   C -> min(6, 16) = 6, D -> min(7, 12) = 7: D; the other C (11:11);
    //   round 4 expecting C: C -> 14, D -> min(16, 11) = 11: C.
    CHECK(moves_of("rawlsian", strategy("all_c"), 5) == "CCCCC");
    CHECK(moves_of("rawlsian", strategy("all_d"), 5) == "CDDDD");
    CHECK(moves_of("rawlsian", scripted("CCDCCC"), 6) == "CCCDCC");
    // Against a defector with the game's S above P (S = 2 > P = 1, no longer
    // a prisoner's dilemma) the worse-off does better when it cooperates, so
    // it keeps cooperating: it reasons with the game's payoffs.
    const GameSettings kinder = ipd_settings(5, {{"sucker", 2.0}});
    CHECK(moves_of_first(play(strategy("rawlsian"), strategy("all_d"), kinder)) == "CCCCC");
    CHECK(moves_of_first(play(strategy("rawlsian", 9, {{"sucker", "0"}}), strategy("all_d"), kinder)) == "CDDDD");
}
