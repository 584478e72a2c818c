#pragma once
// What a framework's game policies (NAME_games.cpp) are written with: the
// helpers of every game's rules (dilemmas/*_rules.hpp), the shapes of ipd
// policy (dilemmas/strategies.hpp), short names for them, and the list of a
// framework's policies, one per game.

#include "../dilemmas/commons_rules.hpp"
#include "../dilemmas/public_goods_rules.hpp"
#include "../dilemmas/race_rules.hpp"
#include "../dilemmas/strategies.hpp"

#include <parley/agents/dilemma_strategy.hpp>
#include <parley/agents/game_strategy.hpp>

#include <string>
#include <vector>

namespace parley::agents::frameworks {

namespace commons = dilemmas::commons;
namespace public_goods = dilemmas::public_goods;
namespace race = dilemmas::race;
using worlds::GameView;

// What a framework plays in a game other than the ipd, and the one line that says so.
struct GamePolicy {
    std::string description;
    dilemmas::GameRule rule;
};

// A framework's policy in each repeated game.
struct GamePolicies {
    DilemmaStrategyInfo ipd;
    GamePolicy public_goods;
    GamePolicy commons;
    GamePolicy race;
};

// Its policies as registry entries of the framework `name` (FrameworkInfo::games),
// in the order ipd, public_goods, commons, race.
std::vector<GameStrategyInfo> framework_games(const std::string& name, GamePolicies policies);

}  // namespace parley::agents::frameworks
