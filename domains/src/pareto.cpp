#include <parley/domains/pareto.hpp>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <numeric>
#include <span>
#include <utility>

namespace parley::worlds {
namespace {

using Rank = std::uint32_t;
constexpr Rank kNoRank = std::numeric_limits<Rank>::max();

// Prefix minimum over ranks 0..r with point updates, and an undo of the
// updates so that one tree serves every sweep.
class FenwickMin {
public:
    explicit FenwickMin(std::size_t size) : tree_(size + 1, kNoRank) {}

    void lower(Rank position, Rank value) {
        touched_.push_back(position);
        for (std::size_t i = position + 1; i < tree_.size(); i += i & (~i + 1)) tree_[i] = std::min(tree_[i], value);
    }
    Rank prefix_min(Rank position) const {
        Rank best = kNoRank;
        for (std::size_t i = position + 1; i > 0; i -= i & (~i + 1)) best = std::min(best, tree_[i]);
        return best;
    }
    void clear() {
        for (Rank position : touched_) {
            for (std::size_t i = position + 1; i < tree_.size(); i += i & (~i + 1)) tree_[i] = kNoRank;
        }
        touched_.clear();
    }

private:
    std::vector<Rank> tree_;
    std::vector<Rank> touched_;
};

// Finds which of a set of distinct points are dominated, with every
// coordinate a rank (lower is better) and coordinate 0 the point's position in
// lexicographic order, so that an earlier point that is no worse in the other
// coordinates dominates. See pareto.hpp for the method.
class DominanceFinder {
public:
    DominanceFinder(std::vector<Rank> keys, std::size_t dims, std::size_t points, std::size_t fenwick_size)
        : keys_(std::move(keys)), dims_(dims), dominated_(points, 0), fenwick_(fenwick_size) {}

    std::vector<std::uint8_t> run() {
        std::vector<Item> items(dominated_.size());
        for (std::size_t point = 0; point < items.size(); ++point) {
            items[point] = Item{static_cast<Rank>(point), static_cast<Rank>(point), true, true};
        }
        solve_sorted(items, 0);  // already in order of coordinate 0, the position
        return std::move(dominated_);
    }

private:
    // A point taking part in one subproblem: as a possible dominator
    // (source), as a point to decide (query), or both (only in coordinate 0).
    struct Item {
        Rank point;
        Rank sort_key;  // the point's key in the coordinate being split on
        bool source;
        bool query;
    };

    // Below this size, comparing all pairs is faster than recursing.
    static constexpr std::size_t kBruteForceSize = 24;

    Rank key(Rank point, std::size_t dim) const { return keys_[point * dims_ + dim]; }
    bool is_dominated(Rank point) const { return dominated_[point] != 0; }

    // Items must be sorted by (key in `dim`, sources first): a source can then
    // dominate only queries after it, whatever ties there are.
    void solve_sorted(std::span<Item> items, std::size_t dim) {
        const std::size_t remaining = dims_ - dim;
        if (items.size() <= kBruteForceSize) return compare_all_pairs(items, dim);
        if (remaining == 2) return sweep_with_minimum(items, dim);
        if (remaining == 3) return sweep_with_fenwick(items, dim);
        auto middle = items.size() / 2;
        auto first = items.first(middle);
        auto second = items.subspan(middle);
        solve_sorted(first, dim);
        solve_sorted(second, dim);
        // Sources of the first half are no worse in `dim` than queries of the
        // second; what remains is one coordinate fewer.
        std::vector<Item> cross;
        // Adds the live sources (or queries) of `half`, in that role alone;
        // false when it has none, and then nothing crosses.
        const auto add_crossing = [&](std::span<const Item> half, bool as_source) {
            bool any = false;
            for (const auto& item : half) {
                if ((as_source ? item.source : item.query) && !is_dominated(item.point)) {
                    cross.push_back(Item{item.point, key(item.point, dim + 1), as_source, !as_source});
                    any = true;
                }
            }
            return any;
        };
        if (!add_crossing(first, true)) return;
        if (!add_crossing(second, false)) return;
        std::sort(cross.begin(), cross.end(), [](const Item& a, const Item& b) {
            return a.sort_key != b.sort_key ? a.sort_key < b.sort_key : a.source > b.source;
        });
        solve_sorted(cross, dim + 1);
    }

    void compare_all_pairs(std::span<Item> items, std::size_t dim) {
        for (const auto& query : items) {
            if (!query.query || is_dominated(query.point)) continue;
            for (const auto& source : items) {
                if (source.source && source.point != query.point && no_worse(source.point, query.point, dim)) {
                    dominated_[query.point] = 1;
                    break;
                }
            }
        }
    }

    bool no_worse(Rank source, Rank query, std::size_t dim) const {
        for (std::size_t d = dim; d < dims_; ++d) {
            if (key(source, d) > key(query, d)) return false;
        }
        return true;
    }

