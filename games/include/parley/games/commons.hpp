#pragma once
// The commons (a renewable resource, N players, repeated), a RepeatedGame
// (repeated_game.hpp) registered as "commons". Sustainability is the point.
//
// Each round is one stage, harvest: each player asks for h_i in [0, max_harvest].
//   - When the requests H = sum_j h_j do not exceed the stock S, each gets
//     what it asked; otherwise the stock is shared in proportion to the
//     requests: each gets h_i * S / H (and the stock is emptied).
//   - Collapse: when the stock left after the harvest, S - taken, is below
//     `collapse` (the collapse threshold), the resource has collapsed: the stock
//     becomes 0, the round is settled with what was taken, and the game ends
//     (GameEndReason::Collapsed). A collapsed stock never regrows, so every
//     later round would pay nothing; ending keeps the record short while the
//     metrics still count the lost rounds (timing divides by the rounds of
//     the settings; resource_left is 0).
//     collapse = 0 turns collapse off: a stock emptied by a harvest then
//     stays at 0 (0 regrows to 0) and the game goes on to its last round.
//   - Otherwise the rest regrows logistically:
//         S' = S + g S (1 - S / K)
//     (S the stock after the harvest, g the growth rate, K the capacity). With
//     g in (0, 1] and S <= K, S' <= K. With probability `shock` the regrowth
//     fails this round (S' = S): one draw of a seeded engine every round,
//     whatever the probability.
// Payoff of a player in a round: what it harvested (received_i = payoff_i).
// The game's state (told with every turn): stock, the stock now. Its numbers
// of a round: stock_before, the stock at the start of the round, and
// stock_after, after harvest and regrowth (0 after a collapse). Its metric:
// resource_left, the final stock / capacity.
// Sustainable share at stock S: the regrowth that S itself would give,
// g S (1 - S/K), divided by N. Cooperation rate of a player: the share of
// rounds in which it asked for no more than the stock-keeping share at the
// stock before the harvest (1/N of stock_keeping_harvest: what, asked by
// every player, leaves the stock where it was; with a tolerance of 1e-9).
// Above about 0.56 K the stock-keeping share exceeds the sustainable share,
// and a player keeping a high stock level is cooperating.
// Parameters (name, default, range):
//     stock 50 (the initial stock, collapse <= stock <= capacity);
//     capacity 100 [0.001, 1e9]; growth 0.5 (0, 1]; max_harvest 10 [0, 1e9];
//     collapse 5 [0, capacity); shock 0 [0, 1].

#include <parley/games/repeated_game.hpp>

#include <string_view>

namespace parley::worlds {

GameInfo commons_info();

// The name of its one stage, of its state, of its per-round numbers and of its metric.
inline constexpr std::string_view kCommonsHarvest = "harvest";
inline constexpr std::string_view kCommonsStock = "stock";
inline constexpr std::string_view kCommonsStockBefore = "stock_before";
inline constexpr std::string_view kCommonsStockAfter = "stock_after";
inline constexpr std::string_view kCommonsResourceLeft = "resource_left";

// The sustainable share of each of `players` at `stock` (see above).
double sustainable_share(double stock, double capacity, double growth, std::size_t players);
// The stock-keeping harvest at `stock` (0 <= stock <= capacity, growth in
// (0, 1]): the total harvest h whose remainder regrows back to `stock`
// exactly, x + growth x (1 - x / capacity) = stock with x = stock - h (the
// smaller root; std::sqrt is correctly rounded, so this is reproducible).
// Unlike the sustainable share (the regrowth at the stock before the harvest),
// harvesting it keeps the stock where it is, at any stock: since the harvest
// comes before the regrowth, taking the regrowth at the current stock drives
// any stock below an unstable point (about 0.56 K with g = 0.5) down to
// collapse, and any stock above it up to K, where the harvest dwindles to 0.
double stock_keeping_harvest(double stock, double capacity, double growth);
// The logistic regrowth of `stock`: stock + growth * stock * (1 - stock / capacity).
double logistic_regrowth(double stock, double capacity, double growth);

}  // namespace parley::worlds
