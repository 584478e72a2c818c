// The protocol codec: every kind survives encode -> decode and the readable
// form, every limit refuses what exceeds it with too_large, and every kind of
// malformed input is refused with the error code the receiver must send back,
// without an exception escaping.
//
// Hostile frames are written byte by byte (namespace mp below) rather than with
// msgpack-c, so that the tests can say exactly what arrives on the wire, including
// what no encoder would ever produce: repeated keys, lying lengths, deep nesting.

#include <parley/protocol/codec.hpp>
#include <parley/protocol/json.hpp>
#include <parley/protocol/limits.hpp>
#include <parley/protocol/message.hpp>
#include <parley/protocol/payload_writer.hpp>
#include <parley/protocol/text.hpp>

#include <doctest/doctest.h>

#include <cstdint>
#include <cstring>
#include <functional>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

using namespace parley::protocol;
using Json = nlohmann::ordered_json;

namespace {

// ---- a tiny MessagePack writer: canonical (shortest) forms, as SPEC.md requires ----

namespace mp {

std::string byte(unsigned value) { return std::string(1, static_cast<char>(value & 0xffU)); }

std::string big_endian(std::uint64_t value, int width) {
    std::string bytes;
    for (int shift = (width - 1) * 8; shift >= 0; shift -= 8) bytes += byte(static_cast<unsigned>(value >> shift));
    return bytes;
}

std::string nil() { return byte(0xc0); }
std::string boolean(bool value) { return byte(value ? 0xc3 : 0xc2); }

std::string uint(std::uint64_t value) {
    if (value < 0x80) return byte(static_cast<unsigned>(value));
    if (value <= 0xff) return byte(0xcc) + big_endian(value, 1);
    if (value <= 0xffff) return byte(0xcd) + big_endian(value, 2);
    if (value <= 0xffffffff) return byte(0xce) + big_endian(value, 4);
    return byte(0xcf) + big_endian(value, 8);
}

std::string negative(std::int64_t value) {  // value < 0
    const auto bits = static_cast<std::uint64_t>(value);
    if (value >= -32) return byte(static_cast<unsigned>(bits));
    if (value >= -128) return byte(0xd0) + big_endian(bits, 1);
    if (value >= -32768) return byte(0xd1) + big_endian(bits, 2);
    if (value >= INT32_MIN) return byte(0xd2) + big_endian(bits, 4);
    return byte(0xd3) + big_endian(bits, 8);
}

std::string float64(double value) {
    std::uint64_t bits = 0;
    std::memcpy(&bits, &value, sizeof bits);
    return byte(0xcb) + big_endian(bits, 8);
}

std::string str_header(std::size_t size) {
    if (size < 32) return byte(0xa0U | static_cast<unsigned>(size));
    if (size <= 0xff) return byte(0xd9) + big_endian(size, 1);
    if (size <= 0xffff) return byte(0xda) + big_endian(size, 2);
    return byte(0xdb) + big_endian(size, 4);
}
std::string str(std::string_view text) { return str_header(text.size()) + std::string(text); }

std::string bin(std::string_view bytes) {
    const auto size = bytes.size();
    std::string header = size <= 0xff ? byte(0xc4) + big_endian(size, 1)
                         : size <= 0xffff ? byte(0xc5) + big_endian(size, 2)
                                          : byte(0xc6) + big_endian(size, 4);
    return header + std::string(bytes);
}

std::string array_header(std::size_t size) {
    if (size < 16) return byte(0x90U | static_cast<unsigned>(size));
    if (size <= 0xffff) return byte(0xdc) + big_endian(size, 2);
    return byte(0xdd) + big_endian(size, 4);
}
std::string array(const std::vector<std::string>& items) {
    std::string bytes = array_header(items.size());
    for (const auto& item : items) bytes += item;
    return bytes;
}

std::string map_header(std::size_t size) {
    if (size < 16) return byte(0x80U | static_cast<unsigned>(size));
    if (size <= 0xffff) return byte(0xde) + big_endian(size, 2);
    return byte(0xdf) + big_endian(size, 4);
}

// One entry of a map: a string key and its already encoded value.
using Field = std::pair<std::string, std::string>;
using Fields = std::vector<Field>;

std::string map(const Fields& fields) {
    std::string bytes = map_header(fields.size());
    for (const auto& [key, value] : fields) bytes += str(key) + value;
    return bytes;
}

}  // namespace mp

// ---- hand-built envelopes ---------------------------------------------------------

// A valid heartbeat from alice, field by field in canonical order; tests edit it.
mp::Fields heartbeat_fields() {
    return {{"v", mp::uint(1)},
            {"kind", mp::str("heartbeat")},
            {"from", mp::str("alice")},
            {"id", mp::uint(7)},
            {"body", mp::map({})}};
}

// An envelope of `kind` from alice to bob with the given body, hand-built.
mp::Fields fields_of(std::string_view kind, const std::string& body) {
    return {{"v", mp::uint(1)},   {"kind", mp::str(kind)}, {"from", mp::str("alice")},
            {"to", mp::str("bob")}, {"id", mp::uint(7)},   {"body", body}};
}

// `fields` with `key` set to `value`: replaced in place, or appended.
mp::Fields with(mp::Fields fields, const std::string& key, std::string value) {
    for (auto& field : fields) {
        if (field.first == key) {
            field.second = std::move(value);
            return fields;
        }
    }
    fields.emplace_back(key, std::move(value));
    return fields;
}

mp::Fields without(mp::Fields fields, const std::string& key) {
    std::erase_if(fields, [&](const mp::Field& field) { return field.first == key; });
    return fields;
}

std::string frame(const mp::Fields& fields) { return mp::map(fields); }

// A message from alice to bob whose content is `content` (encoded MessagePack).
std::string message_with_content(const std::string& content) {
    return frame(fields_of("message", mp::map({{"content", content}})));
}

// Nesting `levels` arrays deep around nil: [[[nil]]] for 3.
std::string nested_arrays(std::size_t levels) {
    std::string bytes;
    for (std::size_t i = 0; i < levels; ++i) bytes += mp::array_header(1);
    return bytes + mp::nil();
}

// ---- outcomes: "ok" or the error code's name, and never an escaped exception ----

std::string outcome(std::string_view bytes, const Limits& limits = kDefaultLimits) {
    try {
        auto decoded = decode(bytes, limits);
        return decoded ? "ok" : std::string(error_code_name(decoded.error().code));
    } catch (const std::exception& error) {
        return std::string("threw: ") + error.what();
    } catch (...) {
        return "threw";
    }
}

std::string header_outcome(std::string_view bytes, const Limits& limits = kDefaultLimits) {
    try {
        auto decoded = decode_header(bytes, limits);
        return decoded ? "ok" : std::string(error_code_name(decoded.error().code));
    } catch (const std::exception& error) {
        return std::string("threw: ") + error.what();
    } catch (...) {
        return "threw";
    }
}

std::string printable(std::string_view bytes) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string hex;
    for (unsigned char c : bytes) {
        hex += kHex[c >> 4];
        hex += kHex[c & 0xf];
    }
    return hex;
}

