// world.files: a domain and its profiles read from files (in any of the
// domain_formats(); profile files alone when they carry their issues), loaded
// now so that a bad file is reported when the scenario loads rather than when
// the first episode starts.

#include "scenario_sections.hpp"

#include "scenario_expansion.hpp"

#include <parley/domains/domain_generator.hpp>

#include <system_error>

namespace parley::worlds::detail {
namespace {

const std::vector<std::string> kFilesKeys = {"domain", "profiles"};
constexpr std::size_t kMaxProfileFiles = kMaxGeneratedParties;

std::filesystem::path existing_file(const SectionReading& reading, const MapReader& reader, const YAML::Node& node,
                                    const std::string& key) {
    std::filesystem::path path = reader.to_string(node, key);
    if (path.is_relative()) path = reading.base_dir / path;
    path = path.lexically_normal();
    std::error_code error;
    if (!std::filesystem::is_regular_file(path, error)) {
        reading.context.fail(node.Mark(), key, "no such file: " + path.string(), reader.mark());
    }
    return path;
}

FileWorld read_file_names(const SectionReading& reading, const MapReader& reader) {
    FileWorld files;
    if (reader.has("domain")) files.domain = existing_file(reading, reader, reader.get("domain"), "world.files.domain");
    const YAML::Node profiles = reader.require("profiles");
    if (!profiles.IsSequence() || profiles.size() == 0 || profiles.size() > kMaxProfileFiles) {
        reading.context.fail(profiles.Mark(), "world.files.profiles",
                             "must be a list of 1 to " + std::to_string(kMaxProfileFiles) + " profile files, got " +
                                 describe_node(profiles),
                             reader.mark());
    }
    for (std::size_t k = 0; k < profiles.size(); ++k) {
        files.profiles.push_back(
            existing_file(reading, reader, profiles[k], "world.files.profiles[" + std::to_string(k) + "]"));
    }
    return files;
}

// Each distinct set of files is loaded once for all sweep points.
const Domain& loaded_domain(SectionReading& reading, const FileWorld& files, const MapReader& reader) {
    const std::string key = file_world_key(files);
    if (auto known = reading.loaded_domains.find(key); known != reading.loaded_domains.end()) return known->second;
    try {
        Domain domain =
            files.domain ? load_domain(*files.domain, files.profiles) : load_domain_from_profiles(files.profiles);
        return reading.loaded_domains.emplace(key, std::move(domain)).first->second;
    } catch (const std::exception& error) {
        reading.context.fail(reader.mark(), "world.files", std::string("cannot load the domain: ") + error.what());
    }
}

}  // namespace

WorldSpec read_file_world(SectionReading& reading, const MapReader& world, const ScenarioSettings& settings) {
    const std::size_t parties = settings.matching.group_size;
    MapReader reader(reading.context, world.get("files"), "world.files", kFilesKeys, world.mark());
    FileWorld files = read_file_names(reading, reader);
    const Domain& domain = loaded_domain(reading, files, reader);
    if (domain.profiles.size() != parties) {
        reading.context.fail(reader.get("profiles").Mark(), "world.files.profiles",
                             "gives " + std::to_string(domain.profiles.size()) + " profiles, but episodes have " +
                                 std::to_string(parties) + " parties with this matching",
                             reader.mark());
    }
    if (auto refusal = outcomes_refusal(domain.space)) reading.context.fail(reader.mark(), "world.files", *refusal);
    const auto same = [&domain] { return domain; };
    if (auto refusal = reading.message_checks.invitation_refusal(file_world_key(files), same, settings)) {
        reading.context.fail(reader.mark(), "world.files", *refusal);
    }
    return files;
}

}  // namespace parley::worlds::detail
