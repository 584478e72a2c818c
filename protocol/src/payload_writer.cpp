#include <parley/protocol/payload_writer.hpp>

#include "msgpack_util.hpp"

#include <utility>

namespace parley::protocol {
namespace {

using Packer = msgpack::packer<detail::StringSink>;

std::uint32_t wire_size(std::size_t size) { return static_cast<std::uint32_t>(size); }

}  // namespace

PayloadWriter& PayloadWriter::map(std::size_t entries) {
    detail::StringSink sink{bytes_};
    Packer(sink).pack_map(wire_size(entries));
    return *this;
}

PayloadWriter& PayloadWriter::array(std::size_t items) {
    detail::StringSink sink{bytes_};
    Packer(sink).pack_array(wire_size(items));
    return *this;
}

PayloadWriter& PayloadWriter::string(std::string_view text) {
    detail::StringSink sink{bytes_};
    Packer packer(sink);
    packer.pack_str(wire_size(text.size()));
    packer.pack_str_body(text.data(), wire_size(text.size()));
    return *this;
}

PayloadWriter& PayloadWriter::unsigned_integer(std::uint64_t value) {
    detail::StringSink sink{bytes_};
    Packer(sink).pack(value);
    return *this;
}

PayloadWriter& PayloadWriter::number(double value) {
    detail::StringSink sink{bytes_};
    detail::write_float64(sink, value);
    return *this;
}

PayloadWriter& PayloadWriter::boolean(bool value) {
    detail::StringSink sink{bytes_};
    Packer(sink).pack(value);
    return *this;
}

PayloadWriter& PayloadWriter::nil() {
    detail::StringSink sink{bytes_};
    Packer(sink).pack_nil();
    return *this;
}

Payload PayloadWriter::finish() {
    Payload payload{std::move(bytes_)};
    bytes_.clear();
    return payload;
}

}  // namespace parley::protocol
