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

// A payload from a JSON value and back (MessagePack encoding of the value).
Payload payload_from_json(const nlohmann::ordered_json& value);
nlohmann::ordered_json payload_to_json(const Payload& payload);

}  // namespace parley::protocol
