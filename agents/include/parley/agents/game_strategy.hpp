#pragma once
// Strategies for the N-player repeated games (worlds/repeated_game.hpp):
// classic strategies and one policy per value framework for each world, in
// one registry by world and name, in the style of DilemmaStrategyRegistry
// (dilemma_strategy.hpp). Pure strategy: no sockets. Every built-in strategy
// is a function of its view (the public history, the stage asked, the
// stock): no draws, so its moves depend only on its parameters and the game.
// Every move is clamped to the stage's bounds, and a punish stage gets a
// vector of N numbers with 0 for oneself: strategies never break the rules.
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

#include <parley/agents/framework.hpp>
#include <parley/worlds/repeated_game.hpp>

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
    std::string world;  // a game's name: "public_goods", "commons"
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