// ---- representative messages of every kind -----------------------------------------

// A payload with structure at several levels and of every MessagePack family the
// readable form maps: maps, arrays, strings, both signs of integers, a double,
// booleans, nil and binary. Canonical, so it must come back byte for byte.
std::string nested_payload_bytes() {
    return mp::map({
        {"offer", mp::array({mp::uint(3), mp::uint(200), mp::uint(70000)})},
        {"terms", mp::map({{"price", mp::float64(12.5)},
                           {"items", mp::array({mp::map({{"id", mp::uint(1)}, {"qty", mp::negative(-2)}}),
                                                mp::map({{"id", mp::uint(2)}, {"qty", mp::negative(-300)}})})},
                           {"final", mp::boolean(true)},
                           {"draft", mp::boolean(false)},
                           {"note", mp::nil()}})},
        {"blob", mp::bin(std::string("\x00\x01\xff", 3))},
        {"label", mp::str(std::string(40, 'x'))},  // a str8, not a fixstr
    });
}

Payload nested_payload() { return Payload{nested_payload_bytes()}; }

// A non-default body of the type `kind` carries. `full` also sets every optional
// part of the body; otherwise optional parts are left out.
Body sample_body(Kind kind, bool full) {
    switch (kind) {
        case Kind::Register:
            if (full) return RegisterBody{"rawlsian", {"negotiate", "vote"}, "proc-8f3a"};
            return RegisterBody{"greedy", {}, ""};
        case Kind::Welcome:
            if (full) return WelcomeBody{1000, 3, 1048576, "parley-broker/1"};
            return WelcomeBody{250, 5, 4096, "b"};
        case Kind::DirectoryQuery: {
            DirectoryQueryBody query;
            query.capability = "vote";
            if (full) query = DirectoryQueryBody{"bob", "utilitarian", "negotiate"};
            return query;
        }
        case Kind::Directory:
            if (full) {
                return DirectoryBody{{{"alice", "rawlsian", {"negotiate", "vote"}, 12},
                                      {"bob", "utilitarian", {}, 4000000000ULL}}};
            }
            return DirectoryBody{{{"carol", "greedy", {"race"}, 0}}};
        case Kind::SessionInvite:
            if (full) return SessionInviteBody{"bob", nested_payload()};
            return SessionInviteBody{"carol", {}};
        case Kind::SessionEvent:
            if (full) return SessionEventBody{SessionEventType::Lost, "bob"};
            return SessionEventBody{SessionEventType::Declined, "carol"};
        case Kind::Stats: {
            StatsBody stats;
            stats.uptime_ms = 5;
            if (full) stats = StatsBody{70000, 3, 2, 1000, 900, 123456789, 4, {{"not_member", 2}, {"too_large", 1}}};
            return stats;
        }
        case Kind::Error:
            if (full) return ErrorBody{ErrorCode::ForgedSender, "socket is registered as 'alice'"};
            return ErrorBody{ErrorCode::TooLarge, ""};
        case Kind::Message:
        case Kind::Cfp:
        case Kind::Propose:
        case Kind::AcceptProposal:
        case Kind::RejectProposal:
        case Kind::Inform:
        case Kind::End: {
            ActBody act;
            act.content = Payload{mp::array({mp::uint(1), mp::str("two")})};
            if (full) {
                act.content = nested_payload();
                act.reason = Reason{"floor_violation", "below my reservation value"};
            }
            return act;
        }
        case Kind::Heartbeat:
        case Kind::SessionJoin:
        case Kind::SessionLeave:
        case Kind::StatsRequest:
        case Kind::Bye:
            return EmptyBody{};
    }
    return EmptyBody{};
}

// `full`: every optional header field set; otherwise all of them absent.
Envelope sample_envelope(Kind kind, bool full) {
    auto envelope = make_envelope(kind, "alice", sample_body(kind, full));
    if (full) {
        envelope.header.recipient = "bob";
        envelope.header.session = "episode-0007";
        envelope.header.id = 123456789012ULL;
        envelope.header.in_reply_to = 41;
        envelope.header.reply_by_ms = 1700000000123ULL;
    } else {
        envelope.header.id = 1;
    }
    return envelope;
}

}  // namespace

// ============================================================================
// Round trips
// ============================================================================

TEST_CASE("the hand-built writer produces the encoder's canonical bytes") {
    // The limit and malformed-input tests below rely on mp:: writing exactly
    // what the encoder writes; check that once, on a simple and a rich message.
    auto heartbeat = make_envelope(Kind::Heartbeat, "alice", EmptyBody{});
    heartbeat.header.id = 7;
    CHECK(printable(encode(heartbeat)) == printable(frame(heartbeat_fields())));

    auto message = make_envelope(Kind::Message, "alice", ActBody{nested_payload(), std::nullopt});
    message.header.recipient = "bob";
    message.header.id = 7;
    CHECK(printable(encode(message)) == printable(message_with_content(nested_payload_bytes())));
}

TEST_CASE("every kind survives encode and decode, with and without optional fields") {
    for (Kind kind : kAllKinds) {
        for (bool full : {true, false}) {
            CAPTURE(kind_name(kind));
            CAPTURE(full);
            const auto envelope = sample_envelope(kind, full);
            // The sample must carry the body type its kind requires, or the test proves nothing.
            REQUIRE(envelope.body.index() == empty_body_for(kind).index());

            const auto bytes = encode(envelope);
            auto decoded = decode(bytes);
            REQUIRE_MESSAGE(decoded.ok(), decoded.error().detail);
            CHECK(*decoded == envelope);
            // Canonical form: encoding what was decoded gives the same bytes back.
            CHECK(printable(encode(*decoded)) == printable(bytes));

            // The broker's header-only decoding agrees with the full one.
            auto header = decode_header(bytes);
            REQUIRE_MESSAGE(header.ok(), header.error().detail);
            CHECK(*header == decoded->header);
        }
    }
}

TEST_CASE("every kind survives the readable form (to_json and back)") {
    for (Kind kind : kAllKinds) {
        for (bool full : {true, false}) {
            CAPTURE(kind_name(kind));
            CAPTURE(full);
            const auto envelope = sample_envelope(kind, full);
            const Json json = to_json(envelope);
            REQUIRE(json.is_object());
            CHECK(json["v"] == 1);
            CHECK(json["kind"] == std::string(kind_name(kind)));
            CHECK(json["from"] == "alice");
            CHECK(json.contains("to") == full);
            CHECK(json.contains("re") == full);

            auto back = envelope_from_json(json);
            REQUIRE_MESSAGE(back.ok(), back.error().detail);
            CHECK(*back == envelope);
            CHECK(printable(encode(*back)) == printable(encode(envelope)));
        }
    }
}

