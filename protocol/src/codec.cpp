#include <parley/protocol/codec.hpp>
#include <parley/protocol/text.hpp>

#include "msgpack_util.hpp"

#include <msgpack.hpp>

#include <algorithm>
#include <type_traits>

namespace parley::protocol {
namespace {

using detail::FieldError;
using detail::MapView;
using detail::StringSink;
using Packer = msgpack::packer<StringSink>;

// An error's text is valid UTF-8 (SPEC.md, "error"), on the way out and on the
// way in: a text that is not is escaped, within `max_bytes`. A valid text is
// kept as it is, so what decodes re-encodes unchanged.
std::string valid_error_text(std::string_view text, std::size_t max_bytes) {
    return is_valid_utf8(text) ? std::string(text) : printable_utf8(text, max_bytes);
}

// ---- encoding -----------------------------------------------------------------

void pack_str(Packer& packer, std::string_view text) {
    packer.pack_str(static_cast<std::uint32_t>(text.size()));
    packer.pack_str_body(text.data(), static_cast<std::uint32_t>(text.size()));
}

// One key of a map with a text value.
void pack_text_field(Packer& packer, std::string_view key, std::string_view value) {
    pack_str(packer, key);
    pack_str(packer, value);
}

void pack_payload(StringSink& buffer, const Payload& payload) {
    buffer.write(payload.msgpack.data(), payload.msgpack.size());
}

void pack_strings(Packer& packer, const std::vector<std::string>& items) {
    packer.pack_array(static_cast<std::uint32_t>(items.size()));
    for (const auto& item : items) pack_str(packer, item);
}

// Where a body is written: the packer for structure, the buffer for payloads
// that are already encoded and are copied in unchanged.
struct FieldWriter {
    StringSink& buffer;
    Packer& packer;
};

void encode_body(FieldWriter out, const EmptyBody&) { out.packer.pack_map(0); }

void encode_body(FieldWriter out, const RegisterBody& body) {
    out.packer.pack_map(3);
    pack_text_field(out.packer, "framework", body.framework);
    pack_str(out.packer, "capabilities");
    pack_strings(out.packer, body.capabilities);
    pack_text_field(out.packer, "instance", body.instance);
}

void encode_body(FieldWriter out, const WelcomeBody& body) {
    out.packer.pack_map(4);
    pack_str(out.packer, "heartbeat_ms");
    out.packer.pack(body.heartbeat_ms);
    pack_str(out.packer, "liveness");
    out.packer.pack(body.liveness);
    pack_str(out.packer, "max_frame");
    out.packer.pack(body.max_frame);
    pack_text_field(out.packer, "broker", body.broker);
}

void encode_body(FieldWriter out, const DirectoryQueryBody& body) {
    const std::pair<const char*, const std::optional<std::string>*> fields[] = {
        {"name", &body.name}, {"framework", &body.framework}, {"capability", &body.capability}};
    auto present = std::count_if(std::begin(fields), std::end(fields),
                                 [](const auto& field) { return field.second->has_value(); });
    out.packer.pack_map(static_cast<std::uint32_t>(present));
    for (const auto& [key, value] : fields) {
        if (value->has_value()) pack_text_field(out.packer, key, **value);
    }
}

void encode_entry(Packer& packer, const DirectoryEntry& entry) {
    packer.pack_map(4);
    pack_text_field(packer, "name", entry.name);
    pack_text_field(packer, "framework", entry.framework);
    pack_str(packer, "capabilities");
    pack_strings(packer, entry.capabilities);
    pack_str(packer, "idle_ms");
    packer.pack(entry.idle_ms);
}

void encode_body(FieldWriter out, const DirectoryBody& body) {
    out.packer.pack_map(1);
    pack_str(out.packer, "agents");
    out.packer.pack_array(static_cast<std::uint32_t>(body.agents.size()));
    for (const auto& entry : body.agents) encode_entry(out.packer, entry);
}

void encode_body(FieldWriter out, const SessionInviteBody& body) {
    out.packer.pack_map(body.content.empty() ? 1 : 2);
    pack_text_field(out.packer, "invitee", body.invitee);
    if (!body.content.empty()) {
        pack_str(out.packer, "content");
        pack_payload(out.buffer, body.content);
    }
}

void encode_body(FieldWriter out, const SessionEventBody& body) {
    out.packer.pack_map(2);
    pack_text_field(out.packer, "event", session_event_name(body.event));
    pack_text_field(out.packer, "member", body.member);
}

void encode_body(FieldWriter out, const StatsBody& body) {
    out.packer.pack_map(8);
    const std::pair<const char*, std::uint64_t> counters[] = {
        {"uptime_ms", body.uptime_ms},           {"agents", body.agents},
        {"sessions", body.sessions},             {"messages_in", body.messages_in},
        {"messages_routed", body.messages_routed}, {"bytes_routed", body.bytes_routed},
        {"dropped", body.dropped}};
    for (const auto& [key, value] : counters) {
        pack_str(out.packer, key);
        out.packer.pack(value);
    }
    pack_str(out.packer, "errors");
    out.packer.pack_map(static_cast<std::uint32_t>(body.errors.size()));
    for (const auto& [code, count] : body.errors) {
        pack_str(out.packer, code);
        out.packer.pack(count);
    }
}

void encode_reason(Packer& packer, const Reason& reason) {
    packer.pack_map(2);
    pack_text_field(packer, "principle", reason.principle);
    pack_text_field(packer, "text", reason.text);
}

void encode_body(FieldWriter out, const ActBody& body) {
    out.packer.pack_map((body.content.empty() ? 0 : 1) + (body.reason ? 1 : 0));
    if (!body.content.empty()) {
        pack_str(out.packer, "content");
        pack_payload(out.buffer, body.content);
    }
    if (body.reason) {
        pack_str(out.packer, "reason");
        encode_reason(out.packer, *body.reason);
    }
}

void encode_body(FieldWriter out, const ErrorBody& body) {
    out.packer.pack_map(2);
    pack_text_field(out.packer, "code", error_code_name(body.code));
    pack_str(out.packer, "text");
    // Whoever wrote this text and whatever it quotes.
    pack_str(out.packer, valid_error_text(body.text, kDefaultLimits.max_text_bytes));
}

// ---- decoding -------------------------------------------------------------------

std::string checked_name(const MapView& map, std::string_view key, const Limits& limits) {
    auto value = map.required_string(key, limits.max_name_bytes);
    detail::check_name(value, key);
    return value;
}

std::vector<std::string> name_list(const msgpack::object& array, const char* key, const Limits& limits) {
    if (array.type != msgpack::type::ARRAY) throw FieldError::violation(std::string(key) + " must be an array");
    if (array.via.array.size > limits.max_capabilities) {
        throw FieldError(ErrorCode::TooLarge, std::string(key) + " has more than " +
                                                  std::to_string(limits.max_capabilities) + " entries");
    }
    std::vector<std::string> items;
    items.reserve(array.via.array.size);
    for (const auto& item : std::span(array.via.array.ptr, array.via.array.size)) {
        auto name = detail::as_string(item, key, limits.max_name_bytes);
        detail::check_name(name, key);
        items.push_back(std::move(name));
    }
    return items;
}

Payload payload_field(const MapView& map, const char* key) {
    const auto* object = map.find(key);
    if (object == nullptr || object->type == msgpack::type::NIL) return {};
    return Payload{detail::repack(*object)};
}

std::optional<Reason> reason_field(const MapView& map, const Limits& limits) {
    const auto* object = map.find("reason");
    if (object == nullptr || object->type == msgpack::type::NIL) return std::nullopt;
    MapView reason(*object, "reason");
    return Reason{checked_name(reason, "principle", limits),
                  reason.required_string("text", limits.max_text_bytes)};
}

// One decoder per body type; decode_body picks it by the body type of the
// message's kind (empty_body_for, message.cpp: the one place that maps kinds
// to bodies).
void decode_into(RegisterBody& body, const MapView& map, const Limits& limits) {
    body.framework = checked_name(map, "framework", limits);
    if (const auto* caps = map.find("capabilities")) body.capabilities = name_list(*caps, "capabilities", limits);
    body.instance = map.optional_string("instance", limits.max_name_bytes).value_or("");
    if (!body.instance.empty()) detail::check_name(body.instance, "instance");
}

void decode_into(WelcomeBody& body, const MapView& map, const Limits& limits) {
    body.heartbeat_ms = static_cast<std::uint32_t>(map.required_uint("heartbeat_ms", UINT32_MAX));
    body.liveness = static_cast<std::uint32_t>(map.required_uint("liveness", UINT32_MAX));
    body.max_frame = map.required_uint("max_frame");
    body.broker = map.required_string("broker", limits.max_text_bytes);
}

void decode_into(DirectoryQueryBody& body, const MapView& map, const Limits& limits) {
    body.name = map.optional_string("name", limits.max_name_bytes);
    body.framework = map.optional_string("framework", limits.max_name_bytes);
    body.capability = map.optional_string("capability", limits.max_name_bytes);
    for (const auto* filter : {&body.name, &body.framework, &body.capability}) {
        if (*filter) detail::check_name(**filter, "directory filter");
    }
}

void decode_into(DirectoryBody& body, const MapView& map, const Limits& limits) {
    const auto* agents = map.find("agents");
    if (agents == nullptr || agents->type != msgpack::type::ARRAY) {
        throw FieldError::violation("agents must be an array");
    }
    for (const auto& item : std::span(agents->via.array.ptr, agents->via.array.size)) {
        MapView entry(item, "agents entry");
        DirectoryEntry decoded;
        decoded.name = checked_name(entry, "name", limits);
        decoded.framework = checked_name(entry, "framework", limits);
        if (const auto* caps = entry.find("capabilities")) {
            decoded.capabilities = name_list(*caps, "capabilities", limits);
        }
        decoded.idle_ms = entry.optional_uint("idle_ms").value_or(0);
        body.agents.push_back(std::move(decoded));
    }
}

void decode_into(SessionInviteBody& body, const MapView& map, const Limits& limits) {
    body.invitee = checked_name(map, "invitee", limits);
    body.content = payload_field(map, "content");
}

void decode_into(SessionEventBody& body, const MapView& map, const Limits& limits) {
    auto name = map.required_string("event", limits.max_name_bytes);
    auto event = session_event_from_name(name);
    if (!event) throw FieldError::violation("unknown session event '" + printable_utf8(name) + "'");
    body.event = *event;
    body.member = checked_name(map, "member", limits);
}

void decode_into(StatsBody& body, const MapView& map, const Limits&) {
    body.uptime_ms = map.optional_uint("uptime_ms").value_or(0);
    body.agents = map.optional_uint("agents").value_or(0);
    body.sessions = map.optional_uint("sessions").value_or(0);
    body.messages_in = map.optional_uint("messages_in").value_or(0);
    body.messages_routed = map.optional_uint("messages_routed").value_or(0);
    body.bytes_routed = map.optional_uint("bytes_routed").value_or(0);
    body.dropped = map.optional_uint("dropped").value_or(0);
    if (const auto* errors = map.find("errors")) {
        MapView counts(*errors, "errors");
        counts.for_each([&](const std::string& key, const msgpack::object& value) {
            body.errors[key] = detail::as_uint(value, "errors entry", UINT64_MAX);
        });
    }
}

void decode_into(ErrorBody& body, const MapView& map, const Limits& limits) {
    auto name = map.required_string("code", limits.max_name_bytes);
    auto code = error_code_from_name(name);
    auto text = map.optional_string("text", limits.max_text_bytes).value_or("");
    if (code) {
        body = ErrorBody{*code, valid_error_text(text, limits.max_text_bytes)};
        return;
    }
    // An error code from a newer peer is still an error: keep its name readable in
    // the text, within the text limit so that the message re-encodes as it decoded
    // (the cut may split a character: valid_error_text then escapes its bytes).
    text = name + ": " + text;
    text.resize(std::min(text.size(), limits.max_text_bytes));
    body = ErrorBody{ErrorCode::NotUnderstood, valid_error_text(text, limits.max_text_bytes)};
}

void decode_into(ActBody& body, const MapView& map, const Limits& limits) {
    body.content = payload_field(map, "content");
    body.reason = reason_field(map, limits);
}

void decode_into(EmptyBody&, const MapView&, const Limits&) {}

Body decode_body(Kind kind, const MapView& map, const Limits& limits) {
    Body body = empty_body_for(kind);
    std::visit([&](auto& typed) { decode_into(typed, map, limits); }, body);
    return body;
}

// The envelope's fields, found in one pass over its entries (every message
// needs them, and a lookup per field would pass over the entries nine times).
// Keys are unique by now: MapView refused repeats.
struct EnvelopeFields {
    const msgpack::object* version = nullptr;
    const msgpack::object* kind = nullptr;
    const msgpack::object* from = nullptr;
    const msgpack::object* to = nullptr;
    const msgpack::object* session = nullptr;
    const msgpack::object* id = nullptr;
    const msgpack::object* re = nullptr;
    const msgpack::object* reply_by = nullptr;
    const msgpack::object* body = nullptr;

