#include <parley/domains/text_input.hpp>

#include <parley/domains/domain_error.hpp>

#include <charconv>
#include <cmath>
#include <fstream>
#include <iterator>
#include <system_error>

namespace parley::worlds::detail {
namespace {

std::string_view trim(std::string_view text) {
    constexpr std::string_view kSpace = " \t\r\n";
    auto first = text.find_first_not_of(kSpace);
    if (first == std::string_view::npos) return {};
    auto last = text.find_last_not_of(kSpace);
    return text.substr(first, last - first + 1);
}

}  // namespace

void fail(std::string_view source, const std::string& what) {
    throw DomainError(std::string(source) + ": " + what);
}

std::string read_text_file(const std::filesystem::path& file, std::size_t max_bytes) {
    const std::string source = file.string();
    std::error_code error;
    if (!std::filesystem::exists(file, error)) fail(source, "no such file");
    if (!std::filesystem::is_regular_file(file, error)) fail(source, "not a regular file");
    auto size = std::filesystem::file_size(file, error);
    if (error) fail(source, "cannot read its size: " + error.message());
    if (size > max_bytes) {
        fail(source, "the file has " + std::to_string(size) + " bytes, more than the " + std::to_string(max_bytes) +
                         " allowed");
    }
    std::ifstream in(file, std::ios::binary);
    if (!in) fail(source, "cannot open the file");
    std::string text;
    text.reserve(static_cast<std::size_t>(size));
    text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    if (in.bad()) fail(source, "error while reading the file");
    if (text.size() > max_bytes) fail(source, "the file grew past the allowed size while it was read");
    return text;
}

std::optional<double> parse_number(std::string_view text) {
    text = trim(text);
    if (!text.empty() && text.front() == '+') {  // from_chars refuses a plus sign, we accept one
        text.remove_prefix(1);
        if (!text.empty() && text.front() == '-') return std::nullopt;
    }
    double number = 0.0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
    if (text.empty() || error != std::errc{} || end != text.data() + text.size() || !std::isfinite(number)) {
        return std::nullopt;
    }
    return number;
}

std::optional<std::uint64_t> parse_unsigned(std::string_view text) {
    text = trim(text);
    std::uint64_t number = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
    if (text.empty() || error != std::errc{} || end != text.data() + text.size()) return std::nullopt;
    return number;
}

}  // namespace parley::worlds::detail
