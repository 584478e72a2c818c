// The names a scenario may use, from the registries: apart from the run, so
// that a program that only reads scenarios (parley-learned's trainer) links
// nothing else of the runner.

#include <parley/runner/run.hpp>

#include <parley/agents/framework.hpp>
#include <parley/agents/game_strategy.hpp>

namespace parley::runner {

worlds::ScenarioVocabulary scenario_vocabulary() {
    worlds::ScenarioVocabulary words;
    for (const auto* framework : agents::FrameworkRegistry::builtin().list()) words.frameworks.push_back(framework->name);
    words.mechanisms = worlds::builtin_mechanism_names();
    // A framework's parameters are checked by building it once, before anything starts.
    words.check_framework_parameters = [](const std::string& framework, const worlds::ParameterMap& parameters) {
        agents::FrameworkRegistry::builtin().find(framework)->make(parameters);
    };
    words.game_strategies = [](const std::string& game) {
        std::vector<std::string> names;
        for (const auto* info : agents::GameStrategyRegistry::builtin().list(game)) names.push_back(info->name);
        return names;
    };
    words.check_strategy_parameters = [](const std::string& game, const std::string& strategy,
                                         const worlds::ParameterMap& parameters) {
        agents::GameStrategyRegistry::builtin().make(game, strategy, parameters);
    };
    return words;
}

}  // namespace parley::runner