    explicit EnvelopeFields(const MapView& root) {
        for (const auto& entry : root.entries()) {
            const std::string_view key(entry.key.via.str.ptr, entry.key.via.str.size);
            if (const msgpack::object** slot = slot_of(key)) *slot = &entry.val;
        }
    }

private:
    const msgpack::object** slot_of(std::string_view key) {
        switch (key.size()) {
            case 1: return key == "v" ? &version : nullptr;
            case 2: return key == "to" ? &to : key == "id" ? &id : key == "re" ? &re : nullptr;
            case 4: return key == "kind" ? &kind : key == "from" ? &from : key == "body" ? &body : nullptr;
            case 7: return key == "session" ? &session : nullptr;
            case 8: return key == "reply_by" ? &reply_by : nullptr;
            default: return nullptr;
        }
    }
};

// A required envelope field, with the error MapView gives for a missing one.
const msgpack::object& required(const msgpack::object* value, std::string_view key) {
    if (value == nullptr) throw FieldError::violation("envelope lacks the field '" + std::string(key) + "'");
    return *value;
}

// An optional field is absent when missing or nil.
bool present(const msgpack::object* value) { return value != nullptr && value->type != msgpack::type::NIL; }

std::optional<std::uint64_t> optional_uint(const msgpack::object* value, std::string_view key) {
    if (!present(value)) return std::nullopt;
    return detail::as_uint(*value, key, UINT64_MAX);
}

// In the order of SPEC.md, "Errors": v, kind, from, to, session, id, re, reply_by.
Header decode_header_fields(const EnvelopeFields& fields, const Limits& limits) {
    Header header;
    // The version comes first: a peer of another version may mean anything by the rest.
    header.version = static_cast<std::uint32_t>(detail::as_uint(required(fields.version, "v"), "v", UINT32_MAX));
    if (header.version != kProtocolVersion) {
        throw FieldError(ErrorCode::UnsupportedVersion,
                         "protocol version " + std::to_string(header.version) + " is not supported (this peer speaks " +
                             std::to_string(kProtocolVersion) + ")");
    }
    const auto kind_text = detail::as_string_view(required(fields.kind, "kind"), "kind", limits.max_name_bytes);
    auto kind = kind_from_name(kind_text);
    if (!kind) throw FieldError(ErrorCode::NotUnderstood, "unknown message kind '" + printable_utf8(kind_text) + "'");
    header.kind = *kind;
    header.sender = detail::as_string(required(fields.from, "from"), "from", limits.max_name_bytes);
    detail::check_name(header.sender, "from");
    if (present(fields.to)) {
        header.recipient = detail::as_string(*fields.to, "to", limits.max_name_bytes);
        detail::check_name(header.recipient, "to");
    }
    if (present(fields.session)) {
        header.session = detail::as_string(*fields.session, "session", limits.max_session_bytes);
        detail::check_name(header.session, "session");
    }
    header.id = detail::as_uint(required(fields.id, "id"), "id", UINT64_MAX);
    header.in_reply_to = optional_uint(fields.re, "re");
    header.reply_by_ms = optional_uint(fields.reply_by, "reply_by");
    return header;
}

// Reads the id and kind of a message leniently, before validation, so that
// even a refused message can be named in the answer.
void note_identity(const msgpack::object& root, std::optional<std::uint64_t>& id, bool& is_error_kind) {
    if (root.type != msgpack::type::MAP) return;
    for (const auto& entry : std::span(root.via.map.ptr, root.via.map.size)) {
        if (entry.key.type != msgpack::type::STR) continue;
        const std::string_view key(entry.key.via.str.ptr, entry.key.via.str.size);
        if (key == "id" && entry.val.type == msgpack::type::POSITIVE_INTEGER) id = entry.val.via.u64;
        if (key == "kind" && entry.val.type == msgpack::type::STR) {
            is_error_kind = std::string_view(entry.val.via.str.ptr, entry.val.via.str.size) == "error";
        }
    }
}

// `Tree` unpacks the frame: the whole tree (detail::ReusedTree) for readers of
// the body, or only the envelope level (detail::ShallowObject) for the broker.
// Both check the whole frame and refuse it with the same errors.
template <class Result, class Tree, class Convert>
Decoded<Result> decode_with(std::string_view frame, const Limits& limits, Convert convert) {
    if (frame.size() > limits.max_frame_bytes) {
        return DecodeError{ErrorCode::TooLarge, "frame of " + std::to_string(frame.size()) +
                                                    " bytes exceeds the limit of " +
                                                    std::to_string(limits.max_frame_bytes)};
    }
    std::optional<std::uint64_t> message_id;
    bool is_error_kind = false;
    try {
        const Tree tree(frame, limits);
        note_identity(tree.get(), message_id, is_error_kind);
        MapView root(tree.get(), "envelope", ErrorCode::NotUnderstood);
        return convert(root);
    } catch (const FieldError& error) {
        return DecodeError{error.code, error.what(), message_id, is_error_kind};
    } catch (const msgpack::size_overflow& error) {
        return DecodeError{ErrorCode::TooLarge, std::string("a value exceeds its limit: ") + error.what(), message_id,
                           is_error_kind};
    } catch (const std::bad_alloc&) {
        return DecodeError{ErrorCode::TooLarge, "message too large to decode"};
    } catch (const std::exception& error) {
        return DecodeError{ErrorCode::NotUnderstood, std::string("not a MessagePack message: ") + error.what(),
                           message_id, is_error_kind};
    }
}

}  // namespace

std::string encode(const Envelope& envelope) {
    std::string bytes;
    bytes.reserve(256);
    encode_into(envelope, bytes);
    return bytes;
}

void encode_into(const Envelope& envelope, std::string& bytes) {
    const Header& header = envelope.header;
    bytes.clear();
    StringSink buffer{bytes};
    Packer packer(buffer);
    std::uint32_t fields = 5;  // v, kind, from, id, body
    fields += header.recipient.empty() ? 0 : 1;
    fields += header.session.empty() ? 0 : 1;
    fields += header.in_reply_to ? 1 : 0;
    fields += header.reply_by_ms ? 1 : 0;
    packer.pack_map(fields);
    pack_str(packer, "v");
    packer.pack(header.version);
    pack_text_field(packer, "kind", kind_name(header.kind));
    pack_text_field(packer, "from", header.sender);
    if (!header.recipient.empty()) {
        pack_text_field(packer, "to", header.recipient);
    }
    if (!header.session.empty()) {
        pack_text_field(packer, "session", header.session);
    }
    pack_str(packer, "id");
    packer.pack(header.id);
    if (header.in_reply_to) {
        pack_str(packer, "re");
        packer.pack(*header.in_reply_to);
    }
    if (header.reply_by_ms) {
        pack_str(packer, "reply_by");
        packer.pack(*header.reply_by_ms);
    }
    pack_str(packer, "body");
    std::visit([&](const auto& body) { encode_body(FieldWriter{buffer, packer}, body); }, envelope.body);
}

Decoded<Envelope> decode(std::string_view frame, const Limits& limits) {
    return decode_with<Envelope, detail::ReusedTree>(frame, limits, [&](const MapView& root) -> Decoded<Envelope> {
        const EnvelopeFields fields(root);
        // Filled where it is returned from: the envelope is not moved on the way out.
        Decoded<Envelope> decoded{Envelope{}};
        Envelope& envelope = decoded.value();
        envelope.header = decode_header_fields(fields, limits);
        if (fields.body == nullptr) throw FieldError::violation("missing field 'body'");
        envelope.body = decode_body(envelope.header.kind, MapView(*fields.body, "body"), limits);
        return decoded;
    });
}

Decoded<Header> decode_header(std::string_view frame, const Limits& limits) {
    return decode_with<Header, detail::ShallowObject>(frame, limits, [&](const MapView& root) -> Decoded<Header> {
        const EnvelopeFields fields(root);
        auto header = decode_header_fields(fields, limits);
        if (fields.body == nullptr || fields.body->type != msgpack::type::MAP) {
            throw FieldError::violation("field 'body' must be a map");
        }
        return header;
    });
}

bool is_valid_payload(std::string_view bytes, const Limits& limits) {
    if (bytes.empty() || bytes.size() > limits.max_frame_bytes) return false;
    try {
        detail::unpack_one(bytes, limits);
        return true;
    } catch (const std::exception&) {
        return false;
    }
}

}  // namespace parley::protocol
