#include "wire_samples.hpp"

#include <parley/protocol/codec.hpp>
#include <parley/content/negotiation_wire.hpp>

#include <msgpack.hpp>

#include <stdexcept>

namespace parley::bench {
namespace {

using Packer = msgpack::packer<msgpack::sbuffer>;

std::string packed(const msgpack::sbuffer& buffer) { return {buffer.data(), buffer.size()}; }

void pack_key(Packer& packer, std::string_view key) {
    packer.pack_str(static_cast<std::uint32_t>(key.size()));
    packer.pack_str_body(key.data(), static_cast<std::uint32_t>(key.size()));
}

void pack_outcome(Packer& packer) {
    packer.pack_array(3);
    packer.pack(3);
    packer.pack(7);
    packer.pack(1);
}

protocol::Envelope saop_envelope(protocol::Kind kind, const std::string& from, const std::string& to,
                                 protocol::ActBody body) {
    auto envelope = protocol::make_envelope(kind, from, std::move(body));
    envelope.header.recipient = to;
    envelope.header.session = "runner-123456:episode-1234-1234";
    envelope.header.id = 123456;
    return envelope;
}

}  // namespace

protocol::ActBody sixty_four_byte_body() {
    msgpack::sbuffer buffer;
    Packer packer(buffer);
    const std::string bytes(kBodyBytes, 'x');
    packer.pack_bin(static_cast<std::uint32_t>(bytes.size()));
    packer.pack_bin_body(bytes.data(), static_cast<std::uint32_t>(bytes.size()));
    return protocol::ActBody{protocol::Payload{packed(buffer)}, std::nullopt};
}

std::string encoded_message(const std::string& from, const std::string& to) {
    auto envelope = protocol::make_envelope(protocol::Kind::Message, from, sixty_four_byte_body());
    envelope.header.recipient = to;
    envelope.header.id = 1;
    return protocol::encode(envelope);
}

std::string pack_count(std::uint64_t count) {
    msgpack::sbuffer buffer;
    msgpack::pack(buffer, count);
    return packed(buffer);
}

std::uint64_t unpack_count(std::string_view bytes) {
    auto handle = msgpack::unpack(bytes.data(), bytes.size());
    if (handle.get().type != msgpack::type::POSITIVE_INTEGER) throw std::runtime_error("a credit is a count");
    return handle.get().via.u64;
}

SaopFrameSizes saop_frame_sizes() {
    // Written by the functions the runner and the agents use, with values of a
    // mid-episode turn: round 57 of 100, 3 issues.
    const worlds::Outcome outcome{3, 7, 1};
    const protocol::Reason reason{"self_interest", "it gives me 0.873"};
    const worlds::Observation offered{1, worlds::Move{worlds::MoveType::Offer, outcome, reason}, 57, 0.57};
    const worlds::Turn turn{worlds::Ask::Respond, 57, 0.57, outcome, worlds::PartyIndex{1}};
    auto size_of = [](protocol::Kind kind, const std::string& from, const std::string& to, protocol::ActBody body) {
        auto envelope = saop_envelope(kind, from, to, std::move(body));
        if (kind == protocol::Kind::Cfp) envelope.header.reply_by_ms = 1'700'000'000'000;
        if (kind == protocol::Kind::Propose) envelope.header.in_reply_to = 123455;
        return protocol::encode(envelope).size();
    };
    SaopFrameSizes sizes;
    sizes.cfp = size_of(protocol::Kind::Cfp, "runner-123456", "selfish-1",
                        {worlds::turn_payload(turn, std::span(&offered, 1)), std::nullopt});
    sizes.propose = size_of(protocol::Kind::Propose, "selfish-1", "runner-123456",
                            {worlds::move_payload(offered.move), reason});
    sizes.inform = size_of(protocol::Kind::Inform, "runner-123456", "selfish-2",
                           {worlds::observation_payload(offered), reason});
    msgpack::sbuffer end;
    Packer packer(end);
    packer.pack_map(2);
    pack_key(packer, "reason");
    pack_key(packer, "agreement");
    pack_key(packer, "agreement");
    pack_outcome(packer);
    sizes.end = size_of(protocol::Kind::End, "runner-123456", "selfish-1", {{packed(end)}, std::nullopt});
    return sizes;
}

}  // namespace parley::bench
