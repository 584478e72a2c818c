#include <parley/sandbox/scenario_environment.hpp>

#include <parley/sandbox/game_environment.hpp>
#include <parley/sandbox/mixture_environment.hpp>
#include <parley/sandbox/negotiation_environment.hpp>
#include <parley/sandbox/negotiation_reward.hpp>

#include <stdexcept>

namespace parley::sandbox {
namespace {

// The name the learned agents are registered under (agents/src/frameworks/learned.cpp).
const std::string kLearned = "learned";

NegotiationReward reward_of(const worlds::LearningReward& reward) {
    std::vector<std::pair<double, NegotiationReward>> parts;
    for (const auto& [name, weight] : reward.parts) {
        parts.emplace_back(weight, name == "own_utility" ? own_utility_reward() : framework_welfare_reward(name));
    }
    if (parts.size() == 1 && parts.front().first == 1.0) return parts.front().second;
    return weighted_reward(std::move(parts));
}

// The domain the runner's episodes play: one for a run (files, the pie, a
// world generated once per run), else a newly generated one per episode.
DomainSource domain_source(const worlds::EpisodeSpec& first) {
    if (const auto* generated = std::get_if<worlds::GeneratedWorld>(&first.world);
        generated != nullptr && generated->vary != worlds::WorldVariation::PerRun) {
        worlds::GeneratorParameters parameters;
        parameters.issues = generated->issues;
        parameters.values_per_issue = generated->values_per_issue;
        parameters.parties = generated->parties;
        parameters.opposition = generated->opposition;
        return generated_domains(parameters);
    }
    return fixed_domain(worlds::build_domain(first));
}

std::unique_ptr<Environment> negotiation_against(const NegotiationSettings& common, const std::string& opponent,
                                                 const agents::FrameworkParameters& parameters) {
    auto settings = common;
    settings.opponent = opponent;
    settings.opponent_parameters = parameters;
    return std::make_unique<NegotiationEnvironment>(std::move(settings));
}

std::unique_ptr<Environment> negotiation_environment(const worlds::Scenario& scenario,
                                                     const worlds::LearningSpec& learning,
                                                     const std::string& self_play_key) {
    const auto episodes = worlds::expand(scenario);
    if (episodes.empty()) throw std::invalid_argument("the scenario plays no episode");
    const auto& first = episodes.front();
    NegotiationSettings common;
    common.mechanism = first.mechanism.name;
    common.mechanism_parameters = first.mechanism.parameters;
    common.rounds = first.mechanism.rounds;
    common.domain = domain_source(first);
    common.learner_seat = learning.seat;
    if (!learning.targets.empty()) common.targets = learning.targets;
    common.reward = reward_of(learning.reward);
    if (learning.self_play) return negotiation_against(common, kLearned, self_play_parameters(self_play_key));
    std::vector<WeightedEnvironment> population;
    for (const auto& entry : learning.opponents) {
        population.push_back({entry.count, negotiation_against(common, entry.framework, entry.parameters)});
    }
    if (population.size() == 1) return std::move(population.front().environment);
    return std::make_unique<MixtureEnvironment>(std::move(population));
}

// One seat of the scenario's game against each roster entry, drawn in
// proportion to its count.
std::unique_ptr<Environment> game_environment(const worlds::Scenario& scenario, const worlds::LearningSpec& learning,
                                              const std::string& self_play_key) {
    const auto& settings = scenario.points.front().resolved;
    const auto& game = std::get<worlds::GameWorld>(settings.world);
    GameEnvironmentSettings common;
    common.game = game.game;
    common.players = settings.matching.group_size;
    common.rounds = game.rounds;
    common.game_parameters = game.parameters;
    common.seat = learning.seat;
    common.memory = learning.memory;
    common.levels = learning.levels;
    const auto against = [&](const std::string& name, const agents::FrameworkParameters& parameters) {
        auto one = common;
        one.opponents = {{name, parameters}};
        return std::make_unique<GameEnvironment>(std::move(one));
    };
    if (learning.self_play) return against(kLearned, self_play_parameters(self_play_key));
    std::vector<WeightedEnvironment> population;
    for (const auto& entry : learning.opponents) {
        population.push_back({entry.count, against(entry.framework, entry.parameters)});
    }
    if (population.size() == 1) return std::move(population.front().environment);
    return std::make_unique<MixtureEnvironment>(std::move(population));
}

}  // namespace

agents::FrameworkParameters self_play_parameters(const std::string& key) { return {{"model", key}}; }

std::unique_ptr<Environment> learning_environment(const worlds::Scenario& scenario, const std::string& self_play_key) {
    if (!scenario.learning) throw std::invalid_argument(scenario.source + ": the scenario has no learning section");
    const auto& settings = scenario.points.front().resolved;
    if (worlds::is_game(settings.world)) return game_environment(scenario, *scenario.learning, self_play_key);
    return negotiation_environment(scenario, *scenario.learning, self_play_key);
}

}  // namespace parley::sandbox
