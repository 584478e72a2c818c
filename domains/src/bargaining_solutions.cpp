#include <parley/domains/bargaining_solutions.hpp>
#include <parley/domains/domain_error.hpp>

#include <algorithm>
#include <cmath>
#include <limits>

namespace parley::worlds {
namespace {

// Every point below is optimal over the frontier's outcomes: any outcome is
// weakly dominated by a frontier outcome, which is at least as good for
// every score used here (each grows with every party's utility).

bool is_rational(std::span<const double> row, std::span<const double> reservations) {
    for (std::size_t party = 0; party < row.size(); ++party) {
        if (row[party] < reservations[party]) return false;
    }
    return true;
}

SolutionPoint point_of(const UtilityMatrix& utilities, std::size_t outcome) {
    auto row = utilities.row(outcome);
    return SolutionPoint{outcome, std::vector<double>(row.begin(), row.end())};
}

// The frontier outcome with the largest score among those `eligible`; ties go
// to the lowest outcome index.
template <class Eligible, class Score>
std::optional<SolutionPoint> best_frontier_outcome(const UtilityMatrix& utilities, const ParetoFrontier& frontier,
                                                   Eligible eligible, Score score) {
    std::optional<std::size_t> best;
    double best_score = -std::numeric_limits<double>::infinity();
    for (std::size_t outcome : frontier.outcomes) {
        auto row = utilities.row(outcome);
        if (!eligible(row)) continue;
        double value = score(row);
        if (!best || value > best_score || (value == best_score && outcome < *best)) {
            best = outcome;
            best_score = value;
        }
    }
    if (!best) return std::nullopt;
    return point_of(utilities, *best);
}

}  // namespace

std::optional<SolutionPoint> nash_point(const UtilityMatrix& utilities, const ParetoFrontier& frontier) {
    auto reservations = utilities.reservation_values();
    auto rational = [reservations](std::span<const double> row) { return is_rational(row, reservations); };
    auto product_of_gains = [reservations](std::span<const double> row) {
        double product = 1.0;
        for (std::size_t party = 0; party < row.size(); ++party) product *= row[party] - reservations[party];
        return product;
    };
    return best_frontier_outcome(utilities, frontier, rational, product_of_gains);
}

std::optional<SolutionPoint> kalai_point(const UtilityMatrix& utilities, const ParetoFrontier& frontier) {
    auto reservations = utilities.reservation_values();
    auto rational = [reservations](std::span<const double> row) { return is_rational(row, reservations); };
    // Each party's best utility over the rational outcomes.
    std::vector<double> best(utilities.party_count(), -std::numeric_limits<double>::infinity());
    for (std::size_t outcome : frontier.outcomes) {
        auto row = utilities.row(outcome);
        if (!rational(row)) continue;
        for (std::size_t party = 0; party < row.size(); ++party) best[party] = std::max(best[party], row[party]);
    }
    auto smallest_normalised_gain = [&](std::span<const double> row) {
        double smallest = std::numeric_limits<double>::infinity();
        for (std::size_t party = 0; party < row.size(); ++party) {
            double room = best[party] - reservations[party];
            if (room > 0.0) smallest = std::min(smallest, (row[party] - reservations[party]) / room);
        }
        return smallest;
    };
    return best_frontier_outcome(utilities, frontier, rational, smallest_normalised_gain);
}

SolutionPoint max_welfare_point(const UtilityMatrix& utilities, const ParetoFrontier& frontier) {
    auto anything = [](std::span<const double>) { return true; };
    auto welfare = [](std::span<const double> row) {
        double sum = 0.0;
        for (double utility : row) sum += utility;
        return sum;
    };
    auto point = best_frontier_outcome(utilities, frontier, anything, welfare);
    if (!point) throw DomainError("the Pareto frontier is empty");  // only for a frontier of other utilities
    return *point;
}

double opposition_level(const UtilityMatrix& utilities, const ParetoFrontier& frontier) {
    const std::size_t parties = utilities.party_count();
    std::vector<double> scale(parties, -std::numeric_limits<double>::infinity());
    for (std::size_t outcome = 0; outcome < utilities.outcome_count(); ++outcome) {
        auto row = utilities.row(outcome);
        for (std::size_t party = 0; party < parties; ++party) scale[party] = std::max(scale[party], row[party]);
    }
    for (auto& value : scale) value = value > 0.0 ? value : 1.0;
    double nearest = std::numeric_limits<double>::infinity();
    for (const auto& point : frontier.points) {
        double squared = 0.0;
        for (std::size_t party = 0; party < parties; ++party) {
            double shortfall = 1.0 - point[party] / scale[party];
            squared += shortfall * shortfall;
        }
        nearest = std::min(nearest, squared);
    }
    return std::sqrt(nearest) / std::sqrt(static_cast<double>(parties));
}

double distance(std::span<const double> a, std::span<const double> b) {
    if (a.size() != b.size()) throw DomainError("distance between utility vectors of different lengths");
    double squared = 0.0;
    for (std::size_t k = 0; k < a.size(); ++k) squared += (a[k] - b[k]) * (a[k] - b[k]);
    return std::sqrt(squared);
}

double distance_to_frontier(std::span<const double> point, const ParetoFrontier& frontier) {
    if (frontier.points.empty()) throw DomainError("distance to an empty Pareto frontier");
    double nearest = std::numeric_limits<double>::infinity();
    for (const auto& frontier_point : frontier.points) nearest = std::min(nearest, distance(point, frontier_point));
    return nearest;
}

}  // namespace parley::worlds
