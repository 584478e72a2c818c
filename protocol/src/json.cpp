#include <parley/protocol/json.hpp>

#include "msgpack_util.hpp"

#include <msgpack.hpp>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstring>
#include <optional>
#include <stdexcept>
#include <vector>
#include <span>

namespace parley::protocol {
namespace {

using Json = nlohmann::ordered_json;
using Packer = msgpack::packer<msgpack::sbuffer>;

// The readable form maps MessagePack onto JSON value for value (SPEC.md,
// "Readable form"), so one conversion each way serves envelopes and payloads.
Json object_to_json(const msgpack::object& object) {
    switch (object.type) {
        case msgpack::type::NIL:
            return nullptr;
        case msgpack::type::BOOLEAN:
            return object.via.boolean;
        case msgpack::type::POSITIVE_INTEGER:
            return object.via.u64;
        case msgpack::type::NEGATIVE_INTEGER:
            return object.via.i64;
        case msgpack::type::FLOAT32:
        case msgpack::type::FLOAT64:
            return object.via.f64;
        case msgpack::type::STR:
            return std::string(object.via.str.ptr, object.via.str.size);
        case msgpack::type::BIN: {
            const auto* bytes = reinterpret_cast<const std::uint8_t*>(object.via.bin.ptr);
            return Json::binary(std::vector<std::uint8_t>(bytes, bytes + object.via.bin.size));
        }
        case msgpack::type::ARRAY: {
            Json array = Json::array();
            for (const auto& item : std::span(object.via.array.ptr, object.via.array.size)) {
                array.push_back(object_to_json(item));
            }
            return array;
        }
        case msgpack::type::MAP: {
            Json map = Json::object();
            for (const auto& entry : std::span(object.via.map.ptr, object.via.map.size)) {
                // Keys other than strings have no JSON form; the codec never produces them.
                auto key = entry.key.type == msgpack::type::STR
                               ? std::string(entry.key.via.str.ptr, entry.key.via.str.size)
                               : detail::repack(entry.key);
                map[key] = object_to_json(entry.val);
            }
            return map;
        }
        default:
            return nullptr;
    }
}

// JSON read from a file is untrusted: nesting is bounded as on the wire, so a
// hostile document is refused instead of exhausting the stack.
void pack_json(msgpack::sbuffer& buffer, Packer& packer, const Json& value, std::size_t depth = 0) {
    if (depth > kDefaultLimits.max_depth) {
        throw detail::FieldError(ErrorCode::TooLarge, "nesting deeper than " +
                                                          std::to_string(kDefaultLimits.max_depth) + " levels");
    }
    switch (value.type()) {
        case Json::value_t::null:
        case Json::value_t::discarded:
            packer.pack_nil();
            return;
        case Json::value_t::boolean:
            packer.pack(value.get<bool>());
            return;
        case Json::value_t::number_unsigned:
            packer.pack(value.get<std::uint64_t>());
            return;
        case Json::value_t::number_integer:
            packer.pack(value.get<std::int64_t>());
            return;
        case Json::value_t::number_float:
            detail::write_float64(buffer, value.get<double>());
            return;
        case Json::value_t::string: {
            const auto& text = value.get_ref<const std::string&>();
            packer.pack_str(static_cast<std::uint32_t>(text.size()));
            packer.pack_str_body(text.data(), static_cast<std::uint32_t>(text.size()));
            return;
        }
        case Json::value_t::binary: {
            const auto& bytes = value.get_binary();
            packer.pack_bin(static_cast<std::uint32_t>(bytes.size()));
            packer.pack_bin_body(reinterpret_cast<const char*>(bytes.data()), static_cast<std::uint32_t>(bytes.size()));
            return;
        }
        case Json::value_t::array:
            packer.pack_array(static_cast<std::uint32_t>(value.size()));
            for (const auto& item : value) pack_json(buffer, packer, item, depth + 1);
            return;
        case Json::value_t::object:
            packer.pack_map(static_cast<std::uint32_t>(value.size()));
            for (const auto& [key, item] : value.items()) {
                packer.pack_str(static_cast<std::uint32_t>(key.size()));
                packer.pack_str_body(key.data(), static_cast<std::uint32_t>(key.size()));
                pack_json(buffer, packer, item, depth + 1);
            }
            return;
    }
}

std::string json_to_msgpack(const Json& value) {
    msgpack::sbuffer buffer;
    Packer packer(buffer);
    pack_json(buffer, packer, value);
    return {buffer.data(), buffer.size()};
}

// Reads bytes this process encoded itself: no item can be larger than the
// frame, so the frame's size bounds every count.
Json msgpack_to_json(std::string_view bytes) {
    Limits own;
    own.max_frame_bytes = own.max_string_bytes = own.max_array_items = own.max_map_entries = bytes.size();
    own.max_depth = 1024;
    const detail::ReusedTree tree(bytes, own);
    return object_to_json(tree.get());
}

}  // namespace

namespace {

// Writes the JSON text of one MessagePack value the way
// dump_json(object_to_json(...)) writes it, straight from the bytes in one pass
// (no tree), for the values it can write the same; false for the others
// (binary data, extensions, keys that are not strings or repeat, text that
// needs escaping) and for bytes that are not exactly one value, which take
// the tree's path.
class ReadableWriter {
public:
    // Writes into `out` after what it holds; on false, `out` is as it was.
    ReadableWriter(std::string_view bytes, std::string& out)
        : at_(reinterpret_cast<const unsigned char*>(bytes.data())), end_(at_ + bytes.size()), out_(out) {}

