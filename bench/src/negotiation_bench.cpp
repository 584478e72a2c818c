// 3. Negotiation throughput and 4. growth: a real run of the runner library,
// as `parley run` plays it (embedded broker, one process per agent, events
// recorded), on a scenario written here, timed from the moment it starts
// playing to its end, and counted from its output folder. The baseline plays the same message pattern (cfp, propose,
// informs to the others, end) between bare processes through the bare
// forwarder: the most SAOP rounds per second this machine can carry.

#include "sections.hpp"

#include <parley/runner/run.hpp>

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <cmath>
#include <fstream>
#include <sstream>

namespace parley::bench {
namespace {

struct NegotiationPlan {
    std::string label;  // names the scenario and its folder
    std::size_t issues = 3;
    std::size_t values = 10;
    std::size_t parties = 2;
    std::uint64_t episodes = 0;
    std::uint64_t parallel = 0;
};

std::string outcomes_text(const NegotiationPlan& plan) {
    const double outcomes = std::pow(static_cast<double>(plan.values), static_cast<double>(plan.issues));
    if (outcomes < 10000) return std::to_string(static_cast<long long>(outcomes));
    return "10^" + std::to_string(static_cast<int>(std::lround(std::log10(outcomes))));
}

// Opposed linear profiles, time-dependent Boulware agents (selfish, exponent
// 0.2), one fixed group of `parties`, repeated: one episode per repetition.
void write_scenario(const std::filesystem::path& file, const NegotiationPlan& plan) {
    std::ofstream out(file);
    out << "name: " << plan.label << "\n"
        << "seed: 2024\n"
        << "world:\n"
        << "  generate:\n"
        << "    issues: " << plan.issues << "\n"
        << "    values: " << plan.values << "\n"
        << "    opposition: 1\n"
        << "    vary: per_run\n"
        << "mechanism:\n"
        << "  name: saop\n"
        << "  rounds: " << kBenchNegotiation.rounds << "\n"
        << "roster:\n"
        << "  - framework: " << kBenchNegotiation.framework << "\n"
        << "    count: " << plan.parties << "\n"
        << "    parameters:\n"
        << "      exponent: " << kBenchNegotiation.exponent << "\n"
        << "matching:\n"
        << "  mode: fixed_groups\n"
        << "  group_size: " << plan.parties << "\n"
        << "repetitions: " << plan.episodes << "\n";
    if (!out) throw std::runtime_error("cannot write " + file.string());
}

// Cells of one CSV row; quoted cells may hold commas and doubled quotes.
std::vector<std::string> csv_cells(const std::string& line) {
    std::vector<std::string> cells(1);
    bool quoted = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quoted && c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
            cells.back() += '"';
            ++i;
        } else if (c == '"') {
            quoted = !quoted;
        } else if (c == ',' && !quoted) {
            cells.emplace_back();
        } else {
            cells.back() += c;
        }
    }
    return cells;
}

// Counts negotiations and rounds in episodes.csv, and warns about episodes
// that did not end by agreement or deadline: their speed is not a negotiation's.
void count_episodes(const std::filesystem::path& file, NegotiationRate& rate) {
    std::ifstream in(file);
    std::string line;
    if (!std::getline(in, line)) throw std::runtime_error(file.string() + " is empty");
    const auto header = csv_cells(line);
    auto column = [&](const std::string& name) {
        auto found = std::find(header.begin(), header.end(), name);
        if (found == header.end()) throw std::runtime_error(file.string() + " has no column '" + name + "'");
        return static_cast<std::size_t>(found - header.begin());
    };
    const auto rounds = column("rounds");
    const auto end_reason = column("end_reason");
    std::map<std::string, std::uint64_t> reasons;
    while (std::getline(in, line)) {
        const auto cells = csv_cells(line);
        if (cells.size() <= std::max(rounds, end_reason)) continue;
        ++rate.negotiations;
        rate.rounds += std::stoull(cells[rounds]);
        ++reasons[cells[end_reason]];
    }
    for (const auto& [reason, count] : reasons) {
        if (reason != "agreement" && reason != "deadline") {
            spdlog::warn("  {} episodes ended with '{}'", count, reason);
        }
    }
}

