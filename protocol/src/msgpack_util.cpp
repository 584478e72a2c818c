#include "msgpack_util.hpp"

#include <algorithm>
#include <cstring>
#include <span>
#include <vector>

namespace parley::protocol::detail {
namespace {

// Strings and binaries are referenced in place rather than copied: the frame
// outlives the decoded objects, and copying would double the cost of a hostile frame.
bool reference_in_place(msgpack::type::object_type, std::size_t, void*) { return true; }

std::string_view key_of(const msgpack::object_kv& entry) {
    if (entry.key.type != msgpack::type::STR) return {};
    return {entry.key.via.str.ptr, entry.key.via.str.size};
}

}  // namespace

msgpack::object_handle unpack_one(std::string_view bytes, const Limits& limits) {
    const msgpack::unpack_limit limit(limits.max_array_items, limits.max_map_entries, limits.max_string_bytes,
                                      limits.max_frame_bytes, /*ext=*/0, limits.max_depth);
    std::size_t offset = 0;
    auto handle = msgpack::unpack(bytes.data(), bytes.size(), offset, &reference_in_place, nullptr, limit);
    if (offset != bytes.size()) {
        throw FieldError(ErrorCode::NotUnderstood,
                         std::to_string(bytes.size() - offset) + " trailing bytes after the message");
    }
    return handle;
}

namespace {

void write_big_endian(msgpack::sbuffer& buffer, unsigned char marker, std::uint64_t bits, int bytes) {
    char out[9];
    out[0] = static_cast<char>(marker);
    for (int i = 0; i < bytes; ++i) out[1 + i] = static_cast<char>(bits >> (8 * (bytes - 1 - i)));
    buffer.write(out, static_cast<std::size_t>(1 + bytes));
}

void repack_into(msgpack::sbuffer& buffer, msgpack::packer<msgpack::sbuffer>& packer, const msgpack::object& object) {
    switch (object.type) {
        case msgpack::type::FLOAT32: {
            const auto single = static_cast<float>(object.via.f64);
            std::uint32_t bits = 0;
            std::memcpy(&bits, &single, sizeof bits);
            write_big_endian(buffer, 0xca, bits, 4);
            return;
        }
        case msgpack::type::FLOAT64:
            write_float64(buffer, object.via.f64);
            return;
        case msgpack::type::ARRAY:
            packer.pack_array(object.via.array.size);
            for (const auto& item : std::span(object.via.array.ptr, object.via.array.size)) {
                repack_into(buffer, packer, item);
            }
            return;
        case msgpack::type::MAP:
            packer.pack_map(object.via.map.size);
            for (const auto& entry : std::span(object.via.map.ptr, object.via.map.size)) {
                repack_into(buffer, packer, entry.key);
                repack_into(buffer, packer, entry.val);
            }
            return;
        default:
            packer.pack(object);  // scalars, strings and binaries: msgpack-c is canonical for these
            return;
    }
}

}  // namespace

void write_float64(msgpack::sbuffer& buffer, double value) {
    std::uint64_t bits = 0;
    std::memcpy(&bits, &value, sizeof bits);
    write_big_endian(buffer, 0xcb, bits, 8);
}

std::string repack(const msgpack::object& object) {
    msgpack::sbuffer buffer;
    msgpack::packer<msgpack::sbuffer> packer(buffer);
    repack_into(buffer, packer, object);
    return {buffer.data(), buffer.size()};
}

std::string as_string(const msgpack::object& object, const std::string& what, std::size_t max_bytes) {
    if (object.type != msgpack::type::STR) throw FieldError::violation(what + " must be a string");
    if (object.via.str.size > max_bytes) {
        throw FieldError(ErrorCode::TooLarge, what + " is longer than " + std::to_string(max_bytes) + " bytes");
    }
    return {object.via.str.ptr, object.via.str.size};
}

std::uint64_t as_uint(const msgpack::object& object, const std::string& what, std::uint64_t max_value) {
    if (object.type != msgpack::type::POSITIVE_INTEGER) {
        throw FieldError::violation(what + " must be a non-negative integer");
    }
    if (object.via.u64 > max_value) {
        throw FieldError::violation(what + " exceeds " + std::to_string(max_value));
    }
    return object.via.u64;
}

void check_name(std::string_view name, const std::string& what) {
    if (name.empty()) throw FieldError::violation(what + " must not be empty");
    const bool printable = std::all_of(name.begin(), name.end(), [](char c) {
        const auto byte = static_cast<unsigned char>(c);
        return byte > 0x20 && byte < 0x7f;
    });
    if (!printable) throw FieldError::violation(what + " must be printable ASCII without spaces");
}

MapView::MapView(const msgpack::object& object, std::string what, ErrorCode wrong_type)
    : map_(object.via.map), what_(std::move(what)) {
    if (object.type != msgpack::type::MAP) throw FieldError(wrong_type, what_ + " must be a map");
    // A repeated key could be read one way by the broker and another by the
    // recipient (a second "from", say): refuse it outright.
    std::vector<std::string_view> keys;
    keys.reserve(map_.size);
    for (const auto& entry : std::span(map_.ptr, map_.size)) {
        if (entry.key.type != msgpack::type::STR) throw FieldError::violation(what_ + " keys must be strings");
        keys.push_back(key_of(entry));
    }
    std::sort(keys.begin(), keys.end());
    if (auto repeated = std::adjacent_find(keys.begin(), keys.end()); repeated != keys.end()) {
        throw FieldError::violation(what_ + " repeats the key '" + std::string(*repeated) + "'");
    }
}

const msgpack::object* MapView::find(std::string_view key) const {
    for (const auto& entry : std::span(map_.ptr, map_.size)) {
        if (key_of(entry) == key) return &entry.val;
    }
    return nullptr;
}

std::string MapView::required_string(const char* key, std::size_t max_bytes) const {
    const auto* object = find(key);
    if (object == nullptr) throw FieldError::violation(what_ + " lacks the field '" + key + "'");
    return as_string(*object, key, max_bytes);
}

std::optional<std::string> MapView::optional_string(const char* key, std::size_t max_bytes) const {
    const auto* object = find(key);
    if (object == nullptr || object->type == msgpack::type::NIL) return std::nullopt;
    return as_string(*object, key, max_bytes);
}

std::uint64_t MapView::required_uint(const char* key, std::uint64_t max_value) const {
    const auto* object = find(key);
    if (object == nullptr) throw FieldError::violation(what_ + " lacks the field '" + key + "'");
    return as_uint(*object, key, max_value);
}

std::optional<std::uint64_t> MapView::optional_uint(const char* key, std::uint64_t max_value) const {
    const auto* object = find(key);
    if (object == nullptr || object->type == msgpack::type::NIL) return std::nullopt;
    return as_uint(*object, key, max_value);
}

void MapView::for_each(const std::function<void(const std::string&, const msgpack::object&)>& visit) const {
    for (const auto& entry : std::span(map_.ptr, map_.size)) visit(std::string(key_of(entry)), entry.val);
}

}  // namespace parley::protocol::detail
