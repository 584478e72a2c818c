// The processes the benchmarks start: `parley bench role NAME --key value ...`.
// Each prints what the coordinator waits for on its standard output, one line
// at a time ("ready", "start NS", "done NS COUNT", "latency P50 P99 P999"),
// with timestamps from CLOCK_MONOTONIC, which all processes share.
//
// The Parley side uses the real agent runtime (agents::AgentClient: register,
// encode, decode every message, heartbeats) through a real `parley broker`.
// The bare side uses cppzmq alone: DEALER sockets with routing identities, and
// a ROUTER that swaps the two routing frames and forwards.

#include <parley/bench/bench.hpp>

#include "processes.hpp"
#include "wire_samples.hpp"

#include <parley/agents/client.hpp>

#include <spdlog/spdlog.h>
#include <zmq.hpp>

#include <algorithm>
#include <cmath>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <stdexcept>

namespace parley::bench {
namespace {

using protocol::Envelope;
using protocol::Kind;

// Queue bounds of both sides: the broker's default high-water mark.
constexpr int kHighWaterMark = 10000;

// How long a role waits for progress before it gives up: a lost message must
// end the benchmark with an error, not hang it.
constexpr auto kStall = 30s;

template <class... Fields>
void say(const Fields&... fields) {
    bool first = true;
    ((std::cout << (first ? "" : " ") << fields, first = false), ...);
    std::cout << std::endl;
}

// A receiver's count, and when it owes its sender a credit: every
// `credit-every` messages and at the last.
struct CreditLedger {
    explicit CreditLedger(const RoleArguments& args)
        : expected(args.count("count")), credit_every(args.count("credit-every")) {}

    // Counts one message; true when a credit for `received` is due now.
    bool count_one() {
        ++received;
        if (received - credited < credit_every && received != expected) return false;
        credited = received;
        return true;
    }
    bool complete() const { return received >= expected; }

    const std::uint64_t expected;
    const std::uint64_t credit_every;
    std::uint64_t received = 0;
    std::uint64_t credited = 0;  // what the last credit said
};

// A sender's progress: `count` messages, at most `window` ahead of the credits.
struct SendWindow {
    explicit SendWindow(const RoleArguments& args) : count(args.count("count")), window(args.count("window")) {}

    // Sends with `send` as many messages as the window allows.
    template <class Send>
    void fill(const Send& send) {
        for (; sent < count && sent - credited < window; ++sent) send();
    }
    void credit(std::uint64_t credit_said) { credited = std::max(credited, credit_said); }
    bool complete() const { return credited >= count; }

