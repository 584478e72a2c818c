// Round-robin tournaments (the hand-worked 200-turn round robin again, as
// standings), results that do not depend on the order matches are played in,
// and population dynamics: replicator dynamics as theory says, a Moran process
// in which a dominant strategy fixates, background strategies that stay put.

#include <parley/agents/dilemma_strategy.hpp>
#include <parley/worlds/scenario.hpp>
#include <parley/worlds/tournament.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

using namespace parley::worlds;

namespace {

std::vector<IpdEntrant> entrants(const std::vector<std::string>& names) {
    std::vector<IpdEntrant> list;
    for (const std::string& name : names) {
        list.push_back({name, [name](std::uint64_t seed) {
                            return parley::agents::dilemma_chooser(parley::agents::DilemmaStrategyRegistry::builtin(),
                                                                   name, {}, seed);
                        }});
    }
    return list;
}

const StrategyStanding& standing_of(const TournamentResult& result, const std::string& name) {
    const auto found = std::find_if(result.ranking.begin(), result.ranking.end(),
                                    [&](const StrategyStanding& s) { return s.name == name; });
    REQUIRE(found != result.ranking.end());
    return *found;
}

// Prisoner's dilemma per round, strategies (C, D): D strictly dominates.
const std::vector<std::vector<double>> kPrisonersDilemma = {{3.0, 0.0}, {5.0, 1.0}};

}  // namespace

TEST_CASE("the hand-worked round robin as standings") {
    // Scores from dilemmas_ipd_test.cpp: totals over 4 matches of 200 rounds
    // AllD 2008, Grudger 1996, TFT 1897, Alternator 1510, AllC 1500.
    const auto roster = entrants({"all_c", "all_d", "tit_for_tat", "grudger", "alternator"});
    const TournamentResult result = play_round_robin(roster, TournamentSettings{});
    CHECK(result.matches.size() == 10);
    REQUIRE(result.ranking.size() == 5);
    const std::vector<std::string> order = {"all_d", "grudger", "tit_for_tat", "alternator", "all_c"};
    const std::vector<double> totals = {2008, 1996, 1897, 1510, 1500};
    for (std::size_t place = 0; place < 5; ++place) {
        CAPTURE(place);
        CHECK(result.ranking[place].name == order[place]);
        CHECK(result.ranking[place].rank == place + 1);
        CHECK(result.ranking[place].samples == 4);
        CHECK(result.ranking[place].mean_score == doctest::Approx(totals[place] / 800.0));
    }
    // Payoff matrix by pairing (per round), entrants in roster order.
    CHECK(result.payoff_matrix[2][4] == doctest::Approx(498.0 / 200));  // TFT against Alternator
    CHECK(result.payoff_matrix[4][2] == doctest::Approx(503.0 / 200));
    CHECK(result.payoff_matrix[3][4] == doctest::Approx(597.0 / 200));  // Grudger against Alternator
    CHECK(result.payoff_matrix[1][0] == doctest::Approx(5.0));
    CHECK(result.payoff_matrix[0][0] == 0.0);  // no self-play
    // Cooperation: TFT cooperated 200 + 1 + 200 + 101 times in 800 moves.
    CHECK(standing_of(result, "tit_for_tat").cooperation_rating == doctest::Approx(502.0 / 800));
    CHECK(standing_of(result, "all_c").cooperation_rating == 1.0);
    CHECK(standing_of(result, "all_d").cooperation_rating == 0.0);
    // Good partner (never defected first): Alternator defects first against
    // AllC, TFT and Grudger (round 1), not against AllD (which did in round 0).
    CHECK(standing_of(result, "alternator").good_partner_rating == doctest::Approx(0.25));
    CHECK(standing_of(result, "all_d").good_partner_rating == 0.0);
    CHECK(standing_of(result, "tit_for_tat").good_partner_rating == 1.0);
    CHECK(standing_of(result, "grudger").good_partner_rating == 1.0);
    CHECK(standing_of(result, "all_c").good_partner_rating == 1.0);
}

TEST_CASE("self-play and repetitions in the schedule, per-match seeds from the master seed") {
    TournamentSettings settings;
    settings.self_play = true;
    settings.repetitions = 3;
    settings.master_seed = 99;
    const auto schedule = tournament_schedule(4, settings);
    CHECK(schedule.size() == 3 * 10);  // 4 * 5 / 2 pairs with self-play
    for (std::size_t k = 0; k < schedule.size(); ++k) {
        CHECK(schedule[k].index == k);
        CHECK(schedule[k].seed == derive_seed(99, k));
        CHECK(schedule[k].first <= schedule[k].second);
    }
    settings.self_play = false;
    CHECK(tournament_schedule(4, settings).size() == 3 * 6);
    CHECK_THROWS_AS(tournament_schedule(1, settings), std::invalid_argument);
    settings.repetitions = 0;
    CHECK_THROWS_AS(tournament_schedule(4, settings), std::invalid_argument);

    // A self-play match gives its strategy two samples.
    TournamentSettings with_self;
    with_self.self_play = true;
    const TournamentResult result = play_round_robin(entrants({"all_c", "all_d"}), with_self);
    CHECK(standing_of(result, "all_c").samples == 3);
    CHECK(result.payoff_matrix[0][0] == 3.0);
    CHECK(result.payoff_matrix[1][1] == 1.0);
}

