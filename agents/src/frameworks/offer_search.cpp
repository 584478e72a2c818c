// The candidate pool and the constructive searches of offer_search.hpp.

#include <parley/agents/offer_search.hpp>

#include <parley/core/determinism.hpp>

#include <algorithm>
#include <numeric>
#include <stdexcept>
#include <unordered_set>
#include <utility>

namespace parley::agents {

CandidatePool::CandidatePool(const worlds::OutcomeSpace& space, UtilityTable own, std::size_t limit,
                             std::mt19937_64& engine)
    : issues_(space.issue_count()), own_(std::move(own)) {
    if (own_.size() != issues_) throw std::invalid_argument("candidate pool: the utility table does not fit the space");
    for (std::size_t issue = 0; issue < issues_; ++issue) {
        if (own_[issue].size() != space.issue(issue).size() || own_[issue].size() > UINT32_MAX) {
            throw std::invalid_argument("candidate pool: the utility table does not fit issue " +
                                        space.issue(issue).name());
        }
        auto& sorted = sorted_values_.emplace_back(own_[issue].size());
        std::iota(sorted.begin(), sorted.end(), 0U);
        const auto& row = own_[issue];
        std::stable_sort(sorted.begin(), sorted.end(),
                         [&row](std::uint32_t a, std::uint32_t b) { return row[a] < row[b]; });
    }
    limit = effective_limit(space, limit);
    if (space.outcome_count() <= limit) {
        exhaustive_ = true;
        enumerate(space);
    } else {
        build_ladder(space, limit, engine);
    }
}

std::size_t CandidatePool::effective_limit(const worlds::OutcomeSpace& space, std::size_t limit) {
    const std::size_t issues = std::max<std::size_t>(1, space.issue_count());
    return std::clamp<std::size_t>(limit, 1, std::max<std::size_t>(1, kMaxStoredValues / issues));
}

std::shared_ptr<const CandidatePool> CandidatePool::shared(const worlds::OutcomeSpace& space, UtilityTable own,
                                                           std::size_t limit, std::mt19937_64& engine) {
    if (space.outcome_count() > effective_limit(space, limit)) {
        return std::make_shared<const CandidatePool>(space, std::move(own), limit, engine);
    }
    struct Entry {
        std::vector<std::size_t> shape;  // values per issue
        UtilityTable own;
        std::size_t limit;
        std::shared_ptr<const CandidatePool> pool;
    };
    constexpr std::size_t kKept = 8;
    thread_local std::vector<Entry> recent;  // most recently used first
    std::vector<std::size_t> shape;
    for (std::size_t issue = 0; issue < space.issue_count(); ++issue) shape.push_back(space.issue(issue).size());
    for (auto entry = recent.begin(); entry != recent.end(); ++entry) {
        if (entry->limit == limit && entry->shape == shape && entry->own == own) {
            std::rotate(recent.begin(), entry, entry + 1);
            return recent.front().pool;
        }
    }
    auto pool = std::make_shared<const CandidatePool>(space, own, limit, engine);
    recent.insert(recent.begin(), Entry{std::move(shape), std::move(own), limit, pool});
    if (recent.size() > kKept) recent.pop_back();
    return pool;
}

worlds::Outcome CandidatePool::outcome(std::size_t k) const {
    const auto row = values(k);
    return worlds::Outcome(row.begin(), row.end());
}

std::size_t CandidatePool::count_at_least(double level) const {
    // utilities_ decreases: the first candidate below `level` ends the run of those at least `level`.
    auto first_below = std::partition_point(utilities_.begin(), utilities_.end(),
                                            [level](double utility) { return utility >= level; });
    return static_cast<std::size_t>(first_below - utilities_.begin());
}

void CandidatePool::enumerate(const worlds::OutcomeSpace& space) {
    std::vector<worlds::Outcome> outcomes(static_cast<std::size_t>(space.outcome_count()));
    for (std::size_t index = 0; index < outcomes.size(); ++index) space.outcome_at(index, outcomes[index]);
    store_sorted(space, std::move(outcomes));
}

// Rungs evenly spaced over [worst, best], each jittered within its step, each
// built from its own random start: different make-ups at every level.
void CandidatePool::build_ladder(const worlds::OutcomeSpace& space, std::size_t limit, std::mt19937_64& engine) {
    double worst = 0.0;
    double best = 0.0;
    for (const auto& row : own_) {
        auto [low, high] = std::minmax_element(row.begin(), row.end());
        worst += *low;
        best += *high;
    }
    std::vector<worlds::Outcome> outcomes;
    outcomes.reserve(limit);
    outcomes.push_back(construct_near(best, engine));  // the best outcome itself
    std::unordered_set<worlds::OutcomeIndex> seen{space.index_of(outcomes.back())};
    const std::size_t rungs = limit - 1;
    for (std::size_t rung = 0; rung < rungs; ++rung) {
        const double position = (static_cast<double>(rung) + core::portable::unit_draw(engine)) / static_cast<double>(rungs);
        auto candidate = construct_near(worst + (best - worst) * position, engine);
        if (seen.insert(space.index_of(candidate)).second) outcomes.push_back(std::move(candidate));
    }
    store_sorted(space, std::move(outcomes));
}

void CandidatePool::store_sorted(const worlds::OutcomeSpace& space, std::vector<worlds::Outcome> outcomes) {
    struct Entry {
        double utility;
        worlds::OutcomeIndex index;
        std::size_t position;
    };
    std::vector<Entry> entries;
    entries.reserve(outcomes.size());
    for (std::size_t k = 0; k < outcomes.size(); ++k) {
        entries.push_back({table_utility(own_, outcomes[k]), space.index_of(outcomes[k]), k});
    }
    std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
        return a.utility != b.utility ? a.utility > b.utility : a.index < b.index;
    });
    values_.clear();
    values_.reserve(entries.size() * issues_);
    utilities_.clear();
    utilities_.reserve(entries.size());
    for (const auto& entry : entries) {
        for (std::size_t value : outcomes[entry.position]) values_.push_back(static_cast<std::uint32_t>(value));
        utilities_.push_back(entry.utility);
    }
}

