#pragma once
// What a learner of the iterated prisoner's dilemma sees and what its actions
// mean, in one place: IpdEnvironment trains on it and a player that acts with
// a trained policy (learning/ipd_policy_strategy.hpp) plays on it, so that
// the policy is deployed on exactly the input it was trained on.
//
// Observation (size 4 k + 1, k = `memory`): for each of the last k settled
// rounds, most recent first, one-hot [own C, own D, other C, other D] of the
// realised moves (what a strategy's history holds; noise included); zeros for
// rounds not played yet; then the relative round, round / rounds (the cap:
// with continuation < 1 nobody is told the length).
// Actions: 0 cooperate, 1 defect.

#include <parley/games/ipd.hpp>
#include <parley/games/repeated_game.hpp>

#include <cstddef>
#include <optional>
#include <vector>

namespace parley::sandbox {

inline constexpr std::size_t kIpdActionCount = 2;

constexpr std::size_t ipd_observation_size(std::size_t memory) { return 4 * memory + 1; }
// The memory whose observation has `observation_size` floats; none when no memory (>= 1) has.
std::optional<std::size_t> ipd_memory_of(std::size_t observation_size);

// The observation of the ipd player of `view` (its own seat, the game's round
// cap), remembering `memory` rounds. Throws std::invalid_argument for memory 0.
std::vector<float> ipd_observation(const worlds::GameView& view, std::size_t memory);

// The move an action stands for. Throws std::invalid_argument for an action >= kIpdActionCount.
worlds::DilemmaMove ipd_action_move(std::size_t action);

}  // namespace parley::sandbox
