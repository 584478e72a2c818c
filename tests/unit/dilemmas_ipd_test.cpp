// The iterated prisoner's dilemma: a noiseless 200-turn round robin whose
// every score is worked out by hand below, noise that a seed reproduces,
// probabilistic length, per-match rates, and violations that end the match
// naming the offender.

#include <parley/agents/dilemma_strategy.hpp>
#include <parley/worlds/ipd.hpp>

#include <doctest/doctest.h>

#include <array>
#include <limits>
#include <map>
#include <span>
#include <string>
#include <vector>

using namespace parley::worlds;
using parley::agents::DilemmaStrategyRegistry;
using parley::agents::dilemma_chooser;

namespace {

IpdResult play(const std::string& first, const std::string& second, const IpdSettings& settings,
               std::uint64_t first_seed = 1, std::uint64_t second_seed = 2) {
    const auto& registry = DilemmaStrategyRegistry::builtin();
    return play_ipd_match(settings, dilemma_chooser(registry, first, {}, first_seed),
                          dilemma_chooser(registry, second, {}, second_seed));
}

IpdChooser always(std::string text) {
    return [text](std::span<const IpdView>) { return text; };
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
    const IpdSettings settings;  // defaults: R=3 S=0 T=5 P=1, 200 rounds, no noise
    std::map<std::string, double> totals;
    for (const Expected& pair : pairs) {
        CAPTURE(pair.first);
        CAPTURE(pair.second);
        const IpdResult result = play(pair.first, pair.second, settings);
        CHECK(result.reason == IpdEndReason::Completed);
        CHECK(result.turns == 200);
        CHECK(result.scores[0] == pair.first_score);
        CHECK(result.scores[1] == pair.second_score);
        // Played the other way round, the scores swap.
        const IpdResult swapped = play(pair.second, pair.first, settings);
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

TEST_CASE("per-match rates: TFT against Alternator") {
    const IpdResult result = play("tit_for_tat", "alternator", IpdSettings{});
    // Round 0 CC; 100 odd rounds CD; 99 even rounds DC (see the round robin above).
    CHECK(result.cc_rate == doctest::Approx(1.0 / 200));
    CHECK(result.cd_rate == doctest::Approx(100.0 / 200));
    CHECK(result.dc_rate == doctest::Approx(99.0 / 200));
    CHECK(result.dd_rate == 0.0);
    CHECK(result.cooperation_rates[0] == doctest::Approx(101.0 / 200));
    CHECK(result.cooperation_rates[1] == doctest::Approx(100.0 / 200));
    CHECK(result.mean_score(0) == doctest::Approx(498.0 / 200));
}

TEST_CASE("custom payoffs are used") {
    IpdSettings settings;
    settings.payoffs = {4.0, -1.0, 6.0, 0.5};
    settings.rounds = 10;
    const IpdResult result = play("all_c", "all_d", settings);
    CHECK(result.scores[0] == -10.0);
    CHECK(result.scores[1] == 60.0);
}

TEST_CASE("noise with a seed reproduces exactly and differs with another seed") {
    IpdSettings settings;
    settings.noise = 0.1;
    settings.seed = 42;
    const IpdResult first = play("tit_for_tat", "grudger", settings);
    const IpdResult again = play("tit_for_tat", "grudger", settings);
    REQUIRE(first.history.size() == again.history.size());
    for (std::size_t round = 0; round < first.history.size(); ++round) {
        CHECK(first.history[round].realised == again.history[round].realised);
        CHECK(first.history[round].intended == again.history[round].intended);
    }
    CHECK(first.scores == again.scores);

    // Both cooperate by intent until noise strikes: some moves were flipped.
    std::size_t flips = 0;
    for (const IpdRound& round : first.history) {
        for (std::size_t p = 0; p < 2; ++p) flips += round.intended[p] != round.realised[p] ? 1 : 0;
    }
    CHECK(flips > 10);  // expected 40 of 400 moves
    CHECK(flips < 80);

    settings.seed = 43;
    const IpdResult other = play("tit_for_tat", "grudger", settings);
    bool differs = false;
    for (std::size_t round = 0; round < other.history.size(); ++round) {
        differs = differs || other.history[round].realised != first.history[round].realised;
    }
    CHECK(differs);
}

TEST_CASE("noise flips about the requested share of moves") {
    IpdSettings settings;
    settings.noise = 0.2;
    settings.rounds = 20000;
    settings.seed = 7;
    const IpdResult result = play("all_c", "all_c", settings);
    CHECK(result.cooperation_rates[0] == doctest::Approx(0.8).epsilon(0.02));
    CHECK(result.cooperation_rates[1] == doctest::Approx(0.8).epsilon(0.02));
}

TEST_CASE("a probabilistic length is decided from the seed, capped, with the right mean") {
    IpdSettings settings;
    settings.continuation = 0.9;  // mean length 1 / (1 - 0.9) = 10
    settings.rounds = 1000;
    double total = 0.0;
    const int matches = 4000;
    for (int seed = 0; seed < matches; ++seed) {
        settings.seed = static_cast<std::uint64_t>(seed);
        const IpdGame game(settings);
        CHECK(game.length() >= 1);
        total += game.length();
        CHECK(IpdGame(settings).length() == game.length());  // the seed decides it
    }
    CHECK(total / matches == doctest::Approx(10.0).epsilon(0.05));

    settings.rounds = 5;  // the cap
    settings.continuation = 0.99;
    settings.seed = 3;
    const IpdResult capped = play("all_c", "all_c", settings);
    CHECK(capped.turns <= 5);
    CHECK(capped.reason == IpdEndReason::Completed);
}

TEST_CASE("noise does not change the length a seed decides") {
    IpdSettings settings;
    settings.continuation = 0.95;
    settings.seed = 11;
    const std::uint32_t quiet = IpdGame(settings).length();
    settings.noise = 0.3;
    CHECK(IpdGame(settings).length() == quiet);
}

TEST_CASE("a move that is not C or D ends the match naming the offender") {
    IpdSettings settings;
    settings.rounds = 10;
    int calls = 0;
    const IpdChooser malformed_in_round_3 = [&calls](std::span<const IpdView> history) -> std::string {
        ++calls;
        return history.size() == 3 ? "cooperate" : "C";
    };
    const IpdResult result = play_ipd_match(settings, always("C"), malformed_in_round_3);
    CHECK(result.reason == IpdEndReason::Violation);
    REQUIRE(result.offender.has_value());
    CHECK(*result.offender == 1);
    CHECK(result.turns == 3);  // rounds 0..2 scored; round 3 was not
    CHECK(result.scores[0] == 9.0);
    CHECK(result.detail.find("player 1") != std::string::npos);
    CHECK(result.detail.find("'cooperate'") != std::string::npos);
    CHECK(result.detail.find("round 3") != std::string::npos);

    const IpdResult empty = play_ipd_match(settings, always(""), always("C"));
    CHECK(empty.reason == IpdEndReason::Violation);
    CHECK(empty.offender == PartyIndex{0});
    CHECK(empty.turns == 0);
    CHECK(empty.cc_rate == 0.0);

    // An untrusted text is never echoed whole or raw.
    const IpdResult garbage = play_ipd_match(settings, always("C"), always(std::string(1000, '\x01')));
    CHECK(garbage.detail.size() < 200);
    CHECK(garbage.detail.find('\x01') == std::string::npos);
}

TEST_CASE("a second move in a round ends the match naming the offender") {
    IpdSettings settings;
    settings.rounds = 5;
    IpdGame game(settings);
    const auto asks = game.start();
    REQUIRE(asks.size() == 2);
    CHECK(asks[0].type == IpdDirective::Type::Ask);
    CHECK(game.on_move(1, DilemmaMove::Cooperate).empty());
    CHECK(game.on_move(1, DilemmaMove::Defect).empty());
    REQUIRE(game.finished());
    const IpdResult result = game.result();
    CHECK(result.reason == IpdEndReason::Violation);
    CHECK(result.offender == PartyIndex{1});
    CHECK(result.detail.find("twice") != std::string::npos);
    // Moves after the end change nothing.
    CHECK(game.on_move(0, DilemmaMove::Cooperate).empty());
    CHECK(game.result().offender == PartyIndex{1});
}

TEST_CASE("the game informs both players of the realised round, then asks again") {
    IpdSettings settings;
    settings.rounds = 2;
    IpdGame game(settings);
    game.start();
    CHECK(game.on_move(0, "D").empty());
    const auto directives = game.on_move(1, "C");
    REQUIRE(directives.size() == 4);
    CHECK(directives[0].type == IpdDirective::Type::Inform);
    CHECK(directives[0].player == 0);
    CHECK(directives[0].view.own == DilemmaMove::Defect);
    CHECK(directives[0].view.other == DilemmaMove::Cooperate);
    CHECK(directives[0].view.own_payoff == 5.0);
    CHECK(directives[1].player == 1);
    CHECK(directives[1].view.own_payoff == 0.0);
    CHECK(directives[2].type == IpdDirective::Type::Ask);
    CHECK(directives[2].round == 1);
    game.on_move(0, "C");
    const auto last = game.on_move(1, "C");
    CHECK(last.size() == 2);  // informs only: the match is over
    CHECK(game.finished());
    CHECK(game.result().reason == IpdEndReason::Completed);
    CHECK(game.result().scores == std::array<double, 2>{8.0, 3.0});
}

TEST_CASE("timeouts and lost agents end the match naming the player") {
    IpdGame game(IpdSettings{});
    game.start();
    game.on_failure(0, Failure::Timeout);
    CHECK(game.result().reason == IpdEndReason::Timeout);
    CHECK(game.result().offender == PartyIndex{0});
    IpdGame lost(IpdSettings{});
    lost.start();
    lost.on_failure(1, Failure::AgentLost);
    CHECK(lost.result().reason == IpdEndReason::AgentLost);
    CHECK(ipd_end_reason_name(lost.result().reason) == "agent_lost");
}

TEST_CASE("bad settings get a clear error") {
    IpdSettings settings;
    settings.noise = 0.7;
    CHECK_THROWS_WITH_AS(IpdGame{settings}, doctest::Contains("noise"), std::invalid_argument);
    settings = {};
    settings.rounds = 0;
    CHECK_THROWS_WITH_AS(IpdGame{settings}, doctest::Contains("rounds"), std::invalid_argument);
    settings = {};
    settings.continuation = 0.0;
    CHECK_THROWS_WITH_AS(IpdGame{settings}, doctest::Contains("continuation"), std::invalid_argument);
    settings = {};
    settings.payoffs.reward = std::numeric_limits<double>::quiet_NaN();
    CHECK_THROWS_WITH_AS(IpdGame{settings}, doctest::Contains("payoff"), std::invalid_argument);
    CHECK(IpdPayoffs{}.is_prisoners_dilemma());
    CHECK_FALSE((IpdPayoffs{3, 0, 7, 1}.is_prisoners_dilemma()));  // 2R < T + S
}
