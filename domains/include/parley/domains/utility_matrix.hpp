#pragma once
// The utility of every outcome for every party, in one flat array (outcome
// after outcome, party after party), which the analysis sweeps without
// allocating per outcome. Row o holds the utilities of outcome o (the outcome
// numbering of OutcomeSpace).

#include <parley/domains/linear_additive_profile.hpp>
#include <parley/domains/outcome_space.hpp>

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace parley::worlds {

// Spaces larger than this are refused before anything is allocated: the
// analysis needs about (8 * parties + 24) bytes per outcome.
inline constexpr std::uint64_t kDefaultMaxAnalysedOutcomes = 20'000'000;
// Outcomes are numbered with 32 bits inside the analysis.
inline constexpr std::uint64_t kMaxAnalysableOutcomes = 0xFFFF'FFFFULL;

class UtilityMatrix {
public:
    // Throws DomainError when there are fewer than 2 or more than 64 profiles,
    // a profile does not fit the space, or the space has more than
    // `max_outcomes` (or kMaxAnalysableOutcomes) outcomes.
    UtilityMatrix(const OutcomeSpace& space, std::span<const LinearAdditiveProfile> profiles,
                  std::uint64_t max_outcomes = kDefaultMaxAnalysedOutcomes);

    // Utilities given directly, for tests and for points that come from
    // elsewhere: `utilities` holds outcome_count rows of `parties` values.
    // Throws DomainError when the sizes disagree, a value is not finite or
    // there are more than kMaxAnalysableOutcomes rows.
    UtilityMatrix(std::size_t parties, std::vector<double> utilities, std::vector<double> reservation_values);

    std::size_t outcome_count() const { return outcomes_; }
    std::size_t party_count() const { return parties_; }
    std::span<const double> row(std::size_t outcome) const {
        return {values_.data() + outcome * parties_, parties_};
    }
    double utility(std::size_t outcome, std::size_t party) const { return values_[outcome * parties_ + party]; }
    std::span<const double> reservation_values() const { return reservations_; }

private:
    std::size_t parties_ = 0;
    std::size_t outcomes_ = 0;
    std::vector<double> values_;
    std::vector<double> reservations_;
};

}  // namespace parley::worlds
