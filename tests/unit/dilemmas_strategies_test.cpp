// The dilemma strategies: a conformance test every registered strategy passes
// (valid moves, deterministic for a seed, reset forgets, parameters checked),
// then each strategy's defining behaviour against scripted opponents, and the
// value frameworks' policies.

#include <parley/agents/dilemma_strategy.hpp>
#include <parley/worlds/ipd.hpp>

#include <doctest/doctest.h>

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

using namespace parley::worlds;
using parley::agents::DilemmaStrategy;
using parley::agents::DilemmaStrategyRegistry;
using parley::agents::dilemma_chooser;

namespace {

constexpr DilemmaMove C = DilemmaMove::Cooperate;
constexpr DilemmaMove D = DilemmaMove::Defect;

const DilemmaStrategyRegistry& registry() { return DilemmaStrategyRegistry::builtin(); }

// An opponent that plays `script` ("CDDC...") round by round, then C.
IpdChooser scripted(std::string script) {
    return [script](std::span<const IpdView> history) {
        return history.size() < script.size() ? std::string(1, script[history.size()]) : std::string("C");
    };
}

// The strategy's realised moves against an opponent, as a string of letters.
std::string moves_of(const std::string& strategy, const IpdChooser& opponent, std::uint32_t rounds,
                     std::uint64_t seed = 5) {
    IpdSettings settings;
    settings.rounds = rounds;
    const IpdResult result = play_ipd_match(settings, dilemma_chooser(registry(), strategy, {}, seed), opponent);
    REQUIRE(result.reason == IpdEndReason::Completed);
    std::string moves;
    for (const IpdRound& round : result.history) moves += dilemma_move_letter(round.realised[0]);
    return moves;
}

IpdChooser strategy(const std::string& name, std::uint64_t seed = 9) {
    return dilemma_chooser(registry(), name, {}, seed);
}

// Frequencies of C after each outcome (own, other) of the previous round, from player 0's side.
struct ConditionalCooperation {
    std::array<double, 4> rate{};  // CC, CD, DC, DD
    std::array<double, 4> count{};
};
ConditionalCooperation conditional_cooperation(const IpdResult& result) {
    ConditionalCooperation measured;
    std::array<double, 4> cooperations{};
    for (std::size_t round = 1; round < result.history.size(); ++round) {
        const auto& before = result.history[round - 1].realised;
        const std::size_t index = (before[0] == D ? 2u : 0u) + (before[1] == D ? 1u : 0u);
        measured.count[index] += 1;
        if (result.history[round].realised[0] == C) cooperations[index] += 1;
    }
    for (std::size_t i = 0; i < 4; ++i) {
        measured.rate[i] = measured.count[i] > 0 ? cooperations[i] / measured.count[i] : 0.0;
    }
    return measured;
}

}  // namespace

TEST_CASE("the registry holds the classic strategies and the frameworks' policies") {
    for (const char* name : {"all_c", "all_d", "tit_for_tat", "tit_for_two_tats", "generous_tft", "grudger", "pavlov",
                             "random", "alternator", "joss", "tester", "zd_extort", "selfish", "reciprocal",
                             "utilitarian", "rawlsian", "nash", "deontological", "libertarian"}) {
        CAPTURE(name);
        CHECK(registry().find(name) != nullptr);
    }
    CHECK(registry().find("no_such_strategy") == nullptr);
    CHECK_THROWS_WITH_AS(registry().make("no_such_strategy"), doctest::Contains("tit_for_tat"),
                         std::invalid_argument);
}

// The generic conformance test: every registered strategy, whatever it is.
TEST_CASE("conformance: every registered strategy") {
    const std::vector<std::string> opponents = {"all_c", "all_d", "random", "tit_for_tat", "alternator"};
    for (const auto* info : registry().list()) {
        CAPTURE(info->name);
        CHECK_FALSE(info->description.empty());
        // Its documented defaults are valid; an unknown parameter is refused, naming it.
        REQUIRE_NOTHROW(info->make({}));
        CHECK_THROWS_WITH_AS(info->make({{"no_such_parameter", "1"}}), doctest::Contains("no_such_parameter"),
                             std::invalid_argument);
        for (const auto& parameter : info->parameters) {
            CAPTURE(parameter.name);
            CHECK_THROWS_AS(info->make({{parameter.name, "not a number"}}), std::invalid_argument);
        }
        for (const std::string& opponent : opponents) {
            CAPTURE(opponent);
            IpdSettings settings;
            settings.rounds = 100;
            settings.noise = 0.05;
            settings.seed = 17;
            // Valid moves only: every match completes without a violation.
            const IpdResult first = play_ipd_match(settings, dilemma_chooser(registry(), info->name, {}, 3),
                                                   dilemma_chooser(registry(), opponent, {}, 4));
            CHECK(first.reason == IpdEndReason::Completed);
            CHECK(first.turns == 100);
            // Deterministic for a seed.
            const IpdResult second = play_ipd_match(settings, dilemma_chooser(registry(), info->name, {}, 3),
                                                    dilemma_chooser(registry(), opponent, {}, 4));
            for (std::size_t round = 0; round < first.history.size(); ++round) {
                CHECK(first.history[round].intended == second.history[round].intended);
            }
        }
        // reset() forgets the previous match: a used strategy reset with a seed
        // chooses exactly as a fresh one does.
        const std::unique_ptr<DilemmaStrategy> used = info->make({});
        const std::unique_ptr<DilemmaStrategy> fresh = info->make({});
        used->reset(1);
        std::vector<IpdView> noise_history;
        for (int round = 0; round < 30; ++round) {
            noise_history.push_back({used->choose(noise_history), round % 3 == 0 ? D : C, 0.0});
        }
        used->reset(8);
        fresh->reset(8);
        std::vector<IpdView> history;
        for (int round = 0; round < 50; ++round) {
            const DilemmaMove move = used->choose(history);
            CHECK(move == fresh->choose(history));
            history.push_back({move, round % 4 == 1 ? D : C, 0.0});
        }
    }
}

