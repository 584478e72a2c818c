#pragma once
// The registry entries of the classic strategies of the repeated games
// (game_strategy.hpp and dilemma_strategy.hpp define each of them), and the
// rule-based strategy that most of them, and the frameworks' policies, are.

#include <parley/agents/game_strategy.hpp>

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace parley::agents::dilemmas {

// The classic strategies of strategies.hpp, playing the ipd game through its view (registry.cpp).
std::vector<GameStrategyInfo> ipd_strategies();
// full_contributor, free_rider, conditional_cooperator, punisher.
std::vector<GameStrategyInfo> public_goods_strategies();
// greedy, sustainable, conditional_harvester.
std::vector<GameStrategyInfo> commons_strategies();
// racer, safety_first, pact_keeper, pact_breaker, conditional_keeper.
std::vector<GameStrategyInfo> race_strategies();

// A move as a function of the view alone.
using GameRule = std::function<std::vector<double>(const worlds::GameView&)>;

// A strategy that plays `rule`, clamped to the stage's bounds (and 0 for
// oneself in a punish stage, width fixed); it takes no parameters.
GameStrategyInfo rule_strategy(std::string world, std::string name, std::string description, GameRule rule);
// The strategy `rule_strategy` makes, for entries that read parameters first.
std::unique_ptr<GameStrategy> make_rule_strategy(GameRule rule);
// `rule`'s move made legal for the stage asked in `view`.
std::vector<double> legal_move(const worlds::GameView& view, std::vector<double> move);

}  // namespace parley::agents::dilemmas