TEST_CASE("results do not depend on the order the matches are played in") {
    const auto roster = entrants({"random", "joss", "generous_tft", "zd_extort", "pavlov", "tit_for_tat"});
    TournamentSettings settings;
    settings.repetitions = 2;
    settings.self_play = true;
    settings.master_seed = 2024;
    settings.match.noise = 0.05;
    settings.match.continuation = 0.99;
    settings.match.rounds = 400;
    const TournamentResult in_order = play_round_robin(roster, settings);

    auto schedule = tournament_schedule(roster.size(), settings);
    std::reverse(schedule.begin(), schedule.end());
    std::vector<PlayedMatch> played;
    for (const ScheduledMatch& match : schedule) played.push_back({match, play_scheduled_match(roster, settings, match)});
    const TournamentResult reversed = summarize_tournament(roster, played);

    REQUIRE(in_order.matches.size() == reversed.matches.size());
    for (std::size_t k = 0; k < in_order.matches.size(); ++k) {
        CHECK(in_order.matches[k].result.scores == reversed.matches[k].result.scores);
        CHECK(in_order.matches[k].result.turns == reversed.matches[k].result.turns);
    }
    CHECK(in_order.payoff_matrix == reversed.payoff_matrix);
    for (std::size_t place = 0; place < in_order.ranking.size(); ++place) {
        CHECK(in_order.ranking[place].name == reversed.ranking[place].name);
        CHECK(in_order.ranking[place].mean_score == reversed.ranking[place].mean_score);
    }

    // Another master seed gives other matches.
    settings.master_seed = 2025;
    const TournamentResult other = play_round_robin(roster, settings);
    CHECK(other.payoff_matrix != in_order.payoff_matrix);
}

TEST_CASE("frameworks and classic strategies share a roster") {
    const auto roster = entrants({"selfish", "reciprocal", "utilitarian", "rawlsian", "nash", "deontological",
                                  "libertarian", "tit_for_tat", "zd_extort"});
    TournamentSettings settings;
    settings.master_seed = 5;
    const TournamentResult result = play_round_robin(roster, settings);
    CHECK(result.matches.size() == 36);
    for (const PlayedMatch& match : result.matches) CHECK(match.result.reason == IpdEndReason::Completed);
    CHECK(standing_of(result, "deontological").cooperation_rating == 1.0);
    CHECK(standing_of(result, "selfish").cooperation_rating == 0.0);
}

TEST_CASE("replicator dynamics: defectors take over a prisoner's dilemma") {
    ReplicatorSettings settings;
    settings.payoffs = kPrisonersDilemma;
    settings.initial_shares = {0.99, 0.01};
    settings.generations = 300;
    const PopulationRun run = replicator_dynamics(settings);
    CHECK(run.shares.size() == 301);
    CHECK(run.shares.front() == std::vector<double>{0.99, 0.01});
    CHECK(run.final_shares[1] > 0.999);
    for (std::size_t g = 1; g < run.shares.size(); ++g) {
        CHECK(run.shares[g][1] >= run.shares[g - 1][1]);  // D never loses ground
        CHECK(run.shares[g][0] + run.shares[g][1] == doctest::Approx(1.0));
    }
}

TEST_CASE("replicator dynamics: a hawk-dove game settles at the mixed equilibrium") {
    // Strategies (Hawk, Dove): H-H 0, H-D 3, D-H 1, D-D 2. With hawk share x,
    // f_H = 3 (1 - x) and f_D = x + 2 (1 - x) = 2 - x: equal at x = 1/2.
    ReplicatorSettings settings;
    settings.payoffs = {{0.0, 3.0}, {1.0, 2.0}};
    settings.generations = 500;
    for (double start : {0.05, 0.5, 0.9}) {
        CAPTURE(start);
        settings.initial_shares = {start, 1.0 - start};
        const PopulationRun run = replicator_dynamics(settings);
        CHECK(run.final_shares[0] == doctest::Approx(0.5).epsilon(1e-6));
        CHECK_FALSE(run.fixated.has_value());  // coexistence
    }
}

