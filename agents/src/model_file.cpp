#include <parley/agents/model_file.hpp>

#include <nlohmann/json.hpp>

#include <charconv>
#include <fstream>
#include <iterator>

namespace parley::agents {
namespace {

constexpr std::string_view kMagic = "PARLEY-MODEL 1\n";

[[noreturn]] void refuse(const std::filesystem::path& file, const std::string& what) {
    throw PolicyLoadError(file.string() + ": " + what);
}

// The header and the metadata, read from the start of `in`, which is left
// at the first byte of the parameters.
std::string read_metadata(const std::filesystem::path& file, std::ifstream& in) {
    std::error_code error;
    if (!std::filesystem::is_regular_file(file, error)) refuse(file, "no such model file");
    const auto size = std::filesystem::file_size(file, error);
    if (error) refuse(file, "cannot read it: " + error.message());
    if (size > kMaxModelFileBytes) refuse(file, "larger than the " + std::to_string(kMaxModelFileBytes) + " bytes allowed");
    in.open(file, std::ios::binary);
    if (!in) refuse(file, "cannot read it");
    std::string magic(kMagic.size(), '\0');
    if (!in.read(magic.data(), static_cast<std::streamsize>(magic.size())) || magic != kMagic) {
        refuse(file, "not a Parley model file (no PARLEY-MODEL header)");
    }
    std::string length_text;
    std::getline(in, length_text);
    std::size_t length = 0;
    const char* last = length_text.data() + length_text.size();
    const auto [end, parse_error] = std::from_chars(length_text.data(), last, length);
    if (!in || length_text.empty() || parse_error != std::errc{} || end != last || length > kMaxModelMetadataBytes ||
        length > size) {
        refuse(file, "corrupt model file (its metadata length)");
    }
    std::string metadata(length, '\0');
    if (!in.read(metadata.data(), static_cast<std::streamsize>(length))) refuse(file, "corrupt model file (its metadata length)");
    return metadata;
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
    std::ifstream in;
    ModelFileParts parts;
    parts.metadata_json = read_metadata(file, in);
    parts.parameters.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    if (in.bad()) refuse(file, "cannot read it");
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
    std::ifstream in;  // the header alone: the parameters may be large
    return spaces_from_metadata(read_metadata(file, in), file.string());
}

}  // namespace parley::agents
