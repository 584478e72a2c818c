#pragma once
// What the commons' strategies share (game_strategy.hpp defines the classic
// ones; each value framework its own policy): reading the view, and a
// strategy made of its harvest request.

#include "game_strategies.hpp"

#include <functional>
#include <string>

namespace parley::agents::dilemmas::commons {

inline const std::string kWorld = "commons";
inline constexpr double kTolerance = 1e-9;

using Amount = std::function<double(const worlds::GameView&)>;

// A strategy that asks `harvest` in the harvest stage.
GameRule rule(Amount harvest);

double max_harvest(const worlds::GameView& view);
// 1/N of the stock-keeping harvest at `stock`.
double keeping_share(const worlds::GameView& view, double stock);
double keeping_share_now(const worlds::GameView& view);
// Every player's request in the last round (nullptr before any).
const worlds::StageMoves* last_requests(const worlds::GameView& view);
// The stock-keeping share first, then the others' last mean request.
double conditional(const worlds::GameView& view);
// Whether another player asked more than `factor` x its stock-keeping share in `round`.
bool overharvested(const worlds::GameView& view, const worlds::GameRound& round, double factor);

}  // namespace parley::agents::dilemmas::commons
