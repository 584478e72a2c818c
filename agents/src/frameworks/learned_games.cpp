// The learned framework in each repeated game.

#include <parley/agents/game_strategy.hpp>

#include <vector>

namespace parley::agents::frameworks {

// placeholder: the game policies are written separately
std::vector<GameStrategyInfo> learned_games() { return {}; }

}  // namespace parley::agents::frameworks
