// The registry of the repeated games' strategies (the classic ones and the
// frameworks' policies), the rule-based strategy most are built from, and the
// chooser adapter for worlds::play_game.

#include "game_strategies.hpp"

#include "../frameworks/parameters.hpp"

#include <parley/agents/framework.hpp>

#include <algorithm>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <stdexcept>
#include <utility>

namespace parley::agents {
namespace dilemmas {
namespace {

class RuleStrategy final : public GameStrategy {
public:
    explicit RuleStrategy(GameRule rule) : rule_(std::move(rule)) {}
    void reset(std::uint64_t) override {}
    std::vector<double> choose(const worlds::GameView& view) override { return legal_move(view, rule_(view)); }

private:
    GameRule rule_;
};

}  // namespace

std::vector<double> legal_move(const worlds::GameView& view, std::vector<double> move) {
    move.resize(view.stage.width, 0.0);
    for (std::size_t i = 0; i < move.size(); ++i) {
        double& value = move[i];
        if (!(value >= view.stage.low)) value = view.stage.low;  // also NaN
        if (value > view.stage.high) value = view.stage.high;
        if (view.stage.per_player && i == view.self) value = 0.0;
    }
    return move;
}

std::unique_ptr<GameStrategy> make_rule_strategy(GameRule rule) {
    return std::make_unique<RuleStrategy>(std::move(rule));
}

GameStrategyInfo rule_strategy(std::string world, std::string name, std::string description, GameRule rule) {
    GameStrategyInfo info;
    info.world = std::move(world);
    frameworks::describe_entry(info, std::move(name), std::move(description), {},
                               [rule = std::move(rule)](const frameworks::ParameterReader&) {
                                   return make_rule_strategy(rule);
                               });
    return info;
}

}  // namespace dilemmas

namespace {

// The frameworks' policies in `world`, by name.
std::map<std::string, const GameStrategyInfo*> framework_policies(const FrameworkRegistry* frameworks,
                                                                  const std::string& world) {
    std::map<std::string, const GameStrategyInfo*> policies;
    if (frameworks == nullptr) return policies;
    for (const FrameworkInfo* framework : frameworks->list()) {
        if (const GameStrategyInfo* policy = framework->game_policy(world)) policies.emplace(framework->name, policy);
    }
    return policies;
}

}  // namespace

void GameStrategyRegistry::add(GameStrategyInfo info) {
    if (info.world.empty() || info.name.empty() || !info.make) {
        throw std::invalid_argument("a game strategy needs a world, a name and a make function");
    }
    const std::string label = info.world + "/" + info.name;
    if (frameworks_ != nullptr) {
        const FrameworkInfo* framework = frameworks_->find(info.name);
        if (framework != nullptr && framework->game_policy(info.world) != nullptr) {
            throw std::invalid_argument("a game strategy named '" + label + "' is a framework's policy");
        }
    }
    std::unique_lock lock(mutex_);
    auto key = std::make_pair(info.world, info.name);
    if (!entries_.emplace(std::move(key), std::move(info)).second) {
        throw std::invalid_argument("a game strategy named '" + label + "' is already registered");
    }
}

const GameStrategyInfo* GameStrategyRegistry::find(const std::string& world, const std::string& name) const {
    {
        std::shared_lock lock(mutex_);
        auto found = entries_.find(std::make_pair(world, name));
        if (found != entries_.end()) return &found->second;
    }
    if (frameworks_ == nullptr) return nullptr;
    const FrameworkInfo* framework = frameworks_->find(name);
    return framework == nullptr ? nullptr : framework->game_policy(world);
}

std::vector<const GameStrategyInfo*> GameStrategyRegistry::list(const std::string& world) const {
    std::map<std::string, const GameStrategyInfo*> by_name = framework_policies(frameworks_, world);
    {
        std::shared_lock lock(mutex_);
        for (const auto& [key, info] : entries_) {
            if (key.first == world) by_name.emplace(key.second, &info);
        }
    }
    std::vector<const GameStrategyInfo*> infos;
    infos.reserve(by_name.size());
    for (const auto& [name, info] : by_name) infos.push_back(info);
    return infos;
}

std::vector<std::string> GameStrategyRegistry::worlds() const {
    std::set<std::string> names;
    {
        std::shared_lock lock(mutex_);
        for (const auto& [key, info] : entries_) names.insert(key.first);
    }
    if (frameworks_ != nullptr) {
        for (const FrameworkInfo* framework : frameworks_->list()) {
            for (const GameStrategyInfo& policy : framework->games) names.insert(policy.world);
        }
    }
    return {names.begin(), names.end()};
}

std::unique_ptr<GameStrategy> GameStrategyRegistry::make(const std::string& world, const std::string& name,
                                                         const FrameworkParameters& parameters) const {
    const GameStrategyInfo* info = find(world, name);
    if (!info) {
        std::string names;
        for (const GameStrategyInfo* known : list(world)) names += (names.empty() ? "" : ", ") + known->name;
        if (names.empty()) {
            for (const std::string& known : worlds()) names += (names.empty() ? "worlds: " : ", ") + known;
        }
        throw std::invalid_argument("no strategy named '" + name + "' for " + world + " (known: " + names + ")");
    }
    return info->make(parameters);
}

GameStrategyRegistry& GameStrategyRegistry::global() {
    // Never destroyed: agents' threads may still look strategies up while the process exits.
    static GameStrategyRegistry* const registry = [] {
        auto* built = new GameStrategyRegistry(FrameworkRegistry::global());
        for (auto* classic : {&dilemmas::ipd_strategies, &dilemmas::public_goods_strategies,
                              &dilemmas::commons_strategies, &dilemmas::race_strategies}) {
            for (GameStrategyInfo& info : (*classic)()) built->add(std::move(info));
        }
        return built;
    }();
    return *registry;
}

worlds::GameChooser game_chooser(const GameStrategyRegistry& registry, const std::string& world,
                                 const std::string& name, const FrameworkParameters& parameters, std::uint64_t seed) {
    std::shared_ptr<GameStrategy> strategy = registry.make(world, name, parameters);
    strategy->reset(seed);
    return [strategy](const worlds::GameView& view) { return strategy->choose(view); };
}

}  // namespace parley::agents