TEST_CASE("readable_json writes the text of dump_json(to_json(...)), whatever the content") {
    for (Kind kind : kAllKinds) {
        for (bool full : {true, false}) {
            CAPTURE(kind_name(kind));
            const auto envelope = sample_envelope(kind, full);
            CHECK(readable_json(envelope) == dump_json(to_json(envelope)));
        }
    }
    // Content that takes the tree's path: escapes, invalid UTF-8, binary data,
    // repeated keys, keys that are not strings, floats of every kind.
    const std::vector<std::string> contents{
        "\xa5" "a\"b\\c",                    // a quote and a backslash
        "\xa3\xff\xfe\n",                     // invalid UTF-8 and a control character
        "\xc4\x03\x01\x02\x03",              // bin
        "\x82\xa1k\x01\xa1k\x02",            // {"k": 1, "k": 2}
        "\x81\x01\xa1v",                      // {1: "v"}
        // [3.0, 1.5f, -0.0, 127]: bytes with zeros, so the length is given
        std::string("\x94\xcb\x40\x08\x00\x00\x00\x00\x00\x00\xca\x3f\xc0\x00\x00\xcb\x80\x00\x00\x00\x00\x00\x00\x00\x7f",
                    25),
    };
    for (const auto& content : contents) {
        auto envelope = sample_envelope(Kind::Inform, true);
        std::get<ActBody>(envelope.body).content = Payload{content};
        CHECK(readable_json(envelope) == dump_json(to_json(envelope)));
    }
}

TEST_CASE("the readable form is appended from the frame on the wire as from the envelope") {
    for (Kind kind : kAllKinds) {
        CAPTURE(kind_name(kind));
        const auto envelope = sample_envelope(kind, true);
        std::string log = "before;";
        append_readable_json(encode(envelope), log);
        CHECK(log == "before;" + readable_json(envelope));
    }
    // The tree's path keeps what was there before too.
    auto envelope = sample_envelope(Kind::Inform, true);
    std::get<ActBody>(envelope.body).content = Payload{"\xa5" "a\"b\\c"};
    std::string log = "before;";
    append_readable_json(encode(envelope), log);
    CHECK(log == "before;" + dump_json(to_json(envelope)));
    // Bytes that are not one MessagePack object are refused, and nothing is written.
    std::string untouched = "kept";
    CHECK_THROWS_AS(append_readable_json(std::string_view("\x92\x01"), untouched), std::invalid_argument);
    CHECK(untouched == "kept");
}

TEST_CASE("the readable form of random contents is the tree's text, byte for byte") {
    // Values of every kind the wire carries, nested, with the numbers and
    // strings that need care: negative and 64-bit integers, floats integral
    // and not, escapes, invalid UTF-8, repeated keys.
    std::mt19937_64 random(20261126);
    auto pick = [&](std::uint64_t n) { return static_cast<std::size_t>(random() % n); };
    const std::vector<std::string> texts{"", "a", "offer", "tab\there", "quote\"", "\xff\xfe", "caf\xc3\xa9"};
    std::function<Json(int)> value = [&](int depth) -> Json {
        switch (pick(depth > 3 ? 7 : 9)) {
            case 0: return nullptr;
            case 1: return pick(2) == 1;
            case 2: return static_cast<std::uint64_t>(random() >> pick(64));
            case 3: return -static_cast<std::int64_t>(random() >> (1 + pick(63)));
            case 4: return static_cast<double>(static_cast<std::int64_t>(random() % 2001) - 1000) / static_cast<double>(1 + pick(8));
            case 5: return texts[pick(texts.size())];
            case 6: return Json::binary({1, 2, static_cast<std::uint8_t>(pick(256))});
            case 7: {
                Json array = Json::array();
                for (std::size_t i = pick(5); i > 0; --i) array.push_back(value(depth + 1));
                return array;
            }
            default: {
                Json object = Json::object();
                for (std::size_t i = pick(20); i > 0; --i) object[texts[pick(texts.size())] + std::to_string(pick(30))] = value(depth + 1);
                return object;
            }
        }
    };
    for (int trial = 0; trial < 3000; ++trial) {
        auto envelope = sample_envelope(Kind::Inform, trial % 2 == 0);
        std::get<ActBody>(envelope.body).content = payload_from_json(value(0));
        std::string text;
        append_readable_json(encode(envelope), text);
        REQUIRE(text == dump_json(to_json(envelope)));
    }
}

TEST_CASE("PayloadWriter writes what payload_from_json writes for the same value") {
    PayloadWriter writer;
    writer.map(5);
    writer.string("n").unsigned_integer(300);
    writer.string("x").number(3.0);
    writer.string("ok").boolean(true);
    writer.string("none").nil();
    writer.string("list").array(2).unsigned_integer(0).string("two");
    const auto written = writer.finish();
    CHECK(written == payload_from_json(Json{{"n", 300}, {"x", 3.0}, {"ok", true}, {"none", nullptr}, {"list", {0, "two"}}}));
    CHECK(writer.finish().empty());  // finish() leaves the writer empty for the next value
}

TEST_CASE("a payload appears in the readable form as its JSON value") {
    const auto json = to_json(sample_envelope(Kind::Propose, true));
    const auto& content = json["body"]["content"];
    CHECK(content["offer"] == Json::array({3, 200, 70000}));
    CHECK(content["terms"]["price"] == 12.5);
    CHECK(content["terms"]["items"][1]["qty"] == -300);
    CHECK(content["terms"]["note"].is_null());
    CHECK(content["blob"].is_binary());
    CHECK(json["body"]["reason"]["principle"] == "floor_violation");

    // payload_to_json and payload_from_json are inverse on canonical payloads.
    CHECK(payload_from_json(payload_to_json(nested_payload())) == nested_payload());
    CHECK(payload_to_json(Payload{}).is_null());
}

TEST_CASE("envelope_from_json refuses what is not an envelope, without throwing") {
    auto refusal = [](const Json& json) {
        try {
            auto decoded = envelope_from_json(json);
            return decoded ? std::string("ok") : std::string(error_code_name(decoded.error().code));
        } catch (const std::exception& error) {
            return std::string("threw: ") + error.what();
        }
    };
    CHECK(refusal(Json::array({1, 2})) == "not_understood");
    CHECK(refusal(Json("heartbeat")) == "not_understood");
    CHECK(refusal(Json::object()) == "protocol_violation");
    CHECK(refusal(Json{{"v", 1}, {"kind", "heartbeat"}, {"from", "alice"}}) == "protocol_violation");  // no id, body
    CHECK(refusal(Json{{"v", 2}, {"kind", "heartbeat"}, {"from", "alice"}, {"id", 1}, {"body", Json::object()}}) ==
          "unsupported_version");

    // A readable form nested deeper than the limit is refused like the frame would be.
    Json deep = nullptr;
    for (int i = 0; i < 200; ++i) deep = Json::array({deep});
    auto json = to_json(sample_envelope(Kind::Message, false));
    json["body"]["content"] = deep;
    CHECK(refusal(json) == "too_large");
}

