// 1. Broker throughput and 2. latency: agent processes through `parley
// broker`, against the same processes' bare counterparts through a ROUTER
// that only swaps the routing frames (roles.cpp).

#include "sections.hpp"

#include <spdlog/spdlog.h>

#include <sstream>

namespace parley::bench {
namespace {

enum class Side { Parley, Bare };

const char* side_name(Side side) { return side == Side::Parley ? "Parley" : "bare"; }

Hub start_hub(const SectionContext& context, Side side) {
    return side == Side::Parley ? start_parley_broker(context) : start_bare_forwarder(context);
}

std::string role_name(Side side, const std::string& role) {
    return (side == Side::Parley ? "parley-" : "bare-") + role;
}

// Parley roles take --name, bare ones --identity: both are given the same word.
std::vector<std::string> named(const std::string& endpoint, const std::string& name) {
    return {"--connect", endpoint, "--name", name, "--identity", name};
}

std::int64_t first_number(const std::string& text) {
    std::istringstream in(text);
    std::int64_t number = 0;
    in >> number;
    return number;
}

struct ThroughputPlan {
    std::size_t pairs;
    std::uint64_t messages_per_sender;
    std::uint64_t window;
};

// Messages per second from the first send of any sender to the last credit
// any sender received (which comes after the last message arrived).
double measure_throughput(const SectionContext& context, Side side, const ThroughputPlan& plan) {
    auto hub = start_hub(context, side);
    std::vector<agents::ChildProcess> receivers;
    std::vector<agents::ChildProcess> senders;
    const auto count = std::to_string(plan.messages_per_sender);
    for (std::size_t i = 0; i < plan.pairs; ++i) {
        auto args = named(hub.endpoint, "receiver-" + std::to_string(i));
        args.insert(args.end(), {"--count", count, "--credit-every", std::to_string(plan.window / 4)});
        receivers.push_back(context.role(role_name(side, "receiver"), args));
    }
    for (auto& receiver : receivers) expect_line(receiver, "ready", "a receiver");
    for (std::size_t i = 0; i < plan.pairs; ++i) {
        auto args = named(hub.endpoint, "sender-" + std::to_string(i));
        args.insert(args.end(), {"--to", "receiver-" + std::to_string(i), "--count", count, "--window",
                                 std::to_string(plan.window)});
        senders.push_back(context.role(role_name(side, "sender"), args));
    }
    std::int64_t first_start = INT64_MAX;
    std::int64_t last_done = 0;
    for (auto& sender : senders) first_start = std::min(first_start, first_number(expect_line(sender, "start ", "a sender")));
    for (auto& sender : senders) last_done = std::max(last_done, first_number(expect_line(sender, "done ", "a sender")));
    for (auto& sender : senders) expect_success(sender, "a sender", kPatience);
    for (auto& receiver : receivers) expect_success(receiver, "a receiver", kPatience);
    hub.process.stop();
    const double seconds = static_cast<double>(last_done - first_start) / 1e9;
    return static_cast<double>(plan.pairs * plan.messages_per_sender) / seconds;
}

struct Percentiles {
    double p50 = 0;
    double p99 = 0;
    double p999 = 0;
};

Percentiles measure_latency(const SectionContext& context, Side side, std::uint64_t round_trips) {
    auto hub = start_hub(context, side);
    auto pong = context.role(role_name(side, "pong"), named(hub.endpoint, "pong"));
    expect_line(pong, "ready", "pong");
    auto args = named(hub.endpoint, "ping");
    args.insert(args.end(), {"--to", "pong", "--count", std::to_string(round_trips), "--warmup",
                             std::to_string(std::max<std::uint64_t>(100, round_trips / 10))});
    auto ping = context.role(role_name(side, "ping"), args);
    std::istringstream line(expect_line(ping, "latency ", "ping"));
    std::int64_t p50 = 0;
    std::int64_t p99 = 0;
    std::int64_t p999 = 0;
    line >> p50 >> p99 >> p999;
    expect_success(ping, "ping", kPatience);
    pong.stop();
    hub.process.stop();
    return {static_cast<double>(p50) / 1000, static_cast<double>(p99) / 1000, static_cast<double>(p999) / 1000};
}

// Alternating Parley and bare runs, so that a disturbance of the machine
// touches both sides alike.
int repetitions(const SectionContext& context) { return context.options.quick ? 1 : 3; }

}  // namespace

void bench_broker_throughput(const SectionContext& context, Report& report) {
    // Each sender keeps up to 4,000 messages in flight, well below the 10,000 a
    // queue holds on either side, and is credited every 1,000.
    const ThroughputPlan plan{2, context.options.quick ? 20'000u : 300'000u, 4000};
    std::vector<double> parley;
    std::vector<double> bare;
    for (int run = 0; run < repetitions(context); ++run) {
        for (Side side : {Side::Parley, Side::Bare}) {
            context.check_stop();
            const double rate = measure_throughput(context, side, plan);
            spdlog::info("  throughput, {}: {:.0f} messages/s", side_name(side), rate);
            (side == Side::Parley ? parley : bare).push_back(rate);
        }
    }
    report.add({"broker", "broker throughput (2 senders -> 2 receivers, 64-byte bodies, " +
                              std::to_string(plan.pairs * plan.messages_per_sender) + " messages)",
                "msg/s", median(parley), median(bare), "bare ROUTER forwarder, same processes",
                Target::ratio_at_least(0.70)});
}

void bench_latency(const SectionContext& context, Report& report) {
    const std::uint64_t round_trips = context.options.quick ? 2'000 : 20'000;
    std::vector<Percentiles> parley;
    std::vector<Percentiles> bare;
    for (int run = 0; run < repetitions(context); ++run) {
        for (Side side : {Side::Parley, Side::Bare}) {
            context.check_stop();
            auto measured = measure_latency(context, side, round_trips);
            spdlog::info("  latency, {}: p50 {:.1f} us, p99 {:.1f} us, p99.9 {:.1f} us", side_name(side),
                         measured.p50, measured.p99, measured.p999);
            (side == Side::Parley ? parley : bare).push_back(measured);
        }
    }
    auto median_of = [](const std::vector<Percentiles>& runs, double Percentiles::*field) {
        std::vector<double> values;
        for (const auto& run : runs) values.push_back(run.*field);
        return median(values);
    };
    const std::string what = "ping-pong round trip, " + std::to_string(round_trips) + " samples";
    const std::string baseline = "bare ROUTER forwarder, same processes";
    report.add({"latency", what + ": p50", "us", median_of(parley, &Percentiles::p50),
                median_of(bare, &Percentiles::p50), baseline, Target::ratio_at_most(1.3)});
    report.add({"latency", what + ": p99", "us", median_of(parley, &Percentiles::p99),
                median_of(bare, &Percentiles::p99), baseline, std::nullopt});
    report.add({"latency", what + ": p99.9", "us", median_of(parley, &Percentiles::p999),
                median_of(bare, &Percentiles::p999), baseline, std::nullopt});
}

}  // namespace parley::bench
