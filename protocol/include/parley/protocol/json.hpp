#pragma once
// The readable form of a message: the JSON mapping of SPEC.md, section
// "Readable form". Test vectors are described in it and event logs use it.

#include <parley/protocol/codec.hpp>
#include <parley/protocol/message.hpp>

#include <nlohmann/json.hpp>

namespace parley::protocol {

// The envelope as a JSON object with the wire's keys; a payload appears as the
// JSON value of its MessagePack object.
nlohmann::ordered_json to_json(const Envelope& envelope);

// The inverse of to_json; a JSON value that does not describe an envelope
// gives a DecodeError, never an exception.
Decoded<Envelope> envelope_from_json(const nlohmann::ordered_json& json);

// JSON text of a readable form. Strings on the wire need not be valid UTF-8;
// invalid sequences are written as U+FFFD instead of failing.
std::string dump_json(const nlohmann::ordered_json& value, int indent = -1);

// The very text of dump_json(to_json(envelope)), written straight from the
// encoded message without building a JSON tree: what an event log wants for
// every message. Several times faster for ordinary messages; anything unusual
// (binary data, keys that are not strings or repeat, text that needs escaping)
// takes the tree's path, so the text is the same byte for byte.
std::string readable_json(const Envelope& envelope);
// The same text appended to `out`, from the envelope or from its encoded
// frame (a frame that does not decode is refused with std::invalid_argument).
void append_readable_json(const Envelope& envelope, std::string& out);
void append_readable_json(std::string_view frame, std::string& out);

// A payload from a JSON value and back (MessagePack encoding of the value).
// payload_from_json throws std::runtime_error for a value nested deeper than
// the wire's max_depth, which no peer would accept.
Payload payload_from_json(const nlohmann::ordered_json& value);
nlohmann::ordered_json payload_to_json(const Payload& payload);

}  // namespace parley::protocol
