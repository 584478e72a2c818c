// The list of a framework's game policies (game_policies.hpp).

#include "game_policies.hpp"

#include <utility>

namespace parley::agents::frameworks {

std::vector<GameStrategyInfo> framework_games(const std::string& name, GamePolicies policies) {
    auto entry = [&name](const std::string& world, GamePolicy& policy) {
        return dilemmas::rule_strategy(world, name, std::move(policy.description), std::move(policy.rule));
    };
    std::vector<GameStrategyInfo> games;
    games.push_back(ipd_strategy(std::move(policies.ipd)));
    games.push_back(entry(public_goods::kWorld, policies.public_goods));
    games.push_back(entry(commons::kWorld, policies.commons));
    games.push_back(entry(race::kWorld, policies.race));
    return games;
}

}  // namespace parley::agents::frameworks
