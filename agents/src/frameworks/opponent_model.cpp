// Utility tables and the disclosed "model": the party's true profile.

#include "one_table_model.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <utility>

namespace parley::agents {

double offer_evidence(double time) {
    const double t = std::isnan(time) ? 0.0 : std::clamp(time, 0.0, 1.0);
    return 1.0 - 0.9 * t;
}

UtilityTable utility_table(const worlds::LinearAdditiveProfile& profile) {
    UtilityTable table(profile.issue_count());
    for (std::size_t issue = 0; issue < table.size(); ++issue) {
        const auto weighted = profile.weighted_utilities(issue);
        table[issue].assign(weighted.begin(), weighted.end());
    }
    return table;
}

double table_utility(const UtilityTable& table, const worlds::Outcome& outcome) {
    double sum = 0.0;
    for (std::size_t issue = 0; issue < table.size(); ++issue) sum += table[issue][outcome[issue]];
    return sum;
}

UtilityTable OpponentModel::table() const {
    UtilityTable table = rows();
    const auto scale = scales();
    for (std::size_t issue = 0; issue < table.size(); ++issue) {
        for (auto& entry : table[issue]) entry *= scale[issue];
    }
    return table;
}

namespace {

// Its table is the profile's: its estimate is the profile's utility, bit for bit.
class DisclosedModel : public OneTableModel {
public:
    explicit DisclosedModel(std::shared_ptr<const worlds::LinearAdditiveProfile> profile)
        : OneTableModel(utility_table(*profile)), profile_(std::move(profile)) {}

    std::string_view kind() const override { return "disclosed"; }
    void observe_offer(const worlds::Outcome&, double) override {}  // nothing to learn: the truth is known
    double reservation_value() const override { return profile_->reservation_value(); }

private:
    std::shared_ptr<const worlds::LinearAdditiveProfile> profile_;
};

}  // namespace

std::unique_ptr<OpponentModel> make_disclosed_model(std::shared_ptr<const worlds::LinearAdditiveProfile> profile) {
    if (!profile) throw std::invalid_argument("a disclosed model needs a profile");
    return std::make_unique<DisclosedModel>(std::move(profile));
}

}  // namespace parley::agents