// Offers are the propose messages the parties sent; moves add their accepts and ends.
void count_offers(const std::filesystem::path& file, NegotiationRate& rate) {
    std::ifstream in(file);
    std::string line;
    while (std::getline(in, line)) {
        const auto event = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
        if (!event.is_object() || event.value("direction", "") != "in") continue;
        const auto kind = event.value("kind", "");
        if (kind == "propose") ++rate.offers;
        if (kind == "propose" || kind == "accept_proposal" || kind == "end") ++rate.moves;
    }
}

// Notes when the run starts playing: broker, agents and the analysis of the
// domain are ready by then.
struct PlayClock final : runner::RunObserver {
    Clock::time_point started = Clock::now();
    void on_start(const runner::RunStart&) override { started = Clock::now(); }
};

// The runner logs at the level `parley run` is started with here.
class QuietLog {
public:
    QuietLog() : level_(spdlog::get_level()) { spdlog::set_level(spdlog::level::warn); }
    ~QuietLog() { spdlog::set_level(level_); }
    QuietLog(const QuietLog&) = delete;
    QuietLog& operator=(const QuietLog&) = delete;

private:
    spdlog::level::level_enum level_;
};

NegotiationRate run_parley(const SectionContext& context, const NegotiationPlan& plan) {
    const auto folder = context.options.scratch / plan.label;
    std::filesystem::remove_all(folder);
    std::filesystem::create_directories(folder);
    const auto scenario = folder / (plan.label + ".yaml");
    write_scenario(scenario, plan);
    const auto results = folder / "results";
    runner::RunRequest request;
    request.scenario = scenario;
    request.out = results;
    request.parallel = plan.parallel;
    request.agent_log_level = "warn";
    request.version = "parley bench";
    PlayClock clock;
    runner::RunResult result;
    {
        QuietLog quiet;
        result = runner::run_scenario(request, clock, context.stop);
    }
    const auto finished = Clock::now();
    context.check_stop();
    if (result.interrupted || result.counts.failed() > 0) {
        throw std::runtime_error("the run of " + plan.label + " did not complete: " + std::to_string(result.completed) +
                                 " of " + std::to_string(result.total) + " episodes, " +
                                 std::to_string(result.counts.failed()) + " failed");
    }
    NegotiationRate rate;
    rate.seconds = std::chrono::duration<double>(finished - clock.started).count();
    count_episodes(results / "episodes.csv", rate);
    count_offers(results / "events.jsonl", rate);
    if (rate.negotiations == 0 || rate.offers == 0) throw std::runtime_error("parley run played nothing");
    return rate;
}

NegotiationRate run_bare(const SectionContext& context, const NegotiationPlan& plan, std::uint64_t turns) {
    auto hub = start_bare_forwarder(context);
    // As many party processes as parley run starts: twice the group when episodes run in parallel.
    std::vector<agents::ChildProcess> parties;
    std::string names;
    for (std::size_t i = 0; i < plan.parties * 2; ++i) {
        const auto name = "party-" + std::to_string(i);
        names += (names.empty() ? "" : ",") + name;
        parties.push_back(context.role("bare-saop-party", {"--connect", hub.endpoint, "--identity", name}));
    }
    for (auto& party : parties) expect_line(party, "ready", "a bare SAOP party");
    auto runner = context.role("bare-saop-runner",
                               {"--connect", hub.endpoint, "--identity", "runner", "--parties", names, "--group",
                                std::to_string(plan.parties), "--episodes", std::to_string(plan.episodes),
                                "--parallel", std::to_string(plan.parallel), "--rounds", std::to_string(turns)});
    std::istringstream start(expect_line(runner, "start ", "the bare SAOP runner"));
    std::istringstream done(expect_line(runner, "done ", "the bare SAOP runner", std::chrono::minutes(10)));
    std::int64_t start_ns = 0;
    std::int64_t done_ns = 0;
    NegotiationRate rate;
    start >> start_ns;
    done >> done_ns >> rate.offers;
    expect_success(runner, "the bare SAOP runner", kPatience);
    for (auto& party : parties) party.stop();
    hub.process.stop();
    rate.seconds = static_cast<double>(done_ns - start_ns) / 1e9;
    rate.negotiations = plan.episodes;
    rate.moves = rate.offers;
    rate.rounds = plan.episodes * turns / plan.parties;
    return rate;
}

