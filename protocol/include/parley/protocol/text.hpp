#pragma once
// Text for people that may hold bytes from the network: error texts and log
// lines quote names, kinds and keys that a peer sent, and a peer may send any
// bytes. Error texts are valid UTF-8 (SPEC.md, "error"), so that a strict
// decoder, such as Python's msgpack with its defaults, can read every one.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace parley::protocol {

// Whether `text` is well-formed UTF-8 (RFC 3629): no overlong forms, no
// surrogates, nothing above U+10FFFF, no sequence cut short.
bool is_valid_utf8(std::string_view text);

// `text` as valid UTF-8 that is safe to print: each byte that is not part of a
// well-formed UTF-8 character, and each ASCII control character, is written as
// \xHH (two upper-case hex digits); everything else is kept as it is. The
// result holds at most `max_bytes`: it ends before the first character or
// escape that would not fit, so it never splits one.
std::string printable_utf8(std::string_view text, std::size_t max_bytes = SIZE_MAX);

}  // namespace parley::protocol