TEST_CASE("all_c and all_d never change") {
    CHECK(moves_of("all_c", strategy("all_d"), 6) == "CCCCCC");
    CHECK(moves_of("all_d", strategy("all_c"), 6) == "DDDDDD");
}

TEST_CASE("tit for tat cooperates first, then copies the other's last move") {
    CHECK(moves_of("tit_for_tat", scripted("CDDCDCCD"), 9) == "CCDDCDCCD");
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
    IpdSettings settings;
    settings.rounds = 20000;
    const IpdResult against_cooperator = play_ipd_match(settings, strategy("joss"), strategy("all_c"));
    CHECK(against_cooperator.cooperation_rates[0] == doctest::Approx(0.9).epsilon(0.02));
    const IpdResult against_defector = play_ipd_match(settings, strategy("joss"), strategy("all_d"));
    CHECK(against_defector.cooperation_rates[0] == doctest::Approx(1.0 / 20000));  // only the first move
}

TEST_CASE("random cooperates about half the time, differently for different seeds") {
    IpdSettings settings;
    settings.rounds = 20000;
    const IpdResult result = play_ipd_match(settings, strategy("random", 1), strategy("all_c"));
    CHECK(result.cooperation_rates[0] == doctest::Approx(0.5).epsilon(0.03));
    CHECK(moves_of("random", strategy("all_c"), 64, 1) != moves_of("random", strategy("all_c"), 64, 2));
    const auto biased = registry().make("random", {{"cooperation", "0.8"}});
    biased->reset(3);
    int cooperations = 0;
    for (int round = 0; round < 10000; ++round) cooperations += biased->choose({}) == C ? 1 : 0;
    CHECK(cooperations / 10000.0 == doctest::Approx(0.8).epsilon(0.03));
}

TEST_CASE("generous tit for tat forgives a third of defections") {
    IpdSettings settings;
    settings.rounds = 30000;
    const IpdResult result = play_ipd_match(settings, strategy("generous_tft"), strategy("random", 77));
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
    IpdSettings settings;
    settings.rounds = 200000;
    const IpdResult result = play_ipd_match(settings, strategy("zd_extort"), strategy("random", 77));
    const ConditionalCooperation measured = conditional_cooperation(result);
    CHECK(measured.rate[0] == doctest::Approx(8.0 / 9).epsilon(0.02));
    CHECK(measured.rate[1] == doctest::Approx(1.0 / 2).epsilon(0.02));
    CHECK(measured.rate[2] == doctest::Approx(1.0 / 3).epsilon(0.03));
    CHECK(measured.rate[3] == 0.0);

    // The extortion: s_zd - P = chi (s_other - P) in the long run, against any
    // opponent; against AllC the surplus of the extortioner is twice the other's.
    const IpdResult against_cooperator = play_ipd_match(settings, strategy("zd_extort"), strategy("all_c"));
    const double zd_surplus = against_cooperator.mean_score(0) - 1.0;
    const double other_surplus = against_cooperator.mean_score(1) - 1.0;
    CHECK(zd_surplus == doctest::Approx(2.0 * other_surplus).epsilon(0.02));
    CHECK(zd_surplus > other_surplus);
}

TEST_CASE("the ZD extortioner's parameters are checked") {
    CHECK_THROWS_AS(registry().make("zd_extort", {{"chi", "0.5"}}), std::invalid_argument);
    CHECK_THROWS_AS(registry().make("zd_extort", {{"phi_fraction", "0"}}), std::invalid_argument);
    CHECK_THROWS_WITH_AS(registry().make("zd_extort", {{"temptation", "2"}}), doctest::Contains("prisoner"),
                         std::invalid_argument);
    CHECK_NOTHROW(registry().make("zd_extort", {{"chi", "3"}, {"phi_fraction", "1"}}));
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
        IpdSettings settings;
        settings.rounds = 4;
        const auto chooser =
            dilemma_chooser(registry(), "utilitarian", {{"punishment", "4"}, {"reward", "5"}, {"temptation", "5.5"}}, 1);
        const IpdResult result = play_ipd_match(settings, chooser, scripted("DDCC"));
        std::string moves;
        for (const auto& round : result.history) moves += dilemma_move_letter(round.realised[0]);
        CHECK(moves == "CDDC");
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
}
