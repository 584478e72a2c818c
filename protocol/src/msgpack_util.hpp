#pragma once
// Helpers shared by the codec and the JSON mapping: bounded unpacking and typed
// access to MessagePack maps that reports protocol errors instead of crashing.

#include <parley/protocol/codec.hpp>

#include <msgpack.hpp>

#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace parley::protocol::detail {

// Thrown inside the codec only; decode() turns it into a DecodeError.
struct FieldError : std::runtime_error {
    FieldError(ErrorCode error_code, const std::string& detail) : std::runtime_error(detail), code(error_code) {}
    static FieldError violation(const std::string& detail) { return {ErrorCode::ProtocolViolation, detail}; }
    ErrorCode code;
};

// Unpacks exactly one object from `bytes` within `limits`; the returned objects
// point into `bytes`, which must outlive them. Throws msgpack errors or FieldError.
msgpack::object_handle unpack_one(std::string_view bytes, const Limits& limits);

// The encoded bytes of one object, in canonical form: floats keep their float
// type (float64 stays float64 even when its value is integral).
std::string repack(const msgpack::object& object);

// Writes a float64 (0xcb) whatever its value. msgpack-c's pack_double writes an
// integral double as an integer, which would turn 3.0 into 3 on the way through.
void write_float64(msgpack::sbuffer& buffer, double value);

std::string as_string(const msgpack::object& object, const std::string& what, std::size_t max_bytes);
std::uint64_t as_uint(const msgpack::object& object, const std::string& what, std::uint64_t max_value);

// Names (agents, frameworks, sessions, codes) are printable ASCII without spaces,
// so they can be logged, used as file names and compared byte for byte.
void check_name(std::string_view name, const std::string& what);

// A MessagePack map whose keys are strings, with typed, checked field access.
class MapView {
public:
    MapView(const msgpack::object& object, std::string what, ErrorCode wrong_type = ErrorCode::ProtocolViolation);

    const msgpack::object* find(std::string_view key) const;
    std::string required_string(const char* key, std::size_t max_bytes) const;
    std::optional<std::string> optional_string(const char* key, std::size_t max_bytes) const;
    std::uint64_t required_uint(const char* key, std::uint64_t max_value = UINT64_MAX) const;
    std::optional<std::uint64_t> optional_uint(const char* key, std::uint64_t max_value = UINT64_MAX) const;
    void for_each(const std::function<void(const std::string&, const msgpack::object&)>& visit) const;

private:
    const msgpack::object_map& map_;
    std::string what_;
};

}  // namespace parley::protocol::detail
