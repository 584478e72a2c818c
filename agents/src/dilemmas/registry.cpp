// The dilemma strategy registry and the chooser adapter for worlds' matches
// and tournaments.

#include "strategies.hpp"

#include <parley/agents/dilemma_strategy.hpp>

#include <memory>
#include <stdexcept>
#include <utility>

namespace parley::agents {

void DilemmaStrategyRegistry::add(DilemmaStrategyInfo info) {
    if (info.name.empty() || !info.make) throw std::invalid_argument("a dilemma strategy needs a name and a make function");
    const std::string name = info.name;
    if (!entries_.emplace(name, std::move(info)).second) {
        throw std::invalid_argument("a dilemma strategy named '" + name + "' is already registered");
    }
}

const DilemmaStrategyInfo* DilemmaStrategyRegistry::find(const std::string& name) const {
    auto found = entries_.find(name);
    return found == entries_.end() ? nullptr : &found->second;
}

std::vector<const DilemmaStrategyInfo*> DilemmaStrategyRegistry::list() const {
    std::vector<const DilemmaStrategyInfo*> infos;
    infos.reserve(entries_.size());
    for (const auto& [name, info] : entries_) infos.push_back(&info);
    return infos;
}

std::unique_ptr<DilemmaStrategy> DilemmaStrategyRegistry::make(const std::string& name,
                                                               const FrameworkParameters& parameters) const {
    const DilemmaStrategyInfo* info = find(name);
    if (!info) {
        std::string names;
        for (const auto& [known, entry] : entries_) names += (names.empty() ? "" : ", ") + known;
        throw std::invalid_argument("no dilemma strategy named '" + name + "' (known: " + names + ")");
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
