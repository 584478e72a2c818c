#pragma once
// The iterated prisoner's dilemma (IPD), a RepeatedGame (repeated_game.hpp)
// registered as "ipd": exactly two players move simultaneously each round.
//
// Each round is one stage, choose: each player sends one whole number, 1 for
// C (cooperate) or 0 for D (defect). Anything else (0.5, 2, NaN, two numbers)
// or a second move in the round ends the game with GameEndReason::Violation
// naming the offender, like every repeated game's bad move. Settling the round
// realises the moves: each is flipped with probability `noise`, drawn from the
// game's own seed. GameRound::received holds the realised move of each player
// (1 C, 0 D); the stage's moves keep what each player sent (its intended
// move). Scores, strategies' histories, rates and metrics use the realised
// moves: what happened. Unlike the other games, the players are not told the
// stage's moves: only the settled round, whose `received` holds the realised
// moves, so with noise nobody learns what the other intended.
//
// Definitions:
//   - payoffs (row player's payoff): CC -> R, CD -> S, DC -> T, DD -> P;
//     default R=3, S=0, T=5, P=1 (Axelrod 1984).
//   - length: `rounds` rounds when continuation == 1. With continuation w < 1
//     the length is decided up front, when the game is made: after each round
//     another follows with probability w (so the length is geometric with mean
//     1/(1-w)), capped at `rounds`. Deciding it up front from its own stream
//     keeps the length independent of the noise setting and of the players.
//     The players are never told the length, only the cap (the settings'
//     rounds).
//   - randomness: std::mt19937_64 (its output is fixed by the standard) and
//     our own integer-to-probability code (draw_chance), never std::
//     distributions, whose algorithms differ between standard libraries. The
//     length draws from core::derive_seed(seed, 0) and the noise from
//     core::derive_seed(seed, 1) (scenario.hpp), seed = GameSettings::seed; the
//     noise takes exactly one draw per move (player 0's first), whatever the
//     probability, so a seed's draws line up.
//   - cooperation rate of a player: the share of its realised moves that were
//     C. It cooperated in a round (RepeatedGame::cooperated) when its realised
//     move was C.
//   - game metrics (GameInfo::metrics), from player 0's side: cc_rate,
//     cd_rate, dc_rate, dd_rate, the share of rounds with that realised
//     outcome (cd: player 0 cooperated, player 1 defected). 0 with no rounds.
// Parameters (name, default, range):
//     reward 3, sucker 0, temptation 5, punishment 1 (each in [-1e6, 1e6]);
//     noise 0 [0, 0.5]; continuation 1 (0, 1].

#include <parley/mechanisms/mechanism.hpp>
#include <parley/games/repeated_game.hpp>
#include <parley/core/determinism.hpp>

#include <cstdint>
#include <random>
#include <span>
#include <string_view>
#include <vector>

namespace parley::worlds {

GameInfo ipd_info();

// The name of its one stage.
inline constexpr std::string_view kIpdChoose = "choose";

enum class DilemmaMove : std::uint8_t { Cooperate, Defect };

// "C" or "D".
std::string_view dilemma_move_letter(DilemmaMove move);
DilemmaMove opposite(DilemmaMove move);
// The number a move is sent and recorded as: 1 for C, 0 for D.
double dilemma_move_value(DilemmaMove move);
// The move a recorded number stands for: 1 is C, anything else D (the game
// accepts only 0 and 1).
DilemmaMove dilemma_move_of(double value);

// True with probability `probability` (clamped to [0, 1]): exactly never for
// 0 and always for 1. Uses exactly one draw of the engine, always, so the
// sequence of draws does not depend on the probabilities asked.
bool draw_chance(std::mt19937_64& engine, double probability);

struct IpdPayoffs {
    double reward = 3.0;      // R: both cooperate
    double sucker = 0.0;      // S: I cooperate, the other defects
    double temptation = 5.0;  // T: I defect, the other cooperates
    double punishment = 1.0;  // P: both defect

    // My payoff for my move against the other's.
    double payoff(DilemmaMove mine, DilemmaMove other) const;
    // T > R > P > S and 2R > T + S: the conditions of a prisoner's dilemma
    // (the second makes mutual cooperation better than taking turns exploiting).
    bool is_prisoners_dilemma() const;
};

// The payoffs of an ipd game's settings (parameters reward, sucker,
// temptation, punishment); the default of any not there, as in settings that
// were never validated.
IpdPayoffs ipd_payoffs(const GameSettings& settings);

// One round from one player's side: what a dilemma strategy's history is made of.
struct IpdView {
    DilemmaMove own = DilemmaMove::Cooperate;    // realised
    DilemmaMove other = DilemmaMove::Cooperate;  // realised
    double own_payoff = 0.0;
};

// In a settled ipd round: the move `player` (0 or 1) sent, and its realised
// move after noise. Both throw std::out_of_range for another player or a
// round that is not an ipd round.
DilemmaMove intended_move(const GameRound& round, PartyIndex player);
DilemmaMove realised_move(const GameRound& round, PartyIndex player);
// A settled ipd round from `player`'s side.
IpdView ipd_view(const GameRound& round, PartyIndex player);
// Every round of `rounds` from `player`'s side.
std::vector<IpdView> ipd_history(std::span<const GameRound> rounds, PartyIndex player);
// The settled rounds of `view` from its player's side.
std::vector<IpdView> ipd_history(const GameView& view);

}  // namespace parley::worlds
