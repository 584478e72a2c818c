// world.generate: a domain drawn by the generator (domain_generator.hpp), of
// a size given here and as many profiles as an episode has parties.

#include "scenario_names.hpp"
#include "scenario_sections.hpp"

#include <parley/domains/domain_generator.hpp>

namespace parley::worlds::detail {
namespace {

const std::vector<std::string> kGenerateKeys = {"issues", "values", "parties", "opposition", "vary"};
const std::vector<std::string> kVariations = names_of(kWorldVariationNames);

GeneratedWorld read_generate(const MapReader& reader, std::size_t parties) {
    GeneratedWorld generated;
    generated.issues = static_cast<std::size_t>(reader.unsigned_value("issues", 1, kMaxGeneratedIssues, 3));
    if (reader.has("values") && reader.get("values").IsSequence()) {
        reader.context().fail(reader.get("values").Mark(), "world.generate.values",
                              "must be one integer: the generator gives every issue the same number of values");
    }
    generated.values_per_issue = static_cast<std::size_t>(reader.unsigned_value("values", 1, kMaxGeneratedValues, 5));
    if (reader.has("parties")) {
        const auto given = reader.unsigned_value("parties", 1, kMaxGeneratedParties, parties);
        if (given != parties) {
            reader.context().fail(reader.get("parties"), "world.generate.parties",
                                  "must equal the number of parties of an episode (" + std::to_string(parties) +
                                      " with this matching), got " + std::to_string(given));
        }
    }
    generated.parties = parties;
    generated.opposition = reader.number_value("opposition", 0.0, 1.0, 0.5);
    const std::string vary = reader.choice_value("vary", kVariations, "per_repetition");
    generated.vary = value_named(kWorldVariationNames, vary, WorldVariation::PerRepetition);
    return generated;
}

void check_generated(SectionReading& reading, const MapReader& reader, const GeneratedWorld& generated,
                     const ScenarioSettings& settings) {
    const YAML::Mark at = reader.mark_of_key("issues");
    if (auto refusal = generated_outcomes_refusal(generated.issues, generated.values_per_issue)) {
        reading.context.fail(at, "world.generate", *refusal + "; lower issues or values", reader.mark());
    }
    // Only the draws depend on the seed, never the size of what is sent (every
    // utility travels as a float64): one domain of this shape stands for all.
    const std::string shape = "generate:" + std::to_string(generated.issues) + "x" +
                              std::to_string(generated.values_per_issue) + "x" + std::to_string(generated.parties);
    const auto build = [&generated] {
        return generate_domain(GeneratorParameters{generated.issues, generated.values_per_issue, generated.parties,
                                                   generated.opposition, 0});
    };
    if (auto refusal = reading.message_checks.invitation_refusal(shape, build, settings)) {
        reading.context.fail(at, "world.generate", *refusal + "; lower issues or values", reader.mark());
    }
}

}  // namespace

WorldSpec read_generated_world(SectionReading& reading, const MapReader& world, const ScenarioSettings& settings) {
    MapReader reader(reading.context, world.get("generate"), "world.generate", kGenerateKeys, world.mark());
    GeneratedWorld generated = read_generate(reader, settings.matching.group_size);
    check_generated(reading, reader, generated, settings);
    return generated;
}

}  // namespace parley::worlds::detail
