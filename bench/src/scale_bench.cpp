// 5. Scale: many agent processes registered with one broker on this machine.
// Parley: echo agents (the lightest real agent) started as `parley run` starts
// agents (parley-agent, agents::agent_process_command), against `parley
// broker`. Baseline: parley-bare-idle processes (bench/baseline/), linked to
// libzmq alone, that only connect a DEALER to the bare forwarder and make
// themselves known to it: the least a ZeroMQ process can be.

#include "sections.hpp"

#include <parley/agents/client.hpp>

#include <spdlog/spdlog.h>
#include <signal.h>

#include <numeric>

namespace parley::bench {
namespace {

struct ScaleFigures {
    double seconds_to_register = 0;
    double agent_kib = 0;        // mean resident memory of one agent process
    double agent_pss_kib = 0;    // mean proportional set size of one agent process
    double hub_kib_per_agent = 0;  // growth of the broker's (forwarder's) resident memory per agent
};

double mean_kib(std::vector<agents::ChildProcess>& processes, std::uint64_t (*measure)(pid_t)) {
    std::uint64_t total = 0;
    for (auto& process : processes) total += measure(process.pid());
    return static_cast<double>(total) / static_cast<double>(processes.size());
}

// Signals every process first and then waits: stopping them one by one would
// wait for each in turn.
void stop_all(std::vector<agents::ChildProcess>& processes) {
    for (auto& process : processes) process.send_signal(SIGTERM);
    processes.clear();
}

// The figures once all `processes` are up, `began` being when the first was
// started: the time first, before reading memory takes any.
ScaleFigures figures_once_up(Clock::time_point began, std::vector<agents::ChildProcess>& processes, pid_t hub,
                             std::uint64_t hub_kib_before) {
    ScaleFigures figures;
    figures.seconds_to_register = std::chrono::duration<double>(Clock::now() - began).count();
    figures.agent_kib = mean_kib(processes, resident_kib);
    figures.agent_pss_kib = mean_kib(processes, proportional_kib);
    const auto hub_kib_after = resident_kib(hub);
    figures.hub_kib_per_agent = (static_cast<double>(hub_kib_after) - static_cast<double>(hub_kib_before)) /
                                static_cast<double>(processes.size());
    return figures;
}

std::uint64_t registered_agents(agents::AgentClient& monitor) {
    auto request = protocol::make_envelope(protocol::Kind::StatsRequest, monitor.name(), protocol::EmptyBody{});
    auto reply = monitor.request(std::move(request), 5s);
    if (!reply) return 0;
    const auto* stats = std::get_if<protocol::StatsBody>(&reply->body);
    return stats != nullptr ? stats->agents : 0;
}

ScaleFigures measure_parley(const SectionContext& context, std::size_t agents_count) {
    auto hub = start_parley_broker(context);
    zmq::context_t zmq_context(1);
    agents::ClientOptions options;
    options.endpoint = hub.endpoint;
    options.name = "bench-monitor";
    options.framework = "bench";
    agents::AgentClient monitor(zmq_context, options);
    monitor.start();
    if (!monitor.poll_until([&] { return monitor.ready(); }, kPatience)) throw std::runtime_error("no welcome");
    const auto broker_before = resident_kib(hub.process.pid());

    const auto agent_command = agents::agent_process_command();
    const auto agent_arguments = [&](const std::string& name) {
        std::vector<std::string> arguments(agent_command.begin() + 1, agent_command.end());
        arguments.insert(arguments.end(), {"--log-level", "warn", "--connect", hub.endpoint, "--name", name,
                                           "--framework", "echo"});
        return arguments;
    };
    const auto began = Clock::now();
    std::vector<agents::ChildProcess> agent_processes;
    agent_processes.reserve(agents_count);
    for (std::size_t i = 0; i < agents_count; ++i) {
        agent_processes.push_back(spawn(agent_command.front(), agent_arguments("idle-" + std::to_string(i)),
                                        /*capture_stdout=*/false, context.child_log));
        // The monitor heartbeats meanwhile: silent for three beats, the broker would drop it.
        if (i % 20 == 0) monitor.poll(0ms);
    }
    spdlog::info("  spawned {} agent processes in {:.2f} s", agents_count,
                 std::chrono::duration<double>(Clock::now() - began).count());
    // The broker's own count, asked between short polls of the monitor's socket.
    const auto deadline = began + std::chrono::minutes(5);
    while (registered_agents(monitor) < agents_count + 1) {
        context.check_stop();
        if (Clock::now() > deadline) throw std::runtime_error("not every agent registered within 5 minutes");
        monitor.poll(20ms);
    }
    const ScaleFigures figures = figures_once_up(began, agent_processes, hub.process.pid(), broker_before);
    stop_all(agent_processes);
    monitor.close();
    hub.process.stop();
    return figures;
}

ScaleFigures measure_bare(const SectionContext& context, std::size_t agents_count) {
    auto hub = start_bare_forwarder(context);
    const auto forwarder_before = resident_kib(hub.process.pid());
    const auto executable =
        companion_executable(context.options.executable, "parley-bare-idle", PARLEY_BARE_IDLE_EXECUTABLE);
    const auto began = Clock::now();
    std::vector<agents::ChildProcess> processes;
    processes.reserve(agents_count);
    for (std::size_t i = 0; i < agents_count; ++i) {
        processes.push_back(spawn(executable, {"--connect", hub.endpoint, "--identity", "idle-" + std::to_string(i)},
                                  /*capture_stdout=*/true, context.child_log));
    }
    spdlog::info("  spawned {} bare processes in {:.2f} s", agents_count,
                 std::chrono::duration<double>(Clock::now() - began).count());
    for (auto& process : processes) expect_line(process, "ready", "a bare idle process", std::chrono::minutes(5));
    const ScaleFigures figures = figures_once_up(began, processes, hub.process.pid(), forwarder_before);
    stop_all(processes);
    hub.process.stop();
    return figures;
}

}  // namespace

void bench_scale(const SectionContext& context, Report& report) {
    const std::size_t count = context.options.quick ? 50 : 1000;
    const auto parley = measure_parley(context, count);
    spdlog::info("  Parley: {} agents registered in {:.2f} s, {:.0f} KiB each, broker +{:.2f} KiB each", count,
                 parley.seconds_to_register, parley.agent_kib, parley.hub_kib_per_agent);
    context.check_stop();
    const auto bare = measure_bare(context, count);
    spdlog::info("  bare: {} processes connected in {:.2f} s, {:.0f} KiB each, forwarder +{:.2f} KiB each", count,
                 bare.seconds_to_register, bare.agent_kib, bare.hub_kib_per_agent);
    const auto n = std::to_string(count);
    report.add({"scale", n + " echo agent processes, one broker: time until all are registered", "s",
                parley.seconds_to_register, bare.seconds_to_register,
                "bare DEALER processes (libzmq alone), connected through the forwarder", std::nullopt});
    report.add({"scale", n + " echo agent processes: resident memory (VmRSS) per agent process", "KiB", parley.agent_kib,
                bare.agent_kib, "bare DEALER process (libzmq alone)", Target::figure_at_most(8 * 1024)});
    report.add({"scale", n + " echo agent processes: proportional set size (Pss) per agent process", "KiB",
                parley.agent_pss_kib, bare.agent_pss_kib, "bare DEALER process (libzmq alone)", std::nullopt});
    report.add({"scale", n + " echo agent processes: broker resident memory per registered agent", "KiB",
                parley.hub_kib_per_agent, bare.hub_kib_per_agent, "bare forwarder, per connected DEALER",
                Target::figure_at_most(4)});
}

}  // namespace parley::bench
