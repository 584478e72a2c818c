#pragma once
// Round-robin tournaments of any repeated game (repeated_game.hpp), as in
// Axelrod's tournaments of the iterated prisoner's dilemma but among groups
// of any size, and population dynamics over their payoff matrix (a discrete
// replicator dynamics and a Moran process), to ask whether strategies or value
// frameworks converge, coexist or die out. Pure logic. Playing is split from
// summarising: the runner plays the scheduled matches over the network and
// summarises their GameResults by entrant name; play_round_robin plays them
// in process, from entrants that come as factories (std::function), so worlds
// does not depend on agents (agents::game_chooser makes one from the
// strategy registry).
//
// Schedule: every group of `match.players` entrants, as entrant indices in
// lexicographic order (combinations; with self-play, combinations with
// repetition, so an entrant may meet copies of itself), for each repetition:
// repetition first, then the groups. For pairs that is every (first, second)
// with first < second (first <= second with self-play), first, then second.
// Player p of a match is its group's p-th entrant.
//
// Determinism: match k's seed is core::derive_seed(master_seed, k) (scenario.hpp),
// the game's seed is core::mechanism_seed(match seed) and player p's is
// core::party_seed(match seed, p). Each match depends only on its seed and entrants,
// so matches may be played in any order or in parallel and summarised
// afterwards with the same result.
//
// Standings. Each player of a match is one sample of the entrant that played
// it (a group with copies of an entrant gives it one sample per copy), with
// its score per round: its score / rounds played (0 for a match with no
// rounds). A sample is a self-interaction when another player of its match
// is a copy of its entrant (for pairs: the entrant against itself, which
// `self_play` schedules; in the runner, also two participants of one roster
// entry).
//
// The default figures are those of the Axelrod library's ResultSet, which
// leaves self-interactions out: every one below counts only the samples that
// are not self-interactions. For pairs they are the library's exactly; for
// larger groups each other player of a match counts as one opponent.
//   - median score (ResultSet.ranking's key, summarise()'s Median_score): the
//     median over the repetitions r = 0 .. R-1 (R = 1 + the largest
//     repetition of any match) of its normalised score in r
//     (ResultSet.normalised_scores[i][r]): the mean score per round of its
//     samples in r, 0 when it has none there. The median of an even count is
//     the mean of the middle two.
//   - cooperation rating (ResultSet.cooperating_rating): its cooperative
//     rounds (GameResult::cooperative_rounds, by the game's definition of a
//     cooperative act) / its rounds played, both summed over its samples of
//     every repetition.
//   - good-partner rating (ResultSet.good_partner_rating): over every pair
//     (sample, other player of the match) of every repetition, the share in
//     which it cooperated in at least as many rounds as that other player
//     (the library's "Good partner" of an interaction: its cooperations >=
//     the opponent's).
//   - ranking (ResultSet.ranking): by median score, descending; ties in entrant
//     order (the library sorts its players' indices, a stable sort).
// Parley's own figures, over every sample, self-interactions included:
//   - mean score with self-play: the mean score per round of all its samples.
//   - cooperation rating with self-play: as the cooperation rating, over all
//     its samples.
//   - never defected first with self-play: the share of its samples in which
//     it never defected first (GameResult::never_defected_first, Axelrod's
//     "nice"); a simultaneous first defection counts against every defector.
// And, self-interactions included (as the library's payoff_matrix):
//   - payoff matrix: [i][j] = the mean, over i's samples in matches where j is
//     another player of the match, of i's score / rounds played; for i == j,
//     matches where another copy of i played. A sample counts once for each
//     distinct j, however many copies of j played. 0 for a pair never met.
//     For pairs, the mean payoff per round of i against j over the
//     repetitions (both sides averaged for i == j).
//
// Population dynamics, on a payoff matrix A (A[i][j]: payoff of i against j):
//   - roles: focal strategies evolve; background strategies keep their share
//     (replicator) or their count (Moran): they are the environment every
//     focal individual meets, and never reproduce or die.
//   - discrete replicator: fitness f_i = sum_j A[i][j] x_j over all strategies;
//     for focal i, x_i' = x_i f_i / F with F = sum_{focal k} x_k f_k / sum_{focal k} x_k,
//     so the focal total is conserved. Requires f_i > 0 for every focal i with
//     x_i > 0 (shift A by a constant otherwise: the dynamics do not change).
//   - Moran: N individuals with counts per strategy. The payoff of an
//     individual of i is the mean of A[i][j] over the N - 1 others; its fitness
//     1 - w + w * payoff with selection intensity w in [0, 1]. Each step one
//     focal individual is chosen to reproduce with probability proportional to
//     fitness, and one focal individual (uniformly, perhaps the parent) dies and
//     is replaced by the offspring. A generation is as many steps as there are
//     focal individuals. The run stops when one focal strategy holds every focal
//     place (fixation) or after the given generations. Seeded from its seed
//     with std::mt19937_64 and our own draws.

