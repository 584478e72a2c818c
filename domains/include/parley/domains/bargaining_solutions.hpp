#pragma once
// Points of a domain that metrics compare agreements against. Gains are
// utilities minus reservation values; an outcome is individually rational
// when every gain is >= 0. All points are Pareto-optimal outcomes, and ties
// go to the outcome with the lowest index, so results are reproducible.

#include <parley/domains/pareto.hpp>
#include <parley/domains/utility_matrix.hpp>

#include <cstddef>
#include <optional>
#include <span>
#include <vector>

namespace parley::worlds {

struct SolutionPoint {
    std::size_t outcome = 0;
    std::vector<double> utilities;  // one per party, in profile order
};

// Nash bargaining solution: the rational outcome with the largest product of
// gains. nullopt when no outcome is individually rational.
std::optional<SolutionPoint> nash_point(const UtilityMatrix& utilities, const ParetoFrontier& frontier);

// Kalai-Smorodinsky solution (Kalai & Smorodinsky 1975): the rational outcome
// that maximises the smallest normalised gain,
//     argmax over rational o of  min_p (u_p(o) - r_p) / (best_p - r_p),
// with r_p party p's reservation value and best_p its best utility over the
// rational outcomes (a party with best_p == r_p, which cannot gain anything,
// is left out of the minimum). In the continuous case this is the Pareto point
// on the line from the reservation point to the ideal point. nullopt when no
// outcome is individually rational.
// Others call another point "Kalai", so distances to it differ:
//   - NegMAS's kalai_points is the egalitarian solution (Kalai 1977): it
//     maximises the smallest gain without normalising, argmax over rational
//     Pareto o of min_p (u_p(o) - d_p), with d_p the reserved value (the
//     lowest utility when that is unknown or below it); its
//     modified_kalai_points maximises min_p u_p(o).
//   - GENIUS's BidSpace.getKalaiSmorodinsky takes the Pareto outcome with the
//     smallest gap between utilities, argmin over o of sum_{p<q} |u_p(o) - u_q(o)|,
//     reservation values aside.
// Parley's and NegMAS's points agree when every party has the same reservation
// value and the same best utility (the normalisation then scales every gain
// alike); GENIUS's criterion is another and may pick another outcome even then.
std::optional<SolutionPoint> kalai_point(const UtilityMatrix& utilities, const ParetoFrontier& frontier);

// The outcome with the largest sum of utilities (rational or not).
SolutionPoint max_welfare_point(const UtilityMatrix& utilities, const ParetoFrontier& frontier);

// Opposition level: how far the best joint outcome is from giving every party
// its best utility,
//     min over outcomes o of  || (1, .., 1) - (u_1(o) / max_1, .., u_m(o) / max_m) || / sqrt(m),
// with max_p party p's largest utility over the space (a party whose largest
// utility is <= 0 is not scaled). 0 when one outcome is best for all, up to 1
// for fully opposed parties. It is NegMAS's opposition_level(ufuns, max_utils)
// divided by sqrt(m), except that NegMAS leaves out outcomes below a
// reservation value, and this counts every outcome.
double opposition_level(const UtilityMatrix& utilities, const ParetoFrontier& frontier);

// Euclidean distance between two utility vectors of the same length.
double distance(std::span<const double> a, std::span<const double> b);
// Euclidean distance from a utility vector to the nearest point of the
// frontier (its points, not the segments between them); 0 on the frontier.
double distance_to_frontier(std::span<const double> point, const ParetoFrontier& frontier);

}  // namespace parley::worlds
