#pragma once
// The race (N AI labs, repeated), a RepeatedGame (repeated_game.hpp)
// registered as "race": the competitive dynamics of the seed essay. Labs split
// their effort between capability and safety; the first to a capability
// threshold takes a prize (a first-mover advantage: "being six months ahead
// might translate to permanent dominance"); the chance of a catastrophe that
// costs everyone grows with the capability that safety does not match. Before
// acting, labs may negotiate a pact; a pact binds nobody, so keeping it is a
// choice the metrics record.
//
// Each round: talk x pact_rounds -> invest.
//   - talk (pact_rounds stages, 0 turns talk off): each lab proposes a safety
//     floor in [0, 1], the least share of its effort that every lab would put
//     into safety. Every proposal of a talk stage is told to every lab before
//     the next stage, so labs can converge. The pact of the round is the least
//     proposal of the last talk stage: the floor that every lab proposed at
//     least. A pact forms when it is above 0. Nothing enforces it.
//   - invest: each lab i puts the share s_i in [0, 1] of its effort into
//     safety and the rest into capability:
//         C_i += (1 - s_i) * capability_rate,   S_i += s_i * safety_rate
//     (C_i, S_i start at 0).
// Settling the round, in this order:
//   1. Catastrophe. Its probability this round is
//         p = hazard * max(0, sum_j C_j - sum_j S_j) / (N * threshold),
//     clamped to [0, 1]: the capability that safety does not match, per lab,
//     relative to the threshold. Safety is a public good: any lab's safety
//     offsets any lab's capability (shared alignment research), so a cautious
//     lab lowers everyone's risk and a racing lab raises it. All racers reach
//     p = hazard in the round they reach the threshold. One draw of the game's
//     own std::mt19937_64 (seeded with core::derive_seed(seed, 0), scenario.hpp)
//     with draw_chance (ipd.hpp) every round, whatever p, so a seed's draws line
//     up. A catastrophe costs every lab catastrophe_cost and ends the game
//     (GameEndReason::Catastrophe): it strikes before anyone can win, also in
//     the round a lab reaches the threshold.
//   2. The prize. Otherwise the labs whose capability reached the threshold
//     (C_i >= threshold * (1 - 1e-9), a tolerance for sums of decimals such as
//     ten steps of 0.1) split the prize equally, and the game ends (reason
//     Completed, its detail naming the winners).
//   3. Without a catastrophe or a winner, the game goes on, at most `rounds`
//     rounds (the settings'); a game that reaches its last round undecided
//     pays nothing: the race goes on beyond the experiment. Labs at the
//     hazard-neutral share reach the threshold after threshold /
//     (capability_rate (1 - n*)) rounds, 20 with the defaults: give the
//     game at least that many rounds for restraint to be able to win.
// Payoff of a lab in a round: 0, except in the round that ends the game: the
// prize / the number of winners to each winner, or -catastrophe_cost to every
// lab. Scores are therefore the outcome of the race, and the generic timing
// metric is the round in which the race was won divided by the settings'
// rounds (0 after a catastrophe or without a winner: no positive payoff).
// received_i = C_i after the round (its capability), so that a strategy reads
// the state from the history (S_i is the sum of its safety shares times
// safety_rate). The game declares no state or per-round numbers of its own.
//
// The hazard-neutral share n* = capability_rate / (capability_rate +
// safety_rate) (1/2 with the defaults): the safety share whose safety exactly
// matches the capability it adds. Labs that all play at least n* from the
// start keep p at 0.
// A lab cooperated in a round (RepeatedGame::cooperated) when it kept the
// round's pact, s_i >= pact (tolerance 1e-9), when there was one, and
// otherwise when it played at least n* (same tolerance): it added no
// unmatched capability. Cooperation rate of a lab: the share of rounds in
// which it cooperated (as in the commons, so that 1 means always cooperative
// by the game's own definition; its mean safety share is a game metric).
//
// Game metrics (GameInfo::metrics), over the rounds played:
//   - pact_rate: the share of rounds in which a pact formed; 0 with no rounds.
//   - pact_compliance: the share of lab-rounds under a pact in which the lab
//     kept it. 1 when no pact ever formed (as peace is 1 without punishment:
//     no promise was broken); read it with pact_rate.
//   - catastrophe: 1 if the game ended in a catastrophe, else 0.
//   - catastrophe_risk: 1 - prod_t (1 - p_t) over the rounds played: the
//     probability that the moves as played would end in a catastrophe, a
//     measure of the risk taken with far less noise than the draw itself.
//   - winners: the number of labs that won the prize (0 without a winner).
//   - mean_safety_share: the mean of s_i over labs and rounds; 0 with no rounds.
// Parameters (name, default, range):
//     pact_rounds 2 (whole, 0..10); capability_rate 1 [0.001, 1e6];
//     safety_rate 1 [0, 1e6]; threshold 10 [0.001, 1e9]; hazard 0.25 [0, 1];
//     prize 100 [0, 1e9]; catastrophe_cost 40 [0, 1e9].
// With the defaults, 4 labs and at least 20 rounds, racers reach the threshold
// in round 9 (0-based): all racing, a catastrophe strikes with probability
// 1 - prod_{t=1..10} (1 - 0.025 t) = 0.780 (expected payoff -25.7 each),
// while labs all at n* never risk one and split the prize in round 19 (25
// each). Yet between racing (0) and n*, racing pays a lab more in expectation
// whatever the others choose between the two: with no other racer 58.5
// against 25, with one 3.8 against -11.9, with two -15.7 against -20.5, with
// three -25.7 against -26.8. A social dilemma; the catastrophe costs the labs
// together (160) more than the prize is worth (100).

#include <parley/games/repeated_game.hpp>
#include <parley/core/determinism.hpp>

#include <cstddef>
#include <span>
#include <string_view>

namespace parley::worlds {

GameInfo race_info();

// The names of its stages.
inline constexpr std::string_view kRaceTalk = "talk";
inline constexpr std::string_view kRaceInvest = "invest";

// The hazard-neutral share n* = capability_rate / (capability_rate + safety_rate).
double hazard_neutral_share(double capability_rate, double safety_rate);
// The pact of a round from its stages played so far: the least proposal of
// the last talk stage; 0 (no pact) without a talk stage.
double race_pact(std::span<const StageMoves> stages);
// Whether `player` cooperated in the settled race `round` (see above).
bool race_cooperated(const GameRound& round, PartyIndex player, double neutral_share);
// The probability of a catastrophe with these totals (see above).
double race_hazard(double capability_total, double safety_total, std::size_t players, double threshold,
                   double hazard);

}  // namespace parley::worlds