TEST_CASE("kind, error code and session event names round-trip for every value") {
    std::set<std::string_view> kind_names;
    for (Kind kind : kAllKinds) {
        CAPTURE(static_cast<int>(kind));
        const auto name = kind_name(kind);
        CHECK(name != "unknown");
        CHECK(kind_from_name(name) == kind);
        kind_names.insert(name);
        // Every kind is exactly one of: answered by the broker, sent only by it, routed.
        CHECK(int(is_broker_request(kind)) + int(is_broker_only(kind)) + int(is_routed(kind)) == 1);
    }
    CHECK(kind_names.size() == std::size(kAllKinds));  // names are distinct
    CHECK(std::size(kAllKinds) == static_cast<std::size_t>(Kind::Error) + 1);  // and cover the enum
    CHECK_FALSE(kind_from_name("Heartbeat").has_value());  // exact, case-sensitive
    CHECK_FALSE(kind_from_name("").has_value());
    CHECK_FALSE(kind_from_name("unknown").has_value());

    std::set<std::string_view> code_names;
    for (ErrorCode code : kAllErrorCodes) {
        CAPTURE(static_cast<int>(code));
        const auto name = error_code_name(code);
        CHECK(name != "unknown");
        CHECK(error_code_from_name(name) == code);
        code_names.insert(name);
    }
    CHECK(code_names.size() == std::size(kAllErrorCodes));
    CHECK(std::size(kAllErrorCodes) == static_cast<std::size_t>(ErrorCode::NotRegistered) + 1);
    CHECK_FALSE(error_code_from_name("too-large").has_value());

    for (auto type : {SessionEventType::Joined, SessionEventType::Left, SessionEventType::Declined,
                      SessionEventType::Lost}) {
        CHECK(session_event_from_name(session_event_name(type)) == type);
    }
    CHECK(kind_name(Kind::AcceptProposal) == "accept_proposal");
    CHECK(error_code_name(ErrorCode::NotMember) == "not_member");
}

// ============================================================================
// Limits: each refuses one byte or one item over, and accepts exactly the limit
// ============================================================================

TEST_CASE("a frame over max_frame_bytes is too_large before it is parsed") {
    const auto bytes = frame(heartbeat_fields());
    const Limits exact{.max_frame_bytes = bytes.size()};
    const Limits one_less{.max_frame_bytes = bytes.size() - 1};
    CHECK(outcome(bytes, exact) == "ok");
    CHECK(outcome(bytes, one_less) == "too_large");
    CHECK(header_outcome(bytes, one_less) == "too_large");

    // Garbage over the limit is refused for its size, not parsed at all.
    const std::string huge(kDefaultLimits.max_frame_bytes + 1, '\xc1');
    CHECK(outcome(huge) == "too_large");
}

TEST_CASE("a string over max_string_bytes is too_large, wherever it is") {
    const Limits limits{.max_string_bytes = 40};
    CHECK(outcome(message_with_content(mp::str(std::string(40, 's'))), limits) == "ok");
    CHECK(outcome(message_with_content(mp::str(std::string(41, 's'))), limits) == "too_large");
    CHECK(header_outcome(message_with_content(mp::str(std::string(41, 's'))), limits) == "too_large");
    // A map key is a string too.
    CHECK(outcome(frame(with(heartbeat_fields(), std::string(41, 'k'), mp::nil())), limits) == "too_large");

    // With the default limits too: a whole string one byte over.
    const std::string over(kDefaultLimits.max_string_bytes + 1, 's');
    CHECK(outcome(message_with_content(mp::str(over))) == "too_large");

    // A str32 that claims 4 GiB in a few bytes. Strings are referenced in the
    // frame, never copied, so the claim costs nothing; the frame is simply cut
    // short, which the parser notices before it compares the length with the limit.
    const std::string lying = mp::byte(0xdb) + mp::big_endian(0xffffffffU, 4) + "abc";
    CHECK(outcome(message_with_content(lying)) == "not_understood");
}

TEST_CASE("an array over max_array_items is too_large") {
    const Limits limits{.max_array_items = 4};
    auto items = [](std::size_t count) { return mp::array(std::vector<std::string>(count, mp::uint(1))); };
    CHECK(outcome(message_with_content(items(4)), limits) == "ok");
    CHECK(outcome(message_with_content(items(5)), limits) == "too_large");
    CHECK(header_outcome(message_with_content(items(5)), limits) == "too_large");

    // An array32 that claims 4 billion items in five bytes.
    const std::string lying = mp::byte(0xdd) + mp::big_endian(0xffffffffU, 4);
    CHECK(outcome(message_with_content(lying)) == "too_large");
    CHECK(outcome(lying) == "too_large");  // as the whole frame too
}

TEST_CASE("a map over max_map_entries is too_large") {
    // A message to bob has exactly six envelope fields (v kind from to id body).
    const Limits limits{.max_map_entries = 6};
    auto entries = [](std::size_t count) {
        mp::Fields fields;
        for (std::size_t i = 0; i < count; ++i) fields.emplace_back("k" + std::to_string(i), mp::uint(i));
        return mp::map(fields);
    };
    CHECK(outcome(message_with_content(entries(6)), limits) == "ok");
    CHECK(outcome(message_with_content(entries(7)), limits) == "too_large");
    // The envelope map itself is bounded the same way.
    CHECK(outcome(frame(with(fields_of("message", mp::map({})), "x-extra", mp::nil())), limits) == "too_large");

    const std::string lying = mp::byte(0xdf) + mp::big_endian(0xffffffffU, 4);
    CHECK(outcome(message_with_content(lying)) == "too_large");
}

TEST_CASE("nesting deeper than max_depth is too_large") {
    // Envelope (1) > body (2) > content: with max_depth 5 the content may nest 3 levels.
    const Limits limits{.max_depth = 5};
    CHECK(outcome(message_with_content(nested_arrays(3)), limits) == "ok");
    CHECK(outcome(message_with_content(nested_arrays(4)), limits) == "too_large");
    CHECK(header_outcome(message_with_content(nested_arrays(4)), limits) == "too_large");

    // Ten thousand opening brackets: refused at the limit, no recursion to the bottom.
    CHECK(outcome(message_with_content(nested_arrays(10000))) == "too_large");
    CHECK(outcome(std::string(10000, '\x91')) == "too_large");
}