std::size_t CandidatePool::position_at_least(std::size_t issue, double need) const {
    const auto& sorted = sorted_values_[issue];
    const auto& row = own_[issue];
    auto found = std::partition_point(sorted.begin(), sorted.end(), [&](std::uint32_t v) { return row[v] < need; });
    return static_cast<std::size_t>(found - sorted.begin());
}

std::size_t CandidatePool::value_at_least(std::size_t issue, double need) const {
    const auto& sorted = sorted_values_[issue];
    return sorted[std::min(position_at_least(issue, need), sorted.size() - 1)];
}

// Two passes over the issues in a random order. The first moves each issue to
// the value that brings the sum nearest the level; the second raises each to
// the smallest value that keeps the sum at least the level (when one does),
// so the result ends just above the level wherever the values allow.
worlds::Outcome CandidatePool::construct_near(double level, std::mt19937_64& engine) const {
    worlds::Outcome outcome(issues_);
    std::vector<std::size_t> order(issues_);
    std::iota(order.begin(), order.end(), std::size_t{0});
    for (std::size_t i = issues_; i > 1; --i) {  // Fisher-Yates with portable draws
        std::swap(order[i - 1], order[static_cast<std::size_t>(core::portable::pick_index(engine, i))]);
    }
    double sum = 0.0;
    for (std::size_t issue = 0; issue < issues_; ++issue) {
        outcome[issue] = static_cast<std::size_t>(core::portable::pick_index(engine, own_[issue].size()));
        sum += own_[issue][outcome[issue]];
    }
    auto set_value = [&](std::size_t issue, std::size_t value) {
        sum += own_[issue][value] - own_[issue][outcome[issue]];
        outcome[issue] = value;
    };
    for (std::size_t issue : order) {
        const auto& row = own_[issue];
        const auto& sorted = sorted_values_[issue];
        if (row[sorted.front()] == row[sorted.back()]) continue;  // all values alike: keep the random one
        const double need = level - (sum - row[outcome[issue]]);
        const std::size_t at = position_at_least(issue, need);
        std::size_t nearest = sorted[std::min(at, sorted.size() - 1)];
        // The value just below in the sorted order may be nearer the need.
        if (at > 0 && (at == sorted.size() || need - row[sorted[at - 1]] < row[nearest] - need))
            nearest = sorted[at - 1];
        set_value(issue, nearest);
    }
    for (std::size_t issue : order) {
        const auto& row = own_[issue];
        if (row[sorted_values_[issue].front()] == row[sorted_values_[issue].back()]) continue;
        set_value(issue, value_at_least(issue, level - (sum - row[outcome[issue]])));
    }
    return outcome;
}

worlds::Outcome weighted_sum_optimum(std::span<const UtilityTable* const> tables, std::span<const double> lambdas) {
    if (tables.empty() || tables.size() != lambdas.size()) {
        throw std::invalid_argument("weighted_sum_optimum: one weight per table, at least one table");
    }
    const std::size_t issues = tables.front()->size();
    worlds::Outcome outcome(issues, 0);
    for (std::size_t issue = 0; issue < issues; ++issue) {
        const std::size_t values = (*tables.front())[issue].size();
        double best = 0.0;
        for (std::size_t value = 0; value < values; ++value) {
            double sum = 0.0;
            for (std::size_t t = 0; t < tables.size(); ++t) sum += lambdas[t] * (*tables[t])[issue][value];
            if (value == 0 || sum > best) {
                best = sum;
                outcome[issue] = value;
            }
        }
    }
    return outcome;
}

}  // namespace parley::agents
