#include <parley/protocol/text.hpp>

#include <algorithm>

namespace parley::protocol {
namespace {

// The length of the well-formed UTF-8 character that `rest` starts with, or 0
// when it starts with none (a stray, overlong, surrogate or truncated sequence).
std::size_t character_length(std::string_view rest) {
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(rest[i]); };
    const unsigned char lead = byte(0);
    if (lead < 0x80) return 1;
    // The range of the second byte is narrower after some leads (RFC 3629, section 4):
    // it is what excludes overlong forms, surrogates and code points above U+10FFFF.
    std::size_t length = 0;
    unsigned char second_low = 0x80;
    unsigned char second_high = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        if (lead == 0xE0) second_low = 0xA0;
        if (lead == 0xED) second_high = 0x9F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        if (lead == 0xF0) second_low = 0x90;
        if (lead == 0xF4) second_high = 0x8F;
    } else {
        return 0;
    }
    if (rest.size() < length || byte(1) < second_low || byte(1) > second_high) return 0;
    for (std::size_t i = 2; i < length; ++i) {
        if (byte(i) < 0x80 || byte(i) > 0xBF) return 0;
    }
    return length;
}

bool is_ascii_control(unsigned char byte) { return byte < 0x20 || byte == 0x7F; }

}  // namespace

bool is_valid_utf8(std::string_view text) {
    for (std::size_t at = 0; at < text.size();) {
        const auto length = character_length(text.substr(at));
        if (length == 0) return false;
        at += length;
    }
    return true;
}

std::string printable_utf8(std::string_view text, std::size_t max_bytes) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string printable;
    printable.reserve(std::min(text.size(), max_bytes));
    for (std::size_t at = 0; at < text.size();) {
        const auto length = character_length(text.substr(at));
        const auto lead = static_cast<unsigned char>(text[at]);
        if (length == 0 || is_ascii_control(lead)) {
            if (max_bytes - printable.size() < 4) break;
            printable += {'\\', 'x', kHex[lead >> 4], kHex[lead & 0x0F]};
            ++at;
        } else {
            if (max_bytes - printable.size() < length) break;
            printable.append(text.substr(at, length));
            at += length;
        }
    }
    return printable;
}

}  // namespace parley::protocol
