#include "msgpack_util.hpp"

#include <parley/protocol/text.hpp>

#include <algorithm>
#include <cstring>
#include <new>
#include <optional>
#include <type_traits>
#include <span>
#include <vector>

namespace parley::protocol::detail {
namespace {

// Strings and binaries are referenced in place rather than copied: the frame
// outlives the decoded objects, and copying would double the cost of a hostile frame.
bool reference_in_place(msgpack::type::object_type, std::size_t, void*) { return true; }

msgpack::unpack_limit unpack_limits(const Limits& limits) {
    return {limits.max_array_items, limits.max_map_entries, limits.max_string_bytes, limits.max_frame_bytes,
            /*ext=*/0, limits.max_depth};
}

// Kept by each thread across decodes, so that its first chunk is allocated once.
thread_local msgpack::zone t_zone;
thread_local bool t_zone_taken = false;

msgpack::zone& take_thread_zone(std::optional<msgpack::zone>& fallback) {
    if (t_zone_taken) return fallback.emplace();
    t_zone_taken = true;
    return t_zone;
}

std::string_view key_of(const msgpack::object_kv& entry) {
    if (entry.key.type != msgpack::type::STR) return {};
    return {entry.key.via.str.ptr, entry.key.via.str.size};
}

// Keys are short: a loop beats a call to memcmp, and most differ in length.
bool same_key(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (a[i] != b[i]) return false;
    }
    return true;
}

// The smallest key (in byte order) that occurs more than once, if any.
std::optional<std::string_view> smallest_repeated_key(std::span<const msgpack::object_kv> entries) {
    // The maps of the protocol are small: comparing every pair costs less than
    // sorting a copy of the keys, and allocates nothing.
    constexpr std::size_t kPairwiseUpTo = 16;
    if (entries.size() <= kPairwiseUpTo) {
        std::optional<std::string_view> smallest;
        for (std::size_t i = 0; i < entries.size(); ++i) {
            const auto key = key_of(entries[i]);
            if (smallest && key >= *smallest) continue;
            for (std::size_t j = i + 1; j < entries.size(); ++j) {
                if (same_key(key_of(entries[j]), key)) {
                    smallest = key;
                    break;
                }
            }
        }
        return smallest;
    }
    std::vector<std::string_view> keys;
    keys.reserve(entries.size());
    for (const auto& entry : entries) keys.push_back(key_of(entry));
    std::sort(keys.begin(), keys.end());
    auto repeated = std::adjacent_find(keys.begin(), keys.end());
    if (repeated == keys.end()) return std::nullopt;
    return *repeated;
}

}  // namespace

msgpack::object_handle unpack_one(std::string_view bytes, const Limits& limits) {
    std::size_t offset = 0;
    auto handle =
        msgpack::unpack(bytes.data(), bytes.size(), offset, &reference_in_place, nullptr, unpack_limits(limits));
    if (offset != bytes.size()) {
        throw FieldError(ErrorCode::NotUnderstood,
                         std::to_string(bytes.size() - offset) + " trailing bytes after the message");
    }
    return handle;
}

namespace {

std::uint64_t load_big_endian(const unsigned char* at, std::size_t bytes) {
    std::uint64_t value = 0;
    for (std::size_t i = 0; i < bytes; ++i) value = (value << 8) | at[i];
    return value;
}

// Bytes after the marker that hold the length or the value, for markers
// 0xc4 (bin 8) to 0xdf (map 32), as in the MessagePack specification.
constexpr std::uint8_t kTrailBytes[] = {1, 2, 4,  1, 2, 4,  4, 8,  1, 2, 4, 8,  1, 2, 4, 8,
                                        2, 3, 5, 9, 17,  1, 2, 4,  2, 4,  2, 4};

}  // namespace

// Walks one MessagePack object in the order msgpack-c's parser reads it and
// refuses it where that parser, with msgpack-c's create_object_visitor (the
// visitor of msgpack::unpack), refuses it: the same exception at the same
// point, so that a frame gets exactly the error unpack_one() would give.
// In shallow mode it keeps the top level only (ShallowObject); in full mode
// it builds the whole tree in a zone (ReusedTree). Its own stack of open
// containers allocates nothing unless the depth limit is above 64.
class FrameScanner {
public:
    // Keeps the top level only, in `shallow`.
    FrameScanner(std::string_view bytes, const Limits& limits, ShallowObject& shallow)
        : begin_(reinterpret_cast<const unsigned char*>(bytes.data())),
          at_(begin_),
          end_(begin_ + bytes.size()),
          limits_(limits),
          shallow_(&shallow),
          root_(&shallow.root_) {}

