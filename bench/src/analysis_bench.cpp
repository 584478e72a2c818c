// 6. Analysis: the Pareto frontier and the Nash point of a generated domain
// of 10^6 outcomes (10^5 with --quick), in this process, with the worlds
// library. Baselines: for 2 parties a plain sort-and-sweep frontier written
// here; for 4 parties, where no simple baseline finishes in reasonable time,
// the target itself; for the Nash point, a scan of every outcome.

#include "sections.hpp"

#include <parley/domains/bargaining_solutions.hpp>
#include <parley/domains/domain_generator.hpp>
#include <parley/domains/pareto.hpp>
#include <parley/domains/utility_matrix.hpp>

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace parley::bench {
namespace {

template <class Work>
double milliseconds_of(Work&& work) {
    const auto began = Clock::now();
    work();
    return std::chrono::duration<double, std::milli>(Clock::now() - began).count();
}

// The 2-party frontier the textbook way: sort by (u0, u1) from the best, then
// keep each outcome that beats every earlier one for party 1 (or repeats the
// last vector kept). Returns how many outcomes are on the frontier.
std::size_t sweep_frontier_size(const worlds::UtilityMatrix& matrix) {
    std::vector<std::uint32_t> order(matrix.outcome_count());
    std::iota(order.begin(), order.end(), 0u);
    std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
        const double a0 = matrix.utility(a, 0);
        const double b0 = matrix.utility(b, 0);
        return a0 != b0 ? a0 > b0 : matrix.utility(a, 1) > matrix.utility(b, 1);
    });
    std::size_t kept = 0;
    double best_other = -std::numeric_limits<double>::infinity();
    double last_own = std::numeric_limits<double>::quiet_NaN();
    for (std::uint32_t outcome : order) {
        const double own = matrix.utility(outcome, 0);
        const double other = matrix.utility(outcome, 1);
        if (other > best_other || (own == last_own && other == best_other)) {
            ++kept;
            best_other = other;
            last_own = own;
        }
    }
    return kept;
}

double gain_product(const worlds::UtilityMatrix& matrix, std::size_t outcome) {
    double product = 1;
    for (std::size_t party = 0; party < matrix.party_count(); ++party) {
        product *= matrix.utility(outcome, party) - matrix.reservation_values()[party];
    }
    return product;
}

// The Nash point by brute force: the largest product of gains over every
// individually rational outcome.
std::size_t scan_nash(const worlds::UtilityMatrix& matrix) {
    const auto reservations = matrix.reservation_values();
    double best = -1;
    std::size_t chosen = 0;
    for (std::size_t outcome = 0; outcome < matrix.outcome_count(); ++outcome) {
        double product = 1;
        for (std::size_t party = 0; party < matrix.party_count() && product >= 0; ++party) {
            const double gain = matrix.utility(outcome, party) - reservations[party];
            product = gain < 0 ? -1 : product * gain;
        }
        if (product > best) {
            best = product;
            chosen = outcome;
        }
    }
    return chosen;
}

std::string with_commas(std::size_t value) {
    auto digits = std::to_string(value);
    for (int at = static_cast<int>(digits.size()) - 3; at > 0; at -= 3) digits.insert(static_cast<std::size_t>(at), ",");
    return digits;
}

}  // namespace

void bench_analysis(const SectionContext& context, Report& report) {
    const std::size_t issues = context.options.quick ? 5 : 6;
    const std::string size = context.options.quick ? "10^5" : "10^6";
    for (std::size_t parties : {2u, 4u}) {
        context.check_stop();
        const auto domain = worlds::generate_domain({issues, 10, parties, 1.0, 7});
        const worlds::UtilityMatrix matrix(domain.space, domain.profiles);
        worlds::ParetoFrontier frontier;
        const double frontier_ms = milliseconds_of([&] { frontier = worlds::pareto_frontier(matrix); });
        std::optional<worlds::SolutionPoint> nash;
        const double nash_ms = milliseconds_of([&] { nash = worlds::nash_point(matrix, frontier); });
        std::size_t scanned_nash = 0;
        const double scan_ms = milliseconds_of([&] { scanned_nash = scan_nash(matrix); });
        spdlog::info("  {} parties: frontier of {} outcomes in {:.1f} ms, Nash point in {:.2f} ms", parties,
                     frontier.outcomes.size(), frontier_ms, nash_ms);
        if (nash && std::fabs(gain_product(matrix, nash->outcome) - gain_product(matrix, scanned_nash)) > 1e-12) {
            spdlog::warn("  the Nash point of the worlds library and the scan disagree");
        }

        const std::string what = std::to_string(parties) + " parties, " + size + " outcomes (" +
                                 with_commas(frontier.outcomes.size()) + " Pareto-optimal)";
        const double target_ms = parties == 2 ? 1000 : 10000;
        if (parties == 2) {
            std::size_t swept = 0;
            const double sweep_ms = milliseconds_of([&] { swept = sweep_frontier_size(matrix); });
            if (swept != frontier.outcomes.size()) {
                spdlog::warn("  the sweep finds {} Pareto-optimal outcomes, the worlds library {}", swept,
                             frontier.outcomes.size());
            }
            report.add({"analysis", "Pareto frontier, " + what, "ms", frontier_ms, sweep_ms,
                        "sort-and-sweep frontier written in bench/ (2 parties only)",
                        Target::figure_at_most(target_ms)});
        } else {
            report.add({"analysis", "Pareto frontier, " + what, "ms", frontier_ms, target_ms, "the target",
                        Target::figure_at_most(target_ms)});
        }
        report.add({"analysis", "Nash point given the frontier, " + what, "ms", nash_ms, scan_ms,
                    "scan of every outcome", std::nullopt});
    }
}

}  // namespace parley::bench
