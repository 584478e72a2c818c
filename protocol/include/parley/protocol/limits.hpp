#pragma once
// Limits of the wire protocol (protocol/SPEC.md, section "Limits").
// Every limit is checked by the decoder before anything is allocated for the
// value it bounds. Strings are referenced in the frame, never copied; an array
// or map reserves room for the items it declares, so a hostile frame can make
// the decoder reserve at most max_depth x max(max_array_items, max_map_entries)
// entries (address space, untouched) before it is refused.

#include <cstddef>
#include <cstdint>

namespace parley::protocol {

inline constexpr std::uint32_t kProtocolVersion = 1;

struct Limits {
    std::size_t max_frame_bytes = 1024 * 1024;  // one encoded message
    std::size_t max_string_bytes = 65536;       // any MessagePack str
    std::size_t max_array_items = 100000;       // any MessagePack array
    std::size_t max_map_entries = 10000;        // any MessagePack map
    std::size_t max_depth = 32;                 // nesting of arrays and maps
    std::size_t max_name_bytes = 64;            // agent names, frameworks, capabilities
    std::size_t max_session_bytes = 128;        // session ids
    std::size_t max_text_bytes = 4096;          // human-readable texts (error, reason)
    std::size_t max_capabilities = 32;          // entries of a register's capability list
};

// The limits every Parley process applies unless configured otherwise.
inline constexpr Limits kDefaultLimits{};

}  // namespace parley::protocol
