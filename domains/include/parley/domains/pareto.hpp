#pragma once
// The exact Pareto frontier of a set of outcomes. Outcome a is dominated when
// some outcome b is at least as good for every party and better for one;
// outcomes with equal utility vectors do not dominate each other, so all of
// them are on the frontier. "Exact" is over the utilities as computed
// (doubles): two vectors that differ in the last bit are different.
//
// How (n outcomes, m parties):
//   1. sort the outcomes by their utility vectors, lexicographically from the
//      best, and merge equal vectors; a vector can now be dominated only by
//      one that comes earlier, and b dominates a exactly when b comes earlier
//      and is >= a in parties 1..m-1;
//   2. replace each utility by its rank among that party's distinct values,
//      so comparisons are on integers;
//   3. answer "is there an earlier vector >= in parties 1..m-1" for all
//      vectors at once: a sweep with a running minimum for m = 2, a sweep
//      with a Fenwick tree for m = 3, and for m >= 4 divide and conquer on the
//      position (and then on the ranks) down to the 3-dimensional sweep
//      (Kung, Luccio and Preparata 1975; Bentley 1980). Vectors found
//      dominated are dropped from later steps, which prunes most of the work.
// Time O(n log n) for m = 2 and 3, O(n log^(m-2) n) for m >= 4 (in practice
// much less); memory O(n m).

#include <parley/domains/utility_matrix.hpp>

#include <cstddef>
#include <span>
#include <vector>

namespace parley::worlds {

struct ParetoFrontier {
    // Every Pareto-optimal outcome, ordered by utility vector from the best
    // for party 0 (ties broken by party 1, and so on), equal vectors by outcome index.
    std::vector<std::size_t> outcomes;
    // The distinct utility vectors of those outcomes, in the same order.
    std::vector<std::vector<double>> points;
};

ParetoFrontier pareto_frontier(const UtilityMatrix& utilities);

// True when `a` is at least as good as `b` for every party and better for one.
bool dominates(std::span<const double> a, std::span<const double> b);

}  // namespace parley::worlds
