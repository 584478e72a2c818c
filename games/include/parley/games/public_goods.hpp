#pragma once
// The public goods game (N players, repeated), a RepeatedGame
// (repeated_game.hpp) registered as "public_goods".
//
// Each round: [talk] -> contribute -> [punish].
//   - talk (parameter talk = 1): each player announces a number in [0, E], its
//     intended contribution. Everyone is told every announcement before
//     contributing. Cheap talk: nothing binds a player to its announcement.
//   - contribute: each player gives c_i in [0, E] from its endowment E; the
//     pot sum_j c_j is multiplied by r and shared equally among the N players.
//   - punish (parameter punishment = 1): told every contribution, each player
//     assigns p_ij in [0, max_points] points to each other player j (a vector
//     of N numbers, its own entry 0). Each point costs the punisher c and the
//     punished f (Fehr & Gaechter 2000: c = 1, f = 3). Payoffs may go below 0:
//     there is no budget limit on punishing within a round.
// Payoff of player i in a round:
//     E - c_i + r * sum_j c_j / N  -  c * sum_j p_ij  -  f * sum_j p_ji.
// received_i = r * sum_j c_j / N (its share of the pot).
// Cooperation rate of a player: its mean contribution / E.
// Parameters (name, default, range):
//     endowment 20 [0.001, 1e6]; multiplier 1.6 with 1 < r < N;
//     talk 0 (0 or 1); punishment 0 (0 or 1); punish_cost 1 [0, 1e6];
//     punish_fine 3 [0, 1e6]; max_points 10 [0, 1e6].
// There is no randomness: the seed is unused.

#include <parley/games/repeated_game.hpp>

#include <string_view>

namespace parley::worlds {

GameInfo public_goods_info();

// The names of its stages.
inline constexpr std::string_view kPublicGoodsTalk = "talk";
inline constexpr std::string_view kPublicGoodsContribute = "contribute";
inline constexpr std::string_view kPublicGoodsPunish = "punish";  // per player

}  // namespace parley::worlds
