// The mechanism section: a negotiation's protocol, by a name the caller can
// run (ScenarioVocabulary), its deadlines and its parameters.

#include "scenario_sections.hpp"

namespace parley::worlds::detail {
namespace {

const std::vector<std::string> kMechanismKeys = {"name", "rounds", "seconds", "reply_timeout_ms", "parameters"};
constexpr double kMaxSeconds = 7 * 24 * 3600.0;

const MechanismName* find_mechanism(const ScenarioVocabulary& vocabulary, const std::string& name) {
    for (const auto& mechanism : vocabulary.mechanisms) {
        if (mechanism.name == name) return &mechanism;
    }
    return nullptr;
}

}  // namespace

YAML::Mark read_mechanism(const SectionReading& reading, const MapReader& top, MechanismSpec& mechanism) {
    MapReader reader(reading.context, top.require("mechanism"), "mechanism", kMechanismKeys, top.mark());
    const YAML::Node name = reader.require("name");
    mechanism.name = reader.to_string(name, "mechanism.name");
    if (!find_mechanism(reading.vocabulary, mechanism.name)) {
        std::vector<std::string> names;
        for (const auto& known : reading.vocabulary.mechanisms) names.push_back(known.name);
        reading.context.fail(name.Mark(), "mechanism.name",
                             "unknown mechanism \"" + mechanism.name + "\"" +
                                 hint_or_listing(mechanism.name, names, "; known mechanisms are " + join_names(names)),
                             reader.mark());
    }
    mechanism.rounds = static_cast<std::uint32_t>(reader.unsigned_value("rounds", 1, kMaxRounds, 100));
    if (reader.has("seconds")) mechanism.seconds = reader.number_value("seconds", 0.0, kMaxSeconds, 0.0, true);
    mechanism.reply_timeout_ms =
        static_cast<std::uint32_t>(reader.unsigned_value("reply_timeout_ms", 1, kMaxReplyTimeoutMs, 10'000));
    mechanism.parameters = read_parameters(reader);
    check_parameters(reading.vocabulary.check_mechanism_parameters, mechanism.name, mechanism.parameters, reader);
    return name.Mark().is_null() ? reader.mark() : name.Mark();
}

void check_mechanism_parties(const SectionReading& reading, const ScenarioSettings& settings,
                             const YAML::Mark& mechanism_name_mark) {
    const MechanismName* mechanism = find_mechanism(reading.vocabulary, settings.mechanism.name);
    const std::size_t parties = settings.matching.group_size;
    if (parties >= mechanism->min_parties && parties <= mechanism->max_parties) return;
    const std::string range =
        mechanism->min_parties == mechanism->max_parties
            ? std::to_string(mechanism->min_parties)
            : std::to_string(mechanism->min_parties) + " to " + std::to_string(mechanism->max_parties);
    reading.context.fail(mechanism_name_mark, "mechanism.name",
                         mechanism->name + " takes " + range + " parties, but matching " +
                             std::string(matching_mode_name(settings.matching.mode)) + " gives episodes of " +
                             std::to_string(parties) +
                             (parties < mechanism->min_parties ? " (too few participants)" : ""));
}

}  // namespace parley::worlds::detail