    // Builds the whole tree into `root`, allocating containers in `zone` as
    // create_object_visitor does (strings and binaries stay in `bytes`).
    FrameScanner(std::string_view bytes, const Limits& limits, msgpack::object& root, msgpack::zone& zone)
        : begin_(reinterpret_cast<const unsigned char*>(bytes.data())),
          at_(begin_),
          end_(begin_ + bytes.size()),
          limits_(limits),
          zone_(&zone),
          root_(&root) {}

    // Returns how many bytes the object took.
    std::size_t scan() {
        do {
            read_one();
        } while (open_count_ > 0);
        return static_cast<std::size_t>(at_ - begin_);
    }

private:
    // An open container: the items still to read (a map counts its keys and
    // its values) and, in full mode, where the next one goes.
    // Trivial, so that the inline stack costs nothing until it is used.
    struct Level {
        std::uint64_t remaining;
        bool is_map;
        bool at_value;  // a map's next item is a value, not a key
        msgpack::object* next_item;
        msgpack::object_kv* next_entry;
    };

    void need(std::uint64_t count) const {
        if (static_cast<std::uint64_t>(end_ - at_) < count) throw msgpack::insufficient_bytes("insufficient bytes");
    }

    void read_one() {
        need(1);
        const unsigned char marker = *at_;
        if (marker <= 0x7f) return scalar(1, [&](msgpack::object& object) { set_uint(object, marker); });
        if (marker >= 0xe0) return signed_value(1, static_cast<std::int8_t>(marker));
        if (marker <= 0x8f) return open(1, msgpack::type::MAP, marker & 0x0fu);
        if (marker <= 0x9f) return open(1, msgpack::type::ARRAY, marker & 0x0fu);
        if (marker <= 0xbf) return text(1, marker & 0x1fu);
        switch (marker) {
            case 0xc0: return scalar(1, [](msgpack::object& object) { object.type = msgpack::type::NIL; });
            case 0xc1: throw msgpack::parse_error("parse error");
            case 0xc2:
            case 0xc3:
                return scalar(1, [&](msgpack::object& object) {
                    object.type = msgpack::type::BOOLEAN;
                    object.via.boolean = marker == 0xc3;
                });
            default: break;
        }
        const std::size_t trail = kTrailBytes[marker - 0xc4];
        need(1 + trail);
        const std::uint64_t field = load_big_endian(at_ + 1, trail);
        const std::size_t header = 1 + trail;
        switch (marker) {
            case 0xc4: case 0xc5: case 0xc6: return binary(header, field);
            case 0xc7: case 0xc8: case 0xc9: return extension(header, field + 1);  // the type byte and the data
            case 0xca: {
                const auto bits = static_cast<std::uint32_t>(field);
                float single = 0;
                std::memcpy(&single, &bits, sizeof single);
                return scalar(header, [&](msgpack::object& object) { set_float(object, msgpack::type::FLOAT32, single); });
            }
            case 0xcb: {
                double value = 0;
                std::memcpy(&value, &field, sizeof value);
                return scalar(header, [&](msgpack::object& object) { set_float(object, msgpack::type::FLOAT64, value); });
            }
            case 0xcc: case 0xcd: case 0xce: case 0xcf:
                return scalar(header, [&](msgpack::object& object) { set_uint(object, field); });
            case 0xd0: return signed_value(header, static_cast<std::int8_t>(field));
            case 0xd1: return signed_value(header, static_cast<std::int16_t>(field));
            case 0xd2: return signed_value(header, static_cast<std::int32_t>(field));
            case 0xd3: return signed_value(header, static_cast<std::int64_t>(field));
            case 0xd4: case 0xd5: case 0xd6: case 0xd7: case 0xd8: return extension(1, trail);
            case 0xd9: case 0xda: case 0xdb: return text(header, field);
            case 0xdc: case 0xdd: return open(header, msgpack::type::ARRAY, field);
            default: return open(header, msgpack::type::MAP, field);  // 0xde, 0xdf
        }
    }

    // The object the value at the current position becomes: in the open
    // container, the next item, key or value; null where nothing is kept.
    msgpack::object* slot() {
        if (open_count_ == 0) return root_;
        Level& level = top();
        if (zone_ != nullptr) {
            if (!level.is_map) return level.next_item;
            return level.at_value ? &level.next_entry->val : &level.next_entry->key;
        }
        if (open_count_ != 1 || !level.is_map) return nullptr;
        return level.at_value ? &shallow_->last_entry()->val : &shallow_->add_entry()->key;
    }

