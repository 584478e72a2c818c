#pragma once
// Strategies for the iterated prisoner's dilemma (games/ipd.hpp): the classic
// ones researchers compare against (Axelrod's tournaments, the Axelrod Python
// library's conventions) and one policy per value framework, all in one
// registry by name, so a roster can mix frameworks and classic strategies.
// A DilemmaStrategy is the pure logic of a strategy on its history of realised
// rounds (IpdView). The runner, agents and `parley frameworks` reach every
// one of them through GameStrategyRegistry (game_strategy.hpp), world "ipd",
// under the same name: an adapter reads the history and the game's payoffs
// from the GameView and moves 1 (C) or 0 (D).
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
//
// Value frameworks as IPD policies (registered under the framework names):
//   selfish        = all_d: D strictly dominates C in every round, and in a
//                    finite game backward induction leaves mutual defection as
//                    the only subgame-perfect equilibrium.
//   reciprocal     = tit_for_tat: returns what it received.
//   utilitarian    the move that maximises the round's sum of payoffs against
//                  the other's last move (C first); ties go to C. With 2R > T+S
//                  and S+T > 2P (the default payoffs) that is always C.
//   rawlsian       maximin over the cumulative scores: the move that makes the
//                  lower of the two totals after the round largest, predicting
//                  that the other repeats its last move (C first); ties go to C.
//                  It cooperates with cooperators, defects against defectors
//                  (P beats S for the worse-off) and defects once to undo an
//                  exploitation, then forgives.
//   nash           = pavlov: its aspiration is the disagreement point P of the
//                  Nash bargaining solution (whose agreement here is CC): it
//                  stays with a move that earned more than P (R or T) and
//                  shifts after one that earned no more (S or P).
//   deontological  = all_c: cooperating is the maxim it can will as a universal
//                  law; the other's conduct does not change its duty.
//   libertarian    = grudger: it never aggresses (never defects first) and
//                  treats cooperation as a voluntary contract that a defection
//                  voids for the rest of the match.
// utilitarian and rawlsian reason with the payoffs of the game they play (the
// ipd game's parameters reward, sucker, temptation, punishment), so a scenario
// that changes the payoffs changes their choices. Each of R, S, T, P may be
// given as a parameter of the policy instead; its default, "game", stands
// for the game's own.

#include <parley/agents/framework.hpp>
#include <parley/core/registry.hpp>
#include <parley/games/ipd.hpp>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace parley::agents {

class DilemmaStrategy {
public:
    virtual ~DilemmaStrategy() = default;
    // A new match: forget the previous one; draw from `seed` only.
    virtual void reset(std::uint64_t seed) = 0;
    // The move for the next round, given every realised round so far from
    // this strategy's side and the payoffs of the game it plays.
    virtual worlds::DilemmaMove choose(std::span<const worlds::IpdView> history, const worlds::IpdPayoffs& game) = 0;
};

struct DilemmaStrategyInfo {
    std::string name;
    std::string description;  // one line
    std::vector<ParameterInfo> parameters;
    // Throws std::invalid_argument naming the parameter when one is unknown or malformed.
    std::function<std::unique_ptr<DilemmaStrategy>(const FrameworkParameters&)> make;
};

// The home of the ipd strategies' logic; players are made through
// GameStrategyRegistry (world "ipd"), which holds every one of them.
class DilemmaStrategyRegistry : public worlds::NamedRegistry<DilemmaStrategyInfo> {
public:
    DilemmaStrategyRegistry() : NamedRegistry("dilemma strategy") {}
    // Every strategy built into Parley: the classic ones and the frameworks' policies.
    static const DilemmaStrategyRegistry& builtin();

    void add(DilemmaStrategyInfo info) { insert(std::move(info)); }
    // Throws std::invalid_argument for an unknown name (listing the known ones)
    // or bad parameters.
    std::unique_ptr<DilemmaStrategy> make(const std::string& name, const FrameworkParameters& parameters = {}) const;
};

}  // namespace parley::agents