void log_rate(const char* side, const NegotiationRate& rate) {
    spdlog::info("  {}: {} negotiations, {} rounds, {} offers in {:.2f} s: {:.0f} offers/s", side, rate.negotiations,
                 rate.rounds, rate.offers, rate.seconds, rate.offers_per_second());
}

NegotiationPlan bilateral_plan(const SectionContext& context, std::size_t issues) {
    const bool quick = context.options.quick;
    return {"saop-2-parties-" + std::to_string(issues) + "-issues", issues, kBenchNegotiation.values, 2,
            quick ? 24u : 400u, quick ? 8u : 64u};
}

}  // namespace

void bench_negotiation(const SectionContext& context, Report& report, NegotiationMemo& memo) {
    const bool quick = context.options.quick;
    for (std::size_t parties : {2u, 4u}) {
        context.check_stop();
        auto plan = bilateral_plan(context, kBenchNegotiation.issues);
        if (parties == 4) plan = {"saop-4-parties-3-issues", 3, 10, 4, quick ? 12u : 200u, quick ? 8u : 64u};
        const auto parley = run_parley(context, plan);
        log_rate("Parley", parley);
        if (parties == 2) memo.bilateral_small = parley;
        // The baseline plays as many turns per negotiation as Parley's agents did.
        const auto turns = std::max<std::uint64_t>(
            parties, static_cast<std::uint64_t>(std::llround(static_cast<double>(parley.moves) /
                                                              static_cast<double>(parley.negotiations))));
        context.check_stop();
        const auto bare = run_bare(context, plan, turns);
        log_rate("bare", bare);
        const std::string what = "SAOP, " + std::to_string(parties) + " parties, " + outcomes_text(plan) +
                                 " outcomes, " + std::to_string(parley.negotiations) + " negotiations";
        const std::string baseline = "bare SAOP exchange, same messages and processes, bare forwarder";
        report.add({"negotiation", what + ": negotiations/s", "1/s", parley.negotiations_per_second(),
                    bare.negotiations_per_second(), baseline, std::nullopt});
        report.add({"negotiation", what + ": rounds/s", "1/s", parley.rounds_per_second(), bare.rounds_per_second(),
                    baseline, std::nullopt});
        report.add({"negotiation", what + ": offers/s", "1/s", parley.offers_per_second(), bare.offers_per_second(),
                    baseline,
                    parties == 2 ? std::optional<Target>(Target::figure_at_least(100'000)) : std::nullopt});
    }
}

const NegotiationRate& bilateral_negotiation_rate(const SectionContext& context, NegotiationMemo& memo) {
    if (!memo.bilateral_small) {
        memo.bilateral_small = run_parley(context, bilateral_plan(context, kBenchNegotiation.issues));
        log_rate("Parley, 1,000 outcomes", *memo.bilateral_small);
    }
    return *memo.bilateral_small;
}

void bench_growth(const SectionContext& context, Report& report, NegotiationMemo& memo) {
    const auto& small = bilateral_negotiation_rate(context, memo);
    for (std::size_t issues : {4u, 5u, 6u}) {
        context.check_stop();
        const auto plan = bilateral_plan(context, issues);
        const auto rate = run_parley(context, plan);
        log_rate("Parley", rate);
        report.add({"growth",
                    "SAOP, 2 parties, " + outcomes_text(plan) + " outcomes, " + std::to_string(rate.negotiations) +
                        " negotiations: offers/s",
                    "1/s", rate.offers_per_second(), small.offers_per_second(),
                    "Parley, 1,000 outcomes, this run",
                    issues == 6 ? std::optional<Target>(Target::ratio_at_least(0.5)) : std::nullopt});
    }
}

}  // namespace parley::bench
