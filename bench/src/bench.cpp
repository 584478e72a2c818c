#include <parley/bench/bench.hpp>

#include "sections.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <deque>
#include <fstream>
#include <functional>
#include <stdexcept>

namespace parley::bench {

agents::ChildProcess SectionContext::parley(const std::vector<std::string>& args, bool capture_stdout) const {
    std::vector<std::string> full{"--log-level", "warn"};
    full.insert(full.end(), args.begin(), args.end());
    return spawn(options.executable, full, capture_stdout, child_log);
}

agents::ChildProcess SectionContext::role(const std::string& name, const std::vector<std::string>& args) const {
    std::vector<std::string> full{"bench", "role", name};
    full.insert(full.end(), args.begin(), args.end());
    return parley(full);
}

void SectionContext::check_stop() const {
    if (stop.load()) throw std::runtime_error("interrupted");
}

std::string SectionContext::log_tail(std::size_t lines) const {
    std::ifstream log(child_log);
    std::deque<std::string> tail;
    std::string line;
    while (std::getline(log, line)) {
        tail.push_back(line);
        if (tail.size() > lines) tail.pop_front();
    }
    std::string text;
    for (const auto& kept : tail) text += "\n  " + kept;
    return text;
}

Hub start_parley_broker(const SectionContext& context, const std::vector<std::string>& extra) {
    std::vector<std::string> args{"broker", "--bind", "tcp://127.0.0.1:*", "--stats-interval", "0"};
    args.insert(args.end(), extra.begin(), extra.end());
    auto process = context.parley(args);
    auto endpoint = expect_line(process, "listening on ", "parley broker");
    return {std::move(process), std::move(endpoint)};
}

Hub start_bare_forwarder(const SectionContext& context) {
    auto process = context.role("bare-forwarder", {"--bind", "tcp://127.0.0.1:*"});
    auto endpoint = expect_line(process, "listening on ", "the bare forwarder");
    return {std::move(process), std::move(endpoint)};
}

double median(std::vector<double> values) {
    if (values.empty()) return 0;
    std::sort(values.begin(), values.end());
    const auto middle = values.size() / 2;
    return values.size() % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
}

Report run_benchmarks(const BenchOptions& options, const std::atomic<bool>& stop) {
    for (const auto& section : options.only) {
        if (std::find(kSections.begin(), kSections.end(), section) == kSections.end()) {
            throw std::invalid_argument("unknown section '" + section + "'");
        }
    }
    raise_open_file_limit();
    std::filesystem::create_directories(options.scratch);
    SectionContext context{options, stop, options.scratch / "children.log"};
    Report report(options.quick);
    NegotiationMemo memo;
    const std::vector<std::pair<std::string, std::function<void()>>> sections{
        {"broker", [&] { bench_broker_throughput(context, report); }},
        {"latency", [&] { bench_latency(context, report); }},
        {"negotiation", [&] { bench_negotiation(context, report, memo); }},
        {"growth", [&] { bench_growth(context, report, memo); }},
        {"learning", [&] { bench_learning(context, report, memo); }},
        {"scale", [&] { bench_scale(context, report); }},
        {"analysis", [&] { bench_analysis(context, report); }},
        {"codec", [&] { bench_codec(context, report); }},
    };
    for (const auto& [name, run] : sections) {
        if (!options.only.empty() && !options.only.contains(name)) continue;
        context.check_stop();
        spdlog::info("bench: {}", name);
        const auto began = Clock::now();
        try {
            run();
        } catch (const std::exception& error) {
            throw std::runtime_error("benchmark '" + name + "': " + error.what() +
                                     "\nlast lines the child processes logged:" + context.log_tail());
        }
        spdlog::info("bench: {} took {:.1f} s", name, std::chrono::duration<double>(Clock::now() - began).count());
    }
    return report;
}

}  // namespace parley::bench
