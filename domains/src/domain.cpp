#include <parley/domains/domain.hpp>
#include <parley/domains/domain_error.hpp>
#include <parley/domains/genius_format.hpp>
#include <parley/domains/geniusweb_format.hpp>
#include <parley/domains/text_input.hpp>

#include <algorithm>
#include <array>
#include <cctype>

namespace parley::worlds {
namespace {

constexpr std::array kFormats{
    DomainFormat{"genius", ".xml", "GENIUS XML: a domain file and utility_space profiles", &load_genius_domain,
                 &load_genius_profiles},
    DomainFormat{"geniusweb", ".json", "GeniusWeb JSON: a domain file and LinearAdditiveUtilitySpace profiles",
                 &load_geniusweb_domain, &load_geniusweb_profiles},
};

std::string known_formats() {
    std::string names;
    for (const auto& format : kFormats) {
        if (!names.empty()) names += ", ";
        names += std::string(format.name) + " (" + std::string(format.extension) + ")";
    }
    return names;
}

std::string lower_case(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

}  // namespace

std::span<const DomainFormat> domain_formats() { return kFormats; }

const DomainFormat& find_domain_format(std::string_view name) {
    for (const auto& format : kFormats) {
        if (format.name == name) return format;
    }
    throw DomainError("unknown domain format '" + std::string(name) + "'; known formats: " + known_formats());
}

const DomainFormat& domain_format_of(const std::filesystem::path& file) {
    auto extension = lower_case(file.extension().string());
    for (const auto& format : kFormats) {
        if (format.extension == extension) return format;
    }
    throw DomainError(file.string() + ": cannot tell the format from the extension '" + extension +
                      "'; known formats: " + known_formats());
}

namespace detail {

std::string read_domain_file(const std::filesystem::path& file) { return read_text_file(file, kMaxDomainFileBytes); }

void append_profiles(Domain& domain, std::span<const std::filesystem::path> profile_files, ProfileParser parse) {
    for (const auto& file : profile_files) {
        domain.profiles.push_back(parse(read_domain_file(file), file.string(), domain.space));
    }
}

}  // namespace detail

Domain load_domain(const std::filesystem::path& domain_file, std::span<const std::filesystem::path> profile_files) {
    return domain_format_of(domain_file).load(domain_file, profile_files);
}

Domain load_domain_from_profiles(std::span<const std::filesystem::path> profile_files) {
    if (profile_files.empty()) throw DomainError("no profile files were given");
    return domain_format_of(profile_files.front()).load_profiles(profile_files);
}

}  // namespace parley::worlds
