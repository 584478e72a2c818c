#pragma once
// The learned framework's game players (agents/src/frameworks/learned_games.cpp)
// for the tests that play them on their own: as a tournament entrant or a
// chooser of worlds::play_game, acting with a policy given to
// agents::provide_policy.

#include <parley/agents/game_strategy.hpp>
#include <parley/games/repeated_game.hpp>

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace parley::agents::frameworks {
std::vector<GameStrategyInfo> learned_games();
}  // namespace parley::agents::frameworks

namespace parley::testing {

// The learned player of `world` with the model (or provided policy) `model`.
inline std::unique_ptr<agents::GameStrategy> learned_player(const std::string& world, const std::string& model) {
    for (const auto& info : agents::frameworks::learned_games()) {
        if (info.world == world) return info.make({{"model", model}});
    }
    throw std::invalid_argument("no learned player of " + world);
}

// The same, reset with `seed`, as a chooser.
inline worlds::GameChooser learned_chooser(const std::string& world, const std::string& model, std::uint64_t seed) {
    std::shared_ptr<agents::GameStrategy> player = learned_player(world, model);
    player->reset(seed);
    return [player](const worlds::GameView& view) { return player->choose(view); };
}

}  // namespace parley::testing
