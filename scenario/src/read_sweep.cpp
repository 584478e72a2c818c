// The sweep section: a grid over scalar keys. Each axis names a key the
// scenario has, by a path ("roster[0].parameters.x"), and lists its values;
// scenario.cpp puts the values of each point in place in a copy of the
// document and reads that copy like a scenario without a sweep.

#include "scenario_sections.hpp"

#include <parley/domains/text_input.hpp>

#include <algorithm>

namespace parley::worlds::detail {
namespace {

// The keys a sweep may vary. "[]" stands for any index, "*" for any parameter name.
const std::vector<std::string> kSweepable = {
    "world.generate.issues",  "world.generate.values",   "world.generate.parties", "world.generate.opposition",
    "world.generate.vary",    "world.pie.resolution",    "world.pie.discounts",    "world.pie.discounts[]",
    "information",            "mechanism.name",          "mechanism.rounds",       "mechanism.seconds",
    "mechanism.reply_timeout_ms", "mechanism.parameters.*", "roster[].framework", "roster[].count",
    "roster[].label",         "roster[].parameters.*",   "matching",               "matching.mode",
    "matching.group_size",    "repetitions",             "world.game.name",        "world.game.rounds",
    "world.game.parameters.*", "roster[].strategy",      "matching.self_play",     "population.generations",
    "population.selection",   "population.size"};

// "roster[0].parameters.exponent" -> roster[0], parameters, exponent. What
// follows "parameters." is one name, dots and all. Nullopt when malformed.
std::optional<std::vector<PathSegment>> split_path(const std::string& key) {
    std::vector<PathSegment> segments;
    std::size_t start = 0;
    while (start <= key.size()) {
        const bool parameter_name = !segments.empty() && segments.back().name == "parameters";
        const std::size_t dot = parameter_name ? std::string::npos : key.find('.', start);
        std::string part = key.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
        PathSegment segment;
        const std::size_t bracket = parameter_name ? std::string::npos : part.find('[');
        if (bracket != std::string::npos) {
            if (part.back() != ']') return std::nullopt;
            auto index = parse_unsigned(part.substr(bracket + 1, part.size() - bracket - 2));
            if (!index || part.find_first_of(" +") != std::string::npos) return std::nullopt;
            segment.index = static_cast<std::size_t>(*index);
            part.resize(bracket);
        }
        if (part.empty()) return std::nullopt;
        segment.name = part;
        segments.push_back(std::move(segment));
        if (dot == std::string::npos) break;
        start = dot + 1;
    }
    return segments;
}

std::string pattern_of(const std::vector<PathSegment>& segments) {
    std::string pattern;
    for (std::size_t k = 0; k < segments.size(); ++k) {
        if (k > 0) pattern += ".";
        const bool parameter_name = k > 0 && segments[k - 1].name == "parameters";
        pattern += parameter_name ? "*" : segments[k].name;
        if (segments[k].index) pattern += "[]";
    }
    return pattern;
}

// The section a path walks through must exist in the scenario (a sweep varies
// keys, it does not invent sections), except a "parameters" map, which may be
// absent when the sweep gives its only parameter.
void check_sweep_target(const YAML::Node& root, const SweepTarget& target, const YAML::Mark& mark,
                        const ScenarioContext& context) {
    const std::string key = "sweep." + target.key;
    YAML::Node current;
    current.reset(root);
    std::string walked;
    for (std::size_t k = 0; k < target.segments.size(); ++k) {
        const PathSegment& segment = target.segments[k];
        const bool last = k + 1 == target.segments.size();
        walked += (walked.empty() ? "" : ".") + segment.name;
        if (!current.IsMap()) {
            context.fail(mark, key,
                         "'" + walked.substr(0, walked.rfind('.')) +
                             "' is written as a single value; write it as a map to sweep one of its keys");
        }
        const YAML::Node& parent = current;
        YAML::Node child = parent[segment.name];
        const bool absent = !child.IsDefined() || child.IsNull();
        if (segment.name == "parameters" && absent && !segment.index) return;  // created when the sweep is applied
        if (absent && (segment.index || !last)) {
            context.fail(mark, key, "this scenario has no '" + walked + "' to sweep");
        }
        if (segment.index) {
            if (!child.IsSequence() || *segment.index >= child.size()) {
                context.fail(mark, key,
                             "names no entry: '" + walked + "' has " +
                                 std::to_string(child.IsSequence() ? child.size() : 0) + " entries");
            }
            walked += "[" + std::to_string(*segment.index) + "]";
            if (last) return;
            child.reset(child[*segment.index]);
        }
        if (last) return;  // an absent last key is fine: the sweep sets it
        current.reset(child);
    }
}

}  // namespace

void apply_sweep_value(YAML::Node& root, const SweepTarget& target, const YAML::Node& value) {
    YAML::Node current;
    current.reset(root);
    for (std::size_t k = 0; k + 1 < target.segments.size(); ++k) {
        const PathSegment& segment = target.segments[k];
        YAML::Node child = current[segment.name];
        if (segment.name == "parameters" && (!child.IsDefined() || child.IsNull())) {
            current[segment.name] = YAML::Node(YAML::NodeType::Map);
            child.reset(current[segment.name]);
        }
        if (segment.index) child.reset(child[*segment.index]);
        current.reset(child);
    }
    const PathSegment& last = target.segments.back();
    if (last.index) {
        YAML::Node sequence = current[last.name];
        sequence[*last.index] = value;
    } else {
        current[last.name] = value;
    }
    // A roster entry names its strategy with `strategy:` or `framework:`; a
    // sweep of either replaces the name however the entry wrote it.
    const bool roster_name = target.segments.size() == 2 && target.segments[0].name == "roster" &&
                             (last.name == "strategy" || last.name == "framework");
    if (roster_name) current.remove(last.name == "strategy" ? "framework" : "strategy");
}

std::vector<SweepTarget> read_sweep(const MapReader& top, const YAML::Node& root) {
    const ScenarioContext& context = top.context();
    std::vector<SweepTarget> targets;
    if (!top.has("sweep")) return targets;
    MapReader sweep(context, top.get("sweep"), "sweep", {}, top.mark());
    const YAML::Node& sweep_node = top.get("sweep");
    for (const auto& entry : sweep_node) {
        SweepTarget target;
        target.key = entry.first.Scalar();
        const YAML::Mark mark = entry.first.Mark();
        const std::string key = "sweep." + target.key;
        auto segments = split_path(target.key);
        if (!segments) context.fail(mark, key, "is not a key path like mechanism.rounds or roster[0].parameters.x");
        target.segments = std::move(*segments);
        const std::string pattern = pattern_of(target.segments);
        if (std::find(kSweepable.begin(), kSweepable.end(), pattern) == kSweepable.end()) {
            std::vector<std::string> examples;
            for (const auto& sweepable : kSweepable) {
                std::string example = sweepable;
                for (std::size_t at; (at = example.find("[]")) != std::string::npos;) example.replace(at, 2, "[0]");
                examples.push_back(example);
            }
            context.fail(mark, key, "names no parameter that a sweep can vary" + did_you_mean(target.key, examples));
        }
        for (const auto& other : targets) {
            const auto overlaps = [](const std::string& a, const std::string& b) {
                return b.starts_with(a + ".") || b.starts_with(a + "[");
            };
            if (overlaps(other.key, target.key) || overlaps(target.key, other.key)) {
                context.fail(mark, key, "overlaps the sweep key " + other.key);
            }
        }
        check_sweep_target(root, target, mark, context);
        const YAML::Node& values = entry.second;
        if (!values.IsSequence() || values.size() == 0) {
            context.fail(values.Mark(), key, "must be a non-empty list of values, got " + describe_node(values), mark);
        }
        for (const auto& value : values) target.value_texts.push_back(flow_yaml(value));
        targets.push_back(std::move(target));
    }
    return targets;
}

std::size_t grid_size(const std::vector<SweepTarget>& targets, const MapReader& top) {
    std::size_t points = 1;
    for (const auto& target : targets) {
        const std::size_t values = target.value_texts.size();
        if (points > kMaxSweepPoints / values) {
            top.context().fail(top.get("sweep"), "sweep",
                               "the grid has more than " + std::to_string(kMaxSweepPoints) + " points");
        }
        points *= values;
    }
    return points;
}

std::vector<std::size_t> grid_coordinates(std::size_t point, const std::vector<SweepTarget>& targets) {
    std::vector<std::size_t> coordinates(targets.size());
    for (std::size_t axis = targets.size(); axis-- > 0;) {
        coordinates[axis] = point % targets[axis].value_texts.size();
        point /= targets[axis].value_texts.size();
    }
    return coordinates;
}

}  // namespace parley::worlds::detail
