#pragma once
// Encoding and validating decoding of Parley messages (SPEC.md, "Encoding").
// Decoding never throws and never aborts: every failure is a DecodeError with
// the protocol error code that the receiver sends back.

#include <parley/protocol/limits.hpp>
#include <parley/protocol/message.hpp>

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace parley::protocol {

struct DecodeError {
    DecodeError() = default;
    DecodeError(ErrorCode error_code, std::string what, std::optional<std::uint64_t> id = std::nullopt,
                bool about_error = false)
        : code(error_code), detail(std::move(what)), message_id(id), is_error_kind(about_error) {}

    ErrorCode code = ErrorCode::NotUnderstood;
    std::string detail;
    // What could still be read of a refused message, so that the answer can
    // name it (in_reply_to) and an error is not answered with an error.
    std::optional<std::uint64_t> message_id;
    bool is_error_kind = false;
};

// A decoded value or the reason it could not be decoded.
template <class T>
class Decoded {
public:
    Decoded(T value) : state_(std::move(value)) {}                // NOLINT: implicit by design
    Decoded(DecodeError error) : state_(std::move(error)) {}      // NOLINT: implicit by design

    bool ok() const { return state_.index() == 0; }
    explicit operator bool() const { return ok(); }
    T& value() { return std::get<0>(state_); }
    const T& value() const { return std::get<0>(state_); }
    T& operator*() { return value(); }
    const T& operator*() const { return value(); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    const DecodeError& error() const { return std::get<1>(state_); }

private:
    std::variant<T, DecodeError> state_;
};

// Encodes in the canonical form of SPEC.md: keys in the order listed there,
// absent optional fields left out, integers in their shortest form.
std::string encode(const Envelope& envelope);
// The same into `out`, which is cleared first: a sender that keeps one buffer
// allocates nothing per message once it has grown.
void encode_into(const Envelope& envelope, std::string& out);

// Decodes and validates a whole message: structure, limits, field types and the
// body that its kind requires.
Decoded<Envelope> decode(std::string_view frame, const Limits& limits = kDefaultLimits);

// Validates the whole frame against the limits but converts only the header;
// the broker uses it to route messages whose bodies are not its business.
Decoded<Header> decode_header(std::string_view frame, const Limits& limits = kDefaultLimits);

// Checks that `bytes` hold exactly one MessagePack object within the limits.
bool is_valid_payload(std::string_view bytes, const Limits& limits = kDefaultLimits);

}  // namespace parley::protocol
