#pragma once
// Finding an offer whose utility is near a target, without scanning the whole
// outcome space when it is large.
//
// A negotiation asks a framework for one offer per turn, for up to thousands
// of turns, over spaces of up to billions of outcomes. So the work is split:
//
//   once per episode, a CandidatePool of at most `limit` outcomes (default 1024):
//     - small spaces (no more outcomes than the limit): every outcome;
//     - large spaces: a ladder of outcomes spread over the owner's utility
//       range (levels evenly spaced, jittered), each built by construct_near()
//       from a random start, so that every level has outcomes of different
//       make-up for the others to like or not; plus the owner's best outcome.
//     The pool is sorted by the owner's utility, best first. Building it costs
//     O(limit x issues x log values) for a large space and O(outcomes x
//     issues) for a small one: never more than O(limit x issues) per outcome
//     kept, whatever the size of the space.
//
//   per offer, O(log limit) to find the candidates at a target utility
//     (count_at_least: binary search), then work in the few candidates near it.
//
//   construct_near(level): an outcome whose utility is at least `level` and as
//     close to it as a greedy pass over each issue's values, sorted by their
//     contribution, finds; O(issues x log values). For fine targets in large
//     spaces, between the rungs of the ladder.
//
//   weighted_sum_optimum(tables, lambdas): the outcome that maximises a
//     weighted sum of several additive utilities, issue by issue in O(values
//     x tables): a Pareto-optimal outcome for those utilities. With the
//     others' estimated tables it adds offers that are good for everybody.
//
// Everything is deterministic: the draws come from the engine passed in.

#include <parley/agents/opponent_model.hpp>
#include <parley/domains/outcome_space.hpp>

#include <cstddef>
#include <cstdint>
#include <random>
#include <memory>
#include <span>
#include <vector>

namespace parley::agents {

class CandidatePool {
public:
    static constexpr std::size_t kDefaultLimit = 1024;
    // Candidates times issues stored at most: a space with very many issues keeps fewer candidates.
    static constexpr std::size_t kMaxStoredValues = std::size_t{1} << 24;

    // `own` is the owner's utility table (utility_table(profile)); it must fit the space.
    CandidatePool(const worlds::OutcomeSpace& space, UtilityTable own, std::size_t limit, std::mt19937_64& engine);

    // The same pool, shared: a pool that holds every outcome depends only on
    // the space's shape, the table and the limit, so an agent that plays many
    // episodes of one domain sorts it once (the thread keeps the last few). A
    // sampled pool depends on `engine` too and is built anew.
    static std::shared_ptr<const CandidatePool> shared(const worlds::OutcomeSpace& space, UtilityTable own,
                                                       std::size_t limit, std::mt19937_64& engine);

    std::size_t size() const { return utilities_.size(); }
    std::size_t issue_count() const { return issues_; }
    // True when the pool holds every outcome of the space.
    bool exhaustive() const { return exhaustive_; }

    // Candidate k, 0 <= k < size(): its value indices and the owner's utility,
    // in decreasing order of utility (ties by increasing outcome index).
    std::span<const std::uint32_t> values(std::size_t k) const { return {values_.data() + k * issues_, issues_}; }
    worlds::Outcome outcome(std::size_t k) const;
    double own_utility(std::size_t k) const { return utilities_[k]; }
    // How many candidates have own utility >= level: they are 0 .. result - 1.
    std::size_t count_at_least(double level) const;

    // See above. Values of issues that contribute nothing are drawn at random,
    // for variety; `level` above the best utility gives the best outcome.
    worlds::Outcome construct_near(double level, std::mt19937_64& engine) const;
    double own_utility(const worlds::Outcome& outcome) const { return table_utility(own_, outcome); }
    const UtilityTable& own_table() const { return own_; }

private:
    // The limit the constructor applies: a space with no more outcomes is enumerated.
    static std::size_t effective_limit(const worlds::OutcomeSpace& space, std::size_t limit);
    void enumerate(const worlds::OutcomeSpace& space);
    void build_ladder(const worlds::OutcomeSpace& space, std::size_t limit, std::mt19937_64& engine);
    void store_sorted(const worlds::OutcomeSpace& space, std::vector<worlds::Outcome> outcomes);
    // Where the first value of `issue` whose contribution is >= need is in its
    // sorted order (the count of values when none is).
    std::size_t position_at_least(std::size_t issue, double need) const;
    // The value of `issue` whose contribution is the smallest >= need, or the largest if none is.
    std::size_t value_at_least(std::size_t issue, double need) const;

    std::size_t issues_ = 0;
    bool exhaustive_ = false;
    UtilityTable own_;
    // Per issue, its values sorted by increasing contribution own_[issue][value].
    std::vector<std::vector<std::uint32_t>> sorted_values_;
    std::vector<std::uint32_t> values_;  // size() x issues
    std::vector<double> utilities_;      // decreasing
};

// The outcome maximising sum over t of lambdas[t] * tables[t](outcome), chosen
// issue by issue (lowest value index on ties). All tables must fit one space.
worlds::Outcome weighted_sum_optimum(std::span<const UtilityTable* const> tables, std::span<const double> lambdas);

}  // namespace parley::agents
