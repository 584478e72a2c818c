#pragma once
// The messages the benchmarks send, built once: the 64-byte message body of
// the broker benchmarks, the credits of their flow control, and frames the
// size of real SAOP messages for the bare negotiation baseline.

#include <parley/protocol/message.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace parley::bench {

// Bytes of the body each broker benchmark message carries.
inline constexpr std::size_t kBodyBytes = 64;

// A `message` act whose content is kBodyBytes of binary data.
protocol::ActBody sixty_four_byte_body();

// The whole encoded envelope of such a message from `from` to `to`: what the
// bare baseline sends, so that both sides move frames of the same size.
std::string encoded_message(const std::string& from, const std::string& to);

// Flow-control credits: "I have received `count` messages" as a MessagePack integer.
std::string pack_count(std::uint64_t count);
std::uint64_t unpack_count(std::string_view bytes);

// Sizes of a cfp (carrying the move before it, as `seen`), a propose with its
// reason, an inform and an end of a SAOP episode over 3 issues, encoded as the
// runner and the parties encode them.
struct SaopFrameSizes {
    std::size_t cfp = 0;
    std::size_t propose = 0;
    std::size_t inform = 0;
    std::size_t end = 0;
};
SaopFrameSizes saop_frame_sizes();

}  // namespace parley::bench