TEST_CASE("names over max_name_bytes are too_large in every field that holds a name") {
    const std::string longest(kDefaultLimits.max_name_bytes, 'n');
    const std::string too_long(kDefaultLimits.max_name_bytes + 1, 'n');

    CHECK(outcome(frame(with(heartbeat_fields(), "from", mp::str(longest)))) == "ok");
    CHECK(outcome(frame(with(heartbeat_fields(), "from", mp::str(too_long)))) == "too_large");
    CHECK(header_outcome(frame(with(heartbeat_fields(), "from", mp::str(too_long)))) == "too_large");
    CHECK(outcome(frame(with(heartbeat_fields(), "to", mp::str(too_long)))) == "too_large");
    CHECK(outcome(frame(with(heartbeat_fields(), "kind", mp::str(too_long)))) == "too_large");

    auto register_with = [](const std::string& framework, const std::string& capability) {
        return frame(fields_of("register", mp::map({{"framework", mp::str(framework)},
                                                    {"capabilities", mp::array({mp::str(capability)})},
                                                    {"instance", mp::str("i")}})));
    };
    CHECK(outcome(register_with(longest, longest)) == "ok");
    CHECK(outcome(register_with(too_long, "negotiate")) == "too_large");
    CHECK(outcome(register_with("rawlsian", too_long)) == "too_large");

    CHECK(outcome(frame(fields_of("session_invite", mp::map({{"invitee", mp::str(too_long)}})))) == "too_large");
    CHECK(outcome(frame(fields_of("session_event",
                                  mp::map({{"event", mp::str("joined")}, {"member", mp::str(too_long)}})))) ==
          "too_large");
    CHECK(outcome(frame(fields_of(
              "propose", mp::map({{"reason", mp::map({{"principle", mp::str(too_long)}, {"text", mp::str("")}})}})))) ==
          "too_large");

    // A smaller configured limit applies the same way ("heartbeat", a kind, is a name of nine bytes).
    const Limits small{.max_name_bytes = 9};
    CHECK(outcome(frame(with(heartbeat_fields(), "from", mp::str("alice5789"))), small) == "ok");
    CHECK(outcome(frame(with(heartbeat_fields(), "from", mp::str("alice56789"))), small) == "too_large");
}

TEST_CASE("a session id over max_session_bytes is too_large") {
    const std::string longest(kDefaultLimits.max_session_bytes, 's');
    const std::string too_long(kDefaultLimits.max_session_bytes + 1, 's');
    CHECK(outcome(frame(with(heartbeat_fields(), "session", mp::str(longest)))) == "ok");
    CHECK(outcome(frame(with(heartbeat_fields(), "session", mp::str(too_long)))) == "too_large");
    CHECK(header_outcome(frame(with(heartbeat_fields(), "session", mp::str(too_long)))) == "too_large");
}

TEST_CASE("a register with more than max_capabilities entries is too_large") {
    auto register_with = [](std::size_t count) {
        std::vector<std::string> capabilities;
        for (std::size_t i = 0; i < count; ++i) capabilities.push_back(mp::str("cap" + std::to_string(i)));
        return frame(fields_of("register", mp::map({{"framework", mp::str("rawlsian")},
                                                    {"capabilities", mp::array(capabilities)}})));
    };
    CHECK(outcome(register_with(kDefaultLimits.max_capabilities)) == "ok");
    CHECK(outcome(register_with(kDefaultLimits.max_capabilities + 1)) == "too_large");
    const Limits small{.max_capabilities = 2};
    CHECK(outcome(register_with(2), small) == "ok");
    CHECK(outcome(register_with(3), small) == "too_large");
}

TEST_CASE("a text over max_text_bytes is too_large") {
    const std::string longest(kDefaultLimits.max_text_bytes, 't');
    const std::string too_long(kDefaultLimits.max_text_bytes + 1, 't');
    auto error_with = [](const std::string& text) {
        return frame(fields_of("error", mp::map({{"code", mp::str("not_member")}, {"text", mp::str(text)}})));
    };
    CHECK(outcome(error_with(longest)) == "ok");
    CHECK(outcome(error_with(too_long)) == "too_large");

    auto reject_with = [](const std::string& text) {
        return frame(fields_of("reject_proposal",
                               mp::map({{"reason", mp::map({{"principle", mp::str("envy")}, {"text", mp::str(text)}})}})));
    };
    CHECK(outcome(reject_with(longest)) == "ok");
    CHECK(outcome(reject_with(too_long)) == "too_large");
}

// ============================================================================
// Malformed input: the right error code, never an exception
// ============================================================================

TEST_CASE("input that is not one MessagePack map is not_understood") {
    CHECK(outcome("") == "not_understood");
    CHECK(header_outcome("") == "not_understood");
    CHECK(outcome(mp::nil()) == "not_understood");
    CHECK(outcome(mp::uint(1)) == "not_understood");
    CHECK(outcome(mp::str("heartbeat")) == "not_understood");
    CHECK(outcome(mp::array({mp::uint(1), mp::str("heartbeat")})) == "not_understood");
    CHECK(outcome("\xc1") == "not_understood");  // the one byte MessagePack never uses
    CHECK(outcome("{\"v\":1,\"kind\":\"heartbeat\"}") == "not_understood");  // JSON is not the wire format

    // Trailing bytes: a valid message followed by anything is not one message.
    const auto valid = frame(heartbeat_fields());
    CHECK(outcome(valid + mp::nil()) == "not_understood");
    CHECK(outcome(valid + valid) == "not_understood");
    CHECK(header_outcome(valid + mp::nil()) == "not_understood");
}

TEST_CASE("a valid message cut at every length is not_understood") {
    const auto bytes = encode(sample_envelope(Kind::Propose, true));
    REQUIRE(outcome(bytes) == "ok");
    for (std::size_t length = 0; length < bytes.size(); ++length) {
        CAPTURE(length);
        const std::string_view prefix(bytes.data(), length);
        CHECK(outcome(prefix) == "not_understood");
        CHECK(header_outcome(prefix) == "not_understood");
    }
}

TEST_CASE("random bytes and corrupted messages never make the decoder throw") {
    std::mt19937 random(20240611);  // fixed seed: a failure reproduces
    auto check_consistent = [](const std::string& bytes) {
        const auto full = outcome(bytes);
        const auto header = header_outcome(bytes);
        CHECK_MESSAGE(full.rfind("threw", 0) != 0, printable(bytes) << " " << full);
        CHECK_MESSAGE(header.rfind("threw", 0) != 0, printable(bytes) << " " << header);
        // A message that decodes has a header that decodes, and re-encodes to an equal message.
        if (full == "ok") {
            CHECK(header == "ok");
            auto decoded = decode(bytes);
            auto again = decode(encode(*decoded));
            CHECK((again.ok() && *again == *decoded));
        }
    };

    std::uniform_int_distribution<int> byte_value(0, 255);
    for (int round = 0; round < 3000; ++round) {
        std::string bytes(static_cast<std::size_t>(random() % 80), '\0');
        for (auto& c : bytes) c = static_cast<char>(byte_value(random));
        check_consistent(bytes);
    }

    // Corrupting one byte of a valid message reaches much deeper into the decoder.
    const auto stats = encode(sample_envelope(Kind::Stats, true));
    const auto propose = encode(sample_envelope(Kind::Propose, true));
    for (const auto& original : {stats, propose}) {
        for (std::size_t position = 0; position < original.size(); ++position) {
            for (int trial = 0; trial < 4; ++trial) {
                auto corrupted = original;
                corrupted[position] = static_cast<char>(byte_value(random));
                check_consistent(corrupted);
            }
        }
    }
}

TEST_CASE("a missing required envelope field is a protocol_violation") {
    for (const char* field : {"v", "kind", "from", "id", "body"}) {
        CAPTURE(field);
        CHECK(outcome(frame(without(heartbeat_fields(), field))) == "protocol_violation");
        CHECK(header_outcome(frame(without(heartbeat_fields(), field))) == "protocol_violation");
    }
}

