// The adapter that makes a dilemma strategy a player of the ipd game in
// GameStrategyRegistry, and the classic ipd strategies so adapted.

#include "game_strategies.hpp"
#include "strategies.hpp"

#include <parley/agents/dilemma_strategy.hpp>
#include <parley/games/ipd.hpp>

#include <memory>
#include <utility>

namespace parley::agents {
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

}  // namespace

GameStrategyInfo ipd_strategy(DilemmaStrategyInfo strategy) {
    GameStrategyInfo info;
    info.world = "ipd";
    info.name = std::move(strategy.name);
    info.description = std::move(strategy.description);
    info.parameters = std::move(strategy.parameters);
    info.make = [make = std::move(strategy.make)](const FrameworkParameters& given) -> std::unique_ptr<GameStrategy> {
        return std::make_unique<IpdGameStrategy>(make(given));
    };
    return info;
}

namespace dilemmas {

std::vector<GameStrategyInfo> ipd_strategies() {
    std::vector<GameStrategyInfo> infos;
    for (DilemmaStrategyInfo& classic : classic_strategies()) infos.push_back(ipd_strategy(std::move(classic)));
    return infos;
}

}  // namespace dilemmas
}  // namespace parley::agents