    const std::uint64_t count;
    const std::uint64_t window;
    std::uint64_t sent = 0;
    std::uint64_t credited = 0;  // the most any credit has said
};

// Nearest-rank percentiles of round-trip times, in nanoseconds.
void report_latency(std::vector<std::int64_t> samples) {
    std::sort(samples.begin(), samples.end());
    auto percentile = [&](double p) {
        const auto rank = static_cast<std::size_t>(std::ceil(p * static_cast<double>(samples.size())));
        return samples[std::clamp<std::size_t>(rank, 1, samples.size()) - 1];
    };
    say("latency", percentile(0.50), percentile(0.99), percentile(0.999));
}

// Times `warmup` + `count` round trips, each made by `round_trip`, while
// `going` holds, and reports the last `count` of them.
template <class Going, class RoundTrip>
int time_round_trips(const RoleArguments& args, const Going& going, const RoundTrip& round_trip) {
    const auto count = args.count("count");
    const auto warmup = args.count("warmup");
    std::vector<std::int64_t> samples;
    samples.reserve(count);
    for (std::uint64_t i = 0; i < warmup + count && going(); ++i) {
        const auto sent_at = monotonic_ns();
        round_trip();
        if (i >= warmup) samples.push_back(monotonic_ns() - sent_at);
    }
    if (samples.empty()) return 1;
    report_latency(std::move(samples));
    return 0;
}

// ---- the Parley side ---------------------------------------------------------------

std::unique_ptr<agents::AgentClient> registered_client(zmq::context_t& context, const RoleArguments& args) {
    agents::ClientOptions options;
    options.endpoint = args.text("connect");
    options.name = args.text("name");
    options.framework = "bench";
    auto client = std::make_unique<agents::AgentClient>(context, options);
    client->start();
    if (!client->poll_until([&] { return client->ready(); }, kStall)) {
        throw std::runtime_error("'" + options.name + "' got no welcome from " + options.endpoint);
    }
    return client;
}

// Polls until `done` holds; throws when nothing arrives for kStall.
void poll_until_done(agents::AgentClient& client, const std::function<bool()>& done, const std::atomic<bool>& stop,
                     const char* what) {
    auto last_progress = Clock::now();
    while (!done() && !stop.load()) {
        if (client.poll(1000ms) > 0) {
            last_progress = Clock::now();
        } else if (Clock::now() - last_progress > kStall) {
            throw std::runtime_error(std::string(what) + ": nothing arrived for " + std::to_string(kStall.count()) +
                                     " s");
        }
    }
}

protocol::ActBody credit_body(std::uint64_t count) {
    return protocol::ActBody{protocol::Payload{pack_count(count)}, std::nullopt};
}

std::uint64_t credit_of(const Envelope& envelope) {
    return unpack_count(std::get<protocol::ActBody>(envelope.body).content.msgpack);
}

// Receives `count` messages and returns credits every `credit-every` of them.
int parley_receiver(const RoleArguments& args, const std::atomic<bool>& stop) {
    zmq::context_t context(1);
    auto client = registered_client(context, args);
    CreditLedger ledger(args);
    client->on(Kind::Message, [&](agents::AgentClient& self, const Envelope& message) {
        if (ledger.count_one()) self.send_to(message.header.sender, Kind::Message, credit_body(ledger.received));
    });
    say("ready");
    poll_until_done(*client, [&] { return ledger.complete(); }, stop, "receiver");
    say("done", monotonic_ns(), ledger.received);
    client->poll(100ms);  // lets the last credit leave before the bye
    return 0;
}

// Sends `count` 64-byte messages to `to`, at most `window` ahead of the credits.
int parley_sender(const RoleArguments& args, const std::atomic<bool>& stop) {
    zmq::context_t context(1);
    auto client = registered_client(context, args);
    const auto to = args.text("to");
    SendWindow window(args);
    const auto body = sixty_four_byte_body();
    client->on(Kind::Message, [&](agents::AgentClient&, const Envelope& credit) { window.credit(credit_of(credit)); });
    say("start", monotonic_ns());
    auto last_progress = Clock::now();
    while (!window.complete() && !stop.load()) {
        window.fill([&] { client->send_to(to, Kind::Message, body); });
        if (client->poll(1000ms) > 0) {
            last_progress = Clock::now();
        } else if (Clock::now() - last_progress > kStall) {
            throw std::runtime_error("sender: no credit for " + std::to_string(kStall.count()) + " s");
        }
    }
    say("done", monotonic_ns(), window.count);
    return 0;
}

int parley_pong(const RoleArguments& args, const std::atomic<bool>& stop) {
    zmq::context_t context(1);
    auto client = registered_client(context, args);
    client->on(Kind::Message, [](agents::AgentClient& self, const Envelope& ping) {
        self.reply(ping, Kind::Message, ping.body);
    });
    say("ready");
    client->run(stop);
    return 0;
}

int parley_ping(const RoleArguments& args, const std::atomic<bool>& stop) {
    zmq::context_t context(1);
    auto client = registered_client(context, args);
    const auto to = args.text("to");
    const auto body = sixty_four_byte_body();
    bool answered = false;
    client->on(Kind::Message, [&](agents::AgentClient&, const Envelope&) { answered = true; });
    return time_round_trips(args, [&] { return !stop.load(); }, [&] {
        answered = false;
        client->send_to(to, Kind::Message, body);
        poll_until_done(*client, [&] { return answered; }, stop, "ping");
    });
}

// ---- the bare side -------------------------------------------------------------------

zmq::socket_t bare_dealer(zmq::context_t& context, const RoleArguments& args) {
    zmq::socket_t dealer(context, zmq::socket_type::dealer);
    dealer.set(zmq::sockopt::routing_id, args.text("identity"));
    dealer.set(zmq::sockopt::sndhwm, kHighWaterMark);
    dealer.set(zmq::sockopt::rcvhwm, kHighWaterMark);
    dealer.set(zmq::sockopt::linger, 0);
    dealer.connect(args.text("connect"));
    return dealer;
}

void send_pair(zmq::socket_t& socket, zmq::const_buffer to, zmq::const_buffer body) {
    socket.send(to, zmq::send_flags::sndmore);
    socket.send(body, zmq::send_flags::none);
}

// The next [peer, body] pair; throws when none comes for kStall.
void receive_pair(zmq::socket_t& socket, zmq::message_t& peer, zmq::message_t& body, const std::atomic<bool>& stop) {
    const auto deadline = Clock::now() + kStall;
    while (!stop.load()) {
        if (socket.recv(peer, zmq::recv_flags::dontwait)) {
            if (!peer.more() || !socket.recv(body)) throw std::runtime_error("a bare message is two frames");
            return;
        }
        if (Clock::now() > deadline) throw std::runtime_error("bare role: nothing arrived for 30 s");
        zmq::pollitem_t item{socket.handle(), 0, ZMQ_POLLIN, 0};
        try {
            zmq::poll(&item, 1, 1000ms);
        } catch (const zmq::error_t& error) {
            if (error.num() != EINTR) throw;
        }
    }
    throw std::runtime_error("stopped");
}

// Sends a message to itself through the forwarder and waits for it: once it is
// back, the forwarder knows this identity and can route to it.
void probe_route(zmq::socket_t& dealer, const std::string& identity, const std::atomic<bool>& stop) {
    send_pair(dealer, zmq::buffer(identity), zmq::str_buffer("probe"));
    zmq::message_t peer;
    zmq::message_t body;
    receive_pair(dealer, peer, body, stop);
}

// A bare role's DEALER, connected, and known to the forwarder.
struct BareDealer {
    BareDealer(const RoleArguments& args, const std::atomic<bool>& stop) : socket(bare_dealer(context, args)) {
        probe_route(socket, args.text("identity"), stop);
    }
    zmq::context_t context{1};
    zmq::socket_t socket;
};

// Answers, with `answer`, every [peer, body] pair that arrives until `stop`:
// silence is not an error for a role that only answers.
template <class Answer>
void answer_pairs(zmq::socket_t& dealer, const std::atomic<bool>& stop, const Answer& answer) {
    zmq::message_t peer;
    zmq::message_t body;
    while (!stop.load()) {
        try {
            receive_pair(dealer, peer, body, stop);
        } catch (const std::runtime_error&) {
            if (stop.load()) break;
            continue;
        }
        answer(peer, body);
    }
}

int bare_receiver(const RoleArguments& args, const std::atomic<bool>& stop) {
    BareDealer dealer(args, stop);
    CreditLedger ledger(args);
    say("ready");
    zmq::message_t peer;
    zmq::message_t body;
    while (!ledger.complete()) {
        receive_pair(dealer.socket, peer, body, stop);
        if (!ledger.count_one()) continue;
        const auto credit = pack_count(ledger.received);
        send_pair(dealer.socket, zmq::buffer(peer.data(), peer.size()), zmq::buffer(credit));
    }
    say("done", monotonic_ns(), ledger.received);
    return 0;
}

int bare_sender(const RoleArguments& args, const std::atomic<bool>& stop) {
    BareDealer dealer(args, stop);
    const auto to = args.text("to");
    SendWindow window(args);
    const auto frame = encoded_message(args.text("identity"), to);  // the size of the Parley message
    zmq::message_t peer;
    zmq::message_t credit;
    say("start", monotonic_ns());
    while (!window.complete()) {
        window.fill([&] { send_pair(dealer.socket, zmq::buffer(to), zmq::buffer(frame)); });
        receive_pair(dealer.socket, peer, credit, stop);
        window.credit(unpack_count({credit.data<char>(), credit.size()}));
    }
    say("done", monotonic_ns(), window.count);
    return 0;
}

int bare_pong(const RoleArguments& args, const std::atomic<bool>& stop) {
    BareDealer dealer(args, stop);
    say("ready");
    answer_pairs(dealer.socket, stop, [&](zmq::message_t& peer, zmq::message_t& body) {
        dealer.socket.send(peer, zmq::send_flags::sndmore);
        dealer.socket.send(body, zmq::send_flags::none);
    });
    return 0;
}

int bare_ping(const RoleArguments& args, const std::atomic<bool>& stop) {
    BareDealer dealer(args, stop);
    const auto to = args.text("to");
    const auto frame = encoded_message(args.text("identity"), to);
    zmq::message_t peer;
    zmq::message_t body;
    // No stop check between round trips: receive_pair throws once stop is set.
    return time_round_trips(args, [] { return true; }, [&] {
        send_pair(dealer.socket, zmq::buffer(to), zmq::buffer(frame));
        receive_pair(dealer.socket, peer, body, stop);
    });
}

// The physical limit of brokered messaging: receive [source, destination,
// body], send [destination, source, body]. No decoding, no directory.
int bare_forwarder(const RoleArguments& args, const std::atomic<bool>& stop) {
    zmq::context_t context(1);
    zmq::socket_t router(context, zmq::socket_type::router);
    router.set(zmq::sockopt::sndhwm, kHighWaterMark);
    router.set(zmq::sockopt::rcvhwm, kHighWaterMark);
    router.set(zmq::sockopt::linger, 0);
    router.bind(args.text("bind", "tcp://127.0.0.1:*"));
    say("listening on " + router.get(zmq::sockopt::last_endpoint));
    zmq::message_t source;
    zmq::message_t destination;
    zmq::message_t body;
    while (!stop.load()) {
        zmq::pollitem_t item{router.handle(), 0, ZMQ_POLLIN, 0};
        try {
            if (zmq::poll(&item, 1, 100ms) <= 0) continue;
        } catch (const zmq::error_t& error) {
            if (error.num() != EINTR) throw;
            continue;
        }
        // A multi-part message arrives whole: once its first frame is here, all are.
        while (router.recv(source, zmq::recv_flags::dontwait)) {
            if (!source.more() || !router.recv(destination) || !destination.more() || !router.recv(body)) continue;
            while (body.more() && router.recv(body)) {
            }  // not ours to forward: a bare message is two frames
            router.send(destination, zmq::send_flags::sndmore | zmq::send_flags::dontwait);
            router.send(source, zmq::send_flags::sndmore | zmq::send_flags::dontwait);
            router.send(body, zmq::send_flags::dontwait);
        }
    }
    return 0;
}

// ---- the bare SAOP exchange ------------------------------------------------------------
// Frames are opaque bytes of the sizes real SAOP messages have; the first byte
// says what they are and the next four which episode they belong to.

std::string saop_frame(char tag, std::uint32_t episode, std::size_t size) {
    std::string frame(std::max<std::size_t>(size, 5), ' ');
    frame[0] = tag;
    std::memcpy(frame.data() + 1, &episode, sizeof episode);
    return frame;
}

std::uint32_t saop_episode(const zmq::message_t& frame) {
    std::uint32_t episode = 0;
    if (frame.size() >= 5) std::memcpy(&episode, frame.data<char>() + 1, sizeof episode);
    return episode;
}

int bare_saop_party(const RoleArguments& args, const std::atomic<bool>& stop) {
    BareDealer dealer(args, stop);
    const auto sizes = saop_frame_sizes();
    say("ready");
    answer_pairs(dealer.socket, stop, [&](zmq::message_t& runner, zmq::message_t& frame) {
        if (frame.size() == 0 || frame.data<char>()[0] != 'c') return;
        const auto propose = saop_frame('p', saop_episode(frame), sizes.propose);
        dealer.socket.send(runner, zmq::send_flags::sndmore);
        dealer.socket.send(zmq::buffer(propose), zmq::send_flags::none);
    });
    return 0;
}

// Plays `episodes` episodes of `rounds` rounds, `parallel` at a time, with the
// messages of Parley's SAOP: each round a cfp to the party in turn (carrying the
// move before it), its propose back, and an inform to every party that is
// neither the mover nor next in turn; at the end an end to every party.
int bare_saop_runner(const RoleArguments& args, const std::atomic<bool>& stop) {
    BareDealer bare(args, stop);
    zmq::socket_t& dealer = bare.socket;
    const auto parties = split_list(args.text("parties"));
    const auto group = args.count("group");
    const auto episodes = args.count("episodes");
    const auto parallel = args.count("parallel");
    const auto rounds = args.count("rounds");
    if (group < 2 || group > parties.size()) throw std::invalid_argument("--group must be 2 .. the number of parties");
    const auto sizes = saop_frame_sizes();

    struct Episode {
        std::vector<std::string> members;
        std::uint64_t round = 0;
    };
    std::map<std::uint32_t, Episode> active;
    std::uint64_t started = 0;
    std::uint64_t finished = 0;
    std::uint64_t offers = 0;
    auto send_to = [&](const std::string& party, char tag, std::uint32_t episode, std::size_t size) {
        send_pair(dealer, zmq::buffer(party), zmq::buffer(saop_frame(tag, episode, size)));
    };
    auto start_next = [&] {
        const auto id = static_cast<std::uint32_t>(started++);
        Episode episode;
        for (std::uint64_t j = 0; j < group; ++j) episode.members.push_back(parties[(id + j) % parties.size()]);
        send_to(episode.members[0], 'c', id, sizes.cfp);
        active.emplace(id, std::move(episode));
    };
    say("start", monotonic_ns());
    while (started < std::min(parallel, episodes)) start_next();
    zmq::message_t peer;
    zmq::message_t frame;
    while (finished < episodes) {
        receive_pair(dealer, peer, frame, stop);
        auto found = active.find(saop_episode(frame));
        if (found == active.end() || frame.size() == 0 || frame.data<char>()[0] != 'p') continue;
        auto& episode = found->second;
        ++offers;
        const auto mover = episode.round % group;
        const bool continues = episode.round + 1 < rounds;
        const auto next = (episode.round + 1) % group;
        for (std::uint64_t j = 0; j < group; ++j) {
            // The last move is told in an inform to all: no cfp follows it.
            if (j != mover && (j != next || !continues)) send_to(episode.members[j], 'i', found->first, sizes.inform);
        }
        if (++episode.round < rounds) {
            send_to(episode.members[episode.round % group], 'c', found->first, sizes.cfp);
            continue;
        }
        for (const auto& member : episode.members) send_to(member, 'e', found->first, sizes.end);
        active.erase(found);
        ++finished;
        if (started < episodes) start_next();
    }
    say("done", monotonic_ns(), offers);
    return 0;
}

using Role = int (*)(const RoleArguments&, const std::atomic<bool>&);

const std::map<std::string, Role>& roles() {
    static const std::map<std::string, Role> table{
        {"parley-sender", parley_sender},   {"parley-receiver", parley_receiver}, {"parley-ping", parley_ping},
        {"parley-pong", parley_pong},       {"bare-sender", bare_sender},         {"bare-receiver", bare_receiver},
        {"bare-ping", bare_ping},           {"bare-pong", bare_pong},             {"bare-forwarder", bare_forwarder},
        {"bare-saop-party", bare_saop_party}, {"bare-saop-runner", bare_saop_runner},
    };
    return table;
}

}  // namespace

int run_role(const std::vector<std::string>& args, const std::atomic<bool>& stop) {
    if (args.empty() || !roles().contains(args.front())) {
        std::string known;
        for (const auto& [name, role] : roles()) known += (known.empty() ? "" : ", ") + name;
        spdlog::error("bench role: name one of {}", known);
        return 2;
    }
    try {
        return roles().at(args.front())(RoleArguments(args, 1), stop);
    } catch (const std::exception& error) {
        spdlog::error("bench role {}: {}", args.front(), error.what());
        return 1;
    }
}

}  // namespace parley::bench
