#include <parley/protocol/json.hpp>

#include "msgpack_util.hpp"

#include <msgpack.hpp>

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
    auto handle = detail::unpack_one(bytes, own);
    return object_to_json(handle.get());
}

}  // namespace

Json to_json(const Envelope& envelope) { return msgpack_to_json(encode(envelope)); }

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
