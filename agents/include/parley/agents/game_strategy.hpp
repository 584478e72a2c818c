#pragma once
// Strategies for the repeated games (games/repeated_game.hpp): classic
// strategies and one policy per value framework for each world, in one
// registry by world and name: the registry the runner, the agents and
// `parley frameworks` use for every game. Pure strategy: no sockets.
//
// ipd: every strategy of DilemmaStrategyRegistry (dilemma_strategy.hpp, which
// defines them), under the same name and with the same parameters: the 12
// classic strategies and the 7 frameworks' policies. Each reads its history
// of realised rounds (worlds::ipd_history) and the game's payoffs from its
// view and moves {1} (C) or {0} (D). Some draw from the seed given to reset()
// (random, generous_tft, joss, zd_extort).
//
// public_goods and commons (below): every built-in strategy is a function of
// its view (the public history, the stage asked, the stock): no draws, so its
// moves depend only on its parameters and the game. Every move is clamped to
// the stage's bounds, and a punish stage gets a vector of N numbers with 0 for
// oneself: strategies never break the rules.
//
// Notation: E endowment, N players, c_j player j's contribution, T_j player
// j's cumulative score so far, S the stock now, K capacity, g growth rate.
// "The stock-keeping share" is 1/N of worlds::stock_keeping_harvest(S, K, g):
// the harvest whose remainder regrows to S exactly (commons.hpp explains why
// not the literal regrowth at S, which drives a stock below about 0.56 K with
// the default g to collapse because the harvest comes before the regrowth).
//
// public_goods, classic:
//   full_contributor       contributes E; announces E; never punishes.
//   free_rider             contributes 0; announces 0; never punishes.
//   conditional_cooperator contributes E first, then the mean contribution of
//                          all players in the last round; announces the same;
//                          never punishes.
//   punisher               contributes E; announces E; punishes each other player
//                          whose contribution this round is below `threshold` x E
//                          (default 0.5) with `points` points (default 2, capped
//                          at max_points).
// public_goods, value frameworks:
//   selfish        contributes 0 (with r < N each unit contributed returns r/N < 1
//                  to its giver: 0 is dominant) and never punishes (costly,
//                  and in a finite game never subgame-perfect); announces E,
//                  because cheap talk costs nothing and may raise the others'
//                  contributions.
//   reciprocal     contributes the mean of the others' last contributions (E
//                  first); announces the same; negative reciprocity: punishes
//                  each player whose contribution this round fell short of its
//                  own, with one point per E/4 of shortfall (capped).
//   utilitarian    contributes E: each unit raises the sum of payoffs by r - 1 > 0;
//                  never punishes (each point destroys c + f); announces E.
//   rawlsian       maximin over cumulative scores, predicting that each other
//                  player repeats its last contribution (E before any): the
//                  contribution that maximises the lowest total after the
//                  round, c = clamp(T_self - min_j (T_j - c_j), 0, E) (the lowest
//                  total rises with c while it is another's and falls once it is
//                  its own); announces the same; never punishes.
//   nash           maximises the product of max(0, total) over the players after
//                  the round, with the same prediction, over the 41 contributions
//                  k E / 40 (ties to the larger); announces the same; never
//                  punishes.
//   deontological  contributes E and announces E, whatever the others do: the
//                  maxim it can will as universal law, and it never lies in
//                  talk; never punishes (harming is not a duty).
//   libertarian    contributes E until any other player has contributed less
//                  than E/2 in some round, then 0 for good (a voluntary scheme
//                  that free riding voids, the grudger); never punishes
//                  (punishment is coercion); announces honestly.
// commons, classic:
//   greedy                 asks max_harvest.
//   sustainable            asks the stock-keeping share.
//   conditional_harvester  the stock-keeping share first, then the mean request
//                          of the others in the last round.
// commons, value frameworks:
//   selfish        = greedy: a unit it leaves is taken by the others; the
//                  tragedy of the commons.
//   reciprocal     = conditional_harvester.
//   utilitarian    constant escapement (optimal for the logistic model): leaves
//                  K/2, where regrowth is largest: asks (S - K/2) / N (0 below
//                  K/2); in the last round, with no future to save for, asks
//                  max_harvest.
//   rawlsian       the stock-keeping share (the next generation inherits the
//                  same stock: just savings), but never more than the least any
//                  other player asked in the last round (never above the
//                  worst-off taker); also in the last round.
//   nash           the stock-keeping share, the equal split of the bargaining
//                  point; for one round after any other player asked more than
//                  twice its stock-keeping share, max_harvest (the
//                  disagreement point), then back.
//   deontological  the stock-keeping share always, also in the last round: the
//                  rule that, universalised, keeps the commons for ever.
//   libertarian    the stock-keeping share, its own by right, until any other
//                  player asks more than its stock-keeping share (1e-9
//                  tolerance); then max_harvest for good (the compact is void).
//
// race (games/race.hpp): like public_goods and commons, every strategy is a
// function of its view, its moves clamped to [0, 1]. Notation: n* the
// hazard-neutral share, capability_rate / (capability_rate + safety_rate);
// "the pact" the pact of this round, read in the invest stage
// (worlds::race_pact of its talk stages; 0 when none formed); "cooperated" as
// worlds::race_cooperated (kept the pact; without one, played at least n*).
// The forecast: every lab's expected payoff from now to the end of the game
// (at most 1,000 rounds ahead) if it plays the share x in every round left
// while each other lab repeats its last share (n* before any), by the game's
// rules from the capability and safety so far: capabilities grow linearly,
// each round's hazard lowers the chance that nothing has struck, and the first
// lab(s) to the threshold within the horizon share the prize. The forecasting
// policies (selfish, utilitarian, rawlsian, nash) try x = k/20, k = 0..20, and
// n*; ties (within a relative 1e-9) go to the smaller share, the faster. They
// propose in talk the share they will play (but selfish): since the pact is
// the least proposal, an honest proposer always keeps it.
// race, classic:
//   racer               proposes 0 (so no pact forms) and plays 0: everything
//                       into capability.
//   safety_first        proposes and plays `share` (default 0.8, in [0, 1]).
//   pact_keeper         proposes n*; plays the pact when one forms (also below
//                       n*: the agreement is what it keeps), else n*.
//   pact_breaker        proposes 1 (so the pact is whatever the others
//                       propose) and plays 0: lures the others into a pact,
//                       then races.
//   conditional_keeper  plays as pact_keeper unless another lab broke the last
//                       round's pact; then proposes 0 and plays 0 for this
//                       round (tit for tat). A round without a pact is no
//                       breach, so keepers that retaliated together return
//                       together.
// race, value frameworks:
//   selfish        proposes 1 (cheap talk: agreeing to any floor costs
//                  nothing, and the others' safety lowers the hazard it bears
//                  and slows its rivals) and plays the x that maximises its own
//                  forecast payoff, its best reply: against labs at n* it
//                  races them by a nose (0.45 with the defaults, the
//                  first-mover advantage); against racers, who will win
//                  anyway, it plays 1 to lower its own risk. Among selfish
//                  labs the best replies alternate, and the race often ends
//                  in catastrophe.
//   reciprocal     proposes and plays the mean share the others played in the
//                  last round (n* first): graded reciprocity, as in public
//                  goods; among racers its safety decays toward 0. Its
//                  proposal caps the pact, so it keeps every pact.
//   utilitarian    the x that maximises the sum of the forecast payoffs, the
//                  prize less N catastrophe costs whoever wins: above all, the
//                  chance that nothing strikes. n* among labs at n*; 1 against
//                  racers (its safety offsets their capability). Time does not
//                  count in the sum, only the horizon: when labs at n* cannot
//                  reach the threshold before the game's last round, it races
//                  while it expects the others to hold back, and utilitarians
//                  together then alternate between racing and full safety.
//   rawlsian       the x that maximises the lowest forecast payoff: it neither
//                  pulls ahead to win alone (the losers get 0) nor adds risk
//                  that the worst off bears. n* among labs at n* (all win
//                  together); 1 against racers.
//   nash           the x that maximises the product of the labs' forecast
//                  gains over the disagreement point, every lab racing from now
//                  on (the forecast with every share 0); when no x gives every
//                  lab a gain, the largest sum of gains. n* among labs at n*
//                  (the equal split without hazard).
//   deontological  proposes n* and plays max(n*, the pact) whatever the others
//                  do: "add no capability that safety does not match" can be
//                  willed as universal law (universalised, the hazard is 0),
//                  and a pact is a promise kept; its own proposal caps the
//                  pact, so it plays n*.
//   libertarian    plays as pact_keeper (a pact freely made binds those who
//                  made it; without one, n*: it imposes no unmatched risk on
//                  the others) until another lab fails to cooperate in some
//                  round; then proposes 0 and plays 0 for good: the compact is
//                  void (the grudger, as in the other worlds).