TEST_CASE("a missing required body field is a protocol_violation") {
    CHECK(outcome(frame(fields_of("register", mp::map({{"capabilities", mp::array({})}})))) == "protocol_violation");
    CHECK(outcome(frame(fields_of("welcome", mp::map({{"liveness", mp::uint(3)},
                                                      {"max_frame", mp::uint(1)},
                                                      {"broker", mp::str("b")}})))) == "protocol_violation");
    CHECK(outcome(frame(fields_of("session_invite", mp::map({})))) == "protocol_violation");
    CHECK(outcome(frame(fields_of("session_event", mp::map({{"event", mp::str("joined")}})))) == "protocol_violation");
    CHECK(outcome(frame(fields_of("error", mp::map({{"text", mp::str("no code")}})))) == "protocol_violation");
    CHECK(outcome(frame(fields_of("directory", mp::map({})))) == "protocol_violation");
    CHECK(outcome(frame(fields_of("directory", mp::map({{"agents", mp::array({mp::map({{"name", mp::str("x")}})})}})))) ==
          "protocol_violation");  // an entry without its framework
    CHECK(outcome(frame(fields_of("propose", mp::map({{"reason", mp::map({{"principle", mp::str("envy")}})}})))) ==
          "protocol_violation");  // a reason without its text

    // The header alone is fine: bodies are checked by decode, not by decode_header.
    CHECK(header_outcome(frame(fields_of("register", mp::map({})))) == "ok");
}

TEST_CASE("a field of the wrong type is a protocol_violation") {
    const auto base = heartbeat_fields();
    CHECK(outcome(frame(with(base, "v", mp::str("1")))) == "protocol_violation");
    CHECK(outcome(frame(with(base, "v", mp::negative(-1)))) == "protocol_violation");
    CHECK(outcome(frame(with(base, "kind", mp::uint(1)))) == "protocol_violation");
    CHECK(outcome(frame(with(base, "from", mp::uint(1)))) == "protocol_violation");
    CHECK(outcome(frame(with(base, "from", mp::bin("alice")))) == "protocol_violation");
    CHECK(outcome(frame(with(base, "to", mp::array({mp::str("bob")})))) == "protocol_violation");
    CHECK(outcome(frame(with(base, "session", mp::uint(3)))) == "protocol_violation");
    CHECK(outcome(frame(with(base, "id", mp::str("7")))) == "protocol_violation");
    CHECK(outcome(frame(with(base, "id", mp::negative(-7)))) == "protocol_violation");
    CHECK(outcome(frame(with(base, "id", mp::float64(7.0)))) == "protocol_violation");
    CHECK(outcome(frame(with(base, "re", mp::str("6")))) == "protocol_violation");
    CHECK(outcome(frame(with(base, "reply_by", mp::boolean(true)))) == "protocol_violation");
    CHECK(outcome(frame(with(base, "body", mp::array({})))) == "protocol_violation");
    CHECK(header_outcome(frame(with(base, "body", mp::array({})))) == "protocol_violation");
    CHECK(header_outcome(frame(with(base, "body", mp::nil()))) == "protocol_violation");

    // A map key that is not a string.
    CHECK(outcome(mp::map_header(6) + mp::str("v") + mp::uint(1) + mp::str("kind") + mp::str("heartbeat") +
                  mp::str("from") + mp::str("alice") + mp::str("id") + mp::uint(7) + mp::str("body") + mp::map({}) +
                  mp::uint(9) + mp::nil()) == "protocol_violation");

    // Bodies.
    CHECK(outcome(frame(fields_of("register", mp::map({{"framework", mp::str("r")},
                                                       {"capabilities", mp::str("negotiate")}})))) ==
          "protocol_violation");
    CHECK(outcome(frame(fields_of("register", mp::map({{"framework", mp::str("r")},
                                                       {"capabilities", mp::array({mp::uint(1)})}})))) ==
          "protocol_violation");
    CHECK(outcome(frame(fields_of("welcome", mp::map({{"heartbeat_ms", mp::uint(0x100000000ULL)},
                                                      {"liveness", mp::uint(3)},
                                                      {"max_frame", mp::uint(1)},
                                                      {"broker", mp::str("b")}})))) ==
          "protocol_violation");  // does not fit its 32 bits
    CHECK(outcome(frame(fields_of("session_event", mp::map({{"event", mp::str("exploded")},
                                                            {"member", mp::str("bob")}})))) == "protocol_violation");
    CHECK(outcome(frame(fields_of("stats", mp::map({{"errors", mp::map({{"too_large", mp::str("3")}})}})))) ==
          "protocol_violation");
    CHECK(outcome(frame(fields_of("propose", mp::map({{"reason", mp::str("because")}})))) == "protocol_violation");
    CHECK(outcome(frame(fields_of("propose", mp::str("not a body")))) == "protocol_violation");
}

TEST_CASE("an unknown kind is not_understood; another version is unsupported_version") {
    CHECK(outcome(frame(with(heartbeat_fields(), "kind", mp::str("teleport")))) == "not_understood");
    CHECK(header_outcome(frame(with(heartbeat_fields(), "kind", mp::str("teleport")))) == "not_understood");
    CHECK(outcome(frame(with(heartbeat_fields(), "kind", mp::str("")))) == "not_understood");

    CHECK(outcome(frame(with(heartbeat_fields(), "v", mp::uint(2)))) == "unsupported_version");
    CHECK(header_outcome(frame(with(heartbeat_fields(), "v", mp::uint(2)))) == "unsupported_version");
    CHECK(outcome(frame(with(heartbeat_fields(), "v", mp::uint(0)))) == "unsupported_version");
    // A peer of another version may mean anything by the other fields: the version decides first.
    CHECK(outcome(frame({{"v", mp::uint(2)}, {"kind", mp::uint(5)}})) == "unsupported_version");
}

TEST_CASE("a repeated key is a protocol_violation, in the envelope or in the body") {
    // A second "from" could be read one way by the broker and another by the recipient.
    auto twice = heartbeat_fields();
    twice.emplace_back("from", mp::str("mallory"));
    CHECK(outcome(frame(twice)) == "protocol_violation");
    CHECK(header_outcome(frame(twice)) == "protocol_violation");

    auto register_body = mp::map({{"framework", mp::str("a")}, {"framework", mp::str("b")}});
    CHECK(outcome(frame(fields_of("register", register_body))) == "protocol_violation");
}

