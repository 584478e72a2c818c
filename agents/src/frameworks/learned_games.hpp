#pragma once
// The learned framework's players of the repeated games (learned_games.cpp),
// declared apart from the framework so that tests can play them on their own.

#include <parley/agents/game_strategy.hpp>

#include <vector>

namespace parley::agents::frameworks {

// One player per game of the game registry (ipd, public_goods, commons,
// race), named "learned", each taking the required parameter `model`.
std::vector<GameStrategyInfo> learned_games();

}  // namespace parley::agents::frameworks