    bool write_whole() {
        // No MessagePack byte becomes more than 6 characters of text ("false,"
        // for 0xc2), so this room is never exceeded: the writing needs no checks.
        const auto start = out_.size();
        out_.resize(start + 6 * static_cast<std::size_t>(end_ - at_) + 32);
        cursor_ = out_.data() + start;
        const bool written = write(0) && at_ == end_;
        out_.resize(written ? static_cast<std::size_t>(cursor_ - out_.data()) : start);
        return written;
    }

private:
    static constexpr int kMaxDepth = 1024;  // as deep as the tree's path reads

    // The bytes a JSON string holds as they are: printable ASCII but the quote and the backslash.
    static constexpr std::array<bool, 256> kPlain = [] {
        std::array<bool, 256> plain{};
        for (int byte = 0x20; byte <= 0x7e; ++byte) plain[static_cast<std::size_t>(byte)] = byte != '"' && byte != '\\';
        return plain;
    }();

    bool has(std::size_t count) const { return static_cast<std::size_t>(end_ - at_) >= count; }

    // The big-endian number of `size` bytes after the marker, which is skipped with them.
    bool field(std::size_t size, std::uint64_t& value) {
        if (!has(1 + size)) return false;
        value = 0;
        for (std::size_t i = 1; i <= size; ++i) value = value << 8 | at_[i];
        at_ += 1 + size;
        return true;
    }

    bool write(int depth) {
        if (depth > kMaxDepth || !has(1)) return false;
        const unsigned char marker = *at_;
        std::uint64_t value = 0;
        if (marker <= 0x7f) return ++at_, write_integer(std::uint64_t{marker});
        if (marker >= 0xe0) return ++at_, write_integer(std::int64_t{static_cast<std::int8_t>(marker)});
        if (marker <= 0x8f) return ++at_, write_map(marker & 0x0fu, depth);
        if (marker <= 0x9f) return ++at_, write_array(marker & 0x0fu, depth);
        if (marker <= 0xbf) return ++at_, write_string(marker & 0x1fu);
        switch (marker) {
            case 0xc0: return ++at_, put("null"), true;
            case 0xc2: return ++at_, put("false"), true;
            case 0xc3: return ++at_, put("true"), true;
            case 0xca: {
                if (!field(4, value)) return false;
                float single = 0;
                const auto bits = static_cast<std::uint32_t>(value);
                std::memcpy(&single, &bits, sizeof single);
                return write_float(single);
            }
            case 0xcb: {
                if (!field(8, value)) return false;
                double number = 0;
                std::memcpy(&number, &value, sizeof number);
                return write_float(number);
            }
            case 0xcc: return field(1, value) && write_integer(value);
            case 0xcd: return field(2, value) && write_integer(value);
            case 0xce: return field(4, value) && write_integer(value);
            case 0xcf: return field(8, value) && write_integer(value);
            case 0xd0: return field(1, value) && write_integer(std::int64_t{static_cast<std::int8_t>(value)});
            case 0xd1: return field(2, value) && write_integer(std::int64_t{static_cast<std::int16_t>(value)});
            case 0xd2: return field(4, value) && write_integer(std::int64_t{static_cast<std::int32_t>(value)});
            case 0xd3: return field(8, value) && write_integer(static_cast<std::int64_t>(value));
            case 0xd9: return field(1, value) && write_string(value);
            case 0xda: return field(2, value) && write_string(value);
            case 0xdb: return field(4, value) && write_string(value);
            case 0xdc: return field(2, value) && write_array(value, depth);
            case 0xdd: return field(4, value) && write_array(value, depth);
            case 0xde: return field(2, value) && write_map(value, depth);
            case 0xdf: return field(4, value) && write_map(value, depth);
            default: return false;  // binary data, extensions: the tree knows how they read
        }
    }

    template <class Integer>
    bool write_integer(Integer number) {
        cursor_ = std::to_chars(cursor_, cursor_ + 24, number).ptr;
        return true;
    }