#include <parley/games/repeated_game.hpp>
#include <parley/core/determinism.hpp>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace parley::worlds {

struct GameEntrant {
    std::string name;
    // A fresh player for one match, drawing only from `seed`.
    std::function<GameChooser(std::uint64_t seed)> make;
};

struct TournamentSettings {
    std::string game = "ipd";  // a game of GameRegistry::builtin()
    // players: the group size; rounds and parameters of every match; its seed
    // is replaced per match. By default Axelrod's: 200-round matches of pairs.
    GameSettings match{.players = 2, .rounds = 200, .seed = 0, .parameters = {}};
    bool self_play = false;
    std::size_t repetitions = 1;
    std::uint64_t master_seed = 0;
};

struct ScheduledMatch {
    std::size_t index = 0;               // position in the schedule: derives the seed
    std::vector<std::size_t> entrants;   // entrant index of each player, non-decreasing
    std::size_t repetition = 0;
    std::uint64_t seed = 0;
};

struct PlayedMatch {
    ScheduledMatch match;
    GameResult result;
};

// The figures defined above.
struct StrategyStanding {
    std::size_t entrant = 0;
    std::string name;
    std::size_t rank = 0;  // 1 = best, by median_score
    // The Axelrod library's, self-interactions left out.
    std::size_t samples = 0;
    double median_score = 0.0;
    double cooperation_rating = 0.0;
    double good_partner_rating = 0.0;
    // Parley's, over every sample.
    std::size_t samples_with_self_play = 0;
    double mean_score_with_self_play = 0.0;
    double cooperation_rating_with_self_play = 0.0;
    double never_defected_first_with_self_play = 0.0;
};

struct TournamentResult {
    std::vector<PlayedMatch> matches;        // in schedule order
    std::vector<StrategyStanding> ranking;   // best first
    std::vector<std::vector<double>> payoff_matrix;  // by entrant index
};

// The most matches a schedule may hold: a larger tournament is refused before
// anything is allocated.
inline constexpr std::size_t kMaxScheduledMatches = 1'000'000;

// Every group for each repetition, in the order above. Throws
// std::invalid_argument for a group size below 2, fewer entrants than the
// group size (1 with self-play), 0 repetitions, or more than
// kMaxScheduledMatches matches.
std::vector<ScheduledMatch> tournament_schedule(std::size_t entrant_count, const TournamentSettings& settings);
// The settings of one scheduled match: the tournament's, with the game's seed.
GameSettings scheduled_match_settings(const TournamentSettings& settings, const ScheduledMatch& match);
// One scheduled match, in process, from its seed alone.
GameResult play_scheduled_match(const std::vector<GameEntrant>& entrants, const TournamentSettings& settings,
                                const ScheduledMatch& match);
