// world.pie: Rubinstein's pie of 1 divided by 2 parties, each with a discount factor.

#include "scenario_sections.hpp"

#include <parley/domains/pie.hpp>

namespace parley::worlds::detail {
namespace {

const std::vector<std::string> kPieKeys = {"resolution", "discounts"};

PieWorld read_pie(const MapReader& reader, std::size_t parties) {
    const ScenarioContext& context = reader.context();
    PieWorld pie;
    if (parties != 2) {
        context.fail(
            reader.mark(), "world.pie",
            "the pie is divided by 2 parties, but episodes have " + std::to_string(parties) + " with this matching");
    }
    pie.resolution = static_cast<std::size_t>(reader.unsigned_value("resolution", 1, kMaxPieResolution, 100));
    if (reader.has("discounts")) {
        const YAML::Node discounts = reader.get("discounts");
        if (!discounts.IsSequence() || discounts.size() != 2) {
            context.fail(discounts.Mark(), "world.pie.discounts",
                         "must be a list of 2 discount factors, got " + describe_node(discounts), reader.mark());
        }
        pie.discount0 = reader.to_number(discounts[0], "world.pie.discounts[0]", 0.0, 1.0, true);
        pie.discount1 = reader.to_number(discounts[1], "world.pie.discounts[1]", 0.0, 1.0, true);
    }
    return pie;
}

void check_pie(SectionReading& reading, const MapReader& reader, const PieWorld& pie,
               const ScenarioSettings& settings) {
    const YAML::Mark at = reader.mark_of_key("resolution");
    const auto build = [&pie] { return make_pie_domain(pie.resolution, pie.discount0, pie.discount1); };
    if (auto refusal =
            reading.message_checks.invitation_refusal("pie:" + std::to_string(pie.resolution), build, settings)) {
        reading.context.fail(
            at, "world.pie.resolution",
            "a pie of resolution " + std::to_string(pie.resolution) + ": " + *refusal + "; lower the resolution",
            reader.mark());
    }
}

}  // namespace

WorldSpec read_pie_world(SectionReading& reading, const MapReader& world, const ScenarioSettings& settings) {
    MapReader reader(reading.context, world.get("pie"), "world.pie", kPieKeys, world.mark());
    PieWorld pie = read_pie(reader, settings.matching.group_size);
    check_pie(reading, reader, pie, settings);
    return pie;
}

}  // namespace parley::worlds::detail
