// The learning section: what `parley train` trains for the scenario's world.
// Its opponents are a roster (read as the roster is, with the world's names:
// frameworks for a negotiation, strategies for a game); its hyper-parameters
// are checked by the trainer's own rules, given through the vocabulary.

#include "scenario_sections.hpp"

#include <algorithm>

namespace parley::worlds::detail {
namespace {

const std::vector<std::string> kLearningKeys = {"seat",    "opponents", "reward", "episodes", "seed",
                                                "checkpoint_every", "model", "targets", "memory", "levels", "ppo"};
constexpr std::uint64_t kMaxTrainingEpisodes = 100'000'000;
constexpr std::uint64_t kMaxMemory = 64;
constexpr std::uint64_t kMaxLevels = 64;
constexpr std::size_t kMaxTargets = 256;

std::size_t world_seats(const ScenarioSettings& settings) {
    return is_game(settings.world) ? settings.matching.group_size : 2;
}

void check_reward_name(const SectionReading& reading, const std::string& name, const YAML::Node& at,
                       const std::string& key) {
    std::vector<std::string> known{"own_utility"};
    known.insert(known.end(), reading.vocabulary.frameworks.begin(), reading.vocabulary.frameworks.end());
    if (std::find(known.begin(), known.end(), name) != known.end()) return;
    reading.context.fail(at.Mark(), key,
                         "unknown reward \"" + name + "\"" +
                             hint_or_listing(name, known, "; a reward is own_utility or a framework's welfare: " +
                                                              join_names(known)));
}

// A name, or a map of names to weights.
LearningReward read_reward(const SectionReading& reading, const MapReader& learning) {
    LearningReward reward;
    if (!learning.has("reward")) return reward;
    const YAML::Node node = learning.get("reward");
    const std::string key = learning.path_of("reward");
    if (node.IsScalar()) {
        const std::string name = learning.to_string(node, key);
        check_reward_name(reading, name, node, key);
        reward.parts = {{name, 1.0}};
        return reward;
    }
    MapReader weights(reading.context, node, key, {}, learning.mark());
    if (weights.keys().empty()) reading.context.fail(node.Mark(), key, "gives no reward (name one, or weights)");
    reward.parts.clear();
    for (const std::string& name : weights.keys()) {
        check_reward_name(reading, name, weights.get(name), weights.path_of(name));
        reward.parts.emplace_back(name, weights.number_value(name, -1e6, 1e6, 0.0));
    }
    return reward;
}

std::vector<double> read_targets(const MapReader& learning) {
    std::vector<double> targets;
    if (!learning.has("targets")) return targets;
    const YAML::Node list = learning.get("targets");
    const std::string key = learning.path_of("targets");
    if (!list.IsSequence() || list.size() == 0 || list.size() > kMaxTargets) {
        learning.context().fail(list.Mark(), key,
                                "must be a list of 1 to " + std::to_string(kMaxTargets) + " utility levels in [0, 1], got " +
                                    describe_node(list));
    }
    for (std::size_t k = 0; k < list.size(); ++k) {
        targets.push_back(learning.to_number(list[k], key + "[" + std::to_string(k) + "]", 0.0, 1.0));
    }
    return targets;
}

// Scalars as written, lists as "a,b,c": the trainer parses and checks them.
std::vector<std::pair<std::string, std::string>> read_ppo(const SectionReading& reading, const MapReader& learning) {
    std::vector<std::pair<std::string, std::string>> ppo;
    if (!learning.has("ppo")) return ppo;
    const std::string key = learning.path_of("ppo");
    MapReader reader(reading.context, learning.get("ppo"), key, {}, learning.mark());
    for (const std::string& name : reader.keys()) {
        const YAML::Node value = reader.get(name);
        std::string text;
        if (value.IsSequence()) {
            for (std::size_t k = 0; k < value.size(); ++k) {
                text += (k == 0 ? "" : ",") + reader.to_string(value[k], reader.path_of(name));
            }
        } else {
            text = reader.to_string(value, reader.path_of(name));
        }
        ppo.emplace_back(name, text);
    }
    if (reading.vocabulary.check_learning_parameters) {
        try {
            reading.vocabulary.check_learning_parameters(ppo);
        } catch (const std::exception& error) {
            reading.context.fail(learning.get("ppo").Mark(), key, error.what(), learning.mark());
        }
    }
    return ppo;
}

void read_opponents(const SectionReading& reading, const MapReader& learning, const ScenarioSettings& settings,
                    LearningSpec& spec) {
    const std::optional<std::string> game =
        is_game(settings.world) ? std::optional(std::get<GameWorld>(settings.world).game) : std::nullopt;
    const YAML::Node node = learning.require("opponents");
    if (node.IsScalar() && learning.to_string(node, learning.path_of("opponents")) == "self_play") {
        spec.self_play = true;
        return;
    }
    spec.opponents = read_roster(reading, learning, game, "opponents");
}

}  // namespace

LearningSpec read_learning(const SectionReading& reading, const MapReader& top, const Scenario& scenario) {
    const ScenarioContext& context = reading.context;
    if (!scenario.sweep.empty()) {
        context.fail(top.get("learning").Mark(), "learning",
                     "a training scenario trains one model for one world: remove the sweep (or train each point's "
                     "world from its own scenario)");
    }
    const ScenarioSettings& settings = scenario.points.front().resolved;
    MapReader learning(context, top.get("learning"), "learning", kLearningKeys, top.mark());
    LearningSpec spec;
    const auto seats = world_seats(settings);
    spec.seat = static_cast<std::size_t>(learning.unsigned_value("seat", 0, seats - 1, 0));
    read_opponents(reading, learning, settings, spec);
    if (is_game(settings.world) && learning.has("reward")) {
        context.fail(learning.get("reward").Mark(), "learning.reward",
                     "a game's reward is the learner's payoff, round by round; reward applies to negotiations");
    }
    spec.reward = read_reward(reading, learning);
    spec.episodes = learning.unsigned_value("episodes", 1, kMaxTrainingEpisodes, spec.episodes);
    spec.seed = learning.unsigned_value("seed", 0, UINT64_MAX, scenario.seed);
    spec.checkpoint_every = learning.unsigned_value("checkpoint_every", 1, kMaxTrainingEpisodes, 0);
    spec.model = learning.has("model") ? std::filesystem::path(learning.required_string("model"))
                                       : std::filesystem::path("models") / (scenario.name + ".pt");
    spec.targets = read_targets(learning);
    spec.memory = static_cast<std::size_t>(learning.unsigned_value("memory", 1, kMaxMemory, spec.memory));
    spec.levels = static_cast<std::size_t>(learning.unsigned_value("levels", 2, kMaxLevels, spec.levels));
    spec.ppo = read_ppo(reading, learning);
    return spec;
}

}  // namespace parley::worlds::detail
