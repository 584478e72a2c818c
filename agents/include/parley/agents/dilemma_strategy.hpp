#pragma once
// Strategies for the iterated prisoner's dilemma (games/ipd.hpp): the classic
// ones researchers compare against (Axelrod's tournaments, the Axelrod Python
// library's conventions), and the shape in which any ipd strategy, a value
// framework's policy included, is most easily written. A DilemmaStrategy is
// the pure logic of a strategy on its history of realised rounds (IpdView);
// ipd_strategy() makes it a player of the ipd game for GameStrategyRegistry
// (game_strategy.hpp), the one registry of every game's strategies: an
// adapter reads the history and the game's payoffs from the GameView and
// moves 1 (C) or 0 (D).
// Pure strategy: no sockets. Randomness comes from the seed given to reset()
// through std::mt19937_64 and worlds::draw_chance (never std:: distributions),
// so a strategy's moves depend only on its seed, parameters, the game's
// payoffs and its history.
//
// Built-in strategies (history = realised rounds, own move first; "after XY"
// means after a round where it played X and the other played Y):
//   all_c             always C.
//   all_d             always D.
//   tit_for_tat       C first, then the other's last move.
//   suspicious_tit_for_tat
//                     D first, then the other's last move (the Axelrod
//                     library's SuspiciousTitForTat; Beaufils et al.'s Mistrust).
//   tit_for_two_tats  C unless the other defected in both of the last two rounds.
//   generous_tft      C first; after the other's C: C; after its D: C with
//                     probability `forgiveness` (default 1/3 = min(1 - (T-R)/(R-S),
//                     (R-P)/(T-P)) for the default payoffs, Nowak & Sigmund 1992,
//                     as the Axelrod library's GTFT), else D.
//   grudger           C until the other defects once, then D forever (Friedman's grim trigger).
//   pavlov            win-stay lose-shift (Nowak & Sigmund 1993): C first, then C
//                     exactly when both played the same move last round (after
//                     R or T it repeats its move, after S or P it switches).
//   random            C with probability `cooperation` (default 0.5) each round.
//   alternator        C first, then the opposite of its own last (realised) move.
//   joss              C first; after the other's C: C with probability 0.9 (else D);
//                     after its D: D (Axelrod 1980; the library's memory-one
//                     vector (0.9, 0, 0.9, 0)).
//   tester            Axelrod 1984 (TESTER): D first. Once the other has
//                     defected, C in the next round ("apology"), then tit for
//                     tat for the rest of the match. While the other has never
//                     defected: C in rounds 1 and 2, then D in odd rounds and C
//                     in even rounds (it defects every other move).
//   zd_extort         Press & Dyson (2012) extortioner, memory-one: C first, then
//                     C with probability p_XY after XY, with
//                       p_CC = 1 - phi (chi - 1)(R - P)
//                       p_CD = 1 - phi ((P - S) + chi (T - P))
//                       p_DC = phi ((T - P) + chi (P - S))
//                       p_DD = 0,
//                     which enforces s_self - P = chi (s_other - P). phi is
//                     `phi_fraction` of the largest phi keeping every p in
//                     [0, 1]. Defaults chi = 2, phi_fraction = 1/2 with the
//                     default payoffs give phi = 1/18 and p = (8/9, 1/2, 1/3, 0):
//                     Press & Dyson's extort-2. Its probabilities are fixed
//                     when it is made, from its own payoff parameters R, S, T,
//                     P (default 3, 0, 5, 1, which must make a prisoner's
//                     dilemma), not from the game's.

#include <parley/agents/game_strategy.hpp>
#include <parley/agents/parameters.hpp>
#include <parley/games/ipd.hpp>

#include <span>

namespace parley::agents {

class DilemmaStrategy : public SeededStrategy {
public:
    // The move for the next round, given every realised round so far from
    // this strategy's side and the payoffs of the game it plays.
    virtual worlds::DilemmaMove choose(std::span<const worlds::IpdView> history, const worlds::IpdPayoffs& game) = 0;
};

using DilemmaStrategyInfo = ParameterisedEntry<DilemmaStrategy>;

// The strategy as a player of the ipd game: world "ipd", the same name,
// description and parameters.
GameStrategyInfo ipd_strategy(DilemmaStrategyInfo strategy);

}  // namespace parley::agents
