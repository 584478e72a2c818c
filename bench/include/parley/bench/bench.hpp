#pragma once
// `parley bench`: Parley's speed measured against the physical limit of the
// same machine in the same run (bench/README.md). Every benchmark pairs a
// Parley figure with a baseline written here with libzmq/cppzmq or
// msgpack-cxx directly, or, where no such baseline exists, with the target.

#include <parley/bench/report.hpp>

#include <atomic>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

namespace parley::bench {

// The sections of the table, in the order they run.
inline const std::vector<std::string> kSections{"broker", "latency",  "negotiation", "growth",
                                                "learning", "scale", "analysis",   "codec"};

struct BenchOptions {
    bool quick = false;            // small sizes: every figure present in well under a minute
    std::set<std::string> only;    // sections to run; empty: all of them
    std::string executable;        // the `parley` executable whose processes are measured
    std::filesystem::path scratch; // where scenario files and run outputs go; removed afterwards
};

// Runs the chosen sections, reporting progress on standard error.
Report run_benchmarks(const BenchOptions& options, const std::atomic<bool>& stop);

// The process roles the benchmarks start (`parley bench role NAME --key value ...`):
// senders, receivers, ping and pong on both sides, the bare forwarder, the bare
// SAOP runner and parties. Returns the exit code.
int run_role(const std::vector<std::string>& args, const std::atomic<bool>& stop);

}  // namespace parley::bench