TEST_CASE("names with spaces, control characters or non-ASCII bytes are a protocol_violation") {
    const std::vector<std::string> bad_names = {"al ice", "alice\n", "\talice", "ali\x7f", std::string("al\0ce", 5),
                                                "\xc3\xa9lan", ""};
    for (const auto& name : bad_names) {
        CAPTURE(printable(name));
        CHECK(outcome(frame(with(heartbeat_fields(), "from", mp::str(name)))) == "protocol_violation");
        CHECK(header_outcome(frame(with(heartbeat_fields(), "from", mp::str(name)))) == "protocol_violation");
        CHECK(outcome(frame(with(heartbeat_fields(), "to", mp::str(name)))) == "protocol_violation");
        CHECK(outcome(frame(with(heartbeat_fields(), "session", mp::str(name)))) == "protocol_violation");
        CHECK(outcome(frame(fields_of("register", mp::map({{"framework", mp::str(name)}})))) == "protocol_violation");
        CHECK(outcome(frame(fields_of("register", mp::map({{"framework", mp::str("r")},
                                                           {"capabilities", mp::array({mp::str(name)})}})))) ==
              "protocol_violation");
        CHECK(outcome(frame(fields_of("session_invite", mp::map({{"invitee", mp::str(name)}})))) ==
              "protocol_violation");
        CHECK(outcome(frame(fields_of("session_event", mp::map({{"event", mp::str("left")},
                                                                {"member", mp::str(name)}})))) ==
              "protocol_violation");
    }
    // Every printable ASCII character other than space is allowed.
    std::string all_printable;
    for (char c = '!'; c <= '~'; ++c) all_printable += c;
    CHECK(outcome(frame(with(heartbeat_fields(), "from", mp::str(all_printable.substr(0, 64))))) == "ok");
    CHECK(outcome(frame(with(heartbeat_fields(), "from", mp::str(all_printable.substr(64))))) == "ok");
}

// ============================================================================
// What a newer peer may add, and what the broker must pass on untouched
// ============================================================================

TEST_CASE("unknown extra fields are ignored, in the envelope and in the body") {
    auto fields = fields_of("propose", mp::map({{"content", mp::uint(5)},
                                                {"x-confidence", mp::float64(0.5)},
                                                {"x-nested", mp::map({{"a", mp::array({mp::nil()})}})}}));
    fields.emplace_back("x-trace", mp::array({mp::str("hop1"), mp::str("hop2")}));
    fields.insert(fields.begin(), {"x-first", mp::nil()});  // position does not matter either

    auto decoded = decode(frame(fields));
    REQUIRE_MESSAGE(decoded.ok(), decoded.error().detail);
    auto expected = make_envelope(Kind::Propose, "alice", ActBody{Payload{mp::uint(5)}, std::nullopt});
    expected.header.recipient = "bob";
    expected.header.id = 7;
    CHECK(*decoded == expected);

    // An error code this peer does not know still reads as an error, with the code kept in its text.
    auto newer = decode(frame(fields_of("error", mp::map({{"code", mp::str("rate_limited")}, {"text", mp::str("slow")}}))));
    REQUIRE(newer.ok());
    const auto& error = std::get<ErrorBody>(newer->body);
    CHECK(error.code == ErrorCode::NotUnderstood);
    CHECK(error.text == "rate_limited: slow");
}

TEST_CASE("an error with an unknown code and the longest text still survives re-encoding") {
    // Whatever decodes must encode to something that decodes to the same message
    // (tests/fuzz/decoder_fuzz.cpp relies on it). Folding the unknown code into
    // the text must not push the text over max_text_bytes.
    const std::string longest(kDefaultLimits.max_text_bytes, 't');
    auto newer = decode(frame(fields_of("error", mp::map({{"code", mp::str("rate_limited")}, {"text", mp::str(longest)}}))));
    REQUIRE(newer.ok());
    auto again = decode(encode(*newer));
    CHECK_MESSAGE(again.ok(), (again.ok() ? std::string() : again.error().detail));
    if (again.ok()) CHECK(*again == *newer);
}

TEST_CASE("a payload with nested structure survives decoding byte for byte") {
    const auto content = nested_payload_bytes();
    auto decoded = decode(message_with_content(content));
    REQUIRE_MESSAGE(decoded.ok(), decoded.error().detail);
    const auto& body = std::get<ActBody>(decoded->body);
    CHECK(printable(body.content.msgpack) == printable(content));
    CHECK_FALSE(body.reason.has_value());
    // And re-encoding the message gives the received frame back.
    CHECK(printable(encode(*decoded)) == printable(message_with_content(content)));

    // The same holds for an invitation's private content.
    auto invite = decode(frame(fields_of("session_invite", mp::map({{"invitee", mp::str("bob")}, {"content", content}}))));
    REQUIRE(invite.ok());
    CHECK(printable(std::get<SessionInviteBody>(invite->body).content.msgpack) == printable(content));
}

// ============================================================================
// Error texts are valid UTF-8, whatever bytes they quote
// ============================================================================

// The UTF-8 encoding of a code point, written from RFC 3629's table; surrogates
// and code points above U+10FFFF come out in the same shape, and are invalid.
std::string utf8_of(std::uint32_t code_point) {
    auto unit = [](std::uint32_t bits) { return static_cast<char>(bits); };
    if (code_point < 0x80) return std::string(1, unit(code_point));
    if (code_point < 0x800) return {unit(0xC0 | code_point >> 6), unit(0x80 | (code_point & 0x3F))};
    if (code_point < 0x10000) {
        return {unit(0xE0 | code_point >> 12), unit(0x80 | (code_point >> 6 & 0x3F)), unit(0x80 | (code_point & 0x3F))};
    }
    return {unit(0xF0 | code_point >> 18), unit(0x80 | (code_point >> 12 & 0x3F)), unit(0x80 | (code_point >> 6 & 0x3F)),
            unit(0x80 | (code_point & 0x3F))};
}

TEST_CASE("is_valid_utf8 accepts every scalar value and refuses surrogates, overlong forms and cut sequences") {
    for (std::uint32_t code_point = 0; code_point <= 0x10FFFF; ++code_point) {
        const bool surrogate = code_point >= 0xD800 && code_point <= 0xDFFF;
        if (is_valid_utf8(utf8_of(code_point)) == !surrogate) continue;
        FAIL("U+" << std::hex << code_point << (surrogate ? " (a surrogate) accepted" : " refused"));
    }
    CHECK_FALSE(is_valid_utf8(utf8_of(0x110000)));
    for (const std::string invalid : {"\xC0\xAF", "\xC1\xBF", "\xE0\x80\xAF", "\xF0\x80\x80\xAF", "\x80", "\xBF",
                                      "\xF5\x80\x80\x80", "\xFF", "\xE2\x82", "\xE2\x82\x41", "mes\xF3""age"}) {
        CAPTURE(printable(invalid));
        CHECK_FALSE(is_valid_utf8(invalid));
    }
    CHECK(is_valid_utf8(""));
    CHECK(is_valid_utf8(std::string("nul\0inside", 10)));
}