    // As nlohmann's serializer writes a double: the shortest text that reads
    // back the same ("3.0", "1e-07"), and null for what JSON cannot hold.
    bool write_float(double number) {
        if (!std::isfinite(number)) {
            put("null");
            return true;
        }
        cursor_ = nlohmann::detail::to_chars(cursor_, cursor_ + 32, number);
        return true;
    }

    // The string's bytes, when they are printable ASCII other than the quote and
    // the backslash (written as they are); anything else needs the escaping and
    // UTF-8 repair of the tree's path.
    std::optional<std::string_view> plain_string(std::uint64_t length) {
        if (!has(length)) return std::nullopt;
        const std::string_view text(reinterpret_cast<const char*>(at_), length);
        for (char c : text) {
            if (!kPlain[static_cast<unsigned char>(c)]) return std::nullopt;
        }
        at_ += length;
        return text;
    }

    bool write_string(std::uint64_t length) {
        const auto text = plain_string(length);
        if (!text) return false;
        put('"');
        put(*text);
        put('"');
        return true;
    }

    bool write_array(std::uint64_t items, int depth) {
        put('[');
        for (std::uint64_t i = 0; i < items; ++i) {
            if (i > 0) put(',');
            if (!write(depth + 1)) return false;
        }
        put(']');
        return true;
    }

    // A JSON object keeps one value per key: repeated keys read differently in
    // the tree, so they, like keys that are not strings, take its path.
    bool write_map(std::uint64_t entries, int depth) {
        if (entries > static_cast<std::uint64_t>(end_ - at_)) return false;  // each entry takes bytes
        // The keys seen so far, without an allocation for the maps messages hold.
        std::array<std::string_view, 16> few;
        std::vector<std::string_view> many;
        put('{');
        for (std::uint64_t i = 0; i < entries; ++i) {
            if (i > 0) put(',');
            const auto key = read_key();
            if (!key) return false;
            const auto seen_few = few.begin() + static_cast<std::ptrdiff_t>(std::min<std::uint64_t>(i, few.size()));
            if (std::find(few.begin(), seen_few, *key) != seen_few ||
                std::find(many.begin(), many.end(), *key) != many.end()) {
                return false;
            }
            if (i < few.size()) {
                few[i] = *key;
            } else {
                many.push_back(*key);
            }
            put('"');
            put(*key);
            put("\":");
            if (!write(depth + 1)) return false;
        }
        put('}');
        return true;
    }

    std::optional<std::string_view> read_key() {
        if (!has(1)) return std::nullopt;
        const unsigned char marker = *at_;
        std::uint64_t length = 0;
        if (marker >= 0xa0 && marker <= 0xbf) {
            ++at_;
            length = marker & 0x1fu;
        } else if (!(marker == 0xd9 && field(1, length)) && !(marker == 0xda && field(2, length)) &&
                   !(marker == 0xdb && field(4, length))) {
            return std::nullopt;
        }
        return plain_string(length);
    }

    void put(char c) { *cursor_++ = c; }
    void put(std::string_view text) {
        std::memcpy(cursor_, text.data(), text.size());
        cursor_ += text.size();
    }

    const unsigned char* at_;
    const unsigned char* end_;
    std::string& out_;
    char* cursor_ = nullptr;  // where the next character goes, in the room write_whole() made
};

}  // namespace

Json to_json(const Envelope& envelope) { return msgpack_to_json(encode(envelope)); }

std::string readable_json(const Envelope& envelope) {
    std::string text;
    append_readable_json(envelope, text);
    return text;
}

void append_readable_json(const Envelope& envelope, std::string& out) { append_readable_json(encode(envelope), out); }

void append_readable_json(std::string_view frame, std::string& out) {
    const auto start = out.size();
    if (ReadableWriter(frame, out).write_whole()) return;
    out.resize(start);  // what the fast path wrote is taken back
    try {
        out += dump_json(msgpack_to_json(frame));
    } catch (const std::exception& error) {
        throw std::invalid_argument(std::string("not one MessagePack object: ") + error.what());
    }
}

Decoded<Envelope> envelope_from_json(const Json& json) {
    if (!json.is_object()) return DecodeError{ErrorCode::NotUnderstood, "a message must be a JSON object"};
    try {
        return decode(json_to_msgpack(json));
    } catch (const detail::FieldError& error) {
        return DecodeError{error.code, error.what()};
    }
}

std::string dump_json(const Json& value, int indent) {
    return value.dump(indent, ' ', false, Json::error_handler_t::replace);
}

Payload payload_from_json(const Json& value) { return Payload{json_to_msgpack(value)}; }

Json payload_to_json(const Payload& payload) {
    if (payload.empty()) return nullptr;
    try {
        return msgpack_to_json(payload.msgpack);
    } catch (const std::exception&) {
        return nullptr;  // payloads are validated on decode; a hand-made bad one reads as null
    }
}

}  // namespace parley::protocol
