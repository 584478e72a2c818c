#pragma once
// What the race's strategies share (game_strategy.hpp defines the classic
// ones and the forecast; each value framework its own policy): reading the
// view, the forecast of every lab's payoff, and a strategy made of its
// proposal and its investment.

#include "game_strategies.hpp"

#include <parley/games/race.hpp>

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

namespace parley::agents::dilemmas::race {

inline const std::string kWorld = "race";
inline constexpr double kTolerance = 1e-9;

using Share = std::function<double(const worlds::GameView&)>;

// A strategy from its proposal in talk stages and its safety share in the invest stage.
GameRule rule(Share proposal, Share investment);

double nothing(const worlds::GameView&);
double everything(const worlds::GameView&);
// n*, the hazard-neutral share.
double neutral(const worlds::GameView& view);
// The pact of this round, read in the invest stage (0 when none formed).
double pact_now(const worlds::GameView& view);
// The pact when one formed, else n*: what a lab that means to cooperate plays.
double pact_or_neutral(const worlds::GameView& view);
// Lab `player`'s safety share in `round`.
double invested(const worlds::GameRound& round, std::size_t player);
// Whether every other lab cooperated in `round` (race.hpp's definition).
bool others_cooperated(const worlds::GameView& view, const worlds::GameRound& round);
// Lab j's share in the last round, n* before any: what the forecasts expect it to play.
double expected_share(const worlds::GameView& view, std::size_t player);

// What a forecast needs: the rules and the state of the race now.
struct RaceNow {
    double capability_rate = 0.0;
    double safety_rate = 0.0;
    double threshold = 0.0;
    double hazard = 0.0;
    double prize = 0.0;
    double catastrophe_cost = 0.0;
    double horizon = 0.0;  // the rounds left to forecast, this one included
    std::vector<double> capability;
    double safety_total = 0.0;
};

RaceNow race_now(const worlds::GameView& view);
// Every lab's expected payoff from now to the end of the forecast when each
// lab j plays shares[j] in every round left. A lab reaching the threshold
// after the horizon wins nothing in the forecast, as in the game.
std::vector<double> forecast(const RaceNow& now, const std::vector<double>& shares);
// The shares a forecasting policy considers, ascending: k / 20 and n*.
std::vector<double> candidate_shares(const worlds::GameView& view);
// Whether `score` beats `best` by more than rounding: ties go to the earlier
// (smaller, faster) share.
bool better(double score, double best);

// The share that maximises `objective` (of every lab's forecast payoff),
// expecting each other lab to repeat its last share (n* before any).
using Objective = std::function<double(const std::vector<double>& payoffs)>;
double best_share(const worlds::GameView& view, const Objective& objective);

}  // namespace parley::agents::dilemmas::race
