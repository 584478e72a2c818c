// The frequency opponent model (HardHeaded; van Krimpen, Looije and Hajizadeh
// 2013), in the form opponent_model.hpp describes.

#include <parley/agents/opponent_model.hpp>

#include <algorithm>
#include <optional>
#include <stdexcept>

namespace parley::agents {
namespace {

class FrequencyModel : public OpponentModel {
public:
    FrequencyModel(const worlds::OutcomeSpace& space, FrequencyModelOptions options)
        : issue_bonus_(options.learning_rate / static_cast<double>(space.issue_count())),
          counts_(space.issue_count()),
          largest_count_(space.issue_count(), 0.0),
          weights_(space.issue_count(), 1.0 / static_cast<double>(space.issue_count())),
          rows_(space.issue_count()),
          scales_(space.issue_count()) {
        if (!(options.learning_rate >= 0.0)) throw std::invalid_argument("frequency model: learning_rate must be >= 0");
        for (std::size_t issue = 0; issue < space.issue_count(); ++issue) {
            counts_[issue].assign(space.issue(issue).size(), 0.0);
            rows_[issue].assign(space.issue(issue).size(), 1.0);
        }
        update_scales();
    }

    std::string_view kind() const override { return "frequency"; }

    void observe_offer(const worlds::Outcome& offer, double time) override {
        const double evidence = offer_evidence(time);
        if (previous_) reward_unchanged_issues(offer, evidence);
        for (std::size_t issue = 0; issue < offer.size(); ++issue) {
            auto& count = counts_[issue][offer[issue]];
            count += evidence;
            rows_[issue][offer[issue]] = count + 1.0;
            largest_count_[issue] = std::max(largest_count_[issue], count);
        }
        previous_ = offer;
        update_scales();
        note_change();
    }

    const UtilityTable& rows() const override { return rows_; }
    std::span<const double> scales() const override { return scales_; }
    double reservation_value() const override { return 0.0; }

private:
    // A party that keeps an issue's value while it concedes elsewhere cares about that issue.
    void reward_unchanged_issues(const worlds::Outcome& offer, double evidence) {
        double total = 0.0;
        for (std::size_t issue = 0; issue < offer.size(); ++issue) {
            if (offer[issue] == (*previous_)[issue]) weights_[issue] += issue_bonus_ * evidence;
            total += weights_[issue];
        }
        for (auto& weight : weights_) weight /= total;
    }

    // rows_ hold count + 1 and scales_ weight / (largest count + 1): their
    // product is the weighted value utility.
    void update_scales() {
        for (std::size_t issue = 0; issue < scales_.size(); ++issue) {
            scales_[issue] = weights_[issue] / (largest_count_[issue] + 1.0);
        }
    }

    double issue_bonus_;
    std::vector<std::vector<double>> counts_;  // offers of each value, weighted by their evidence
    std::vector<double> largest_count_;
    std::vector<double> weights_;
    std::optional<worlds::Outcome> previous_;
    UtilityTable rows_;
    std::vector<double> scales_;
};

}  // namespace

std::unique_ptr<OpponentModel> make_frequency_model(const worlds::OutcomeSpace& space, FrequencyModelOptions options) {
    return std::make_unique<FrequencyModel>(space, options);
}

}  // namespace parley::agents
