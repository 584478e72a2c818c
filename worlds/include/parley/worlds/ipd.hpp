#pragma once
// The iterated prisoner's dilemma (IPD) as a state machine that the runner
// drives, in the style of Mechanism (mechanism.hpp): two players move
// simultaneously each round. The game asks both, collects both moves, then
// realises them (each move is flipped with the noise probability, drawn from
// the game's own seed), scores them and tells each player what was realised.
// A move that is not "C" or "D", or a second move in the same round, ends the
// match with IpdEndReason::Violation naming the offender. Pure logic: no
// sockets, no clocks.
//
// Definitions:
//   - payoffs (row player's payoff): CC -> R, CD -> S, DC -> T, DD -> P;
//     default R=3, S=0, T=5, P=1 (Axelrod 1984).
//   - length: `rounds` rounds when continuation == 1. With continuation w < 1
//     the length is decided up front, when the game is made: after each round
//     another follows with probability w (so the length is geometric with mean
//     1/(1-w)), capped at `rounds`. Deciding it up front from its own stream
//     keeps the length independent of the noise setting and of the players.
//     The players are never told the length.
//   - noise: each intended move is flipped independently with probability
//     `noise`. Scores, histories and rates use the realised (flipped) moves:
//     what happened, and what each player is told.
//   - randomness: std::mt19937_64 (its output is fixed by the standard) and
//     our own integer-to-probability code (draw_chance), never std::
//     distributions, whose algorithms differ between standard libraries. The
//     length and the noise use two seeds derived from IpdSettings::seed.
//   - rates: cooperation rate of a player = share of its realised moves that
//     were C; CC/CD/DC/DD rates = share of rounds with that realised outcome,
//     from player 0's side (CD: player 0 cooperated, player 1 defected).
//     All are 0 for a match with no rounds played.
//   - a match that ends early (violation, timeout, lost agent) keeps the
//     scores of the rounds completed; the round in progress is not scored.

#include <parley/worlds/mechanism.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <random>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace parley::worlds {

enum class DilemmaMove : std::uint8_t { Cooperate, Defect };

// "C" or "D".
std::string_view dilemma_move_letter(DilemmaMove move);
// Exactly "C" or "D"; nullopt for anything else.
std::optional<DilemmaMove> parse_dilemma_move(std::string_view text);
DilemmaMove opposite(DilemmaMove move);

// Uniform in [0, 1) from the top 53 bits of one draw of the engine.
double unit_draw(std::mt19937_64& engine);
// True with probability `probability` (clamped to [0, 1]): exactly never for
// 0 and always for 1. Uses exactly one draw of the engine, always, so the
// sequence of draws does not depend on the probabilities asked.
bool draw_chance(std::mt19937_64& engine, double probability);

struct IpdPayoffs {
    double reward = 3.0;      // R: both cooperate
    double sucker = 0.0;      // S: I cooperate, the other defects
    double temptation = 5.0;  // T: I defect, the other cooperates
    double punishment = 1.0;  // P: both defect

    // My payoff for my move against the other's.
    double payoff(DilemmaMove mine, DilemmaMove other) const;
    // T > R > P > S and 2R > T + S: the conditions of a prisoner's dilemma
    // (the second makes mutual cooperation better than taking turns exploiting).
    bool is_prisoners_dilemma() const;
};

struct IpdSettings {
    IpdPayoffs payoffs;
    std::uint32_t rounds = 200;  // the length; with continuation < 1, the cap
    double continuation = 1.0;   // probability that another round follows each round, in (0, 1]
    double noise = 0.0;          // probability that each move is flipped, in [0, 0.5]
    std::uint64_t seed = 0;      // the game's own seed (length and noise)
};
// Throws std::invalid_argument naming the setting that is out of range:
// payoffs not finite, rounds 0 or above 1,000,000, continuation outside
// (0, 1], noise outside [0, 0.5].
void validate(const IpdSettings& settings);

// One round as the game saw it.
struct IpdRound {
    std::array<DilemmaMove, 2> intended{};  // what each player sent
    std::array<DilemmaMove, 2> realised{};  // after noise: what counted
    std::array<double, 2> payoffs{};
};

