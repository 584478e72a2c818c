// parley broker: serve the directory and route messages until stopped.

#include "commands.hpp"

#include <parley/broker/broker.hpp>

#include <iostream>

namespace parley::cli {

Command add_broker_command(CLI::App& app) {
    auto* command = app.add_subcommand("broker", "Run the message broker (ROUTER socket, directory, liveness)");
    auto config = std::make_shared<broker::BrokerConfig>();
    auto heartbeat_ms = std::make_shared<int>(1000);
    auto stats_seconds = std::make_shared<double>(60);
    command->add_option("--bind", config->bind, "Endpoint to listen on; a port of '*' picks a free one")
        ->capture_default_str();
    command->add_option("--heartbeat-ms", *heartbeat_ms, "Heartbeat interval in milliseconds")
        ->check(CLI::Range(10, 600000))
        ->capture_default_str();
    command->add_option("--liveness", config->router.liveness, "Missed heartbeats before an agent is declared lost")
        ->check(CLI::Range(2, 1000))  // checks run every half beat: one missed beat is no evidence
        ->capture_default_str();
    command->add_option("--stats-interval", *stats_seconds, "Seconds between statistics lines in the log; 0: never")
        ->check(CLI::Range(0.0, 86400.0))
        ->capture_default_str();
    command->add_option("--max-frame", config->router.limits.max_frame_bytes, "Largest message accepted, in bytes")
        ->check(CLI::Range(std::size_t{1024}, std::size_t{256} << 20))
        ->capture_default_str();
    command->add_option("--hwm", config->send_high_water_mark, "Messages queued per peer before dropping")
        ->check(CLI::Range(1, 10000000))
        ->capture_default_str();

    return {command, [config, heartbeat_ms, stats_seconds] {
                config->router.heartbeat_interval = std::chrono::milliseconds(*heartbeat_ms);
                config->stats_interval = std::chrono::milliseconds(static_cast<long>(*stats_seconds * 1000));
                config->receive_high_water_mark = config->send_high_water_mark;
                zmq::context_t context(1);
                broker::Broker broker(context, *config);
                // One plain line on standard output, so scripts and tests learn the port.
                std::cout << "listening on " << broker.endpoint() << std::endl;
                broker.run(stop_requested());
                return 0;
            }};
}

}  // namespace parley::cli
