#include <parley/runner/game_run.hpp>

#include "game_session.hpp"

#include <parley/games/tournament.hpp>
#include <parley/core/determinism.hpp>

#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <iomanip>
#include <limits>
#include <sstream>

namespace parley::runner {
namespace {

// The stream of the Moran runs' seeds: "moran" in ASCII, far above any match index.
constexpr std::uint64_t kPopulationStream = 0x6D6F72616EULL;

struct Player {
    std::string strategy;
    std::map<std::string, std::string> parameters;
    std::string label;  // the participant: unique in the roster
    std::string entry;  // the roster entry it comes from: what rankings are by
};

struct GameMatch {
    std::uint64_t index = 0;
    std::uint64_t seed = 0;
    std::string group;
    std::string game;
    worlds::GameSettings settings;  // validated, every parameter filled in, the game's seed
    std::vector<Player> players;
};

// The metrics of every match (worlds::GameResult), by name, as matches.csv
// and summary.csv head them; `heading`: in the summary table (empty: not shown).
struct CommonMetric {
    const char* name;
    const char* heading;
    double worlds::GameResult::*value;
};
constexpr std::array<CommonMetric, 6> kCommonMetrics = {{
    {"cooperation_rate", "cooperation", &worlds::GameResult::cooperation_rate},
    {"efficiency", "efficiency", &worlds::GameResult::efficiency},
    {"equality", "equality", &worlds::GameResult::equality},
    {"timing", "", &worlds::GameResult::timing},
    {"peace", "", &worlds::GameResult::peace},
    {"nash_welfare", "", &worlds::GameResult::nash_welfare},
}};

// matches.csv held the commons' resource_left among the common metrics, for
// every game, before games declared their own metrics: it keeps that column
// (after timing; empty for a game without it), and every other game metric
// follows the common ones.
constexpr const char* kKeptGameMetric = "resource_left";
constexpr const char* kKeptAfter = "timing";

// The scenario's shape and its games' descriptions decide the layout.
struct Columns {
    std::size_t positions = 2;                 // the most players of any match
    std::vector<worlds::NumberInfo> metrics;   // every game metric of the scenario's games, in order of appearance
};

Columns columns_of(const worlds::Scenario& scenario) {
    Columns columns;
    for (const auto& point : scenario.points) {
        columns.positions = std::max(columns.positions, point.resolved.matching.group_size);
        const auto& game = std::get<worlds::GameWorld>(point.resolved.world).game;
        if (const auto* info = worlds::GameRegistry::builtin().find(game)) {
            for (const auto& metric : info->metrics) {
                const auto same = [&metric](const worlds::NumberInfo& known) { return known.name == metric.name; };
                if (std::none_of(columns.metrics.begin(), columns.metrics.end(), same)) columns.metrics.push_back(metric);
            }
        }
    }
    return columns;
}

// A metric column of matches.csv: a common metric (its member of
// GameResult) or, with no member, a game metric (empty for a game without it).
struct MetricColumn {
    std::string name;
    double worlds::GameResult::*common = nullptr;

