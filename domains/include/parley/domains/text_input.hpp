#pragma once
// Reading untrusted text: whole files with a size bound, and numbers that
// must be numbers from the first character to the last.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace parley::worlds::detail {

// Throws DomainError "<file>: <what>" when the file is missing, not a regular
// file, larger than max_bytes or unreadable.
std::string read_text_file(const std::filesystem::path& file, std::size_t max_bytes);

// A finite decimal number, surrounding spaces allowed; nullopt for anything else.
std::optional<double> parse_number(std::string_view text);
std::optional<std::uint64_t> parse_unsigned(std::string_view text);

// "<source>: <what>" as a DomainError.
[[noreturn]] void fail(std::string_view source, const std::string& what);

}  // namespace parley::worlds::detail
