#include "wire_samples.hpp"

#include <parley/protocol/codec.hpp>

#include <msgpack.hpp>

#include <cstring>
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

// A float64 even for integral values, as the negotiation codec writes them.
void pack_time(msgpack::sbuffer& buffer, double value) {
    std::uint64_t bits = 0;
    std::memcpy(&bits, &value, sizeof bits);
    char out[9];
    out[0] = static_cast<char>(0xcb);
    for (int i = 0; i < 8; ++i) out[1 + i] = static_cast<char>(bits >> (8 * (7 - i)));
    buffer.write(out, sizeof out);
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
    SaopFrameSizes sizes;
    {
        msgpack::sbuffer buffer;
        Packer packer(buffer);
        packer.pack_map(5);
        pack_key(packer, "ask");
        pack_key(packer, "respond");
        pack_key(packer, "round");
        packer.pack(57);
        pack_key(packer, "time");
        pack_time(buffer, 0.57);
        pack_key(packer, "standing");
        pack_outcome(packer);
        pack_key(packer, "standing_by");
        packer.pack(1);
        auto cfp = saop_envelope(protocol::Kind::Cfp, "runner-123456", "selfish-1", {{packed(buffer)}, std::nullopt});
        cfp.header.reply_by_ms = 1'700'000'000'000;
        sizes.cfp = protocol::encode(cfp).size();
    }
    const protocol::Reason reason{"self_interest", "it gives me 0.873"};
    {
        msgpack::sbuffer buffer;
        Packer packer(buffer);
        packer.pack_map(1);
        pack_key(packer, "outcome");
        pack_outcome(packer);
        auto propose = saop_envelope(protocol::Kind::Propose, "selfish-1", "runner-123456", {{packed(buffer)}, reason});
        propose.header.in_reply_to = 123455;
        sizes.propose = protocol::encode(propose).size();
    }
    {
        msgpack::sbuffer buffer;
        Packer packer(buffer);
        packer.pack_map(5);
        pack_key(packer, "party");
        packer.pack(1);
        pack_key(packer, "move");
        pack_key(packer, "offer");
        pack_key(packer, "outcome");
        pack_outcome(packer);
        pack_key(packer, "round");
        packer.pack(57);
        pack_key(packer, "time");
        pack_time(buffer, 0.57);
        sizes.inform = protocol::encode(saop_envelope(protocol::Kind::Inform, "runner-123456", "selfish-2",
                                                      {{packed(buffer)}, reason}))
                           .size();
    }
    {
        msgpack::sbuffer buffer;
        Packer packer(buffer);
        packer.pack_map(2);
        pack_key(packer, "reason");
        pack_key(packer, "agreement");
        pack_key(packer, "agreement");
        pack_outcome(packer);
        sizes.end = protocol::encode(saop_envelope(protocol::Kind::End, "runner-123456", "selfish-1",
                                                   {{packed(buffer)}, std::nullopt}))
                        .size();
    }
    return sizes;
}

}  // namespace parley::bench