    // Two coordinates left: the sweep order covers the first, a running
    // minimum over the sources seen so far the second.
    void sweep_with_minimum(std::span<Item> items, std::size_t dim) {
        Rank best = kNoRank;
        for (const auto& item : items) {
            if (item.query && !is_dominated(item.point) && best <= key(item.point, dim + 1)) {
                dominated_[item.point] = 1;
            }
            if (item.source && !is_dominated(item.point)) best = std::min(best, key(item.point, dim + 1));
        }
    }

    // Three coordinates left: the sweep order covers the first; a Fenwick
    // tree indexed by the second holds the best third among the sources seen.
    void sweep_with_fenwick(std::span<Item> items, std::size_t dim) {
        for (const auto& item : items) {
            if (item.query && !is_dominated(item.point) &&
                fenwick_.prefix_min(key(item.point, dim + 1)) <= key(item.point, dim + 2)) {
                dominated_[item.point] = 1;
            }
            if (item.source && !is_dominated(item.point)) {
                fenwick_.lower(key(item.point, dim + 1), key(item.point, dim + 2));
            }
        }
        fenwick_.clear();
    }

    std::vector<Rank> keys_;
    std::size_t dims_;
    std::vector<std::uint8_t> dominated_;
    FenwickMin fenwick_;
};

// Outcome indices sorted by utility vector, best first for party 0, then
// party 1, ...; equal vectors by outcome index.
std::vector<std::uint32_t> lexicographic_order(const UtilityMatrix& utilities) {
    std::vector<std::uint32_t> order(utilities.outcome_count());
    std::iota(order.begin(), order.end(), 0U);
    std::sort(order.begin(), order.end(), [&utilities](std::uint32_t a, std::uint32_t b) {
        auto row_a = utilities.row(a);
        auto row_b = utilities.row(b);
        for (std::size_t party = 0; party < row_a.size(); ++party) {
            if (row_a[party] != row_b[party]) return row_a[party] > row_b[party];
        }
        return a < b;
    });
    return order;
}

bool same_row(const UtilityMatrix& utilities, std::uint32_t a, std::uint32_t b) {
    auto row_a = utilities.row(a);
    auto row_b = utilities.row(b);
    return std::equal(row_a.begin(), row_a.end(), row_b.begin());
}

// Keys of the distinct vectors for DominanceFinder: coordinate 0 is the
// position, coordinate c the rank of party c's utility among its distinct
// values (0 = best). Returns the number of distinct values of each party.
std::vector<std::size_t> fill_keys(const UtilityMatrix& utilities, const std::vector<std::uint32_t>& representatives,
                                   std::vector<Rank>& keys) {
    const std::size_t dims = utilities.party_count();
    const std::size_t points = representatives.size();
    keys.assign(points * dims, 0);
    std::vector<std::size_t> distinct(dims, points);
    std::vector<std::pair<double, Rank>> column(points);
    for (std::size_t point = 0; point < points; ++point) keys[point * dims] = static_cast<Rank>(point);
    for (std::size_t party = 1; party < dims; ++party) {
        for (std::size_t point = 0; point < points; ++point) {
            column[point] = {utilities.utility(representatives[point], party), static_cast<Rank>(point)};
        }
        std::sort(column.begin(), column.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
        Rank rank = 0;
        for (std::size_t k = 0; k < points; ++k) {
            if (k > 0 && column[k].first != column[k - 1].first) ++rank;
            keys[column[k].second * dims + party] = rank;
        }
        distinct[party] = points == 0 ? 0 : rank + 1U;
    }
    return distinct;
}

}  // namespace

bool dominates(std::span<const double> a, std::span<const double> b) {
    bool better_somewhere = false;
    for (std::size_t party = 0; party < a.size() && party < b.size(); ++party) {
        if (a[party] < b[party]) return false;
        better_somewhere = better_somewhere || a[party] > b[party];
    }
    return better_somewhere;
}

ParetoFrontier pareto_frontier(const UtilityMatrix& utilities) {
    const auto order = lexicographic_order(utilities);
    // Merge equal vectors: group g holds order[group_start[g] .. group_start[g + 1]).
    std::vector<std::uint32_t> representatives;
    std::vector<std::size_t> group_start;
    for (std::size_t k = 0; k < order.size(); ++k) {
        if (k == 0 || !same_row(utilities, order[k - 1], order[k])) {
            representatives.push_back(order[k]);
            group_start.push_back(k);
        }
    }
    group_start.push_back(order.size());

    std::vector<Rank> keys;
    auto distinct = fill_keys(utilities, representatives, keys);
    const std::size_t dims = utilities.party_count();
    // The Fenwick tree is indexed by the second-to-last coordinate.
    DominanceFinder finder(std::move(keys), dims, representatives.size(), dims >= 3 ? distinct[dims - 2] : 0);
    const auto dominated = finder.run();

    ParetoFrontier frontier;
    for (std::size_t point = 0; point < representatives.size(); ++point) {
        if (dominated[point]) continue;
        auto row = utilities.row(representatives[point]);
        frontier.points.emplace_back(row.begin(), row.end());
        for (std::size_t k = group_start[point]; k < group_start[point + 1]; ++k) frontier.outcomes.push_back(order[k]);
    }
    return frontier;
}

}  // namespace parley::worlds
