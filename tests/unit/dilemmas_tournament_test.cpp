// Round-robin tournaments of any repeated game (the hand-worked 200-turn
// round robin of the prisoner's dilemma again, as standings; groups of 4 in
// public goods), results that do not depend on the order matches are played
// in, and population dynamics: replicator dynamics as theory says, a Moran
// process in which a dominant strategy fixates, background strategies that
// stay put.

#include <parley/agents/game_strategy.hpp>
#include <parley/scenario/scenario.hpp>
#include <parley/games/tournament.hpp>
#include <parley/core/determinism.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

using namespace parley::worlds;

namespace {

// Entrants playing the strategies `names` of `game` from GameStrategyRegistry.
std::vector<GameEntrant> entrants(const std::vector<std::string>& names, const std::string& game = "ipd") {
    std::vector<GameEntrant> list;
    for (const std::string& name : names) {
        list.push_back({name, [name, game](std::uint64_t seed) {
                            return parley::agents::game_chooser(parley::agents::GameStrategyRegistry::builtin(), game,
                                                                name, {}, seed);
                        }});
    }
    return list;
}

std::vector<std::string> names_of(const std::vector<GameEntrant>& roster) {
    std::vector<std::string> names;
    for (const GameEntrant& entrant : roster) names.push_back(entrant.name);
    return names;
}

std::size_t binomial(std::size_t n, std::size_t k) {
    std::size_t result = 1;
    for (std::size_t i = 0; i < k; ++i) result = result * (n - i) / (i + 1);
    return result;
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
    const TournamentSettings settings;  // defaults: ipd, pairs, 200 rounds, default payoffs, no noise
    CHECK(settings.game == "ipd");
    CHECK(settings.match.players == 2);
    CHECK(settings.match.rounds == 200);
    const TournamentResult result = play_round_robin(roster, settings);
    CHECK(result.matches.size() == 10);
    REQUIRE(result.ranking.size() == 5);
    const std::vector<std::string> order = {"all_d", "grudger", "tit_for_tat", "alternator", "all_c"};
    const std::vector<double> totals = {2008, 1996, 1897, 1510, 1500};
    for (std::size_t place = 0; place < 5; ++place) {
        CAPTURE(place);
        CHECK(result.ranking[place].name == order[place]);
        CHECK(result.ranking[place].rank == place + 1);
        CHECK(result.ranking[place].samples == 4);
        // One repetition without self-play: the median score is the mean over the 4 matches.
        CHECK(result.ranking[place].median_score == doctest::Approx(totals[place] / 800.0));
        CHECK(result.ranking[place].mean_score_with_self_play == doctest::Approx(totals[place] / 800.0));
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
    // Never defected first: Alternator defects first against AllC, TFT and
    // Grudger (round 1), not against AllD (which did in round 0).
    CHECK(standing_of(result, "alternator").never_defected_first_with_self_play == doctest::Approx(0.25));
    CHECK(standing_of(result, "all_d").never_defected_first_with_self_play == 0.0);
    CHECK(standing_of(result, "tit_for_tat").never_defected_first_with_self_play == 1.0);
    CHECK(standing_of(result, "grudger").never_defected_first_with_self_play == 1.0);
    CHECK(standing_of(result, "all_c").never_defected_first_with_self_play == 1.0);
    // Good partner (cooperated at least as often as the opponent): Alternator's
    // 100 cooperations match AllD's 0 and Grudger's 2, not AllC's 200 or TFT's
    // 101; Grudger's 2 fall short of Alternator's 100, though it never defected first.
    CHECK(standing_of(result, "alternator").good_partner_rating == doctest::Approx(0.5));
    CHECK(standing_of(result, "grudger").good_partner_rating == doctest::Approx(0.75));
    CHECK(standing_of(result, "all_d").good_partner_rating == 0.0);
    CHECK(standing_of(result, "tit_for_tat").good_partner_rating == 1.0);
    CHECK(standing_of(result, "all_c").good_partner_rating == 1.0);
}

TEST_CASE("the Axelrod library's documented tournament: self-play left out of the ranking") {
    // The example of the library's "Access tournament results": Cooperator,
    // Defector, TitForTat and Grudger, 10 turns, 3 repetitions, each also
    // against itself. Its normalised scores are 2.0, 2.6, 2.3 and 2.3 in every
    // repetition and its ranking Defector, TitForTat, Grudger, Cooperator.
    const auto roster = entrants({"all_c", "all_d", "tit_for_tat", "grudger"});
    TournamentSettings settings;
    settings.match.rounds = 10;
    settings.repetitions = 3;
    settings.self_play = true;
    const TournamentResult result = play_round_robin(roster, settings);
    REQUIRE(result.matches.size() == 3 * 10);
    const std::vector<std::string> order = {"all_d", "tit_for_tat", "grudger", "all_c"};
    const std::vector<double> medians = {2.6, 2.3, 2.3, 2.0};
    for (std::size_t place = 0; place < order.size(); ++place) {
        CAPTURE(place);
        CHECK(result.ranking[place].name == order[place]);  // TFT and Grudger tie: roster order
        CHECK(result.ranking[place].median_score == doctest::Approx(medians[place]));
        CHECK(result.ranking[place].samples == 3 * 3);
        CHECK(result.ranking[place].samples_with_self_play == 5 * 3);
    }
    // The library's cooperating_rating and good_partner_rating: TFT cooperates
    // 10 + 1 + 10 times in 30 turns; only the Defector is no good partner.
    CHECK(standing_of(result, "tit_for_tat").cooperation_rating == doctest::Approx(21.0 / 30));
    CHECK(standing_of(result, "grudger").cooperation_rating == doctest::Approx(21.0 / 30));
    CHECK(standing_of(result, "all_c").good_partner_rating == 1.0);
    CHECK(standing_of(result, "all_d").good_partner_rating == 0.0);
    CHECK(standing_of(result, "tit_for_tat").good_partner_rating == 1.0);
    CHECK(standing_of(result, "grudger").good_partner_rating == 1.0);
    // With self-play counted, the Defector's two mutual-defection samples per
    // repetition pull it down: (5 + 1.4 + 1.4 + 1 + 1) / 5 per round.
    CHECK(standing_of(result, "all_d").mean_score_with_self_play == doctest::Approx(9.8 / 5));
    CHECK(standing_of(result, "all_c").mean_score_with_self_play == doctest::Approx(12.0 / 5));
    CHECK(standing_of(result, "tit_for_tat").cooperation_rating_with_self_play == doctest::Approx(41.0 / 50));
}

TEST_CASE("the median score is over repetitions, a repetition without a match counting 0") {
    // Pairs of 10 rounds built by hand; entrant a scores 1, 4, 2 and 10 per
    // round in repetitions 0 to 3, and far more against itself, which does not count.
    auto played = [](std::size_t index, std::size_t repetition, std::vector<std::size_t> pair,
                     std::vector<double> per_round) {
        PlayedMatch match;
        match.match.index = index;
        match.match.repetition = repetition;
        match.match.entrants = std::move(pair);
        match.result.rounds_played = 10;
        for (double score : per_round) match.result.scores.push_back(10.0 * score);
        match.result.cooperative_rounds = {5, 5};
        match.result.never_defected_first = {true, true};
        return match;
    };
    const TournamentResult result = summarize_tournament(
        {"a", "b", "c"}, {played(0, 0, {0, 1}, {1, 5}), played(1, 0, {0, 0}, {50, 50}), played(2, 0, {1, 2}, {5, 9}),
                          played(3, 1, {0, 1}, {4, 5}), played(4, 2, {0, 1}, {2, 5}), played(5, 3, {0, 1}, {10, 5})});
    CHECK(standing_of(result, "a").median_score == doctest::Approx((2.0 + 4.0) / 2));  // of 1, 2, 4, 10
    CHECK(standing_of(result, "a").samples == 4);
    CHECK(standing_of(result, "a").mean_score_with_self_play == doctest::Approx((1.0 + 50 + 50 + 4 + 2 + 10) / 6));
    // b: 5 and 5 in repetition 0 (mean 5), then 5 in each: median 5.
    CHECK(standing_of(result, "b").median_score == doctest::Approx(5.0));
    // c played in repetition 0 only: 9, 0, 0, 0.
    CHECK(standing_of(result, "c").median_score == 0.0);
    // Ranked by median: b, a, c.
    REQUIRE(result.ranking.size() == 3);
    CHECK(result.ranking[0].name == "b");
    CHECK(result.ranking[1].name == "a");
    CHECK(result.ranking[2].name == "c");
    // An odd number of repetitions takes the middle one.
    const TournamentResult three = summarize_tournament(
        {"a", "b"}, {played(0, 0, {0, 1}, {1, 5}), played(1, 1, {0, 1}, {7, 5}), played(2, 2, {0, 1}, {2, 5})});
    CHECK(standing_of(three, "a").median_score == doctest::Approx(2.0));
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
        CHECK(schedule[k].seed == parley::core::derive_seed(99, k));
        REQUIRE(schedule[k].entrants.size() == 2);
        CHECK(schedule[k].entrants[0] <= schedule[k].entrants[1]);
    }
    // The order: repetition, then first, then second.
    std::size_t k = 0;
    for (std::size_t repetition = 0; repetition < 3; ++repetition) {
        for (std::size_t first = 0; first < 4; ++first) {
            for (std::size_t second = first; second < 4; ++second, ++k) {
                CHECK(schedule[k].repetition == repetition);
                CHECK(schedule[k].entrants == std::vector<std::size_t>{first, second});
            }
        }
    }
    settings.self_play = false;
    CHECK(tournament_schedule(4, settings).size() == 3 * 6);
    CHECK_THROWS_AS(tournament_schedule(1, settings), std::invalid_argument);
    settings.repetitions = 0;
    CHECK_THROWS_AS(tournament_schedule(4, settings), std::invalid_argument);

    // A self-play match gives its strategy two samples, which only the
    // figures with self-play count.
    TournamentSettings with_self;
    with_self.self_play = true;
    const TournamentResult result = play_round_robin(entrants({"all_c", "all_d"}), with_self);
    CHECK(standing_of(result, "all_c").samples_with_self_play == 3);
    CHECK(standing_of(result, "all_c").samples == 1);
    CHECK(result.payoff_matrix[0][0] == 3.0);
    CHECK(result.payoff_matrix[1][1] == 1.0);
}

TEST_CASE("results do not depend on the order the matches are played in") {
    const auto roster = entrants({"random", "joss", "generous_tft", "zd_extort", "pavlov", "tit_for_tat"});
    TournamentSettings settings;
    settings.repetitions = 2;
    settings.self_play = true;
    settings.master_seed = 2024;
    settings.match.parameters = {{"noise", 0.05}, {"continuation", 0.99}};
    settings.match.rounds = 400;
    const TournamentResult in_order = play_round_robin(roster, settings);

    auto schedule = tournament_schedule(roster.size(), settings);
    std::reverse(schedule.begin(), schedule.end());
    std::vector<PlayedMatch> played;
    for (const ScheduledMatch& match : schedule) played.push_back({match, play_scheduled_match(roster, settings, match)});
    // Summarised from the names alone, as the runner does after playing over the network.
    const TournamentResult reversed = summarize_tournament(names_of(roster), played);

    REQUIRE(in_order.matches.size() == reversed.matches.size());
    for (std::size_t k = 0; k < in_order.matches.size(); ++k) {
        CHECK(in_order.matches[k].result.scores == reversed.matches[k].result.scores);
        CHECK(in_order.matches[k].result.rounds_played == reversed.matches[k].result.rounds_played);
    }
    CHECK(in_order.payoff_matrix == reversed.payoff_matrix);
    for (std::size_t place = 0; place < in_order.ranking.size(); ++place) {
        CHECK(in_order.ranking[place].name == reversed.ranking[place].name);
        CHECK(in_order.ranking[place].median_score == reversed.ranking[place].median_score);
        CHECK(in_order.ranking[place].mean_score_with_self_play == reversed.ranking[place].mean_score_with_self_play);
        CHECK(in_order.ranking[place].good_partner_rating == reversed.ranking[place].good_partner_rating);
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
    for (const PlayedMatch& match : result.matches) CHECK(match.result.reason == GameEndReason::Completed);
    CHECK(standing_of(result, "deontological").cooperation_rating == 1.0);
    CHECK(standing_of(result, "selfish").cooperation_rating == 0.0);
}

TEST_CASE("a public goods tournament among groups of 4: C(n, 4) groups, summarised") {
    const auto roster = entrants({"full_contributor", "free_rider", "conditional_cooperator", "punisher", "selfish",
                                  "utilitarian"},
                                 "public_goods");
    TournamentSettings settings;
    settings.game = "public_goods";
    settings.match.players = 4;
    settings.match.rounds = 10;
    settings.match.parameters = {{"multiplier", 2.0}};
    settings.repetitions = 2;
    settings.master_seed = 8;

    const auto schedule = tournament_schedule(roster.size(), settings);
    REQUIRE(schedule.size() == 2 * binomial(6, 4));  // 2 x 15 groups
    for (std::size_t k = 0; k < schedule.size(); ++k) {
        CHECK(schedule[k].seed == parley::core::derive_seed(8, k));
        CHECK(schedule[k].repetition == k / 15);
        REQUIRE(schedule[k].entrants.size() == 4);
        CHECK(std::is_sorted(schedule[k].entrants.begin(), schedule[k].entrants.end()));
        CHECK(std::adjacent_find(schedule[k].entrants.begin(), schedule[k].entrants.end()) ==
              schedule[k].entrants.end());  // no entrant twice without self-play
    }
    CHECK(schedule[0].entrants == std::vector<std::size_t>{0, 1, 2, 3});
    CHECK(schedule[1].entrants == std::vector<std::size_t>{0, 1, 2, 4});
    CHECK(schedule[14].entrants == std::vector<std::size_t>{2, 3, 4, 5});
    CHECK(schedule[15].entrants == std::vector<std::size_t>{0, 1, 2, 3});
    // With self-play, multisets: C(6 + 4 - 1, 4) = 126 groups.
    TournamentSettings with_self = settings;
    with_self.self_play = true;
    with_self.repetitions = 1;
    const auto multisets = tournament_schedule(roster.size(), with_self);
    CHECK(multisets.size() == binomial(9, 4));
    CHECK(multisets.front().entrants == std::vector<std::size_t>{0, 0, 0, 0});
    CHECK(multisets.back().entrants == std::vector<std::size_t>{5, 5, 5, 5});
    CHECK_THROWS_AS(tournament_schedule(3, settings), std::invalid_argument);  // fewer entrants than a group

    const TournamentResult result = play_round_robin(roster, settings);
    REQUIRE(result.matches.size() == 30);
    for (const PlayedMatch& match : result.matches) CHECK(match.result.reason == GameEndReason::Completed);
    // Each entrant is in C(5, 3) = 10 groups per repetition.
    for (const StrategyStanding& standing : result.ranking) {
        CHECK(standing.samples == 20);
        CHECK(standing.samples_with_self_play == 20);
    }
    // Contributing the whole endowment is cooperation (at least half of it), nothing is not.
    CHECK(standing_of(result, "free_rider").cooperation_rating == 0.0);
    CHECK(standing_of(result, "full_contributor").cooperation_rating == 1.0);
    CHECK(standing_of(result, "full_contributor").never_defected_first_with_self_play == 1.0);
    CHECK(standing_of(result, "free_rider").never_defected_first_with_self_play == 0.0);
    // Good partner in a group: each other player is one opponent. The full
    // contributor cooperates at least as often as anyone; the free rider only
    // as often as the others that never cooperated either.
    CHECK(standing_of(result, "full_contributor").good_partner_rating == 1.0);
    std::size_t free_rider_opponents = 0;
    std::size_t never_cooperated = 0;
    for (const PlayedMatch& match : result.matches) {
        const auto& group = match.match.entrants;
        if (std::find(group.begin(), group.end(), 1) == group.end()) continue;  // free_rider is entrant 1
        for (std::size_t p = 0; p < group.size(); ++p) {
            if (group[p] == 1) continue;
            ++free_rider_opponents;
            if (match.result.cooperative_rounds[p] == 0) ++never_cooperated;
        }
    }
    CHECK(free_rider_opponents == 20 * 3);
    CHECK(standing_of(result, "free_rider").good_partner_rating ==
          doctest::Approx(static_cast<double>(never_cooperated) / 60));
    // In a group, a free rider and a full contributor get the same share of
    // the pot and only the free rider keeps its endowment (E = 20): [i][j]
    // averages over the same groups, those where both played, so the free
    // rider's entry is 20 a round above the full contributor's.
    CHECK(result.payoff_matrix[1][0] == doctest::Approx(result.payoff_matrix[0][1] + 20.0));
    CHECK(result.payoff_matrix[0][0] == 0.0);  // never met a copy of itself
    const TournamentResult again = summarize_tournament(names_of(roster), result.matches);
    CHECK(again.payoff_matrix == result.payoff_matrix);
}

TEST_CASE("the payoff matrix of groups: per-round payoffs over the samples where the other played") {
    // Two matches of 3 players, built by hand: entrants (0, 1, 2) and (0, 0, 1).
    auto played = [](std::size_t index, std::vector<std::size_t> group, std::vector<double> scores,
                     std::vector<bool> nice) {
        PlayedMatch match;
        match.match.index = index;
        match.match.entrants = std::move(group);
        match.result.rounds_played = 2;
        match.result.scores = std::move(scores);
        match.result.cooperative_rounds = {2, 1, 0};
        match.result.never_defected_first = std::move(nice);
        return match;
    };
    const TournamentResult result = summarize_tournament(
        {"a", "b", "c"}, {played(0, {0, 1, 2}, {2, 4, 6}, {true, false, false}),
                          played(1, {0, 0, 1}, {8, 10, 12}, {true, true, false})});
    // a's samples: 1 (match 0), 4 and 5 (match 1, where a met a copy of itself) per round.
    CHECK(standing_of(result, "a").samples_with_self_play == 3);
    CHECK(standing_of(result, "a").mean_score_with_self_play == doctest::Approx((1.0 + 4.0 + 5.0) / 3));
    CHECK(standing_of(result, "a").samples == 1);
    CHECK(standing_of(result, "a").median_score == doctest::Approx(1.0));
    CHECK(result.payoff_matrix[0][1] == doctest::Approx((1.0 + 4.0 + 5.0) / 3));  // b played in every match of a
    CHECK(result.payoff_matrix[0][2] == doctest::Approx(1.0));                    // c only in match 0
    CHECK(result.payoff_matrix[0][0] == doctest::Approx((4.0 + 5.0) / 2));        // the two copies in match 1
    CHECK(result.payoff_matrix[1][0] == doctest::Approx((2.0 + 6.0) / 2));        // a in both (twice in match 1: once)
    CHECK(result.payoff_matrix[2][2] == 0.0);
    // Cooperation with self-play: a's cooperative rounds 2 + 2 + 1 over 6
    // rounds; never defected first 3 of 3. Without: match 0 alone.
    CHECK(standing_of(result, "a").cooperation_rating_with_self_play == doctest::Approx(5.0 / 6));
    CHECK(standing_of(result, "a").never_defected_first_with_self_play == 1.0);
    CHECK(standing_of(result, "b").never_defected_first_with_self_play == 0.0);
    CHECK(standing_of(result, "a").cooperation_rating == 1.0);
    // Good partner: a (2) against b (1) and c (0): 2 of 2. b cooperated 1
    // round in match 0 (against a's 2 and c's 0) and 0 in match 1 (against
    // the two a's 2 and 1): 1 of 4.
    CHECK(standing_of(result, "a").good_partner_rating == 1.0);
    CHECK(standing_of(result, "b").good_partner_rating == doctest::Approx(0.25));
    // A result that does not fit its match, or an entrant that does not exist, is refused.
    CHECK_THROWS_AS(summarize_tournament({"a", "b"}, {played(0, {0, 1, 2}, {2, 4, 6}, {true, false, false})}),
                    std::invalid_argument);
    CHECK_THROWS_AS(summarize_tournament({"a", "b", "c"}, {played(0, {0, 1}, {2, 4, 6}, {true, false, false})}),
                    std::invalid_argument);
}

TEST_CASE("a schedule beyond the limit is refused before anything is allocated") {
    TournamentSettings settings;
    settings.game = "public_goods";
    settings.match.players = 10;
    CHECK_THROWS_WITH_AS(tournament_schedule(100, settings), doctest::Contains("at most"), std::invalid_argument);
    settings.match.players = 2;
    settings.repetitions = kMaxScheduledMatches;
    CHECK_THROWS_AS(tournament_schedule(3, settings), std::invalid_argument);
    settings.repetitions = 1;
    settings.match.players = 1;
    CHECK_THROWS_AS(tournament_schedule(3, settings), std::invalid_argument);
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
        settings.seed = parley::core::derive_seed(77, static_cast<std::uint64_t>(run));
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

// ---- population dynamics over cells that were never measured ----------------------------

namespace {

// The fixation probability of strategy 0 from `start` of N individuals in a
// Moran process of two strategies (birth proportional to fitness, death
// uniform), with the payoffs A and selection w: with gamma_j = g_j / f_j the
// ratio of the fitnesses of strategy 1 and strategy 0 when j individuals play
// strategy 0, rho = (1 + sum_{k=1}^{start-1} prod_{j<=k} gamma_j) / (1 + sum_{k=1}^{N-1} prod_{j<=k} gamma_j).
double moran_fixation(const std::vector<std::vector<double>>& a, std::size_t n, std::size_t start, double w) {
    const auto others = static_cast<double>(n - 1);
    double product = 1.0;
    double reached = 1.0;  // the sum up to start - 1
    double total = 1.0;
    for (std::size_t j = 1; j < n; ++j) {
        const auto zeros = static_cast<double>(j);
        const auto ones = static_cast<double>(n - j);
        const double f = 1.0 - w + w * (a[0][0] * (zeros - 1.0) + a[0][1] * ones) / others;
        const double g = 1.0 - w + w * (a[1][0] * zeros + a[1][1] * (ones - 1.0)) / others;
        product *= g / f;
        total += product;
        if (j < start) reached += product;
    }
    return reached / total;
}

std::vector<std::vector<std::size_t>> entrants_of(const std::vector<PlayedMatch>& matches) {
    std::vector<std::vector<std::size_t>> groups;
    for (const PlayedMatch& played : matches) groups.push_back(played.match.entrants);
    return groups;
}

}  // namespace

TEST_CASE("population dynamics refuse to read a payoff that was never measured") {
    // A round robin of two entrants without self-play measures only the off-diagonal cells.
    const PayoffCells measured = measured_cells(2, {{0, 1}});
    CHECK(measured == PayoffCells{{false, true}, {true, false}});
    CHECK(measured_cells(2, {{0, 0}, {0, 1}}) == PayoffCells{{true, true}, {true, false}});
    CHECK_THROWS_AS(measured_cells(2, {{0, 2}}), std::invalid_argument);

    MoranSettings moran;
    moran.payoffs = {{0.0, 0.995}, {1.02, 0.0}};  // zeros where nothing was played
    moran.counts = {5, 5};
    moran.measured = measured;
    CHECK_THROWS_WITH_AS(moran_process(moran),
                         "moran process: the payoff of strategy 0 against strategy 0 was never measured (2 cells the "
                         "process reads are missing); play every pair it needs, itself included",
                         std::invalid_argument);
    ReplicatorSettings replicator;
    replicator.payoffs = {{1.0, 1.995}, {2.02, 1.0}};
    replicator.initial_shares = {0.5, 0.5};
    replicator.measured = measured;
    CHECK_THROWS_WITH_AS(replicator_dynamics(replicator), doctest::Contains("was never measured"),
                         std::invalid_argument);
    // A background strategy never reproduces: its own row is not read.
    moran.roles = {PopulationRole::Focal, PopulationRole::Background};
    moran.measured = {{true, true}, {false, false}};
    CHECK_NOTHROW(moran_process(moran));
    CHECK(moran_cells_read({1, 5}, moran.roles) == PayoffCells{{false, true}, {false, false}});  // one focal: no copy to meet
    CHECK(replicator_cells_read({0.5, 0.0, 0.5}, {}) ==
          PayoffCells{{true, false, true}, {false, false, false}, {true, false, true}});
    // Without a measured matrix every cell counts as measured, as before.
    moran.measured.clear();
    CHECK_NOTHROW(moran_process(moran));
    moran.measured = {{true}};
    CHECK_THROWS_WITH_AS(moran_process(moran), doctest::Contains("not square matrices of one size"),
                         std::invalid_argument);
    CHECK(even_counts(10, 3) == std::vector<std::size_t>{4, 3, 3});
}

TEST_CASE("TFT against ALLD, population 10: the Moran process over a self-play tournament fixates as theory says") {
    TournamentSettings settings;  // 200-round matches of the prisoner's dilemma without noise
    settings.self_play = true;
    const auto roster = entrants({"tit_for_tat", "all_d"});
    const TournamentResult tournament = play_round_robin(roster, settings);
    const auto& a = tournament.payoff_matrix;
    CHECK(a[0][0] == doctest::Approx(3.0));
    CHECK(a[0][1] == doctest::Approx(199.0 / 200.0));
    CHECK(a[1][0] == doctest::Approx(204.0 / 200.0));
    CHECK(a[1][1] == doctest::Approx(1.0));
    const double exact = moran_fixation(a, 10, 5, 1.0);
    CHECK(exact == doctest::Approx(0.917).epsilon(0.001));
    // The zeros of a tournament without self-play would have given less than half that.
    CHECK(moran_fixation({{0.0, a[0][1]}, {a[1][0], 0.0}}, 10, 5, 1.0) == doctest::Approx(0.447).epsilon(0.001));

    MoranSettings moran;
    moran.payoffs = a;
    moran.counts = even_counts(10, 2);
    moran.max_generations = 100000;
    moran.measured = measured_cells(2, entrants_of(tournament.matches));
    constexpr std::size_t kRuns = 4000;
    std::size_t fixated = 0;
    for (std::size_t run = 0; run < kRuns; ++run) {
        moran.seed = parley::core::derive_seed(7, run);
        const PopulationRun result = moran_process(moran);
        REQUIRE(result.fixated.has_value());
        if (*result.fixated == 0) ++fixated;
    }
    // Within 4 standard errors of the exact probability (about 0.0044 each): squared, without a square root.
    const double share = static_cast<double>(fixated) / kRuns;
    const double variance = exact * (1.0 - exact) / kRuns;
    CAPTURE(share);
    CHECK((share - exact) * (share - exact) < 16.0 * variance);

    // The same tournament without self-play leaves the diagonal unmeasured: refused, never read as 0.
    settings.self_play = false;
    const TournamentResult without = play_round_robin(roster, settings);
    moran.payoffs = without.payoff_matrix;
    moran.measured = measured_cells(2, entrants_of(without.matches));
    CHECK_THROWS_WITH_AS(moran_process(moran), doctest::Contains("was never measured"), std::invalid_argument);
}
