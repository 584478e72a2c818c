// parley domain analyze: what a negotiation domain offers its parties.

#include "commands.hpp"

#include <parley/protocol/json.hpp>
#include <parley/domains/domain.hpp>
#include <parley/domains/domain_analysis.hpp>
#include <parley/domains/domain_error.hpp>

#include <spdlog/spdlog.h>

#include <iomanip>
#include <iostream>
#include <sstream>

namespace parley::cli {
namespace {

struct AnalyzeOptions {
    std::vector<std::string> profiles;
    std::string domain_file;
    bool json = false;
    std::uint64_t max_outcomes = worlds::kDefaultMaxAnalysedOutcomes;
    std::size_t show_frontier = 10;
};

std::string format_utilities(const std::vector<double>& utilities) {
    std::ostringstream text;
    text << std::fixed << std::setprecision(4) << "(";
    for (std::size_t i = 0; i < utilities.size(); ++i) text << (i ? ", " : "") << utilities[i];
    return text.str() + ")";
}

void print_point(const char* label, const worlds::OutcomeSpace& space,
                 const std::optional<worlds::SolutionPoint>& point) {
    std::cout << "  " << std::left << std::setw(12) << label;
    if (!point) {
        std::cout << "none: no outcome gives every party its reservation value\n";
        return;
    }
    std::cout << format_utilities(point->utilities) << "  " << space.describe(space.outcome_at(point->outcome))
              << "\n";
}

int analyze(const AnalyzeOptions& options) {
    const std::vector<std::filesystem::path> profiles(options.profiles.begin(), options.profiles.end());
    auto domain = options.domain_file.empty() ? worlds::load_domain_from_profiles(profiles)
                                              : worlds::load_domain(options.domain_file, profiles);
    spdlog::info("analysing '{}': {} outcomes, {} parties", domain.name, domain.space.outcome_count(),
                 domain.profiles.size());
    auto analysis = worlds::analyze_domain(domain.space, domain.profiles, options.max_outcomes);
    if (options.json) {
        std::cout << protocol::dump_json(worlds::analysis_report(domain.space, analysis), 2) << "\n";
        return 0;
    }
    std::cout << "domain " << domain.name << ": " << analysis.outcome_count << " outcomes, "
              << domain.profiles.size() << " parties (";
    for (std::size_t i = 0; i < domain.profiles.size(); ++i) {
        std::cout << (i ? ", " : "") << domain.profiles[i].name() << " reservation "
                  << domain.profiles[i].reservation_value();
    }
    std::cout << ")\n  opposition  " << std::fixed << std::setprecision(4) << analysis.opposition << "\n";
    print_point("nash", domain.space, analysis.nash);
    print_point("kalai", domain.space, analysis.kalai);
    print_point("max welfare", domain.space, analysis.max_welfare);
    const auto& frontier = analysis.frontier.points;
    std::cout << "  pareto      " << frontier.size() << " points";
    const auto shown = std::min(frontier.size(), options.show_frontier);
    std::cout << (shown < frontier.size() ? " (first " + std::to_string(shown) + "; --frontier N for more)" : "")
              << "\n";
    for (std::size_t i = 0; i < shown; ++i) std::cout << "              " << format_utilities(frontier[i]) << "\n";
    return 0;
}

}  // namespace

Command add_domain_command(CLI::App& app) {
    auto* command = app.add_subcommand("domain", "Negotiation domains: analyse GENIUS and GeniusWeb files");
    command->require_subcommand(1);
    auto* analyze_command = command->add_subcommand(
        "analyze", "Pareto frontier, Nash, Kalai and max-welfare points and opposition of a set of profiles");
    analyze_command->fallthrough();  // --log-level belongs to the parent commands
    auto options = std::make_shared<AnalyzeOptions>();
    analyze_command->add_option("profiles", options->profiles, "Profile files, one per party (GENIUS XML or "
                                                               "GeniusWeb JSON)")
        ->required()
        ->check(CLI::ExistingFile);
    analyze_command->add_option("--domain", options->domain_file, "The domain file, when the profiles need one")
        ->check(CLI::ExistingFile);
    analyze_command->add_flag("--json", options->json, "Print one JSON object instead of a table");
    analyze_command->add_option("--max-outcomes", options->max_outcomes, "Refuse larger outcome spaces")
        ->capture_default_str();
    analyze_command->add_option("--frontier", options->show_frontier, "Pareto points to list in the table")
        ->capture_default_str();
    return {command, [options] {
                try {
                    return analyze(*options);
                } catch (const worlds::DomainError& error) {
                    spdlog::error("{}", error.what());
                    return 1;
                }
            }};
}

}  // namespace parley::cli