    template <class Set>
    void scalar(std::size_t size, Set set) {
        if (auto* object = slot()) set(*object);
        at_ += size;
        item_done();
    }

    // A signed encoding of a value >= 0 is a positive integer, as msgpack-c reads it.
    void signed_value(std::size_t size, std::int64_t value) {
        scalar(size, [&](msgpack::object& object) {
            if (value >= 0) {
                set_uint(object, static_cast<std::uint64_t>(value));
            } else {
                object.type = msgpack::type::NEGATIVE_INTEGER;
                object.via.i64 = value;
            }
        });
    }

    // The length is checked against the limit once the bytes are there, as msgpack-c does.
    void text(std::size_t header, std::uint64_t length) {
        need(header + length);
        if (length > limits_.max_string_bytes) throw msgpack::str_size_overflow("str size overflow");
        const char* data = reinterpret_cast<const char*>(at_ + header);
        scalar(header + length, [&](msgpack::object& object) {
            object.type = msgpack::type::STR;
            object.via.str.ptr = data;
            object.via.str.size = static_cast<std::uint32_t>(length);
        });
    }

    void binary(std::size_t header, std::uint64_t length) {
        need(header + length);
        if (length > limits_.max_frame_bytes) throw msgpack::bin_size_overflow("bin size overflow");
        const char* data = reinterpret_cast<const char*>(at_ + header);
        scalar(header + length, [&](msgpack::object& object) {
            object.type = msgpack::type::BIN;
            object.via.bin.ptr = data;
            object.via.bin.size = static_cast<std::uint32_t>(length);
        });
    }

    // The protocol's limit for extension values is zero: any that is complete is too large.
    void extension(std::size_t header, std::uint64_t length) {
        need(header + length);
        throw msgpack::ext_size_overflow("ext size overflow");
    }

    void open(std::size_t header, msgpack::type::object_type type, std::uint64_t items) {
        const bool is_map = type == msgpack::type::MAP;
        if (items > (is_map ? limits_.max_map_entries : limits_.max_array_items)) {
            if (is_map) throw msgpack::map_size_overflow("map size overflow");
            throw msgpack::array_size_overflow("array size overflow");
        }
        // create_object_visitor's stack holds the root slot plus one entry per open container.
        if (1 + open_count_ > limits_.max_depth) throw msgpack::depth_size_overflow("depth size overflow");
        Level level{items * (is_map ? 2 : 1), is_map, false, nullptr, nullptr};
        if (auto* object = slot()) {
            object->type = type;
            object->via.array.size = static_cast<std::uint32_t>(items);  // the same field as via.map.size
            object->via.array.ptr = nullptr;
            if (zone_ != nullptr && items > 0) allocate_items(*object, level);
        }
        at_ += header;
        if (items == 0) {
            item_done();
            return;
        }
        push(level);
    }

    // Room for every item the header declares, in the zone, as create_object_visitor reserves it.
    void allocate_items(msgpack::object& object, Level& level) {
        const std::size_t count = object.via.array.size;
        if (level.is_map) {
            object.via.map.ptr = static_cast<msgpack::object_kv*>(
                zone_->allocate_align(count * sizeof(msgpack::object_kv), MSGPACK_ZONE_ALIGNOF(msgpack::object_kv)));
            level.next_entry = object.via.map.ptr;
        } else {
            object.via.array.ptr = static_cast<msgpack::object*>(
                zone_->allocate_align(count * sizeof(msgpack::object), MSGPACK_ZONE_ALIGNOF(msgpack::object)));
            level.next_item = object.via.array.ptr;
        }
    }

    // One object is complete: it counts as an item of the container around it,
    // which may be complete in turn.
    void item_done() {
        while (open_count_ > 0) {
            Level& level = top();
            const bool building = zone_ != nullptr;  // the item pointers are null in shallow mode
            if (level.is_map) {
                if (level.at_value && building) ++level.next_entry;
                level.at_value = !level.at_value;
            } else if (building) {
                ++level.next_item;
            }
            if (--level.remaining > 0) return;
            --open_count_;
        }
    }

    void push(const Level& level) {
        if (open_count_ < kInlineDepth) {
            inline_levels_[open_count_] = level;
        } else {
            spilled_levels_.resize(open_count_ - kInlineDepth + 1);
            spilled_levels_.back() = level;
        }
        ++open_count_;
    }

    Level& top() {
        const auto index = open_count_ - 1;
        return index < kInlineDepth ? inline_levels_[index] : spilled_levels_[index - kInlineDepth];
    }

