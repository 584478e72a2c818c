#pragma once
// Strategies for the repeated games (games/repeated_game.hpp), in one registry
// by world and name: the classic strategies of each world, and the policy of
// every value framework in each world, which the framework declares with the
// rest of itself (framework.hpp: FrameworkInfo::games) and which is played
// under the framework's name. The registry the runner, the agents and
// `parley frameworks` use for every game. Pure strategy: no sockets.
//
// ipd: the classic strategies of dilemma_strategy.hpp (which defines them),
// written as DilemmaStrategy and adapted by ipd_strategy(). Each reads its
// history of realised rounds (worlds::ipd_history) and the game's payoffs
// from its view and moves {1} (C) or {0} (D). Some draw from the seed given
// to reset() (random, generous_tft, joss, zd_extort).
//
// public_goods and commons (below): every classic strategy is a function of
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
// Each value framework's policies are defined and justified where the
// framework declares them (agents/src/frameworks/NAME_games.cpp).
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
// commons, classic:
//   greedy                 asks max_harvest.
//   sustainable            asks the stock-keeping share.
//   conditional_harvester  the stock-keeping share first, then the mean request
//                          of the others in the last round.
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
// lab(s) to the threshold within the horizon share the prize. A forecasting
// policy tries x = k/20, k = 0..20, and n*; ties (within a relative 1e-9) go
// to the smaller share, the faster. An honest one proposes in talk the share
// it will play: since the pact is the least proposal, it always keeps it.
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

#include <parley/agents/parameters.hpp>
#include <parley/games/repeated_game.hpp>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <shared_mutex>
#include <string>
#include <utility>
#include <vector>

namespace parley::agents {

// What a strategy of a repeated game does between games: a GameStrategy, and
// a DilemmaStrategy (dilemma_strategy.hpp) between matches of the ipd.
class SeededStrategy {
public:
    virtual ~SeededStrategy() = default;
    // A new game (of the ipd: a match): forget the previous one; draw from
    // `seed` only.
    virtual void reset(std::uint64_t seed) = 0;
};

class GameStrategy : public SeededStrategy {
public:
    // The move for the stage asked in `view`.
    virtual std::vector<double> choose(const worlds::GameView& view) = 0;
};

struct GameStrategyInfo : ParameterisedEntry<GameStrategy> {
    std::string world;  // a game's name: "ipd", "public_goods", "commons"
};

class FrameworkRegistry;

// Strategies by world and name. A registry made with a FrameworkRegistry also
// holds the game policies of its frameworks, those added to it later included:
// the frameworks' declarations are their one home. Registering is allowed at
// any time and from any thread, as for FrameworkRegistry (framework.hpp), and
// should happen before the agents and runs that use the strategy start.
class GameStrategyRegistry {
public:
    GameStrategyRegistry() = default;
    // `frameworks` must outlive this registry.
    explicit GameStrategyRegistry(const FrameworkRegistry& frameworks) : frameworks_(&frameworks) {}
    GameStrategyRegistry(const GameStrategyRegistry&) = delete;
    GameStrategyRegistry& operator=(const GameStrategyRegistry&) = delete;

    // The process-wide registry: every classic strategy of every world and
    // the policies of the frameworks of FrameworkRegistry::global().
    static GameStrategyRegistry& global();
    // The same registry, for those that only read it.
    static const GameStrategyRegistry& builtin() { return global(); }

    // Throws std::invalid_argument when the world, name or make is missing or
    // the name is taken in that world (by a strategy or a framework's policy).
    void add(GameStrategyInfo info);
    const GameStrategyInfo* find(const std::string& world, const std::string& name) const;
    std::vector<const GameStrategyInfo*> list(const std::string& world) const;  // in name order
    std::vector<std::string> worlds() const;                                    // in name order
    // Throws std::invalid_argument for an unknown world or name (listing the
    // known ones) or bad parameters.
    std::unique_ptr<GameStrategy> make(const std::string& world, const std::string& name,
                                       const FrameworkParameters& parameters = {}) const;

private:
    const FrameworkRegistry* frameworks_ = nullptr;
    mutable std::shared_mutex mutex_;
    std::map<std::pair<std::string, std::string>, GameStrategyInfo> entries_;
};

// A chooser for worlds::play_game: a fresh strategy, reset with `seed`. Throws as make() does.
worlds::GameChooser game_chooser(const GameStrategyRegistry& registry, const std::string& world,
                                 const std::string& name, const FrameworkParameters& parameters, std::uint64_t seed);

}  // namespace parley::agents
