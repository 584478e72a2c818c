// The world section: what is played, exactly one kind of world. A negotiation
// is played over a domain (world.generate, world.files, world.pie), a game
// world (world.game) is a repeated game; each kind has its read_world_*.cpp.

#include "scenario_sections.hpp"

#include <stdexcept>

namespace parley::worlds::detail {
namespace {

// The kinds of negotiation world, in the order messages list them.
struct DomainWorldKind {
    const char* key;
    WorldSpec (*read)(SectionReading& reading, const MapReader& world, const ScenarioSettings& settings);
};

const DomainWorldKind kDomainWorlds[] = {
    {"generate", read_generated_world},
    {"files", read_file_world},
    {"pie", read_pie_world},
};

const std::vector<std::string>& world_keys() {
    static const std::vector<std::string> keys = [] {
        std::vector<std::string> all;
        for (const auto& kind : kDomainWorlds) all.emplace_back(kind.key);
        all.emplace_back("game");
        return all;
    }();
    return keys;
}

}  // namespace

MapReader read_world_map(const SectionReading& reading, const MapReader& top) {
    MapReader world(reading.context, top.require("world"), "world", world_keys(), top.mark());
    std::size_t given = 0;
    for (const auto& kind : world_keys()) given += world.has(kind) ? 1 : 0;
    if (given != 1) reading.context.fail(world.mark(), "world", "give exactly one of " + join_names(world_keys()));
    return world;
}

WorldSpec read_domain_world(SectionReading& reading, const MapReader& world, const ScenarioSettings& settings) {
    for (const auto& kind : kDomainWorlds) {
        if (world.has(kind.key)) return kind.read(reading, world, settings);
    }
    throw std::logic_error("read_domain_world: a world without a kind passed read_world_map");
}

}  // namespace parley::worlds::detail
