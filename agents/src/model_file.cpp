#include <parley/agents/model_file.hpp>

#include <nlohmann/json.hpp>

#include <charconv>
#include <fstream>
#include <sstream>

namespace parley::agents {
namespace {

constexpr std::string_view kMagic = "PARLEY-MODEL 1\n";

[[noreturn]] void refuse(const std::filesystem::path& file, const std::string& what) {
    throw PolicyLoadError(file.string() + ": " + what);
}

std::string read_bounded(const std::filesystem::path& file) {
    std::error_code error;
    if (!std::filesystem::is_regular_file(file, error)) refuse(file, "no such model file");
    const auto size = std::filesystem::file_size(file, error);
    if (error) refuse(file, "cannot read it: " + error.message());
    if (size > kMaxModelFileBytes) refuse(file, "larger than the " + std::to_string(kMaxModelFileBytes) + " bytes allowed");
    std::ifstream in(file, std::ios::binary);
    std::string bytes(static_cast<std::size_t>(size), '\0');
    if (!in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()))) refuse(file, "cannot read it");
    return bytes;
}

}  // namespace

void write_model_file(const std::filesystem::path& file, const ModelFileParts& parts) {
    auto partial = file;
    partial += ".partial";
    {
        std::ofstream out(partial, std::ios::binary | std::ios::trunc);
        out << kMagic << parts.metadata_json.size() << '\n' << parts.metadata_json << parts.parameters;
        out.close();
        if (!out) {
            std::error_code ignored;
            std::filesystem::remove(partial, ignored);
            throw ModelWriteError(file.string() + ": cannot write the model (" + partial.string() + ")");
        }
    }
    std::error_code error;
    std::filesystem::rename(partial, file, error);
    if (error) throw ModelWriteError(file.string() + ": cannot write the model: " + error.message());
}

ModelFileParts read_model_file(const std::filesystem::path& file) {
    const std::string bytes = read_bounded(file);
    if (!std::string_view(bytes).starts_with(kMagic)) refuse(file, "not a Parley model file (no PARLEY-MODEL header)");
    const auto length_end = bytes.find('\n', kMagic.size());
    std::size_t length = 0;
    const char* first = bytes.data() + kMagic.size();
    const char* last = length_end == std::string::npos ? first : bytes.data() + length_end;
    const auto [end, parse_error] = std::from_chars(first, last, length);
    if (length_end == std::string::npos || parse_error != std::errc{} || end != last || length > kMaxModelMetadataBytes ||
        length > bytes.size() - length_end - 1) {
        refuse(file, "corrupt model file (its metadata length)");
    }
    ModelFileParts parts;
    parts.metadata_json = bytes.substr(length_end + 1, length);
    parts.parameters = bytes.substr(length_end + 1 + length);
    return parts;
}

PolicySpaces spaces_from_metadata(std::string_view metadata_json, std::string_view source) {
    try {
        const auto json = nlohmann::json::parse(metadata_json);
        PolicySpaces spaces;
        spaces.world = json.at("world").get<std::string>();
        spaces.observation_size = json.at("observation_size").get<std::size_t>();
        spaces.action_names = json.at("action_names").get<std::vector<std::string>>();
        return spaces;
    } catch (const nlohmann::json::exception& error) {
        throw PolicyLoadError(std::string(source) + ": corrupt model metadata (" + error.what() + ")");
    }
}

PolicySpaces read_model_spaces(const std::filesystem::path& file) {
    return spaces_from_metadata(read_model_file(file).metadata_json, file.string());
}

}  // namespace parley::agents