#include <parley/agents/framework.hpp>
#include <parley/games/repeated_game.hpp>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace parley::agents {

class GameStrategy {
public:
    virtual ~GameStrategy() = default;
    // A new game: forget the previous one; draw from `seed` only.
    virtual void reset(std::uint64_t seed) = 0;
    // The move for the stage asked in `view`.
    virtual std::vector<double> choose(const worlds::GameView& view) = 0;
};

struct GameStrategyInfo {
    std::string world;  // a game's name: "ipd", "public_goods", "commons"
    std::string name;
    std::string description;  // one line
    std::vector<ParameterInfo> parameters;
    // Throws std::invalid_argument naming the parameter when one is unknown or malformed.
    std::function<std::unique_ptr<GameStrategy>(const FrameworkParameters&)> make;
};

class GameStrategyRegistry {
public:
    // Every built-in strategy of every world.
    static const GameStrategyRegistry& builtin();

    void add(GameStrategyInfo info);
    const GameStrategyInfo* find(const std::string& world, const std::string& name) const;
    std::vector<const GameStrategyInfo*> list(const std::string& world) const;  // in name order
    std::vector<std::string> worlds() const;                                    // in name order
    // Throws std::invalid_argument for an unknown world or name (listing the
    // known ones) or bad parameters.
    std::unique_ptr<GameStrategy> make(const std::string& world, const std::string& name,
                                       const FrameworkParameters& parameters = {}) const;

private:
    std::map<std::pair<std::string, std::string>, GameStrategyInfo> entries_;
};

// A chooser for worlds::play_game: a fresh strategy, reset with `seed`. Throws as make() does.
worlds::GameChooser game_chooser(const GameStrategyRegistry& registry, const std::string& world,
                                 const std::string& name, const FrameworkParameters& parameters, std::uint64_t seed);

}  // namespace parley::agents
