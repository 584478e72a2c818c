#pragma once
// An opponent model whose estimate is one table of weighted value utilities
// with every scale 1 (the disclosed and the Bayesian models): a product by 1
// is exact, so utility_of() sums the table's entries bit for bit.

#include <parley/agents/opponent_model.hpp>

#include <span>
#include <utility>
#include <vector>

namespace parley::agents {

class OneTableModel : public OpponentModel {
public:
    const UtilityTable& rows() const final { return table_; }
    std::span<const double> scales() const final { return ones_; }

protected:
    explicit OneTableModel(UtilityTable table) : table_(std::move(table)), ones_(table_.size(), 1.0) {}
    // The table, for a model that updates its estimate in place.
    UtilityTable& estimate() { return table_; }

private:
    UtilityTable table_;
    std::vector<double> ones_;
};

}  // namespace parley::agents
