#include <parley/protocol/payload_view.hpp>

#include "msgpack_util.hpp"

#include <span>
#include <stdexcept>

namespace parley::protocol {
namespace {

const msgpack::object& object_of(const void* object) { return *static_cast<const msgpack::object*>(object); }

// Read with limits as wide as the payload: the codec checked it against the
// wire's limits when it arrived, or this process wrote it.
Limits own_limits(std::size_t size) {
    Limits own;
    own.max_frame_bytes = own.max_string_bytes = own.max_array_items = own.max_map_entries = size;
    own.max_depth = 1024;
    return own;
}

}  // namespace

// ---- PayloadValue -------------------------------------------------------------------

bool PayloadValue::is_null() const { return object_of(object_).type == msgpack::type::NIL; }
bool PayloadValue::is_boolean() const { return object_of(object_).type == msgpack::type::BOOLEAN; }
bool PayloadValue::is_object() const { return object_of(object_).type == msgpack::type::MAP; }
bool PayloadValue::is_array() const { return object_of(object_).type == msgpack::type::ARRAY; }
bool PayloadValue::is_string() const { return object_of(object_).type == msgpack::type::STR; }
bool PayloadValue::is_number_unsigned() const { return object_of(object_).type == msgpack::type::POSITIVE_INTEGER; }

bool PayloadValue::is_number() const {
    switch (object_of(object_).type) {
        case msgpack::type::POSITIVE_INTEGER:
        case msgpack::type::NEGATIVE_INTEGER:
        case msgpack::type::FLOAT32:
        case msgpack::type::FLOAT64:
            return true;
        default:
            return false;
    }
}

bool PayloadValue::get_boolean() const { return object_of(object_).via.boolean; }
std::uint64_t PayloadValue::get_unsigned() const { return object_of(object_).via.u64; }

double PayloadValue::get_number() const {
    const auto& object = object_of(object_);
    switch (object.type) {
        case msgpack::type::POSITIVE_INTEGER:
            return static_cast<double>(object.via.u64);
        case msgpack::type::NEGATIVE_INTEGER:
            return static_cast<double>(object.via.i64);
        default:
            return object.via.f64;
    }
}

std::string_view PayloadValue::get_string() const {
    const auto& object = object_of(object_);
    return {object.via.str.ptr, object.via.str.size};
}

std::size_t PayloadValue::size() const {
    const auto& object = object_of(object_);
    if (object.type == msgpack::type::ARRAY) return object.via.array.size;
    if (object.type == msgpack::type::MAP) return object.via.map.size;
    return 0;
}

PayloadValue PayloadValue::operator[](std::size_t index) const {
    return PayloadValue(&object_of(object_).via.array.ptr[index]);
}

std::optional<PayloadValue> PayloadValue::find(std::string_view key) const {
    const auto& object = object_of(object_);
    if (object.type != msgpack::type::MAP) return std::nullopt;
    std::optional<PayloadValue> found;
    for (const auto& entry : std::span(object.via.map.ptr, object.via.map.size)) {
        if (entry.key.type == msgpack::type::STR && std::string_view(entry.key.via.str.ptr, entry.key.via.str.size) == key) {
            found = PayloadValue(&entry.val);  // a JSON object keeps the last of repeated keys
        }
    }
    return found;
}

PayloadValue::Iterator& PayloadValue::Iterator::operator++() {
    item_ = static_cast<const msgpack::object*>(item_) + 1;
    return *this;
}

PayloadValue::Iterator PayloadValue::begin() const {
    const auto& object = object_of(object_);
    return Iterator(object.type == msgpack::type::ARRAY ? object.via.array.ptr : nullptr);
}

PayloadValue::Iterator PayloadValue::end() const {
    const auto& object = object_of(object_);
    return Iterator(object.type == msgpack::type::ARRAY ? object.via.array.ptr + object.via.array.size : nullptr);
}

// ---- PayloadTree --------------------------------------------------------------------

struct PayloadTree::Decoded {
    explicit Decoded(std::string_view bytes) : tree(bytes, own_limits(bytes.size())) {}
    detail::ReusedTree tree;
};

PayloadTree::PayloadTree(const Payload& payload) {
    if (payload.empty()) return;
    try {
        decoded_ = std::make_unique<Decoded>(payload.msgpack);
    } catch (const std::exception& error) {
        throw std::invalid_argument(std::string("a payload that is not one MessagePack value: ") + error.what());
    }
}

PayloadTree::~PayloadTree() = default;

PayloadValue PayloadTree::root() const {
    static const msgpack::object nil;  // what an empty payload reads as
    return PayloadValue(decoded_ ? &decoded_->tree.get() : &nil);
}

}  // namespace parley::protocol