// One round from one player's side: what a strategy's history is made of.
struct IpdView {
    DilemmaMove own = DilemmaMove::Cooperate;    // realised
    DilemmaMove other = DilemmaMove::Cooperate;  // realised
    double own_payoff = 0.0;
};
// Every round of `rounds` from `player`'s side.
std::vector<IpdView> views_of(std::span<const IpdRound> rounds, PartyIndex player);

enum class IpdEndReason : std::uint8_t {
    Completed,  // every round of the match was played
    Violation,  // a move that is not C/D, or a second move in a round (offender)
    Timeout,    // a player did not answer in time (offender)
    AgentLost,  // a player's process was lost (offender)
};
std::string_view ipd_end_reason_name(IpdEndReason reason);

struct IpdResult {
    IpdEndReason reason = IpdEndReason::Completed;
    std::optional<PartyIndex> offender;  // with every reason but Completed
    std::string detail;                  // readable: what the offender did
    std::uint32_t turns = 0;             // rounds played (scored)
    std::array<double, 2> scores{};      // total payoffs
    std::array<double, 2> cooperation_rates{};
    double cc_rate = 0.0;
    double cd_rate = 0.0;
    double dc_rate = 0.0;
    double dd_rate = 0.0;
    std::vector<IpdRound> history;

    // Mean payoff per round (0 with no rounds): comparable across lengths.
    double mean_score(PartyIndex player) const;
};

// What the game asks of the runner.
struct IpdDirective {
    enum class Type : std::uint8_t {
        Ask,     // ask `player` for its move in `round`
        Inform,  // tell `player` the realised round `round` (`view`, from its side)
    };
    Type type = Type::Ask;
    PartyIndex player = 0;
    std::uint32_t round = 0;  // 0-based
    IpdView view;             // with Inform
};

class IpdGame {
public:
    // Throws std::invalid_argument as validate() does.
    explicit IpdGame(IpdSettings settings);

    // The first directives: ask both players for round 0.
    std::vector<IpdDirective> start();
    // `player` (0 or 1) sent `move` for the current round. When both have
    // moved, the round is realised and the directives inform both and ask
    // both for the next round (or none, when the match has ended). A text
    // that is not "C"/"D" or a second move in the round ends the match naming
    // `player`. Ignored once finished. Throws std::out_of_range for a player
    // that is not 0 or 1 (a runner bug, not input).
    std::vector<IpdDirective> on_move(PartyIndex player, std::string_view move);
    std::vector<IpdDirective> on_move(PartyIndex player, DilemmaMove move);
    // `player` failed: the match ends naming it. Ignored once finished.
    void on_failure(PartyIndex player, Failure failure);

    bool finished() const { return finished_; }
    std::uint32_t round() const { return static_cast<std::uint32_t>(history_.size()); }
    // The length decided up front (the players are never told).
    std::uint32_t length() const { return length_; }
    const IpdSettings& settings() const { return settings_; }
    // Throws std::logic_error before finished().
    IpdResult result() const;

private:
    std::vector<IpdDirective> realise_round();
    std::vector<IpdDirective> asks_for_current_round() const;
    void end(IpdEndReason reason, PartyIndex offender, std::string detail);

    IpdSettings settings_;
    std::uint32_t length_ = 0;
    std::mt19937_64 noise_engine_;
    std::array<std::optional<DilemmaMove>, 2> pending_{};
    std::vector<IpdRound> history_;
    bool started_ = false;
    bool finished_ = false;
    IpdEndReason reason_ = IpdEndReason::Completed;
    std::optional<PartyIndex> offender_;
    std::string detail_;
};

// A player as the in-process driver sees it: given its history (realised
// rounds from its own side), its move. May return any text, so that tests and
// tournaments can exercise the game's checks; strategies return "C" or "D".
using IpdChooser = std::function<std::string(std::span<const IpdView> history)>;

// Plays one whole match in process, asking both choosers each round (player 0
// first; the order cannot matter: neither sees the other's move of the round).
IpdResult play_ipd_match(const IpdSettings& settings, const IpdChooser& player0, const IpdChooser& player1);

}  // namespace parley::worlds
