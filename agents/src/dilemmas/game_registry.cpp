// The registry of the N-player repeated games' strategies, the rule-based
// strategy they are built from, and the chooser adapter for worlds::play_game.

#include "game_strategies.hpp"

#include "../frameworks/parameters.hpp"

#include <algorithm>
#include <memory>
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
    info.name = name;
    info.description = std::move(description);
    info.make = [name, rule = std::move(rule)](const FrameworkParameters& given) -> std::unique_ptr<GameStrategy> {
        frameworks::ParameterReader reader(name, {}, given);  // refuses any parameter
        return std::make_unique<RuleStrategy>(rule);
    };
    return info;
}

}  // namespace dilemmas

void GameStrategyRegistry::add(GameStrategyInfo info) {
    if (info.world.empty() || info.name.empty() || !info.make) {
        throw std::invalid_argument("a game strategy needs a world, a name and a make function");
    }
    auto key = std::make_pair(info.world, info.name);
    const std::string label = info.world + "/" + info.name;
    if (!entries_.emplace(std::move(key), std::move(info)).second) {
        throw std::invalid_argument("a game strategy named '" + label + "' is already registered");
    }
}

const GameStrategyInfo* GameStrategyRegistry::find(const std::string& world, const std::string& name) const {
    auto found = entries_.find(std::make_pair(world, name));
    return found == entries_.end() ? nullptr : &found->second;
}

std::vector<const GameStrategyInfo*> GameStrategyRegistry::list(const std::string& world) const {
    std::vector<const GameStrategyInfo*> infos;
    for (const auto& [key, info] : entries_) {
        if (key.first == world) infos.push_back(&info);
    }
    return infos;
}

std::vector<std::string> GameStrategyRegistry::worlds() const {
    std::vector<std::string> names;
    for (const auto& [key, info] : entries_) {
        if (names.empty() || names.back() != key.first) names.push_back(key.first);
    }
    return names;
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

const GameStrategyRegistry& GameStrategyRegistry::builtin() {
    static const GameStrategyRegistry registry = [] {
        GameStrategyRegistry built;
        for (GameStrategyInfo& info : dilemmas::ipd_strategies()) built.add(std::move(info));
        for (GameStrategyInfo& info : dilemmas::public_goods_strategies()) built.add(std::move(info));
        for (GameStrategyInfo& info : dilemmas::commons_strategies()) built.add(std::move(info));
        for (GameStrategyInfo& info : dilemmas::race_strategies()) built.add(std::move(info));
        return built;
    }();
    return registry;
}

worlds::GameChooser game_chooser(const GameStrategyRegistry& registry, const std::string& world,
                                 const std::string& name, const FrameworkParameters& parameters, std::uint64_t seed) {
    std::shared_ptr<GameStrategy> strategy = registry.make(world, name, parameters);
    strategy->reset(seed);
    return [strategy](const worlds::GameView& view) { return strategy->choose(view); };
}

}  // namespace parley::agents
