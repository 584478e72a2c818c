// The world section: what is played, exactly one kind of world. A negotiation
// is played over a domain (world.generate, world.files, world.pie), a game
// world (world.game) is a repeated game; each kind has its read_world_*.cpp.

#include "scenario_sections.hpp"

namespace parley::worlds::detail {
namespace {

const std::vector<std::string> kWorldKeys = {"generate", "files", "pie", "game"};

}  // namespace

MapReader read_world_map(const SectionReading& reading, const MapReader& top) {
    MapReader world(reading.context, top.require("world"), "world", kWorldKeys, top.mark());
    std::size_t given = 0;
    for (const auto& kind : kWorldKeys) given += world.has(kind) ? 1 : 0;
    if (given != 1) reading.context.fail(world.mark(), "world", "give exactly one of " + join_names(kWorldKeys));
    return world;
}

WorldSpec read_domain_world(SectionReading& reading, const MapReader& world, const ScenarioSettings& settings) {
    if (world.has("generate")) return read_generated_world(reading, world, settings);
    if (world.has("files")) return read_file_world(reading, world, settings);
    return read_pie_world(reading, world, settings);
}

}  // namespace parley::worlds::detail
