#pragma once
// Seeded random domains for experiments and tests. The same parameters give
// byte-identical domains on every machine: the generator draws from
// std::mt19937_64 (whose output the standard fixes) and turns the draws into
// numbers with its own arithmetic, using only +, -, *, / (exact IEEE
// operations), never std:: distributions or transcendental functions, whose
// results differ between standard libraries.
//
// How the opposition parameter t in [0, 1] shapes the profiles:
//   - a shared profile (weights and value utilities) is drawn once;
//   - an "opposed" value utility is drawn for every party: for each value of
//     each issue, the parties' shares of one unit (a random point of the
//     simplex), so what is good for one party is bad for the others;
//   - an own weight vector is drawn for every party;
//   - shared and opposed value utilities are rescaled per issue to span [0, 1];
//   - party p's value utilities are (1 - t) * shared + t * opposed_p, and its
//     weights (1 - t) * shared + t * own_p.
// Value utilities are then rescaled per issue to span [0, 1] and weights to
// sum to 1, so every profile has minimum utility 0 and maximum utility 1.
// t = 0 gives identical (fully aligned) profiles; t = 1 gives two parties
// whose value utilities sum to 1 on every issue, opposed except for the
// trade-offs that their different weights allow. Reservation values are 0
// and discount factors 1.

#include <parley/domains/domain.hpp>

#include <cstddef>
#include <cstdint>

namespace parley::worlds {

struct GeneratorParameters {
    std::size_t issues = 3;            // 1 .. kMaxGeneratedIssues
    std::size_t values_per_issue = 5;  // 1 .. kMaxGeneratedValues
    std::size_t parties = 2;           // 1 .. kMaxGeneratedParties
    double opposition = 0.5;           // 0 (aligned) .. 1 (opposed)
    std::uint64_t seed = 0;
};

inline constexpr std::size_t kMaxGeneratedIssues = 64;
inline constexpr std::size_t kMaxGeneratedValues = 1000;
inline constexpr std::size_t kMaxGeneratedParties = 64;

// Issues are named "issue1".., values "v1".., profiles "party1"..; the domain
// is named "generated". Throws DomainError for parameters out of range.
Domain generate_domain(const GeneratorParameters& parameters);

}  // namespace parley::worlds
