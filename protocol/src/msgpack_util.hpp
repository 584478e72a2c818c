#pragma once
// Helpers shared by the codec and the JSON mapping: bounded unpacking and typed
// access to MessagePack maps that reports protocol errors instead of crashing.

#include <parley/protocol/codec.hpp>

#include <msgpack.hpp>

#include <array>
#include <cstddef>
#include <functional>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

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

// The whole tree of one object, built as unpack_one() builds it and refused with the
// same errors, but in a zone that the thread reuses: decoding every message of
// an agent then allocates nothing for the tree. The objects are valid while
// the ReusedTree lives; it clears the zone when it goes. A second tree made
// while one lives gets a zone of its own.
class ReusedTree {
public:
    ReusedTree(std::string_view bytes, const Limits& limits);
    ~ReusedTree();
    ReusedTree(const ReusedTree&) = delete;
    ReusedTree& operator=(const ReusedTree&) = delete;

    const msgpack::object& get() const { return root_; }

private:
    void release();

    std::optional<msgpack::zone> own_zone_;  // only when the thread's zone is taken
    msgpack::zone& zone_;
    msgpack::object root_;
};

// The top level of one object, for readers that need nothing below it: the
// broker reads the envelope and routes the body untouched. Construction checks
// the whole of `bytes` against the limits as unpack_one() does, throwing the
// same errors in the same cases, but without building the tree: only the top
// level is materialised (a map's keys and values; a nested container as its
// type and size, without items). Objects point into `bytes`, which must
// outlive them. Neither copied nor moved: the root points into it.
class ShallowObject {
public:
    ShallowObject(std::string_view bytes, const Limits& limits);
    ShallowObject(const ShallowObject&) = delete;
    ShallowObject& operator=(const ShallowObject&) = delete;

    const msgpack::object& get() const { return root_; }

private:
    friend class FrameScanner;
    msgpack::object_kv* add_entry();
    msgpack::object_kv* last_entry() { return last_entry_; }

    // Envelopes have fewer than a dozen fields: they stay in the object itself,
    // in storage that is not initialised before it is used.
    static constexpr std::size_t kInlineEntries = 16;
    msgpack::object root_;
    alignas(msgpack::object_kv) std::byte inline_storage_[kInlineEntries * sizeof(msgpack::object_kv)];
    std::vector<msgpack::object_kv> spilled_entries_;
    std::size_t entry_count_ = 0;
    msgpack::object_kv* last_entry_ = nullptr;
};

// The encoded bytes of one object, in canonical form: floats keep their float
// type (float64 stays float64 even when its value is integral).
std::string repack(const msgpack::object& object);

// A msgpack-c stream that appends to a string: what is packed ends in the
// string it is returned in, with no intermediate buffer to copy from.
struct StringSink {
    std::string& bytes;
    void write(const char* data, std::size_t size) { bytes.append(data, size); }
};

// Writes a float64 (0xcb) whatever its value. msgpack-c's pack_double writes an
// integral double as an integer, which would turn 3.0 into 3 on the way through.
void write_float64(msgpack::sbuffer& buffer, double value);
void write_float64(StringSink& sink, double value);

std::string as_string(const msgpack::object& object, std::string_view what, std::size_t max_bytes);
// The same checks, and a view of the text in the frame instead of a copy.
std::string_view as_string_view(const msgpack::object& object, std::string_view what, std::size_t max_bytes);
std::uint64_t as_uint(const msgpack::object& object, std::string_view what, std::uint64_t max_value);

// Names (agents, frameworks, sessions, codes) are printable ASCII without spaces,
// so they can be logged, used as file names and compared byte for byte.
void check_name(std::string_view name, std::string_view what);

// A MessagePack map whose keys are strings, with typed, checked field access.
class MapView {
public:
    // `what` names the map in errors; it must outlive the view (a literal, in practice).
    MapView(const msgpack::object& object, std::string_view what, ErrorCode wrong_type = ErrorCode::ProtocolViolation);

    // Keys are string views so that a literal's length is known where it is
    // written: these run for every field of every message.
    const msgpack::object* find(std::string_view key) const;
    std::span<const msgpack::object_kv> entries() const { return {map_.ptr, map_.size}; }
    std::string required_string(std::string_view key, std::size_t max_bytes) const;
    std::optional<std::string> optional_string(std::string_view key, std::size_t max_bytes) const;
    std::uint64_t required_uint(std::string_view key, std::uint64_t max_value = UINT64_MAX) const;
    std::optional<std::uint64_t> optional_uint(std::string_view key, std::uint64_t max_value = UINT64_MAX) const;
    void for_each(const std::function<void(const std::string&, const msgpack::object&)>& visit) const;

private:
    const msgpack::object_map& map_;
    std::string_view what_;
};

}  // namespace parley::protocol::detail