// The standings and payoff matrix of played matches, given in any order, for
// the entrants named (by index). Throws std::invalid_argument for a match that
// names an entrant that does not exist or whose result does not have one
// entry per player.
TournamentResult summarize_tournament(const std::vector<std::string>& entrant_names, std::vector<PlayedMatch> matches);
// Schedule, play in process (in schedule order) and summarise. Throws
// std::invalid_argument for bad game settings or an entrant without a factory.
TournamentResult play_round_robin(const std::vector<GameEntrant>& entrants, const TournamentSettings& settings);

// ---- population dynamics ------------------------------------------------------

enum class PopulationRole : std::uint8_t { Focal, Background };

// Which cells of a payoff matrix hold a measured payoff: [i][j] is true when
// A[i][j] comes from matches that were played. A cell of a pair that never met
// is 0 in summarize_tournament's matrix, which the dynamics must not take for a
// payoff: a process that reads such a cell is refused (see *_cells_read).
using PayoffCells = std::vector<std::vector<bool>>;

// The cells summarize_tournament measures from matches given as the entrant
// index of each player: [i][j] when j is another player of a match of i, and
// [i][i] when another copy of i played in one. Throws std::invalid_argument for
// an entrant index outside 0..strategies-1.
PayoffCells measured_cells(std::size_t strategies, const std::vector<std::vector<std::size_t>>& matches);

// The cells a process reads, from the strategies present at the start (a
// strategy absent then never appears): the replicator reads A[i][j] for every
// focal i and every j with a positive share, i itself included; the Moran
// process reads A[i][j] for every focal i present and every other j present,
// and A[i][i] as soon as two focal individuals exist (i may then meet a copy).
// Background rows are never read: background strategies do not reproduce.
PayoffCells replicator_cells_read(const std::vector<double>& shares, const std::vector<PopulationRole>& roles);
PayoffCells moran_cells_read(const std::vector<std::size_t>& counts, const std::vector<PopulationRole>& roles);

// The cells of `read` that are not `measured`, row by row. Throws
// std::invalid_argument when the two are not square matrices of one size.
std::vector<std::pair<std::size_t, std::size_t>> missing_cells(const PayoffCells& read, const PayoffCells& measured);

// The role of each strategy, by its label: those named in `background` keep
// their share (they are played against but never reproduce), the others evolve.
std::vector<PopulationRole> population_roles(const std::vector<std::string>& background,
                                             const std::vector<std::string>& labels);

// `individuals` split evenly over `strategies`, the first strategies taking
// one more each when it does not divide: how a scenario's population.size
// seeds a Moran process.
std::vector<std::size_t> even_counts(std::size_t individuals, std::size_t strategies);

struct ReplicatorSettings {
    std::vector<std::vector<double>> payoffs;  // square, finite
    std::vector<double> initial_shares;        // non-negative, summing to 1 (within 1e-9)
    std::vector<PopulationRole> roles;         // empty: all focal
    std::size_t generations = 1000;
    PayoffCells measured;                      // empty: every cell measured
};

struct PopulationRun {
    std::vector<std::vector<double>> shares;  // per generation, generation 0 the initial shares
    std::vector<double> final_shares;
    std::optional<std::size_t> fixated;       // the focal strategy that holds every focal place
    std::size_t generations = 0;              // generations run
};

// Throws std::invalid_argument for a malformed matrix, shares or roles, a cell
// it reads that is not measured, or a non-positive focal fitness.
PopulationRun replicator_dynamics(const ReplicatorSettings& settings);

struct MoranSettings {
    std::vector<std::vector<double>> payoffs;  // square, finite
    std::vector<std::size_t> counts;           // individuals per strategy; at least 2 in all
    std::vector<PopulationRole> roles;         // empty: all focal
    double selection = 1.0;                    // w in [0, 1]; 0 is neutral drift
    std::size_t max_generations = 10000;
    std::uint64_t seed = 0;
    PayoffCells measured;                      // empty: every cell measured
};

// Shares are of the whole population (background included). Throws
// std::invalid_argument for malformed settings, a cell it reads that is not
// measured, or a negative fitness.
PopulationRun moran_process(const MoranSettings& settings);

}  // namespace parley::worlds
