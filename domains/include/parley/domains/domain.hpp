#pragma once
// A negotiation domain: an outcome space and the profiles of the parties, as
// read from the files that researchers already have (GENIUS XML, GeniusWeb
// JSON) or made by the generator. Formats are found by name or by file
// extension in a small registry, so the CLI and scenario files never need to
// know which importer reads what.

#include <parley/domains/linear_additive_profile.hpp>
#include <parley/domains/outcome_space.hpp>

#include <cstddef>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace parley::worlds {

struct Domain {
    std::string name;
    OutcomeSpace space;
    std::vector<LinearAdditiveProfile> profiles;  // in the order their files were given
};

// A profile read from a file that carries its issues itself.
struct ProfileWithIssues {
    OutcomeSpace space;
    LinearAdditiveProfile profile;
    std::string domain_name;  // when the file names its domain, else empty
};

// Files larger than this are refused before they are read.
inline constexpr std::size_t kMaxDomainFileBytes = 16 * 1024 * 1024;
// A numeric issue of a file (a GENIUS integer range, a GeniusWeb number
// range) with more values than this is refused: each value is kept by name.
inline constexpr std::size_t kMaxImportedIssueValues = 100000;

// One file format of domains and profiles.
struct DomainFormat {
    std::string_view name;       // "genius", "geniusweb"
    std::string_view extension;  // of its files, with the dot
    std::string_view description;
    // A domain file and the profile files that go with it.
    Domain (*load)(const std::filesystem::path& domain_file, std::span<const std::filesystem::path> profile_files);
    // Profile files alone: each carries its issues, which must agree.
    Domain (*load_profiles)(std::span<const std::filesystem::path> profile_files);
};

std::span<const DomainFormat> domain_formats();
// Throw DomainError naming the known formats when none matches.
const DomainFormat& find_domain_format(std::string_view name);
const DomainFormat& domain_format_of(const std::filesystem::path& file);

namespace detail {
// What every format's loaders share: a file read with the size bound, and
// profile files parsed one by one over the domain's space, appended in order.
std::string read_domain_file(const std::filesystem::path& file);
using ProfileParser = LinearAdditiveProfile (*)(std::string_view text, std::string_view source,
                                                const OutcomeSpace& space);
void append_profiles(Domain& domain, std::span<const std::filesystem::path> profile_files, ProfileParser parse);
}  // namespace detail

// The format is taken from the extension of the first file.
Domain load_domain(const std::filesystem::path& domain_file, std::span<const std::filesystem::path> profile_files);
Domain load_domain_from_profiles(std::span<const std::filesystem::path> profile_files);

}  // namespace parley::worlds
