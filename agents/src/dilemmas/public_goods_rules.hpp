#pragma once
// What the public goods game's strategies share (game_strategy.hpp defines
// the classic ones; each value framework its own policy): reading the view,
// and a strategy made of its contribution, announcement and punishment.

#include "game_strategies.hpp"

#include <functional>
#include <string>
#include <vector>

namespace parley::agents::dilemmas::public_goods {

inline const std::string kWorld = "public_goods";

using Amount = std::function<double(const worlds::GameView&)>;
using Points = std::function<std::vector<double>(const worlds::GameView&)>;

double endowment(const worlds::GameView& view);
// Every player's contribution in the last round (nullptr before any).
const worlds::StageMoves* last_contributions(const worlds::GameView& view);
// Every player's contribution in this round (in a punish stage).
const worlds::StageMoves* this_round_contributions(const worlds::GameView& view);
// Player j's last contribution, E before any.
double last_of(const worlds::GameView& view, std::size_t player);
// Every player's cumulative score so far.
std::vector<double> totals(const worlds::GameView& view);
// Every player's total after the round if it contributes `mine` and each
// other repeats its last contribution.
std::vector<double> predicted_totals(const worlds::GameView& view, double mine);
std::vector<double> no_points(const worlds::GameView& view);

// A strategy from its contribution, its announcement (by default the
// contribution: honest) and its punishment (by default none).
GameRule rule(Amount contribution, Amount announcement = nullptr, Points punishment = no_points);

}  // namespace parley::agents::dilemmas::public_goods
