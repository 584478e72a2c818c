#pragma once
// Value frameworks: what a negotiating agent values and how it bargains, and
// what the same values make it do in each repeated game. Each framework says,
// in its own source files, how it scores an outcome (its welfare function,
// which the metrics use for its satisfaction), what it will never accept, how
// it concedes and when it accepts, may give a reason with a proposal or
// rejection, and how it plays each game of the game registry. One interface,
// one registry; `parley agent --framework NAME --param key=value` builds one.
// Pure strategy: no sockets. The session router hands a negotiation session
// to the Negotiator handler (negotiator.hpp), which plays it with a framework
// instance of its own.

#include <parley/agents/game_strategy.hpp>
#include <parley/agents/parameters.hpp>
#include <parley/core/registry.hpp>
#include <parley/mechanisms/negotiation.hpp>
#include <parley/metrics/welfare.hpp>

#include <functional>
#include <memory>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

namespace parley::agents {

class ValueFramework {
public:
    virtual ~ValueFramework() = default;

    // A new episode: the framework forgets the previous one.
    virtual void begin(const worlds::PartySetup& setup) = 0;
    // Another party moved.
    virtual void observe(const worlds::Observation& observation) = 0;
    // It is this party's turn. For Ask::Respond: Offer, Accept (only with a
    // standing offer) or End. For Ask::Vote: Accept or Reject.
    virtual worlds::Move respond(const worlds::Turn& turn) = 0;

    // Its estimate of every party's utility for an outcome (its own exact, the
    // others' disclosed or modelled), for metrics on opponent-model accuracy.
    virtual std::vector<double> estimated_utilities(const worlds::Outcome& outcome) const = 0;
};

struct FrameworkInfo : ParameterisedEntry<ValueFramework> {
    // How it scores an outcome: its satisfaction in the metrics, and the
    // description `parley frameworks` prints.
    worlds::WelfareFunction welfare;
    // Its policy in each repeated game, at most one per world
    // (GameStrategyInfo::world), played under the framework's name (the
    // registry sets each policy's name). Empty for a framework of bargaining
    // only, which plays no game (rubinstein).
    std::vector<GameStrategyInfo> games;
    // The executable that runs its agents, beside parley: empty for
    // parley-agent; kLearnedAgentExecutable (action_policy.hpp) for the
    // frameworks that act with a trained network, so that only their
    // processes load LibTorch.
    std::string host;

    // Its policy in `world`; null when it has none.
    const GameStrategyInfo* game_policy(std::string_view world) const;
};

// Frameworks by name. Registering is allowed at any time and from any thread
// (lookups and additions are guarded; an entry is never removed or changed, so
// a pointer from find() stays valid as long as the registry). Those that use
// it read it at use (a run's scenario vocabulary when the run is planned, the
// agents' behaviours at each lookup), so a framework added at any time is
// found; it must be in before the agents and runs that play it start. A
// framework added to global() also plays its games through
// GameStrategyRegistry::global().
class FrameworkRegistry : private worlds::NamedRegistry<FrameworkInfo> {
public:
    FrameworkRegistry() : NamedRegistry("framework") {}
    FrameworkRegistry(const FrameworkRegistry&) = delete;
    FrameworkRegistry& operator=(const FrameworkRegistry&) = delete;

    // The process-wide registry: the frameworks built into Parley
    // (frameworks/registry.cpp) and those added to it since.
    static FrameworkRegistry& global();
    // The same registry, for those that only read it.
    static const FrameworkRegistry& builtin() { return global(); }

    // Throws std::invalid_argument when the name is empty or taken, `make` or
    // the welfare score is missing, or a game policy has no world or `make`,
    // is for no game of worlds::GameRegistry::builtin(), shares its world with
    // another, or (in global()) would be played under
    // the name of a strategy of GameStrategyRegistry::global() in that world.
    void add(FrameworkInfo info);

    // Null when no framework has that name.
    const FrameworkInfo* find(std::string_view name) const;
    std::vector<const FrameworkInfo*> list() const;  // in name order
    std::string names() const;                       // "a, b, c"
    // The frameworks' welfare functions by name, for the metrics; it refers to
    // this registry, which must outlive it.
    worlds::WelfareLookup welfare_lookup() const;

private:
    mutable std::shared_mutex mutex_;
    bool global_ = false;  // global(), once its built-in frameworks are in
};

}  // namespace parley::agents
