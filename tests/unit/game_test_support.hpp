#pragma once
// What the repeated-game tests share.

#include <parley/games/repeated_game.hpp>

#include <cstdint>
#include <map>
#include <string>
#include <utility>

namespace parley::testing {

inline worlds::GameSettings game_settings(std::size_t players, std::uint32_t rounds,
                                          std::map<std::string, double> parameters = {}, std::uint64_t seed = 0) {
    worlds::GameSettings settings;
    settings.players = players;
    settings.rounds = rounds;
    settings.seed = seed;
    settings.parameters = std::move(parameters);
    return settings;
}

}  // namespace parley::testing
