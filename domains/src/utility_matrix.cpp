#include <parley/domains/domain.hpp>
#include <parley/domains/domain_error.hpp>
#include <parley/domains/utility_matrix.hpp>

#include <algorithm>
#include <cmath>
#include <string>

namespace parley::worlds {
namespace {

constexpr std::size_t kMaxParties = 64;

void check_party_count(std::size_t parties) {
    if (parties < 2 || parties > kMaxParties) {
        throw DomainError("the analysis needs 2 to " + std::to_string(kMaxParties) + " profiles, not " +
                          std::to_string(parties));
    }
}

// Fills column `party` of the matrix by extending the utilities of the
// outcomes of the first k issues to those of the first k + 1 issues, in
// place and from the back, so that each outcome costs one addition and the
// sum runs from the first issue to the last, as in LinearAdditiveProfile::utility().
void fill_column(std::vector<double>& values, std::size_t parties, std::size_t party,
                 const LinearAdditiveProfile& profile) {
    std::size_t prefix_outcomes = 1;
    values[party] = 0.0;
    for (std::size_t issue = 0; issue < profile.issue_count(); ++issue) {
        auto contributions = profile.weighted_utilities(issue);
        const std::size_t size = contributions.size();
        for (std::size_t prefix = prefix_outcomes; prefix-- > 0;) {
            const double before = values[prefix * parties + party];
            for (std::size_t v = size; v-- > 0;) {
                values[(prefix * size + v) * parties + party] = before + contributions[v];
            }
        }
        prefix_outcomes *= size;
    }
}

}  // namespace

UtilityMatrix::UtilityMatrix(const OutcomeSpace& space, std::span<const LinearAdditiveProfile> profiles,
                             std::uint64_t max_outcomes)
    : parties_(profiles.size()) {
    check_party_count(parties_);
    check_profiles_fit(space, profiles);
    max_outcomes = std::min(max_outcomes, kMaxAnalysableOutcomes);
    if (space.outcome_count() > max_outcomes) {
        throw DomainError("the outcome space has " + std::to_string(space.outcome_count()) +
                          " outcomes, more than the " + std::to_string(max_outcomes) + " that the analysis accepts");
    }
    outcomes_ = static_cast<std::size_t>(space.outcome_count());
    values_.resize(outcomes_ * parties_);
    for (std::size_t party = 0; party < parties_; ++party) {
        fill_column(values_, parties_, party, profiles[party]);
        reservations_.push_back(profiles[party].reservation_value());
    }
}

UtilityMatrix::UtilityMatrix(std::size_t parties, std::vector<double> utilities, std::vector<double> reservation_values)
    : parties_(parties), values_(std::move(utilities)), reservations_(std::move(reservation_values)) {
    check_party_count(parties_);
    if (values_.empty() || values_.size() % parties_ != 0) {
        throw DomainError("utilities must hold a positive whole number of rows of " + std::to_string(parties_));
    }
    if (reservations_.size() != parties_) throw DomainError("one reservation value per party is needed");
    for (double value : values_) {
        if (!std::isfinite(value)) throw DomainError("a utility is not a finite number");
    }
    for (double value : reservations_) {
        if (!std::isfinite(value)) throw DomainError("a reservation value is not a finite number");
    }
    outcomes_ = values_.size() / parties_;
    if (outcomes_ > kMaxAnalysableOutcomes) throw DomainError("too many outcomes for the analysis");
}

}  // namespace parley::worlds
