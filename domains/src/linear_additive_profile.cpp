#include <parley/domains/domain_error.hpp>
#include <parley/domains/linear_additive_profile.hpp>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <utility>

namespace parley::worlds {
namespace {

void check_shape_and_ranges(const std::string& name, const std::vector<double>& weights,
                            const std::vector<std::vector<double>>& value_utilities) {
    const std::string who = "profile '" + name + "': ";
    if (weights.empty()) throw DomainError(who + "no issues");
    if (weights.size() != value_utilities.size()) {
        throw DomainError(who + std::to_string(weights.size()) + " issue weights but value utilities for " +
                          std::to_string(value_utilities.size()) + " issues");
    }
    for (std::size_t i = 0; i < weights.size(); ++i) {
        if (!std::isfinite(weights[i]) || weights[i] < 0.0) {
            throw DomainError(who + "the weight of issue " + std::to_string(i + 1) + " is negative or not a number");
        }
        if (value_utilities[i].empty()) throw DomainError(who + "issue " + std::to_string(i + 1) + " has no values");
        for (double utility : value_utilities[i]) {
            if (!(utility >= 0.0 && utility <= 1.0)) {  // also refuses NaN
                throw DomainError(who + "a value utility of issue " + std::to_string(i + 1) + " is outside [0, 1]");
            }
        }
    }
}

}  // namespace

LinearAdditiveProfile::LinearAdditiveProfile(std::string name, std::vector<double> issue_weights,
                                             std::vector<std::vector<double>> value_utilities,
                                             double reservation_value, double discount_factor)
    : name_(std::move(name)),
      weights_(std::move(issue_weights)),
      value_utilities_(std::move(value_utilities)),
      reservation_value_(reservation_value),
      discount_factor_(discount_factor) {
    check_shape_and_ranges(name_, weights_, value_utilities_);
    if (!std::isfinite(reservation_value_)) {
        throw DomainError("profile '" + name_ + "': the reservation value is not a finite number");
    }
    if (!(discount_factor_ > 0.0 && discount_factor_ <= 1.0)) {
        throw DomainError("profile '" + name_ + "': the discount factor is outside (0, 1]");
    }
    weighted_.resize(weights_.size());
    for (std::size_t i = 0; i < weights_.size(); ++i) {
        for (double utility : value_utilities_[i]) weighted_[i].push_back(weights_[i] * utility);
        max_utility_ += *std::max_element(weighted_[i].begin(), weighted_[i].end());
        min_utility_ += *std::min_element(weighted_[i].begin(), weighted_[i].end());
    }
}

double LinearAdditiveProfile::utility(const Outcome& outcome) const {
    if (outcome.size() != weighted_.size()) throw std::out_of_range("outcome does not fit the profile");
    double sum = 0.0;
    for (std::size_t i = 0; i < weighted_.size(); ++i) sum += weighted_[i].at(outcome[i]);
    return sum;
}

bool LinearAdditiveProfile::fits(const OutcomeSpace& space) const {
    if (space.issue_count() != weighted_.size()) return false;
    for (std::size_t i = 0; i < weighted_.size(); ++i) {
        if (space.issue(i).size() != weighted_[i].size()) return false;
    }
    return true;
}

void check_profiles_fit(const OutcomeSpace& space, std::span<const LinearAdditiveProfile> profiles) {
    for (const auto& profile : profiles) {
        if (!profile.fits(space)) {
            throw DomainError("profile '" + profile.name() +
                              "' does not fit the outcome space (its issues or values differ)");
        }
    }
}

}  // namespace parley::worlds
