#pragma once
// Linear additive utility profiles, the preference model of GENIUS and
// GeniusWeb: utility(outcome) = sum over issues i of weight_i * u_i(value_i),
// with every value utility u_i in [0, 1]. A profile also carries the
// reservation value (the utility of no agreement) and a discount factor.

#include <parley/domains/outcome_space.hpp>

#include <cstddef>
#include <span>
#include <string>
#include <vector>

namespace parley::worlds {

class LinearAdditiveProfile {
public:
    // Throws DomainError when the shapes do not agree (one weight and one list
    // of value utilities per issue), a weight is negative or not finite, a
    // value utility is outside [0, 1], the reservation value is not finite or
    // the discount factor is outside (0, 1].
    LinearAdditiveProfile(std::string name, std::vector<double> issue_weights,
                          std::vector<std::vector<double>> value_utilities, double reservation_value = 0.0,
                          double discount_factor = 1.0);

    const std::string& name() const { return name_; }
    void set_name(std::string name) { name_ = std::move(name); }

    std::size_t issue_count() const { return weights_.size(); }
    double issue_weight(std::size_t issue) const { return weights_.at(issue); }
    double value_utility(std::size_t issue, std::size_t value) const { return value_utilities_.at(issue).at(value); }
    const std::vector<std::vector<double>>& value_utilities() const { return value_utilities_; }
    double reservation_value() const { return reservation_value_; }
    double discount_factor() const { return discount_factor_; }

    // weight_i * u_i(v) for every issue and value: the contribution of each
    // choice, precomputed so that utility() is one addition per issue.
    std::span<const double> weighted_utilities(std::size_t issue) const { return weighted_.at(issue); }

    // The sum is taken from the first issue to the last; UtilityMatrix adds in
    // the same order, so both give the same double for the same outcome.
    // Throws std::out_of_range when the outcome does not fit the profile.
    double utility(const Outcome& outcome) const;
    // Exact extremes over all outcomes: the profile is additive, so they are
    // the sums of the per-issue extremes.
    double max_utility() const { return max_utility_; }
    double min_utility() const { return min_utility_; }

    // True when the profile has one value utility for each value of each issue of the space.
    bool fits(const OutcomeSpace& space) const;

private:
    std::string name_;
    std::vector<double> weights_;
    std::vector<std::vector<double>> value_utilities_;
    std::vector<std::vector<double>> weighted_;
    double reservation_value_;
    double discount_factor_;
    double max_utility_ = 0.0;
    double min_utility_ = 0.0;
};

// Throws DomainError naming the first profile that does not fit the space.
void check_profiles_fit(const OutcomeSpace& space, std::span<const LinearAdditiveProfile> profiles);

}  // namespace parley::worlds