TEST_CASE("replicator dynamics: background shares stay, focal shares evolve among themselves") {
    // (C, D, TFT-like background B). The background keeps its 0.4.
    ReplicatorSettings settings;
    settings.payoffs = {{3.0, 0.0, 3.0}, {5.0, 1.0, 1.2}, {3.0, 0.9, 3.0}};
    settings.initial_shares = {0.3, 0.3, 0.4};
    settings.roles = {PopulationRole::Focal, PopulationRole::Focal, PopulationRole::Background};
    settings.generations = 400;
    const PopulationRun run = replicator_dynamics(settings);
    for (const auto& shares : run.shares) {
        CHECK(shares[2] == 0.4);
        CHECK(shares[0] + shares[1] == doctest::Approx(0.6));
    }
    // The background lets both focal strategies coexist. With x_C + x_D = 0.6:
    //   f_C = 3 x_C + 3 x 0.4 = 3 x_C + 1.2,  f_D = 5 x_C + x_D + 1.2 x 0.4 = 4 x_C + 1.08,
    // so f_C - f_D = 0.12 - x_C: defectors gain above x_C = 0.12, cooperators below.
    CHECK(run.final_shares[0] == doctest::Approx(0.12).epsilon(1e-3));
    CHECK_FALSE(run.fixated.has_value());
}

TEST_CASE("replicator dynamics: bad settings get a clear error") {
    ReplicatorSettings settings;
    settings.payoffs = kPrisonersDilemma;
    settings.initial_shares = {0.5, 0.6};
    CHECK_THROWS_WITH_AS(replicator_dynamics(settings), doctest::Contains("sum"), std::invalid_argument);
    settings.initial_shares = {0.5, 0.5, 0.0};
    CHECK_THROWS_WITH_AS(replicator_dynamics(settings), doctest::Contains("rows"), std::invalid_argument);
    settings.initial_shares = {0.5, 0.5};
    settings.payoffs = {{-1.0, -1.0}, {-1.0, -1.0}};
    CHECK_THROWS_WITH_AS(replicator_dynamics(settings), doctest::Contains("shift"), std::invalid_argument);
}

TEST_CASE("moran process: a dominant strategy fixates far more often than a neutral mutant") {
    // One AllD among 19 AllC (per-round prisoner's dilemma payoffs). D earns
    // more than C in every state, so at selection 1 a single defector fixates
    // in a large share of runs; a neutral mutant fixates with probability 1/N = 0.05.
    MoranSettings settings;
    settings.payoffs = kPrisonersDilemma;
    settings.counts = {19, 1};
    settings.selection = 1.0;
    const int runs = 400;
    int defector_fixations = 0;
    int neutral_fixations = 0;
    for (int run = 0; run < runs; ++run) {
        settings.seed = derive_seed(77, static_cast<std::uint64_t>(run));
        settings.selection = 1.0;
        const PopulationRun strong = moran_process(settings);
        REQUIRE(strong.fixated.has_value());
        if (*strong.fixated == 1) ++defector_fixations;
        settings.selection = 0.0;
        const PopulationRun neutral = moran_process(settings);
        REQUIRE(neutral.fixated.has_value());
        if (*neutral.fixated == 1) ++neutral_fixations;
    }
    const double defector_rate = defector_fixations / static_cast<double>(runs);
    const double neutral_rate = neutral_fixations / static_cast<double>(runs);
    CHECK(defector_rate > 0.3);  // six times neutral
    CHECK(neutral_rate < 0.12);
    CHECK(defector_rate > 3.0 * neutral_rate);
}

TEST_CASE("moran process: reproducible for a seed, shares per generation, background counts kept") {
    MoranSettings settings;
    settings.payoffs = {{3.0, 0.0, 3.0}, {5.0, 1.0, 1.0}, {3.0, 1.0, 3.0}};
    settings.counts = {10, 10, 5};
    settings.roles = {PopulationRole::Focal, PopulationRole::Focal, PopulationRole::Background};
    settings.seed = 12345;
    const PopulationRun first = moran_process(settings);
    const PopulationRun second = moran_process(settings);
    CHECK(first.shares == second.shares);
    REQUIRE(first.fixated.has_value());
    CHECK(first.shares.size() == first.generations + 1);
    for (const auto& shares : first.shares) {
        CHECK(shares[2] == doctest::Approx(5.0 / 25));
        CHECK(shares[0] + shares[1] == doctest::Approx(20.0 / 25));
    }
    CHECK(first.final_shares[*first.fixated] == doctest::Approx(20.0 / 25));

    settings.selection = 1.5;
    CHECK_THROWS_WITH_AS(moran_process(settings), doctest::Contains("selection"), std::invalid_argument);
    settings.selection = 1.0;
    settings.counts = {1, 0, 0};
    CHECK_THROWS_AS(moran_process(settings), std::invalid_argument);
}
