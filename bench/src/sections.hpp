#pragma once
// The benchmark sections behind `parley bench`, one function each. A section
// measures Parley and its baseline in the same call, one after the other (or
// alternating, when it repeats), and adds its figures to the report.

#include <parley/bench/bench.hpp>

#include "processes.hpp"

#include <atomic>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace parley::bench {

struct SectionContext {
    const BenchOptions& options;
    const std::atomic<bool>& stop;
    std::filesystem::path child_log;  // standard error of every child process

    // `parley ARGS...`, with its standard error in child_log.
    agents::ChildProcess parley(const std::vector<std::string>& args, bool capture_stdout = true) const;
    // `parley bench role NAME ARGS...`.
    agents::ChildProcess role(const std::string& name, const std::vector<std::string>& args) const;
    // Throws when the user asked to stop.
    void check_stop() const;
    // The last lines of child_log, to explain a child's failure.
    std::string log_tail(std::size_t lines = 15) const;
};

// A broker or a forwarder that agents connect to.
struct Hub {
    agents::ChildProcess process;
    std::string endpoint;
};
Hub start_parley_broker(const SectionContext& context, const std::vector<std::string>& extra = {});
Hub start_bare_forwarder(const SectionContext& context);

// The median of a few repeated measurements: robust to one disturbed run.
double median(std::vector<double> values);

void bench_broker_throughput(const SectionContext& context, Report& report);
void bench_latency(const SectionContext& context, Report& report);

// The negotiations the negotiation, growth and learning sections play:
// generated domains of `issues` issues of `values` values (opposition 1, a new
// domain per episode), SAOP with a deadline of `rounds` rounds, `framework`
// agents with that exponent.
struct BenchNegotiation {
    std::size_t issues = 3;
    std::size_t values = 10;
    std::uint32_t rounds = 100;
    const char* framework = "selfish";
    const char* exponent = "0.2";
};
inline constexpr BenchNegotiation kBenchNegotiation{};

// What one run of a negotiation scenario achieved.
struct NegotiationRate {
    double seconds = 0;
    std::uint64_t negotiations = 0;
    std::uint64_t rounds = 0;
    std::uint64_t offers = 0;
    std::uint64_t moves = 0;  // offers, accepts and ends of the parties
    double negotiations_per_second() const { return static_cast<double>(negotiations) / seconds; }
    double rounds_per_second() const { return static_cast<double>(rounds) / seconds; }
    double offers_per_second() const { return static_cast<double>(offers) / seconds; }
    double moves_per_second() const { return static_cast<double>(moves) / seconds; }
};

// The bilateral 1,000-outcome figure, kept for the growth section.
struct NegotiationMemo {
    std::optional<NegotiationRate> bilateral_small;
};

void bench_negotiation(const SectionContext& context, Report& report, NegotiationMemo& memo);
void bench_growth(const SectionContext& context, Report& report, NegotiationMemo& memo);
// The bilateral 1,000-outcome negotiations over the broker: the memo's, or
// played now (and kept) when the negotiation section did not run.
const NegotiationRate& bilateral_negotiation_rate(const SectionContext& context, NegotiationMemo& memo);
void bench_learning(const SectionContext& context, Report& report, NegotiationMemo& memo);
void bench_scale(const SectionContext& context, Report& report);
void bench_analysis(const SectionContext& context, Report& report);
void bench_codec(const SectionContext& context, Report& report);

}  // namespace parley::bench