    std::string cell(const worlds::GameResult& result) const {
        return common != nullptr ? csv_number(result.*common) : csv_number(result.metric(name));
    }
};

// The metric columns of matches.csv, in order.
std::vector<MetricColumn> match_metric_columns(const Columns& columns) {
    std::vector<MetricColumn> metrics;
    for (const auto& common : kCommonMetrics) {
        metrics.push_back({common.name, common.value});
        if (std::string_view(common.name) == kKeptAfter) metrics.push_back({kKeptGameMetric});
    }
    for (const auto& metric : columns.metrics) {
        if (metric.name != kKeptGameMetric) metrics.push_back({metric.name});
    }
    return metrics;
}

std::string group_of(const std::vector<std::pair<std::string, std::string>>& sweep_settings) {
    std::string group;
    for (const auto& [key, value] : sweep_settings) group += (group.empty() ? "" : " ") + key + "=" + value;
    return group;
}

std::string joined(const std::vector<std::string>& names, const char* separator) {
    std::string text;
    for (const auto& name : names) text += (text.empty() ? "" : separator) + name;
    return text;
}

std::unique_ptr<SessionGame> make_session(const GameMatch& match, const std::vector<std::string>& agents) {
    std::vector<worlds::GameInvitation> invitations;
    for (std::size_t player = 0; player < match.players.size(); ++player) {
        worlds::GameInvitation invitation;
        invitation.game = match.game;
        invitation.self = player;
        invitation.parties = agents;
        invitation.rounds = match.settings.rounds;
        invitation.parameters = match.settings.parameters;
        invitation.seed = core::party_seed(match.seed, player);
        invitation.strategy = match.players[player].strategy;
        invitation.strategy_parameters = match.players[player].parameters;
        invitations.push_back(std::move(invitation));
    }
    return std::make_unique<GameSession>(worlds::GameRegistry::builtin().make(match.game, match.settings),
                                         std::move(invitations));
}


double mean_score(const worlds::GameResult& result, std::size_t player) {
    return result.rounds_played == 0 ? 0.0 : result.scores[player] / static_cast<double>(result.rounds_played);
}

std::string match_row(const GameMatch& match, const worlds::GameResult& result, const std::string& detail,
                      const Columns& columns) {
    std::vector<std::string> strategies;
    for (const auto& player : match.players) strategies.push_back(player.strategy);
    std::ostringstream row;
    row << match.index << ',' << match.seed << ',' << csv_field(match.group) << ',' << match.game << ','
        << csv_field(joined(strategies, "+")) << ',' << result.rounds_played << ','
        << worlds::game_end_reason_name(result.reason) << ','
        << (result.offender ? std::to_string(*result.offender) : "");
    for (std::size_t p = 0; p < columns.positions; ++p) {
        if (p < match.players.size()) {
            row << ',' << csv_field(match.players[p].label) << ',' << csv_field(match.players[p].strategy) << ','
                << csv_number(result.scores[p]) << ',' << csv_number(result.cooperation_rates[p]);
        } else {
            row << ",,,,";
        }
    }
    for (const auto& column : match_metric_columns(columns)) row << ',' << column.cell(result);
    row << ',' << csv_field(detail) << '\n';
    return row.str();
}

std::string player_rows(const GameMatch& match, const worlds::GameResult& result) {
    std::ostringstream rows;
    for (std::size_t p = 0; p < match.players.size(); ++p) {
        const auto& player = match.players[p];
        rows << match.index << ',' << p << ',' << csv_field(player.label) << ',' << csv_field(player.entry) << ','
             << csv_field(player.strategy) << ',' << csv_number(result.scores[p]) << ',' << result.rounds_played << ','
             << csv_number(mean_score(result, p)) << ',' << csv_number(result.cooperation_rates[p]) << ','
             << result.cooperative_rounds[p] << ',' << (result.never_defected_first[p] ? 1 : 0) << '\n';
    }
    return rows.str();
}

EpisodeRecord make_record(const GameMatch& match, const SessionDriver& driver, const Columns& columns) {
    const auto result = static_cast<const GameSession&>(driver.game()).result();
    // What the driver saw (malformed content, a lost agent) says more than the game can.
    const std::string detail = driver.detail().empty() ? result.detail : driver.detail();
    EpisodeRecord record;
    record.index = match.index;
    record.events = driver.events();
    record.rows = {match_row(match, result, detail, columns), player_rows(match, result)};
    return record;
}

}  // namespace

ResultsLayout game_layout(const worlds::Scenario& scenario) {
    const Columns columns = columns_of(scenario);
    std::string matches = "match,seed,group,game,strategies,rounds,end_reason,offender";
    for (std::size_t p = 0; p < columns.positions; ++p) {
        const auto k = std::to_string(p);
        matches += ",player_" + k + ",strategy_" + k + ",score_" + k + ",cooperation_" + k;
    }
    for (const auto& column : match_metric_columns(columns)) matches += "," + column.name;
    matches += ",detail";
    return {{{"matches.csv", matches},
             {"players.csv",
              "match,player,label,entry,strategy,score,rounds,mean_score,cooperation_rate,cooperative_rounds,"
              "never_defected_first"}}};
}

std::vector<EpisodeJob> game_jobs(const worlds::Scenario& scenario, const std::vector<worlds::EpisodeSpec>& specs) {
    const auto columns = std::make_shared<const Columns>(columns_of(scenario));
    std::vector<EpisodeJob> jobs;
    jobs.reserve(specs.size());
    for (const auto& spec : specs) {
        const auto& world = std::get<worlds::GameWorld>(spec.world);
        const auto& roster = scenario.points.at(spec.sweep_point).resolved.roster;
        auto match = std::make_shared<GameMatch>();
        match->index = spec.index;
        match->seed = spec.seed;
        match->group = group_of(spec.sweep_settings);
        match->game = world.game;
        worlds::GameSettings settings;
        settings.players = spec.parties.size();
        settings.rounds = world.rounds;
        settings.seed = core::mechanism_seed(spec.seed);
        settings.parameters = world.parameters;
        match->settings = worlds::GameRegistry::builtin().resolve(world.game, settings);
        EpisodeJob job;
        job.index = spec.index;
        for (const auto& party : spec.parties) {
            match->players.push_back({party.framework, party.parameters, party.label, roster.at(party.roster_index).label});
            job.roles.push_back(party.framework);
        }
        job.reply_timeout = std::chrono::milliseconds(world.reply_timeout_ms);
        job.make_game = [match](const std::vector<std::string>& agents) { return make_session(*match, agents); };
        job.make_record = [match, columns](const SessionDriver& driver) { return make_record(*match, driver, *columns); };
        jobs.push_back(std::move(job));
    }
    return jobs;
}

// ---- summaries -------------------------------------------------------------------------

namespace {

// The matches of one sweep point as the tournament summary reads them: the
// entrants are the point's roster entries.
struct PointMatches {
    std::size_t point = 0;  // the first sweep point of the group
    std::vector<std::string> entries;
    std::map<std::uint64_t, worlds::PlayedMatch> matches;  // by match index
};

std::map<std::string, PointMatches> matches_by_group(const worlds::Scenario& scenario, const CsvTable& matches,
                                                     const CsvTable& players) {
    std::map<std::string, PointMatches> groups;
    for (std::size_t point = 0; point < scenario.points.size(); ++point) {
        const auto group = group_of(scenario.points[point].settings);
        if (groups.contains(group)) continue;
        groups[group].point = point;
        for (const auto& entry : scenario.points[point].resolved.roster) groups[group].entries.push_back(entry.label);
    }
    std::map<std::uint64_t, std::string> group_of_match;
    const auto match_column = matches.column("match");
    const auto group_column = matches.column("group");
    for (const auto& row : matches.rows) group_of_match[std::stoull(row[match_column])] = row[group_column];
    const auto column = [&](const char* name) { return players.column(name); };
    for (const auto& row : players.rows) {
        const auto index = std::stoull(row[column("match")]);
        const auto group = group_of_match.find(index);
        if (group == group_of_match.end()) continue;  // a player row without its match row: incomplete
        auto& point = groups[group->second];
        const auto entry = std::find(point.entries.begin(), point.entries.end(), row[column("entry")]);
        if (entry == point.entries.end()) continue;
        auto& played = point.matches[index];
        played.match.index = index;
        played.match.entrants.push_back(static_cast<std::size_t>(entry - point.entries.begin()));
        auto& result = played.result;
        result.rounds_played = static_cast<std::uint32_t>(std::stoul(row[column("rounds")]));
        result.scores.push_back(csv_value(row[column("score")]));
        result.cooperative_rounds.push_back(static_cast<std::uint32_t>(std::stoul(row[column("cooperative_rounds")])));
        result.never_defected_first.push_back(row[column("never_defected_first")] == "1");
    }
    return groups;
}

// What must be added to every payoff for the dynamics: the replicator needs
// positive payoffs (a non-positive one lifts them all so that the lowest is
// 1), the Moran process non-negative ones. A shift keeps the replicator's
// fixed points.
double fitness_shift(const std::vector<std::vector<double>>& payoffs, worlds::PopulationDynamics dynamics) {
    double lowest = std::numeric_limits<double>::infinity();
    for (const auto& row : payoffs) {
        for (double value : row) lowest = std::min(lowest, value);
    }
    if (dynamics == worlds::PopulationDynamics::Replicator) return lowest > 0.0 ? 0.0 : 1.0 - lowest;
    return lowest >= 0.0 ? 0.0 : -lowest;
}

std::vector<std::vector<double>> shifted(std::vector<std::vector<double>> payoffs, double shift) {
    for (auto& row : payoffs) {
        for (double& value : row) value += shift;
    }
    return payoffs;
}

// `shift`: fitness_shift of the payoffs for these dynamics; `measured`: the
// cells of `payoffs` that matches measured (the others are no payoff).
std::vector<worlds::PopulationRun> run_population(const worlds::PopulationSpec& population,
                                                  const std::vector<std::vector<double>>& payoffs, double shift,
                                                  const worlds::PayoffCells& measured,
                                                  const std::vector<std::string>& entries, std::uint64_t seed) {
    std::vector<worlds::PopulationRun> runs;
    const auto roles = worlds::population_roles(population.background, entries);
    if (population.dynamics == worlds::PopulationDynamics::Replicator) {
        worlds::ReplicatorSettings settings;
        settings.payoffs = shifted(payoffs, shift);
        settings.initial_shares.assign(entries.size(), 1.0 / static_cast<double>(entries.size()));
        settings.roles = roles;
        settings.measured = measured;
        settings.generations = population.generations;
        runs.push_back(worlds::replicator_dynamics(settings));
        return runs;
    }
    worlds::MoranSettings settings;
    settings.payoffs = shifted(payoffs, shift);
    settings.counts = worlds::even_counts(population.size, entries.size());
    settings.roles = roles;
    settings.measured = measured;
    settings.selection = population.selection;
    settings.max_generations = population.generations;
    for (std::uint32_t run = 0; run < population.runs; ++run) {
        settings.seed = core::derive_seed(seed, run);
        runs.push_back(worlds::moran_process(settings));
    }
    return runs;
}

// The Axelrod library's figures (tournament.hpp), self-interactions left out.
void show_ranking(const std::string& group, const worlds::TournamentResult& tournament, std::ostream& table) {
    table << "\nranking" << (group.empty() ? "" : " (" + group + ")")
          << ", as the Axelrod library ranks (self-play left out)\n"
          << std::right << std::setw(5) << "rank" << "  " << std::left << std::setw(28) << "entry" << std::right
          << std::setw(9) << "samples" << std::setw(14) << "median score" << std::setw(14) << "cooperation"
          << std::setw(14) << "good partner" << "\n";
    for (const auto& standing : tournament.ranking) {
        table << std::right << std::setw(5) << standing.rank << "  " << std::left << std::setw(28) << standing.name
              << std::right << std::setw(9) << standing.samples << std::fixed << std::setprecision(3) << std::setw(14)
              << standing.median_score << std::setw(14) << standing.cooperation_rating << std::setw(14)
              << standing.good_partner_rating << "\n";
    }
}

// ranking.csv: the Axelrod library's figures first, then Parley's with self-play.
constexpr const char* kRankingHeader =
    "group,rank,entry,samples,median_score,cooperation_rating,good_partner_rating,samples_with_self_play,"
    "mean_score_with_self_play,cooperation_rating_with_self_play,never_defected_first_with_self_play\n";

std::string ranking_row(const std::string& group, const worlds::StrategyStanding& standing) {
    std::ostringstream row;
    row << csv_field(group) << ',' << standing.rank << ',' << csv_field(standing.name) << ',' << standing.samples
        << ',' << csv_number(standing.median_score) << ',' << csv_number(standing.cooperation_rating) << ','
        << csv_number(standing.good_partner_rating) << ',' << standing.samples_with_self_play << ','
        << csv_number(standing.mean_score_with_self_play) << ','
        << csv_number(standing.cooperation_rating_with_self_play) << ','
        << csv_number(standing.never_defected_first_with_self_play) << '\n';
    return row.str();
}

// The repetition of every episode, by index: the median score is over repetitions.
std::vector<std::uint32_t> repetitions_of(const worlds::Scenario& scenario) {
    std::vector<std::uint32_t> repetitions;
    for (const auto& spec : worlds::expand(scenario)) repetitions.push_back(spec.repetition);
    return repetitions;
}

void show_population(const worlds::PopulationSpec& population, const std::vector<std::string>& entries,
                     const std::vector<worlds::PopulationRun>& runs, double shift, std::ostream& table) {
    table << "\npopulation (" << worlds::population_dynamics_name(population.dynamics) << ", " << runs.size()
          << (runs.size() == 1 ? " run" : " runs") << "): final share" << (runs.size() > 1 ? " (mean)" : "")
          << (population.dynamics == worlds::PopulationDynamics::Moran ? ", fixations" : "") << "\n";
    if (shift > 0.0) table << "  (every payoff shifted by +" << shift << " to keep fitness positive)\n";
    for (std::size_t k = 0; k < entries.size(); ++k) {
        double share = 0.0;
        std::size_t fixations = 0;
        for (const auto& run : runs) {
            share += run.final_shares[k];
            if (run.fixated == k) ++fixations;
        }
        table << "  " << std::left << std::setw(28) << entries[k] << std::right << std::fixed << std::setprecision(3)
              << std::setw(8) << share / static_cast<double>(runs.size());
        if (population.dynamics == worlds::PopulationDynamics::Moran) table << std::setw(8) << fixations;
        table << "\n";
    }
}

}  // namespace

SummaryCounts write_game_summary(const worlds::Scenario& scenario, std::uint64_t master_seed,
                        const std::filesystem::path& folder, std::ostream& table) {
    const CsvTable matches = read_csv(folder / "matches.csv");
    const CsvTable players = read_csv(folder / "players.csv");
    std::vector<SummaryColumn> columns;
    for (const auto& common : kCommonMetrics) columns.push_back({common.name, common.name, common.heading});
    for (const auto& metric : columns_of(scenario).metrics) columns.push_back({metric.name, metric.name, metric.heading});
    const auto counts =
        write_summary_by_pairing(matches, "strategies", "end_reason", "matches", columns, folder / "summary.csv", table);

    // Built in memory and written checked once complete (write_text_file): a
    // full disk must fail the run, never leave a short file behind.
    std::ostringstream ranking;
    ranking << kRankingHeader;
    const auto repetitions = repetitions_of(scenario);
    std::ostringstream matrix;
    matrix << "group,entry,against,mean_payoff\n";
    std::optional<std::ostringstream> population_file;
    // A match the platform failed is no evidence of how strategies fare: the tournament leaves it out too.
    for (auto& [group, played] : matches_by_group(scenario, without_platform_failures(matches, "end_reason"), players)) {
        std::vector<worlds::PlayedMatch> list;
        for (auto& [index, match] : played.matches) {
            if (index < repetitions.size()) match.match.repetition = repetitions[index];
            list.push_back(std::move(match));
        }
        std::vector<std::vector<std::size_t>> entrants;
        for (const auto& match : list) entrants.push_back(match.match.entrants);
        const auto measured = worlds::measured_cells(played.entries.size(), entrants);
        const auto tournament = worlds::summarize_tournament(played.entries, std::move(list));
        for (const auto& standing : tournament.ranking) ranking << ranking_row(group, standing);
        for (std::size_t i = 0; i < played.entries.size(); ++i) {
            for (std::size_t j = 0; j < played.entries.size(); ++j) {
                matrix << csv_field(group) << ',' << csv_field(played.entries[i]) << ','
                       << csv_field(played.entries[j]) << ',' << csv_number(tournament.payoff_matrix[i][j]) << '\n';
            }
        }
        show_ranking(group, tournament, table);
        const auto& settings = scenario.points.at(played.point).resolved;
        if (!settings.population) continue;
        const double shift = fitness_shift(tournament.payoff_matrix, settings.population->dynamics);
        const auto runs = run_population(*settings.population, tournament.payoff_matrix, shift, measured, played.entries,
                                         core::derive_seed(master_seed, kPopulationStream + played.point));
        if (!population_file) {
            population_file.emplace();
            *population_file << "group,run,generation,entry,share\n";
        }
        for (std::size_t run = 0; run < runs.size(); ++run) {
            for (std::size_t generation = 0; generation < runs[run].shares.size(); ++generation) {
                for (std::size_t k = 0; k < played.entries.size(); ++k) {
                    *population_file << csv_field(group) << ',' << run << ',' << generation << ','
                                     << csv_field(played.entries[k]) << ','
                                     << csv_number(runs[run].shares[generation][k]) << '\n';
                }
            }
        }
        show_population(*settings.population, played.entries, runs, shift, table);
    }
    write_text_file(folder / "ranking.csv", ranking.str());
    write_text_file(folder / "payoff_matrix.csv", matrix.str());
    if (population_file) write_text_file(folder / "population.csv", population_file->str());
    return counts;
}

}  // namespace parley::runner

namespace parley::runner {
namespace {

class GameRun final : public RunKind {
public:
    std::string name() const override { return "game"; }
    bool plays(const worlds::Scenario& scenario) const override {
        return !scenario.points.empty() && worlds::is_game(scenario.points.front().resolved.world);
    }
    std::string unit() const override { return "matches"; }
    ResultsLayout layout(const worlds::Scenario& scenario) const override { return game_layout(scenario); }
    std::vector<EpisodeJob> jobs(const worlds::Scenario& scenario,
                                 const std::vector<worlds::EpisodeSpec>& matches) const override {
        return game_jobs(scenario, matches);
    }
    SummaryCounts write_summary(const worlds::Scenario& scenario, std::uint64_t master_seed,
                                const std::filesystem::path& folder, std::ostream& table) const override {
        return write_game_summary(scenario, master_seed, folder, table);
    }
};

}  // namespace

std::unique_ptr<RunKind> game_run_kind() { return std::make_unique<GameRun>(); }

}  // namespace parley::runner
