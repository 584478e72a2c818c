// libFuzzer target for the protocol decoder: any input must decode to a message
// or a typed error, never crash, hang or leak; and whatever decodes must survive
// a round trip through the encoder unchanged.

#include <parley/protocol/codec.hpp>
#include <parley/protocol/json.hpp>

#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace parley::protocol;
    const std::string_view frame(reinterpret_cast<const char*>(data), size);

    auto header = decode_header(frame);
    auto envelope = decode(frame);
    if (envelope.ok() && !header.ok()) std::abort();  // a full decode implies a valid header
    if (!envelope.ok()) return 0;
    if (!(header.value() == envelope->header)) std::abort();

    auto again = decode(encode(*envelope));
    if (!again.ok() || !(*again == *envelope)) std::abort();
    // The event log's fast path writes exactly the readable form's text.
    if (readable_json(*envelope) != dump_json(to_json(*envelope))) std::abort();
    return 0;
}