    static void set_uint(msgpack::object& object, std::uint64_t value) {
        object.type = msgpack::type::POSITIVE_INTEGER;
        object.via.u64 = value;
    }
    static void set_float(msgpack::object& object, msgpack::type::object_type type, double value) {
        object.type = type;
        object.via.f64 = value;
    }

    static constexpr std::size_t kInlineDepth = 64;
    const unsigned char* const begin_;
    const unsigned char* at_;
    const unsigned char* const end_;
    const Limits& limits_;
    ShallowObject* shallow_ = nullptr;  // shallow mode
    msgpack::zone* zone_ = nullptr;     // full mode
    msgpack::object* root_;
    std::array<Level, kInlineDepth> inline_levels_;
    std::vector<Level> spilled_levels_;
    std::size_t open_count_ = 0;
};

msgpack::object_kv* ShallowObject::add_entry() {
    static_assert(std::is_trivially_destructible_v<msgpack::object_kv>);
    if (entry_count_ < kInlineEntries) {
        last_entry_ = new (inline_storage_ + entry_count_ * sizeof(msgpack::object_kv)) msgpack::object_kv();
    } else {
        if (entry_count_ == kInlineEntries) {
            const auto* inline_entries = reinterpret_cast<const msgpack::object_kv*>(inline_storage_);
            spilled_entries_.assign(inline_entries, inline_entries + kInlineEntries);
        }
        last_entry_ = &spilled_entries_.emplace_back();
    }
    ++entry_count_;
    return last_entry_;
}

ReusedTree::ReusedTree(std::string_view bytes, const Limits& limits) : zone_(take_thread_zone(own_zone_)) {
    std::size_t used = 0;
    try {
        used = FrameScanner(bytes, limits, root_, zone_).scan();
        if (used != bytes.size()) {
            throw FieldError(ErrorCode::NotUnderstood,
                             std::to_string(bytes.size() - used) + " trailing bytes after the message");
        }
    } catch (...) {
        release();  // a constructor that throws gets no destructor call
        throw;
    }
}

ReusedTree::~ReusedTree() { release(); }

void ReusedTree::release() {
    if (own_zone_) return;  // its own zone goes with it
    t_zone.clear();
    t_zone_taken = false;
}

ShallowObject::ShallowObject(std::string_view bytes, const Limits& limits) {
    FrameScanner scanner(bytes, limits, *this);
    const auto used = scanner.scan();
    if (used != bytes.size()) {
        throw FieldError(ErrorCode::NotUnderstood,
                         std::to_string(bytes.size() - used) + " trailing bytes after the message");
    }
    if (root_.type == msgpack::type::MAP) {
        root_.via.map.ptr = entry_count_ <= kInlineEntries ? reinterpret_cast<msgpack::object_kv*>(inline_storage_)
                                                           : spilled_entries_.data();
        root_.via.map.size = static_cast<std::uint32_t>(entry_count_);
    }
}

namespace {

template <class Stream>
void write_big_endian(Stream& stream, unsigned char marker, std::uint64_t bits, int bytes) {
    char out[9];
    out[0] = static_cast<char>(marker);
    for (int i = 0; i < bytes; ++i) out[1 + i] = static_cast<char>(bits >> (8 * (bytes - 1 - i)));
    stream.write(out, static_cast<std::size_t>(1 + bytes));
}

template <class Stream>
void write_float64_to(Stream& stream, double value) {
    std::uint64_t bits = 0;
    std::memcpy(&bits, &value, sizeof bits);
    write_big_endian(stream, 0xcb, bits, 8);
}

void repack_into(StringSink& sink, msgpack::packer<StringSink>& packer, const msgpack::object& object) {
    switch (object.type) {
        case msgpack::type::FLOAT32: {
            const auto single = static_cast<float>(object.via.f64);
            std::uint32_t bits = 0;
            std::memcpy(&bits, &single, sizeof bits);
            write_big_endian(sink, 0xca, bits, 4);
            return;
        }
        case msgpack::type::FLOAT64:
            write_float64_to(sink, object.via.f64);
            return;
        case msgpack::type::ARRAY:
            packer.pack_array(object.via.array.size);
            for (const auto& item : std::span(object.via.array.ptr, object.via.array.size)) {
                repack_into(sink, packer, item);
            }
            return;
        case msgpack::type::MAP:
            packer.pack_map(object.via.map.size);
            for (const auto& entry : std::span(object.via.map.ptr, object.via.map.size)) {
                repack_into(sink, packer, entry.key);
                repack_into(sink, packer, entry.val);
            }
            return;
        default:
            packer.pack(object);  // scalars, strings and binaries: msgpack-c is canonical for these
            return;
    }
}

}  // namespace

