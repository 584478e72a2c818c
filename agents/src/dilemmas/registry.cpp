// The dilemma strategy registry, and the adapter that makes each of its
// strategies a player of the ipd game in GameStrategyRegistry.

#include "game_strategies.hpp"
#include "strategies.hpp"

#include <parley/agents/dilemma_strategy.hpp>
#include <parley/games/ipd.hpp>

#include <memory>
#include <stdexcept>
#include <utility>

namespace parley::agents {
namespace dilemmas {
namespace {

// A dilemma strategy playing the ipd game. It keeps its history of realised
// rounds and extends it by the rounds settled since its last move: rebuilding
// it from the view every move would cost time quadratic in the rounds.
class IpdGameStrategy final : public GameStrategy {
public:
    explicit IpdGameStrategy(std::unique_ptr<DilemmaStrategy> strategy) : strategy_(std::move(strategy)) {}

    void reset(std::uint64_t seed) override {
        strategy_->reset(seed);
        history_.clear();
    }

    std::vector<double> choose(const worlds::GameView& view) override {
        // Every game starts with no settled round: a shorter history is a new game.
        if (view.history.size() < history_.size()) history_.clear();
        for (std::size_t round = history_.size(); round < view.history.size(); ++round) {
            history_.push_back(worlds::ipd_view(view.history[round], view.self));
        }
        const worlds::DilemmaMove move = strategy_->choose(history_, worlds::ipd_payoffs(*view.settings));
        return {worlds::dilemma_move_value(move)};
    }

private:
    std::unique_ptr<DilemmaStrategy> strategy_;
    std::vector<worlds::IpdView> history_;
};

GameStrategyInfo ipd_strategy(const DilemmaStrategyInfo& dilemma) {
    GameStrategyInfo info;
    info.world = "ipd";
    info.name = dilemma.name;
    info.description = dilemma.description;
    info.parameters = dilemma.parameters;
    info.make = [make = dilemma.make](const FrameworkParameters& given) -> std::unique_ptr<GameStrategy> {
        return std::make_unique<IpdGameStrategy>(make(given));
    };
    return info;
}

}  // namespace

std::vector<GameStrategyInfo> ipd_strategies() {
    std::vector<GameStrategyInfo> infos;
    for (const DilemmaStrategyInfo* dilemma : DilemmaStrategyRegistry::builtin().list()) {
        infos.push_back(ipd_strategy(*dilemma));
    }
    return infos;
}

}  // namespace dilemmas

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

}  // namespace parley::agents
