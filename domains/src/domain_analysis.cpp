#include <parley/domains/domain_analysis.hpp>

namespace parley::worlds {
namespace {

using Json = nlohmann::ordered_json;

Json point_json(const OutcomeSpace& space, const std::optional<SolutionPoint>& point) {
    if (!point) return nullptr;
    auto outcome = space.outcome_at(point->outcome);
    Json values = Json::object();
    for (std::size_t issue = 0; issue < space.issue_count(); ++issue) {
        values[space.issue(issue).name()] = space.issue(issue).value_name(outcome[issue]);
    }
    return Json{{"outcome", std::move(values)}, {"utilities", point->utilities}};
}

}  // namespace

DomainAnalysis analyze_domain(const OutcomeSpace& space, std::span<const LinearAdditiveProfile> profiles,
                              std::uint64_t max_outcomes) {
    UtilityMatrix utilities(space, profiles, max_outcomes);
    DomainAnalysis analysis;
    analysis.outcome_count = space.outcome_count();
    analysis.frontier = pareto_frontier(utilities);
    analysis.nash = nash_point(utilities, analysis.frontier);
    analysis.kalai = kalai_point(utilities, analysis.frontier);
    analysis.max_welfare = max_welfare_point(utilities, analysis.frontier);
    analysis.opposition = opposition_level(utilities, analysis.frontier);
    return analysis;
}

Json analysis_report(const OutcomeSpace& space, const DomainAnalysis& analysis) {
    Json report = Json::object();
    report["outcomes"] = analysis.outcome_count;
    report["pareto"] = analysis.frontier.points;
    report["nash"] = point_json(space, analysis.nash);
    report["kalai"] = point_json(space, analysis.kalai);
    report["max_welfare"] = point_json(space, analysis.max_welfare);
    report["opposition"] = analysis.opposition;
    return report;
}

Json analysis_report(const OutcomeSpace& space, std::span<const LinearAdditiveProfile> profiles,
                     std::uint64_t max_outcomes) {
    return analysis_report(space, analyze_domain(space, profiles, max_outcomes));
}

}  // namespace parley::worlds
