// The roster section: who plays. A negotiation's entries name value frameworks,
// a game's name strategies; each entry has a count, parameters and a label
// unique in the roster.

#include "scenario_sections.hpp"

#include <algorithm>
#include <functional>

namespace parley::worlds::detail {
namespace {

const std::vector<std::string> kRosterKeys = {"framework", "strategy", "count", "parameters", "label"};

// A negotiation's roster entry: `framework` is required, `strategy` belongs to games.
std::string framework_key(const MapReader& entry) {
    if (entry.has("strategy")) {
        entry.context().fail(entry.get("strategy").Mark(), entry.path_of("strategy"),
                             "strategies play game worlds (world.game); a negotiation's roster names a framework",
                             entry.mark());
    }
    (void)entry.require("framework");
    return "framework";
}

// A game's roster entry: `strategy` or `framework`, exactly one.
std::string strategy_key(const MapReader& entry) {
    const bool strategy = entry.has("strategy");
    const bool framework = entry.has("framework");
    if (strategy && framework) {
        entry.context().fail(entry.get("strategy").Mark(), entry.path_of("strategy"),
                             "give either strategy or framework, not both (they name the same thing)", entry.mark());
    }
    if (!strategy && !framework) {
        entry.context().fail(entry.mark(), entry.path_of("strategy"),
                             "required key is missing (write strategy: NAME or framework: NAME)");
    }
    return strategy ? "strategy" : "framework";
}

void check_strategy_name(const ScenarioContext& context, const std::string& game, const std::vector<std::string>& known,
                         const std::string& name, const YAML::Node& at, const std::string& key) {
    if (std::find(known.begin(), known.end(), name) != known.end()) return;
    const std::string listing =
        known.empty() ? "; no strategy can play " + game : "; the strategies of " + game + " are " + join_names(known);
    context.fail(at.Mark(), key,
                 "unknown strategy \"" + name + "\" for " + game + hint_or_listing(name, known, listing));
}

void check_framework_name(const SectionReading& reading, const std::string& name, const YAML::Node& at,
                          const std::string& path, const YAML::Mark& fallback) {
    const auto& known = reading.vocabulary.frameworks;
    if (std::find(known.begin(), known.end(), name) != known.end()) return;
    reading.context.fail(at.Mark(), path + ".framework",
                         "unknown framework \"" + name + "\"" +
                             hint_or_listing(name, known, "; known frameworks are " + join_names(known)),
                         fallback);
}

void check_entry_parameters(const SectionReading& reading, const std::optional<std::string>& game,
                            const RosterEntry& entry, const MapReader& reader) {
    const ScenarioVocabulary& vocabulary = reading.vocabulary;
    if (!game) {
        check_parameters(vocabulary.check_framework_parameters, entry.framework, entry.parameters, reader);
    } else if (vocabulary.check_strategy_parameters) {
        const std::function<void(const std::string&, const ParameterMap&)> check_strategy =
            [&](const std::string& strategy, const ParameterMap& parameters) {
                vocabulary.check_strategy_parameters(*game, strategy, parameters);
            };
        check_parameters(check_strategy, entry.framework, entry.parameters, reader);
    }
}

// The label names the entry's results; by default the framework's name.
void read_label(const MapReader& reader, const YAML::Node& name, std::size_t index,
                std::map<std::string, std::size_t>& label_owner, RosterEntry& entry) {
    const std::string& path = reader.path();
    entry.label = reader.string_value("label", entry.framework);
    const YAML::Node label_at = reader.has("label") ? reader.get("label") : name;
    if (!is_valid_name(entry.label)) {
        reader.context().fail(label_at.Mark(), path + ".label",
                              "\"" + entry.label + "\" is not a valid label (letters, digits, '_', '-', '.')",
                              reader.mark());
    }
    auto [owner, inserted] = label_owner.emplace(entry.label, index);
    if (!inserted) {
        reader.context().fail(label_at.Mark(), path + ".label",
                              "\"" + entry.label + "\" is already the label of roster[" +
                                  std::to_string(owner->second) + "]; give each entry its own label",
                              reader.mark());
    }
}

}  // namespace

std::vector<RosterEntry> read_roster(const SectionReading& reading, const MapReader& top,
                                     const std::optional<std::string>& game, const std::string& key) {
    const ScenarioContext& context = reading.context;
    const std::string list_path = top.path_of(key);
    const YAML::Node list = top.require(key);
    if (!list.IsSequence() || list.size() == 0) {
        context.fail(list.Mark(), list_path, "must be a non-empty list of frameworks, got " + describe_node(list),
                     top.mark());
    }
    if (list.size() > kMaxRosterParticipants) {
        context.fail(list.Mark(), list_path, "has more than " + std::to_string(kMaxRosterParticipants) + " entries");
    }
    std::vector<RosterEntry> roster;
    std::size_t participants = 0;
    std::map<std::string, std::size_t> label_owner;
    const std::optional<std::vector<std::string>> strategies =
        game && reading.vocabulary.game_strategies ? std::optional(reading.vocabulary.game_strategies(*game))
                                                   : std::nullopt;
    for (std::size_t index = 0; index < list.size(); ++index) {
        const std::string path = list_path + "[" + std::to_string(index) + "]";
        MapReader reader(context, list[index], path, kRosterKeys, list.Mark());
        RosterEntry entry;
        const std::string name_key = game ? strategy_key(reader) : framework_key(reader);
        const YAML::Node name = reader.get(name_key);
        entry.framework = reader.to_string(name, reader.path_of(name_key));
        if (game) {
            if (strategies)
                check_strategy_name(context, *game, *strategies, entry.framework, name, reader.path_of(name_key));
        } else {
            check_framework_name(reading, entry.framework, name, path, reader.mark());
        }
        entry.count = static_cast<std::size_t>(reader.unsigned_value("count", 1, kMaxRosterParticipants, 1));
        entry.parameters = read_parameters(reader);
        check_entry_parameters(reading, game, entry, reader);
        read_label(reader, name, index, label_owner, entry);
        participants += entry.count;
        if (participants > kMaxRosterParticipants) {
            context.fail(reader.mark(), path + ".count",
                         "the " + list_path + " has more than " + std::to_string(kMaxRosterParticipants) + " participants");
        }
        roster.push_back(std::move(entry));
    }
    return roster;
}

}  // namespace parley::worlds::detail
