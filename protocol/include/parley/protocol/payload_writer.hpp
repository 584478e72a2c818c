#pragma once
// Writes one MessagePack value straight into a Payload, with the encodings
// payload_from_json uses (integers in their shortest form, every float as a
// float64), so that content written here and the same content converted from
// JSON are the same bytes. For the hot paths (the cfp and inform of every
// turn), where a JSON tree per message would cost more than the message.
//
// The caller gives each container's size first and then exactly that many
// items (a map's items alternate key and value), as MessagePack is written.

#include <parley/protocol/message.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace parley::protocol {

class PayloadWriter {
public:
    PayloadWriter& map(std::size_t entries);
    PayloadWriter& array(std::size_t items);
    PayloadWriter& string(std::string_view text);
    PayloadWriter& unsigned_integer(std::uint64_t value);
    PayloadWriter& number(double value);
    PayloadWriter& boolean(bool value);
    PayloadWriter& nil();

    // The value written; the writer is left empty.
    Payload finish();

private:
    std::string bytes_;
};

}  // namespace parley::protocol
