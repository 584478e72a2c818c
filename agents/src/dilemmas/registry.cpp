// The dilemma strategy registry and the chooser adapter for worlds' matches
// and tournaments.

#include "strategies.hpp"

#include <parley/agents/dilemma_strategy.hpp>

#include <memory>
#include <stdexcept>
#include <utility>

namespace parley::agents {

std::unique_ptr<DilemmaStrategy> DilemmaStrategyRegistry::make(const std::string& name,
                                                               const FrameworkParameters& parameters) const {
    const DilemmaStrategyInfo* info = find(name);
    if (!info) {
        throw std::invalid_argument("no dilemma strategy named '" + name + "' (known: " + names() + ")");
    }
    return info->make(parameters);
}

const DilemmaStrategyRegistry& DilemmaStrategyRegistry::builtin() {
    static const DilemmaStrategyRegistry registry = [] {
        DilemmaStrategyRegistry built;
        for (DilemmaStrategyInfo& info : dilemmas::classic_strategies()) built.add(std::move(info));
        for (DilemmaStrategyInfo& info : dilemmas::framework_policies()) built.add(std::move(info));
        return built;
    }();
    return registry;
}

worlds::IpdChooser dilemma_chooser(const DilemmaStrategyRegistry& registry, const std::string& name,
                                   const FrameworkParameters& parameters, std::uint64_t seed) {
    std::shared_ptr<DilemmaStrategy> strategy = registry.make(name, parameters);
    strategy->reset(seed);
    return [strategy](std::span<const worlds::IpdView> history) {
        return std::string(worlds::dilemma_move_letter(strategy->choose(history)));
    };
}

}  // namespace parley::agents