void write_float64(msgpack::sbuffer& buffer, double value) { write_float64_to(buffer, value); }
void write_float64(StringSink& sink, double value) { write_float64_to(sink, value); }

std::string repack(const msgpack::object& object) {
    std::string bytes;
    // Room for a message's content in one allocation; growing from nothing
    // took three or four for a 64-byte body.
    bytes.reserve(256);
    StringSink sink{bytes};
    msgpack::packer<StringSink> packer(sink);
    repack_into(sink, packer, object);
    return bytes;
}

std::string_view as_string_view(const msgpack::object& object, std::string_view what, std::size_t max_bytes) {
    if (object.type != msgpack::type::STR) throw FieldError::violation(std::string(what) + " must be a string");
    if (object.via.str.size > max_bytes) {
        throw FieldError(ErrorCode::TooLarge,
                         std::string(what) + " is longer than " + std::to_string(max_bytes) + " bytes");
    }
    return {object.via.str.ptr, object.via.str.size};
}

std::string as_string(const msgpack::object& object, std::string_view what, std::size_t max_bytes) {
    return std::string(as_string_view(object, what, max_bytes));
}

std::uint64_t as_uint(const msgpack::object& object, std::string_view what, std::uint64_t max_value) {
    if (object.type != msgpack::type::POSITIVE_INTEGER) {
        throw FieldError::violation(std::string(what) + " must be a non-negative integer");
    }
    if (object.via.u64 > max_value) {
        throw FieldError::violation(std::string(what) + " exceeds " + std::to_string(max_value));
    }
    return object.via.u64;
}

void check_name(std::string_view name, std::string_view what) {
    if (name.empty()) throw FieldError::violation(std::string(what) + " must not be empty");
    const bool printable = std::all_of(name.begin(), name.end(), [](char c) {
        const auto byte = static_cast<unsigned char>(c);
        return byte > 0x20 && byte < 0x7f;
    });
    if (!printable) throw FieldError::violation(std::string(what) + " must be printable ASCII without spaces");
}

MapView::MapView(const msgpack::object& object, std::string_view what, ErrorCode wrong_type)
    : map_(object.via.map), what_(what) {
    if (object.type != msgpack::type::MAP) throw FieldError(wrong_type, std::string(what_) + " must be a map");
    // A repeated key could be read one way by the broker and another by the
    // recipient (a second "from", say): refuse it outright.
    const std::span entries(map_.ptr, map_.size);
    for (const auto& entry : entries) {
        if (entry.key.type != msgpack::type::STR) {
            throw FieldError::violation(std::string(what_) + " keys must be strings");
        }
    }
    if (auto repeated = smallest_repeated_key(entries)) {
        // A key may be as long as any str: enough of it to recognise it, well within the text limit.
        constexpr std::size_t kQuotedKeyBytes = 256;
        throw FieldError::violation(std::string(what_) + " repeats the key '" +
                                    printable_utf8(*repeated, kQuotedKeyBytes) + "'");
    }
}

const msgpack::object* MapView::find(std::string_view key) const {
    for (const auto& entry : std::span(map_.ptr, map_.size)) {
        if (same_key(key_of(entry), key)) return &entry.val;
    }
    return nullptr;
}

std::string MapView::required_string(std::string_view key, std::size_t max_bytes) const {
    const auto* object = find(key);
    if (object == nullptr) throw FieldError::violation(std::string(what_) + " lacks the field '" + std::string(key) + "'");
    return as_string(*object, key, max_bytes);
}

std::optional<std::string> MapView::optional_string(std::string_view key, std::size_t max_bytes) const {
    const auto* object = find(key);
    if (object == nullptr || object->type == msgpack::type::NIL) return std::nullopt;
    return as_string(*object, key, max_bytes);
}

std::uint64_t MapView::required_uint(std::string_view key, std::uint64_t max_value) const {
    const auto* object = find(key);
    if (object == nullptr) throw FieldError::violation(std::string(what_) + " lacks the field '" + std::string(key) + "'");
    return as_uint(*object, key, max_value);
}

std::optional<std::uint64_t> MapView::optional_uint(std::string_view key, std::uint64_t max_value) const {
    const auto* object = find(key);
    if (object == nullptr || object->type == msgpack::type::NIL) return std::nullopt;
    return as_uint(*object, key, max_value);
}

void MapView::for_each(const std::function<void(const std::string&, const msgpack::object&)>& visit) const {
    for (const auto& entry : std::span(map_.ptr, map_.size)) visit(std::string(key_of(entry)), entry.val);
}

}  // namespace parley::protocol::detail
