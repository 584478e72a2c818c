#pragma once
// Everything `parley domain analyze` reports about a domain: the Pareto
// frontier, the Nash, Kalai-Smorodinsky and maximum-welfare points and the
// opposition level (definitions in pareto.hpp and bargaining_solutions.hpp).

#include <parley/domains/bargaining_solutions.hpp>
#include <parley/domains/domain.hpp>
#include <parley/domains/pareto.hpp>
#include <parley/domains/utility_matrix.hpp>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <span>

namespace parley::worlds {

struct DomainAnalysis {
    std::uint64_t outcome_count = 0;
    ParetoFrontier frontier;
    std::optional<SolutionPoint> nash;   // nullopt: no individually rational outcome
    std::optional<SolutionPoint> kalai;  // nullopt: no individually rational outcome
    SolutionPoint max_welfare;
    double opposition = 0.0;
};

// Throws DomainError as UtilityMatrix does (fewer than 2 profiles, a profile
// that does not fit, a space larger than max_outcomes).
DomainAnalysis analyze_domain(const OutcomeSpace& space, std::span<const LinearAdditiveProfile> profiles,
                              std::uint64_t max_outcomes = kDefaultMaxAnalysedOutcomes);

// One JSON object:
//   {"outcomes": n,
//    "pareto": [[u_1, .., u_m], ..],           distinct frontier vectors, in ParetoFrontier order
//    "nash": {"outcome": {issue: value, ..}, "utilities": [u_1, .., u_m]} or null,
//    "kalai": same or null, "max_welfare": same,
//    "opposition": x}
// Utilities are in profile order; null means no outcome is individually rational.
nlohmann::ordered_json analysis_report(const OutcomeSpace& space, const DomainAnalysis& analysis);
nlohmann::ordered_json analysis_report(const OutcomeSpace& space, std::span<const LinearAdditiveProfile> profiles,
                                       std::uint64_t max_outcomes = kDefaultMaxAnalysedOutcomes);

}  // namespace parley::worlds
