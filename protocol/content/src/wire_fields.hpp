#pragma once
// Strict readers of message content shared by the negotiation and game wire
// formats: every failure throws WireError naming the field, so a malformed
// message from a peer is reported precisely instead of crashing anyone.

#include <parley/content/negotiation_wire.hpp>

#include <parley/protocol/payload_view.hpp>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace parley::worlds::wire {

using Json = nlohmann::ordered_json;

inline const Json& field(const Json& object, const char* name) {
    if (!object.is_object()) throw WireError("expected an object holding '" + std::string(name) + "'");
    auto found = object.find(name);
    if (found == object.end()) throw WireError("missing field '" + std::string(name) + "'");
    return *found;
}

inline std::uint64_t as_uint(const Json& value, const char* name) {
    if (!value.is_number_unsigned()) throw WireError("'" + std::string(name) + "' must be a non-negative integer");
    return value.get<std::uint64_t>();
}

inline double as_number(const Json& value, const char* name) {
    if (!value.is_number()) throw WireError("'" + std::string(name) + "' must be a number");
    return value.get<double>();
}

inline std::string as_string(const Json& value, const char* name) {
    if (!value.is_string()) throw WireError("'" + std::string(name) + "' must be a string");
    return value.get<std::string>();
}

inline const Json& as_array(const Json& value, const char* name) {
    if (!value.is_array()) throw WireError("'" + std::string(name) + "' must be an array");
    return value;
}

// A field that may be absent: null when it is missing or null.
inline const Json* optional_field(const Json& object, const char* name) {
    if (!object.is_object()) return nullptr;
    auto found = object.find(name);
    return found == object.end() || found->is_null() ? nullptr : &*found;
}

// The same readers for a payload read in place (protocol::PayloadValue): the
// content readers are written once, for both (negotiation_wire.cpp).
using protocol::PayloadValue;

inline PayloadValue field(const PayloadValue& object, const char* name) {
    if (!object.is_object()) throw WireError("expected an object holding '" + std::string(name) + "'");
    auto found = object.find(name);
    if (!found) throw WireError("missing field '" + std::string(name) + "'");
    return *found;
}

inline std::optional<PayloadValue> optional_field(const PayloadValue& object, const char* name) {
    auto found = object.find(name);
    if (!found || found->is_null()) return std::nullopt;
    return found;
}

inline std::uint64_t as_uint(const PayloadValue& value, const char* name) {
    if (!value.is_number_unsigned()) throw WireError("'" + std::string(name) + "' must be a non-negative integer");
    return value.get_unsigned();
}

inline double as_number(const PayloadValue& value, const char* name) {
    if (!value.is_number()) throw WireError("'" + std::string(name) + "' must be a number");
    return value.get_number();
}

inline std::string as_string(const PayloadValue& value, const char* name) {
    if (!value.is_string()) throw WireError("'" + std::string(name) + "' must be a string");
    return std::string(value.get_string());
}

inline PayloadValue as_array(const PayloadValue& value, const char* name) {
    if (!value.is_array()) throw WireError("'" + std::string(name) + "' must be an array");
    return value;
}

}  // namespace parley::worlds::wire
