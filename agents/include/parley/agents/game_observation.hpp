#pragma once
// What a learned player of a repeated game sees and what its actions mean, in
// one place: the learning sandbox trains on it (sandbox/game_environment.hpp,
// sandbox/ipd_environment.hpp) and the learned framework's game players act on
// it (frameworks/learned_games.cpp), so that a policy is deployed on exactly
// the input it was trained on. No LibTorch: observations are floats, actions
// indices.
//
// The ipd has a layout of its own (below), kept as its first models were
// trained on it: its moves are private, a player learns only the realised
// ones, so it reads them from the settled rounds (worlds::ipd_view).
//
// Every other game of worlds::GameRegistry (public_goods, commons, race) is
// laid out by the stages its rounds ask under the game's settings
// (RepeatedGame::round_stages()): P stages in order, stage p asking width w_p
// numbers in [low_p, high_p]; a stage asked several times in a round (the
// race's talk with pact_rounds > 1) is one position per time. With N players,
// k = `memory` and M numbers of the game's state (GameInfo::state):
//
//   Observation (size (k + 1) R + 1 + P + M, with R = N * sum_p w_p):
//     [0, k R)          the last k settled rounds, most recent first, R each;
//                       zeros for rounds not played yet. A round's block is
//                       its stages in order; a stage's, every player's move,
//                       the learner first, then the others in seat order
//                       (ascending, skipping the learner); a move's, its w_p
//                       numbers, each (v - low_p) / (high_p - low_p) in [0, 1]
//                       (0 when low_p = high_p). A per-player move (punishment
//                       points to each player) has its components in the same
//                       order: to the learner first, then the others.
//     [k R, (k + 1) R)  the stages of the round in progress already played
//                       (the contributions a punish stage reacts to, the
//                       proposals an invest stage reads its pact from), as a
//                       round's block; zeros for the stages still to come.
//     then 1            the relative round, round / rounds (the settings').
//     then P            the stage asked now, one-hot by position.
//     then M            each state number divided by its value at the start
//                       of the game (as is when that is 0): the commons'
//                       stock / the initial stock.
//   Actions (P L, L = `levels` >= 2): action p L + j stands for level j of
//     stage p, the value low_p + j (high_p - low_p) / (L - 1) (rounded to the
//     nearest whole number in a whole stage), played in every number of the
//     move: a per-player stage gives that many points to every other player
//     and 0 to itself. Only the L actions of the stage asked now are legal.
//     Names: "<stage> <value>", the stage suffixed "#n" (1-based) when the
//     round asks it more than once ("talk#2 0.5").
//
// A layout depends on the game, its settings (players, the stages its
// parameters switch on, the initial state), k and L; a model records its
// world, observation size and action names, and a player reads k and L back
// from them (game_spaces_for).

#include <parley/agents/action_policy.hpp>
#include <parley/games/ipd.hpp>
#include <parley/games/repeated_game.hpp>

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace parley::agents {

// --- the ipd ---------------------------------------------------------------------
// Observation (size 4 k + 1, k = `memory`): for each of the last k settled
// rounds, most recent first, one-hot [own C, own D, other C, other D] of the
// realised moves (what a strategy's history holds; noise included); zeros for
// rounds not played yet; then the relative round, round / rounds (the cap:
// with continuation < 1 nobody is told the length).
// Actions: 0 cooperate, 1 defect; both always legal.

inline constexpr std::size_t kIpdActionCount = 2;

constexpr std::size_t ipd_observation_size(std::size_t memory) { return 4 * memory + 1; }
// The memory whose observation has `observation_size` floats; none when no memory (>= 1) has.
std::optional<std::size_t> ipd_memory_of(std::size_t observation_size);

// The observation of the ipd player of `view` (its own seat, the game's round
// cap), remembering `memory` rounds. Throws std::invalid_argument for memory 0.
std::vector<float> ipd_observation(const worlds::GameView& view, std::size_t memory);

// The move an action stands for. Throws std::invalid_argument for an action >= kIpdActionCount.
worlds::DilemmaMove ipd_action_move(std::size_t action);

// --- any game --------------------------------------------------------------------

// One game's observation and actions under fixed settings, for any seat.
class GameSpaces {
public:
    virtual ~GameSpaces() = default;

    virtual std::size_t observation_size() const = 0;
    virtual const std::vector<std::string>& action_names() const = 0;
    std::size_t action_count() const { return action_names().size(); }
    virtual std::size_t memory() const = 0;

    // Of the player of `view` (a view of a game with these settings).
    virtual std::vector<float> observation(const worlds::GameView& view) const = 0;
    // Per action: may it be played in the stage asked in `view`. Throws
    // std::invalid_argument when that stage is not the one this layout has
    // at that position of the round.
    virtual std::vector<bool> legal(const worlds::GameView& view) const = 0;
    // The move `action` stands for in the stage asked in `view`; throws
    // std::invalid_argument for an action that is not legal there.
    virtual std::vector<double> move(const worlds::GameView& view, std::size_t action) const = 0;
};

// The layout of `game` (of worlds::GameRegistry::builtin()) under `settings`
// (resolved by the registry; its seed does not matter), remembering `memory`
// rounds, with `levels` actions per stage (unused by the ipd). Throws
// std::invalid_argument for an unknown game, settings the game refuses,
// memory 0 or fewer than 2 levels.
std::unique_ptr<GameSpaces> game_spaces(const std::string& game, const worlds::GameSettings& settings,
                                        std::size_t memory, std::size_t levels);

// The layout a policy trained with `policy` fits in `game` under `settings`:
// its memory and levels read from the policy's observation size and action
// count, its action names checked against the layout's. Throws
// std::invalid_argument naming both when no layout fits.
std::unique_ptr<GameSpaces> game_spaces_for(const std::string& game, const worlds::GameSettings& settings,
                                            const PolicySpaces& policy);

}  // namespace parley::agents
