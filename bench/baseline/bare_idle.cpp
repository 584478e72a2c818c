// parley-bare-idle: the least an agent process can be, the baseline of the
// memory figures of `parley bench` (section scale). A C++ process linked to
// libzmq alone, with one DEALER socket that has made itself known to the bare
// forwarder, and nothing else: no logging, no codec, no behaviours.
//
//   parley-bare-idle --connect ENDPOINT --identity NAME
//
// Prints "ready" once the forwarder has echoed its probe, then sleeps in a
// poll until SIGTERM or SIGINT ends it.

#include <zmq.hpp>

#include <chrono>
#include <csignal>
#include <cstring>
#include <iostream>
#include <string>

namespace {

int usage(const char* program) {
    std::cerr << "usage: " << program << " --connect ENDPOINT --identity NAME\n";
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    std::string endpoint;
    std::string identity;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (std::strcmp(argv[i], "--connect") == 0) endpoint = argv[i + 1];
        else if (std::strcmp(argv[i], "--identity") == 0) identity = argv[i + 1];
        else return usage(argv[0]);
    }
    if (endpoint.empty() || identity.empty()) return usage(argv[0]);

    zmq::context_t context(1);
    zmq::socket_t dealer(context, zmq::socket_type::dealer);
    dealer.set(zmq::sockopt::routing_id, identity);
    dealer.set(zmq::sockopt::linger, 0);
    dealer.connect(endpoint);
    // The forwarder swaps [to, body] into [from, body]: a probe sent to itself comes back.
    dealer.send(zmq::buffer(identity), zmq::send_flags::sndmore);
    dealer.send(zmq::str_buffer("probe"), zmq::send_flags::none);
    zmq::message_t peer;
    zmq::message_t body;
    if (!dealer.recv(peer) || !peer.more() || !dealer.recv(body)) return 1;
    std::cout << "ready" << std::endl;

    zmq::pollitem_t item{dealer.handle(), 0, ZMQ_POLLIN, 0};
    for (;;) zmq::poll(&item, 1, std::chrono::milliseconds(-1));  // SIGTERM ends the process
}
