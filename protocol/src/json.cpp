#include <parley/protocol/json.hpp>

#include "msgpack_util.hpp"

#include <msgpack.hpp>

#include <array>
#include <charconv>
#include <cmath>
#include <optional>
#include <stdexcept>
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

// Writes the JSON text of an object the way dump_json(object_to_json(...))
// writes it, for the objects it can write the same; false for the others.
class ReadableWriter {
public:
    explicit ReadableWriter(std::string& out) : out_(out) {}

    bool write(const msgpack::object& object) {
        switch (object.type) {
            case msgpack::type::NIL:
                out_ += "null";
                return true;
            case msgpack::type::BOOLEAN:
                out_ += object.via.boolean ? "true" : "false";
                return true;
            case msgpack::type::POSITIVE_INTEGER:
                write_integer(object.via.u64);
                return true;
            case msgpack::type::NEGATIVE_INTEGER:
                write_integer(object.via.i64);
                return true;
            case msgpack::type::FLOAT32:
            case msgpack::type::FLOAT64:
                write_float(object.via.f64);
                return true;
            case msgpack::type::STR:
                return write_plain_string({object.via.str.ptr, object.via.str.size});
            case msgpack::type::ARRAY:
                return write_array(object);
            case msgpack::type::MAP:
                return write_map(object);
            default:
                return false;  // binary data and the rest: the tree knows how they read
        }
    }

private:
    template <class Integer>
    void write_integer(Integer value) {
        std::array<char, 24> digits{};
        const auto written = std::to_chars(digits.data(), digits.data() + digits.size(), value);
        out_.append(digits.data(), written.ptr);
    }

    // As nlohmann's serializer writes a double: the shortest text that reads
    // back the same ("3.0", "1e-07"), and null for what JSON cannot hold.
    void write_float(double value) {
        if (!std::isfinite(value)) {
            out_ += "null";
            return;
        }
        std::array<char, 64> digits{};
        char* end = nlohmann::detail::to_chars(digits.data(), digits.data() + digits.size(), value);
        out_.append(digits.data(), static_cast<std::size_t>(end - digits.data()));
    }

    // Printable ASCII other than the quote and the backslash is written as it
    // is; anything else needs the escaping and UTF-8 repair of the tree's path.
    bool write_plain_string(std::string_view text) {
        for (char c : text) {
            const auto byte = static_cast<unsigned char>(c);
            if (byte < 0x20 || byte > 0x7e || c == '"' || c == '\\') return false;
        }
        out_ += '"';
        out_ += text;
        out_ += '"';
        return true;
    }

    bool write_array(const msgpack::object& object) {
        out_ += '[';
        bool first = true;
        for (const auto& item : std::span(object.via.array.ptr, object.via.array.size)) {
            if (!first) out_ += ',';
            first = false;
            if (!write(item)) return false;
        }
        out_ += ']';
        return true;
    }

    // A JSON object keeps one value per key: repeated keys read differently in
    // the tree, so they, like keys that are not strings, take its path.
    bool write_map(const msgpack::object& object) {
        const std::span entries(object.via.map.ptr, object.via.map.size);
        for (std::size_t i = 0; i < entries.size(); ++i) {
            if (entries[i].key.type != msgpack::type::STR) return false;
            const std::string_view key(entries[i].key.via.str.ptr, entries[i].key.via.str.size);
            for (std::size_t j = 0; j < i; ++j) {
                if (std::string_view(entries[j].key.via.str.ptr, entries[j].key.via.str.size) == key) return false;
            }
        }
        out_ += '{';
        bool first = true;
        for (const auto& entry : entries) {
            if (!first) out_ += ',';
            first = false;
            if (!write(entry.key)) return false;
            out_ += ':';
            if (!write(entry.val)) return false;
        }
        out_ += '}';
        return true;
    }

    std::string& out_;
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
    {
        Limits own;
        own.max_frame_bytes = own.max_string_bytes = own.max_array_items = own.max_map_entries = frame.size();
        own.max_depth = 1024;
        std::optional<detail::ReusedTree> tree;
        try {
            tree.emplace(frame, own);
        } catch (const std::exception& error) {
            throw std::invalid_argument(std::string("not one MessagePack object: ") + error.what());
        }
        out.reserve(start + frame.size() * 2);
        if (ReadableWriter(out).write(tree->get())) return;
    }
    out.resize(start);  // what the fast path wrote is taken back
    out += dump_json(msgpack_to_json(frame));
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
