// parley-codec-bench: encode and decode time of every message kind, Parley's
// codec against msgpack-cxx alone, with Google Benchmark.
//
//   parley-codec-bench [--benchmark_* flags]     the usual Google Benchmark table
//   parley-codec-bench --lines [--min-time S]    one line per kind and operation,
//                                                read by `parley bench`
//
// Parley's codec writes the canonical form from the typed model and decodes
// with every check of SPEC.md (limits, names, repeated keys, the body its
// kind requires). The baseline is msgpack-cxx alone on the same bytes: packing
// the decoded object tree, and unpacking the frame with strings referenced in
// place, as Parley's decoder does, and nothing checked. It is an executable of
// its own so that Google Benchmark is not loaded by every `parley` process.

#include <parley/protocol/codec.hpp>

#include <benchmark/benchmark.h>
#include <msgpack.hpp>

#include <cstring>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace parley::bench {
namespace {

using protocol::Envelope;
using protocol::Kind;
using Packer = msgpack::packer<msgpack::sbuffer>;

void pack_text(Packer& packer, std::string_view text) {
    packer.pack_str(static_cast<std::uint32_t>(text.size()));
    packer.pack_str_body(text.data(), static_cast<std::uint32_t>(text.size()));
}

protocol::Payload payload(const std::function<void(Packer&)>& write) {
    msgpack::sbuffer buffer;
    Packer packer(buffer);
    write(packer);
    return {std::string(buffer.data(), buffer.size())};
}

void pack_outcome(Packer& packer) {
    packer.pack_array(3);
    for (int value : {3, 7, 1}) packer.pack(value);
}

// What a runner sends a party with an invitation: its private profile over a
// 3-issue, 10-value domain, and the terms.
protocol::Payload invitation_content() {
    return payload([](Packer& packer) {
        packer.pack_map(8);
        pack_text(packer, "mechanism");
        pack_text(packer, "saop");
        pack_text(packer, "self");
        packer.pack(0);
        pack_text(packer, "parties");
        packer.pack_array(2);
        pack_text(packer, "selfish-1");
        pack_text(packer, "selfish-2");
        pack_text(packer, "issues");
        packer.pack_array(3);
        for (int issue = 1; issue <= 3; ++issue) {
            packer.pack_map(2);
            pack_text(packer, "name");
            pack_text(packer, "issue" + std::to_string(issue));
            pack_text(packer, "values");
            packer.pack_array(10);
            for (int value = 1; value <= 10; ++value) pack_text(packer, "v" + std::to_string(value));
        }
        pack_text(packer, "profile");
        packer.pack_map(3);
        pack_text(packer, "name");
        pack_text(packer, "party1");
        pack_text(packer, "weights");
        packer.pack_array(3);
        for (double weight : {0.5, 0.3, 0.2}) packer.pack_double(weight);
        pack_text(packer, "utilities");
        packer.pack_array(3);
        for (int issue = 0; issue < 3; ++issue) {
            packer.pack_array(10);
            for (int value = 0; value < 10; ++value) packer.pack_double(value / 9.5 + 0.01);
        }
        pack_text(packer, "rounds");
        packer.pack(100);
        pack_text(packer, "seed");
        packer.pack(std::uint64_t{0x9E3779B97F4A7C15});
        pack_text(packer, "framework");
        pack_text(packer, "selfish");
    });
}

Envelope envelope(Kind kind, protocol::Body body, const std::string& to = "selfish-1",
                  const std::string& session = "runner-123456:episode-1234-1234") {
    auto made = protocol::make_envelope(kind, kind == Kind::Welcome || kind == Kind::Directory ||
                                                      kind == Kind::SessionEvent || kind == Kind::Stats
                                                  ? "broker"
                                                  : "runner-123456",
                                        std::move(body));
    made.header.id = 123456;
    made.header.recipient = to;
    made.header.session = session;
    return made;
}

// One representative message of every kind, sized as Parley sends them.
std::vector<std::pair<std::string, Envelope>> sample_messages() {
    const protocol::Reason reason{"self_interest", "it gives me 0.873"};
    protocol::DirectoryBody directory;
    for (int i = 0; i < 10; ++i) directory.agents.push_back({"selfish-" + std::to_string(i), "selfish", {"bargain"}, 250});
    protocol::StatsBody stats{123456, 10, 4, 987654, 876543, 99999999, 0, {{"not_member", 3}, {"unknown_recipient", 1}}};
    const auto cfp = payload([](Packer& packer) {
        packer.pack_map(4);
        pack_text(packer, "ask");
        pack_text(packer, "respond");
        pack_text(packer, "round");
        packer.pack(57);
        pack_text(packer, "standing");
        pack_outcome(packer);
        pack_text(packer, "standing_by");
        packer.pack(1);
    });
    const auto offer = payload([](Packer& packer) {
        packer.pack_map(1);
        pack_text(packer, "outcome");
        pack_outcome(packer);
    });
    const auto inform = payload([](Packer& packer) {
        packer.pack_map(4);
        pack_text(packer, "party");
        packer.pack(1);
        pack_text(packer, "move");
        pack_text(packer, "offer");
        pack_text(packer, "outcome");
        pack_outcome(packer);
        pack_text(packer, "round");
        packer.pack(57);
    });
    const auto ending = payload([](Packer& packer) {
        packer.pack_map(2);
        pack_text(packer, "reason");
        pack_text(packer, "agreement");
        pack_text(packer, "agreement");
        pack_outcome(packer);
    });
    auto reply = [](Envelope made) {
        made.header.in_reply_to = 123455;
        return made;
    };
    auto cfp_envelope = envelope(Kind::Cfp, protocol::ActBody{cfp, std::nullopt});
    cfp_envelope.header.reply_by_ms = 1'700'000'000'000;
    return {
        {"register", envelope(Kind::Register, protocol::RegisterBody{"selfish", {"bargain"}, "0123456789abcdef"}, "", "")},
        {"welcome", reply(envelope(Kind::Welcome, protocol::WelcomeBody{1000, 3, 1048576, "parley-broker/1"}, "selfish-1", ""))},
        {"heartbeat", envelope(Kind::Heartbeat, protocol::EmptyBody{}, "", "")},
        {"directory_query", envelope(Kind::DirectoryQuery, protocol::DirectoryQueryBody{std::nullopt, "selfish", std::nullopt}, "", "")},
        {"directory", reply(envelope(Kind::Directory, directory, "runner-123456", ""))},
        {"session_invite", envelope(Kind::SessionInvite, protocol::SessionInviteBody{"selfish-1", invitation_content()})},
        {"session_join", envelope(Kind::SessionJoin, protocol::EmptyBody{}, "")},
        {"session_leave", envelope(Kind::SessionLeave, protocol::EmptyBody{}, "")},
        {"session_event", envelope(Kind::SessionEvent, protocol::SessionEventBody{protocol::SessionEventType::Joined, "selfish-1"})},
        {"stats_request", envelope(Kind::StatsRequest, protocol::EmptyBody{}, "", "")},
        {"stats", reply(envelope(Kind::Stats, stats, "runner-123456", ""))},
        {"bye", envelope(Kind::Bye, protocol::EmptyBody{}, "", "")},
        {"message", envelope(Kind::Message, protocol::ActBody{payload([](Packer& packer) {
                                                                  packer.pack_bin(64);
                                                                  packer.pack_bin_body(std::string(64, 'x').data(), 64);
                                                              }),
                                                              std::nullopt}, "receiver-0", "")},
        {"cfp", cfp_envelope},
        {"propose", reply(envelope(Kind::Propose, protocol::ActBody{offer, reason}, "runner-123456"))},
        {"accept_proposal", reply(envelope(Kind::AcceptProposal, protocol::ActBody{offer, std::nullopt}, "runner-123456"))},
        {"reject_proposal", reply(envelope(Kind::RejectProposal, protocol::ActBody{{}, reason}, "runner-123456"))},
        {"inform", envelope(Kind::Inform, protocol::ActBody{inform, reason})},
        {"end", envelope(Kind::End, protocol::ActBody{ending, std::nullopt})},
        {"error", reply(envelope(Kind::Error, protocol::ErrorBody{protocol::ErrorCode::NotMember,
                                                                  "'selfish-9' is not a member of session 'x'"}, "selfish-9", ""))},
    };
}

// Strings and binaries stay in the frame, as in Parley's decoder.
bool reference_in_place(msgpack::type::object_type, std::size_t, void*) { return true; }

// Collects the CPU time per iteration of every benchmark, by name.
class Collector : public benchmark::BenchmarkReporter {
public:
    bool ReportContext(const Context&) override { return true; }
    void ReportRuns(const std::vector<Run>& runs) override {
        for (const auto& run : runs) {
            if (run.error_occurred) continue;
            nanoseconds[run.run_name.function_name] = run.GetAdjustedCPUTime();  // the default unit: ns
        }
    }
    std::map<std::string, double> nanoseconds;
};

void register_benchmarks(const std::vector<std::pair<std::string, Envelope>>& samples, double min_seconds) {
    for (const auto& [kind, message] : samples) {
        auto frame = std::make_shared<const std::string>(protocol::encode(message));
        auto tree = std::make_shared<msgpack::object_handle>(
            msgpack::unpack(frame->data(), frame->size(), reference_in_place));
        benchmark::RegisterBenchmark(("parley/encode/" + kind).c_str(), [message](benchmark::State& state) {
            for (auto _ : state) benchmark::DoNotOptimize(protocol::encode(message));
        })->MinTime(min_seconds);
        benchmark::RegisterBenchmark(("parley/decode/" + kind).c_str(), [frame](benchmark::State& state) {
            for (auto _ : state) {
                auto decoded = protocol::decode(*frame);
                if (!decoded) state.SkipWithError("a sample did not decode");
                benchmark::DoNotOptimize(decoded);
            }
        })->MinTime(min_seconds);
        benchmark::RegisterBenchmark(("msgpack/encode/" + kind).c_str(), [frame, tree](benchmark::State& state) {
            for (auto _ : state) {
                msgpack::sbuffer buffer(frame->size());
                msgpack::pack(buffer, tree->get());
                benchmark::DoNotOptimize(buffer.data());
            }
        })->MinTime(min_seconds);
        benchmark::RegisterBenchmark(("msgpack/decode/" + kind).c_str(), [frame](benchmark::State& state) {
            for (auto _ : state) {
                auto handle = msgpack::unpack(frame->data(), frame->size(), reference_in_place);
                benchmark::DoNotOptimize(handle.get());
            }
        })->MinTime(min_seconds);
    }
}

}  // namespace

}  // namespace parley::bench

namespace {

// The operation, the kind, the size of the message and both times, per line.
int print_lines(double min_seconds) {
    using namespace parley;
    const auto samples = bench::sample_messages();
    bench::register_benchmarks(samples, min_seconds);
    bench::Collector collector;
    benchmark::RunSpecifiedBenchmarks(&collector);
    for (const char* operation : {"encode", "decode"}) {
        for (const auto& [kind, message] : samples) {
            std::cout << operation << ' ' << kind << ' ' << protocol::encode(message).size() << ' '
                      << collector.nanoseconds[std::string("parley/") + operation + "/" + kind] << ' '
                      << collector.nanoseconds[std::string("msgpack/") + operation + "/" + kind] << '\n';
        }
    }
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc >= 2 && std::strcmp(argv[1], "--lines") == 0) {
        const double min_seconds = argc >= 4 && std::strcmp(argv[2], "--min-time") == 0 ? std::stod(argv[3]) : 0.2;
        return print_lines(min_seconds);
    }
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    parley::bench::register_benchmarks(parley::bench::sample_messages(), 0.2);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