TEST_CASE("printable_utf8 escapes invalid bytes and control characters, and keeps every other character") {
    CHECK(printable_utf8("mes\xF3""age") == "mes\\xF3age");
    CHECK(printable_utf8("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80 a\\b") == "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80 a\\b");
    CHECK(printable_utf8("\xC0\xAF") == "\\xC0\\xAF");                // overlong '/'
    CHECK(printable_utf8("\xED\xA0\x80") == "\\xED\\xA0\\x80");       // a surrogate
    CHECK(printable_utf8("\xF4\x90\x80\x80") == "\\xF4\\x90\\x80\\x80");  // above U+10FFFF
    CHECK(printable_utf8("end\xE2\x82") == "end\\xE2\\x82");          // cut short
    CHECK(printable_utf8("\xE2\x82\xC3\xA9") == "\\xE2\\x82\xC3\xA9");  // a cut sequence, then a whole one
    CHECK(printable_utf8(std::string("a\nb\tc\x7F\0", 7)) == "a\\x0Ab\\x09c\\x7F\\x00");
    CHECK(printable_utf8("") == "");

    // Every possible byte, alone and after each other one: the result is always valid.
    for (int first = 0; first < 256; ++first) {
        for (int second = 0; second < 256; ++second) {
            const std::string bytes{static_cast<char>(first), static_cast<char>(second)};
            if (is_valid_utf8(printable_utf8(bytes))) continue;
            FAIL("not valid UTF-8 after escaping " << printable(bytes));
        }
    }
}

TEST_CASE("printable_utf8 stops within max_bytes without splitting a character or an escape") {
    CHECK(printable_utf8("ab\xF3", 4) == "ab");
    CHECK(printable_utf8("ab\xF3", 6) == "ab\\xF3");
    CHECK(printable_utf8("a\xC3\xA9", 2) == "a");
    CHECK(printable_utf8("a\xC3\xA9", 3) == "a\xC3\xA9");
    CHECK(printable_utf8("abc", 0) == "");
    const std::string hostile(kDefaultLimits.max_text_bytes, '\xFF');
    const auto cut = printable_utf8(hostile, kDefaultLimits.max_text_bytes);
    CHECK(cut.size() == kDefaultLimits.max_text_bytes);
    CHECK(is_valid_utf8(cut));
}

TEST_CASE("the errors of the decoder quote the bytes a peer sent as valid UTF-8") {
    const auto detail_of = [](const std::string& bytes) { return decode(bytes).error().detail; };
    const auto unknown_kind = frame(with(heartbeat_fields(), "kind", mp::str("mes\xF3""age")));
    CHECK(detail_of(unknown_kind) == "unknown message kind 'mes\\xF3age'");
    CHECK(decode_header(unknown_kind).error().detail == "unknown message kind 'mes\\xF3age'");

    const auto unknown_event = frame(fields_of("session_event", mp::map({{"event", mp::str("l\xE9""ft")},
                                                                          {"member", mp::str("carol")}})));
    CHECK(detail_of(unknown_event) == "unknown session event 'l\\xE9ft'");

    // A repeated key can be as long as any str: quoted in part, and well within the text limit.
    const std::string long_key(kDefaultLimits.max_string_bytes, '\xFE');
    auto repeated = heartbeat_fields();
    repeated.emplace_back(long_key, mp::nil());
    repeated.emplace_back(long_key, mp::nil());
    const auto detail = detail_of(frame(repeated));
    CHECK(detail.find("repeats the key '\\xFE") != std::string::npos);
    CHECK(is_valid_utf8(detail));
    CHECK(detail.size() < kDefaultLimits.max_text_bytes);
}

TEST_CASE("an error body carries valid UTF-8 text, on the way out and on the way in") {
    auto invalid = make_envelope(Kind::Error, "broker", ErrorBody{ErrorCode::NotUnderstood, "kind 'mes\xF3""age'"});
    auto sent = decode(encode(invalid));
    REQUIRE(sent.ok());
    CHECK(std::get<ErrorBody>(sent->body).text == "kind 'mes\\xF3age'");
    // The longest invalid text stays within the text limit once escaped.
    invalid.body = ErrorBody{ErrorCode::NotUnderstood, std::string(kDefaultLimits.max_text_bytes, '\xF3')};
    sent = decode(encode(invalid));
    REQUIRE_MESSAGE(sent.ok(), sent.error().detail);
    CHECK(is_valid_utf8(std::get<ErrorBody>(sent->body).text));

    // A valid text goes out byte for byte, control characters included.
    const std::string valid = "line one\nline two: caf\xC3\xA9, a\\b";
    auto kept = decode(encode(make_envelope(Kind::Error, "broker", ErrorBody{ErrorCode::NotMember, valid})));
    REQUIRE(kept.ok());
    CHECK(std::get<ErrorBody>(kept->body).text == valid);

    // Received from a peer that does not escape: escaped on reading, and it re-encodes unchanged.
    auto received = decode(frame(fields_of("error", mp::map({{"code", mp::str("not_member")},
                                                             {"text", mp::str("bad \xF3 byte")}}))));
    REQUIRE(received.ok());
    CHECK(std::get<ErrorBody>(received->body).text == "bad \\xF3 byte");
    auto again = decode(encode(*received));
    REQUIRE(again.ok());
    CHECK(*again == *received);

    // An unknown code folded into a longest text of two-byte characters: cut within
    // a character, yet valid, within the limit, and stable through re-encoding.
    std::string accents;
    while (accents.size() + 2 <= kDefaultLimits.max_text_bytes) accents += "\xC3\xA9";
    auto newer = decode(frame(fields_of("error", mp::map({{"code", mp::str("rate_limited_")},
                                                          {"text", mp::str(accents)}}))));
    REQUIRE(newer.ok());
    const auto& folded = std::get<ErrorBody>(newer->body).text;
    CHECK(is_valid_utf8(folded));
    CHECK(folded.size() <= kDefaultLimits.max_text_bytes);
    auto folded_again = decode(encode(*newer));
    REQUIRE(folded_again.ok());
    CHECK(*folded_again == *newer);
}

TEST_CASE("is_valid_payload accepts exactly one MessagePack object within the limits") {
    CHECK(is_valid_payload(nested_payload_bytes()));
    CHECK(is_valid_payload(mp::nil()));
    CHECK_FALSE(is_valid_payload(""));
    CHECK_FALSE(is_valid_payload(mp::nil() + mp::nil()));
    CHECK_FALSE(is_valid_payload(nested_payload_bytes().substr(0, 10)));
    CHECK_FALSE(is_valid_payload(nested_arrays(6), Limits{.max_depth = 5}));
    CHECK(is_valid_payload(nested_arrays(5), Limits{.max_depth = 5}));
}

// Last in the file on purpose: if the JSON side recursed without bound this
// crashes the process, and every other test case has reported by then.
TEST_CASE("a readable form nested far deeper than the limit is refused, not a stack overflow") {
    // ARCHITECTURE.md, rule 4: bad input. Input from a file is untrusted, and a test vector or an
    // event log is a file. A 200 KB JSON text may nest 100000 levels; the
    // conversion to MessagePack must stop at max_depth rather than recurse.
    const std::size_t depth = 100000;
    auto deep = Json::parse(std::string(depth, '[') + "null" + std::string(depth, ']'));
    auto json = to_json(sample_envelope(Kind::Message, false));
    json["body"]["content"] = std::move(deep);  // moved, not copied: a copy recurses too
    std::string result;
    try {
        auto decoded = envelope_from_json(json);
        result = decoded ? "ok" : std::string(error_code_name(decoded.error().code));
    } catch (const std::exception& error) {
        result = std::string("threw: ") + error.what();
    }
    CHECK(result == "too_large");
}
