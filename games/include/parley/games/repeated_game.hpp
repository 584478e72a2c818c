#pragma once
// N-player repeated games with simultaneous numeric moves in stages (the
// iterated prisoner's dilemma, public goods, commons), as state machines that
// the runner drives, in the style of Mechanism (mechanism.hpp). Each round is
// a fixed sequence of stages (choose, talk, contribute, punish, harvest). In
// each stage the game asks every player, collects their simultaneous moves,
// tells every player every move of the stage (all moves are public in these
// games), and after the round's last stage settles the round and tells every
// player its result. Pure logic: no sockets, no clocks.
//
// Moves. A move is a vector of numbers: one number in a scalar stage (talk,
// contribute, harvest), one number per player in a punish stage (points
// assigned to each player, indexed by player; the entry for oneself must be 0).
// Every number must be finite and lie in the stage's [low, high]. A NaN or
// infinite value, a value out of range, a vector of the wrong length, a move
// from a player not asked in the current stage, or a second move in a stage
// ends the game with GameEndReason::Violation naming the offender. Every
// player is asked in every stage, so a move out of turn is a second move in
// the stage (a move meant for another stage shows as the wrong length or out
// of range). A player index outside the game is a runner bug, not input: it
// throws std::out_of_range and leaves the game as it was.
//
// Settings. players (2..1000), rounds (1..1,000,000), seed, and named numeric
// parameters. Every game documents its parameters (GameParameterInfo): an
// unknown name or a value outside its range is refused with
// std::invalid_argument naming it; a parameter not given takes its default.
// Booleans are numbers 0 or 1.
//
// Randomness: std::mt19937_64 and draw_chance (ipd.hpp) and the draws of <parley/core/determinism.hpp> from
// seeds derived from GameSettings::seed (derive_seed, scenario.hpp); never
// std:: distributions. Metrics use only +, -, *, / and comparisons, so that
// results are byte-identical on every machine.
//
// Metrics of a match (GameResult), over the rounds played (settled) only; a
// game that ends early keeps the rounds settled, the round in progress is not
// scored:
//   - scores: the sum of each player's payoffs over the rounds.
//   - cooperation rate of a player: defined by the game (ipd: the share of
//     its realised moves that were C; public goods: its mean contribution /
//     endowment; commons: the share of rounds in which it asked for no more
//     than the stock-keeping share at the stock before the harvest, commons.hpp;
//     race: the share of rounds in which it kept the pact, or without one put
//     at least the hazard-neutral share into safety, race.hpp). cooperation_rate: the mean over the players. 0 with no
//     rounds.
//   - cooperative_rounds of a player: the rounds in which it cooperated by the
//     game's own definition (RepeatedGame::cooperated: ipd, a realised C;
//     public goods, giving at least half the endowment; commons, asking for no
//     more than the stock-keeping share; race, keeping the pact). Summed over matches and divided by
//     the rounds played, it is a tournament's cooperation rating.
//   - never_defected_first of a player: in the first round in which any
//     player did not cooperate, this player cooperated; true when nobody ever
//     failed to (Axelrod's "nice"). A simultaneous first defection counts
//     against every defector.
//   - efficiency: the utilitarian sum of the scores.
//   - equality: 1 - Gini(scores) (metrics.hpp: negative scores count as 0).
//   - timing: the payoff-weighted mean round at which rewards came, divided by
//     the number of rounds of the settings: sum_t sum_i max(0, p_{t,i}) (t+1) /
//     (R * sum_t sum_i max(0, p_{t,i})), t 0-based, R = settings rounds. Payoffs
//     spread evenly over all R rounds give (R+1)/(2R), about 1/2; rewards taken
//     early and then nothing (a collapse) give less. 0 with no positive payoff.
//   - resource_left: the final stock / capacity (commons); absent for games
//     without a resource.
//   - peace: the share of agent-rounds (players x rounds played) in which the
//     agent neither assigned nor received a punishment point. 1 with no
//     punishment stage or no rounds.
//   - nash_welfare: the product of max(0, score_i) (the Nash product; the
//     product rather than its geometric mean because multiplication is exactly
//     reproducible while pow is not; take its N-th root for a per-player
//     scale).

#include <parley/mechanisms/mechanism.hpp>
#include <parley/core/registry.hpp>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace parley::worlds {

enum class StageKind : std::uint8_t {
    Talk,        // announce a number (cheap talk: not binding)
    Contribute,  // give part of an endowment to a common pot
    Punish,      // assign costly punishment points to others (a vector)
    Harvest,     // ask for an amount of a shared resource
    Choose,      // a binary choice: 1 cooperate, 0 defect (the prisoner's dilemma)
    Invest,      // split effort: the share put into safety, the rest into capability (race)
};
std::string_view stage_kind_name(StageKind kind);

// What a stage asks for: `width` numbers (1, or the number of players for
// Punish), each finite and in [low, high], and whole numbers when `whole`.
struct StageSpec {
    StageKind kind = StageKind::Contribute;
    std::size_t width = 1;
    double low = 0.0;
    double high = 0.0;
    bool whole = false;
};

struct GameSettings {
    std::size_t players = 4;
    std::uint32_t rounds = 10;
    std::uint64_t seed = 0;
    std::map<std::string, double> parameters;  // by name; after validation, every documented one
};

struct GameParameterInfo {
    std::string name;
    double default_value = 0.0;
    double low = 0.0;  // the range, inclusive
    double high = 0.0;
    std::string description;
};

// Every player's moves in one stage of a round (moves[player]).
struct StageMoves {
    StageKind kind = StageKind::Contribute;
    std::vector<std::vector<double>> moves;
};

// One settled round.
struct GameRound {
    std::vector<StageMoves> stages;  // in the order played
    std::vector<double> payoffs;     // per player
    // Per player: ipd: its realised move after noise (1 C, 0 D); public goods:
    // its share of the pot; commons: the amount it harvested.
    std::vector<double> received;
    double stock_before = 0.0;       // commons: the stock at the start of the round (0 without a resource)
    double stock_after = 0.0;        // commons: after harvest and regrowth (0 after a collapse)
    // The moves of `kind` in this round (nullptr when the round had no such stage).
    const StageMoves* stage(StageKind kind) const;
};

enum class GameEndReason : std::uint8_t {
    Completed,  // every round was played
    Collapsed,  // the resource collapsed (commons): no offender
    Catastrophe,  // a catastrophe struck everyone (race): no offender
    Violation,  // a malformed or out-of-turn move (offender)
    Timeout,    // a player did not answer in time (offender)
    AgentLost,  // a player's process was lost (offender)
    BrokerLost,    // the runner lost the broker mid-match: nobody's fault
    SessionTaken,  // another client held the match's session id first: nobody's fault
};
std::string_view game_end_reason_name(GameEndReason reason);

struct GameResult {
    std::string game;
    GameEndReason reason = GameEndReason::Completed;
    std::optional<PartyIndex> offender;
    std::string detail;
    std::uint32_t rounds_played = 0;
    std::vector<double> scores;
    std::vector<double> cooperation_rates;
    double cooperation_rate = 0.0;
    std::vector<std::uint32_t> cooperative_rounds;  // per player
    std::vector<bool> never_defected_first;         // per player
    double efficiency = 0.0;
    double equality = 1.0;
    double timing = 0.0;
    std::optional<double> resource_left;
    double peace = 1.0;
    double nash_welfare = 0.0;
    // The game's own metrics, named in GameInfo::metrics and in that order
    // (ipd: cc_rate ...; race: pact_rate, pact_compliance ...).
    std::vector<std::pair<std::string, double>> game_metrics;
    std::vector<GameRound> history;
};

// How a round ends the game early: the reason (Collapsed, Catastrophe, or
// Completed when the game is decided before its last round) and what happened.
struct GameEnding {
    GameEndReason reason = GameEndReason::Completed;
    std::string detail;
};

// What the game asks of the runner.
struct GameDirective {
    enum class Type : std::uint8_t {
        Ask,          // ask `player` for its move in `stage` of `round`
        InformStage,  // tell `player` every player's moves of a stage (`moves`)
        InformRound,  // tell `player` the settled round (`settled`)
    };
    Type type = Type::Ask;
    PartyIndex player = 0;
    std::uint32_t round = 0;  // 0-based
    StageSpec stage;          // with Ask
    StageMoves moves;         // with InformStage
    GameRound settled;        // with InformRound
};

// What a player knows when it is asked: everything public so far. It points
// into the game: valid until the game's next on_move or on_failure.
struct GameView {
    const GameSettings* settings = nullptr;  // players, rounds, every parameter
    PartyIndex self = 0;
    std::uint32_t round = 0;
    StageSpec stage;                      // what is asked now
    std::span<const GameRound> history;   // settled rounds
    std::span<const StageMoves> current;  // stages of this round already played
    double stock = 0.0;                   // commons: the stock now; 0 without a resource
    // A parameter of the settings (throws std::out_of_range for an unknown name).
    double parameter(const std::string& name) const;
    std::size_t players() const { return settings->players; }
};

class RepeatedGame {
public:
    virtual ~RepeatedGame() = default;

    virtual std::string_view name() const = 0;

    // The first directives: ask every player for the first stage of round 0.
    std::vector<GameDirective> start();
    // `player` sent `move` for the current stage. Ends the game naming
    // `player` for any violation (see the top). Ignored once finished. Throws
    // std::out_of_range for a player index >= players (a runner bug, not input)
    // and std::logic_error before start().
    std::vector<GameDirective> on_move(PartyIndex player, std::span<const double> move);
    std::vector<GameDirective> on_move(PartyIndex player, double move);
    // `player` failed: the game ends naming it. Ignored once finished.
    void on_failure(PartyIndex player, Failure failure);

    bool finished() const { return finished_; }
    std::uint32_t round() const { return static_cast<std::uint32_t>(history_.size()); }
    const GameSettings& settings() const { return settings_; }
    std::span<const GameRound> history() const { return history_; }
    std::span<const StageMoves> current_stages() const { return current_.stages; }
    // The stage being asked now (meaningless once finished).
    StageSpec current_stage() const;
    // The stock now (0 without a resource).
    virtual double stock() const { return 0.0; }
    // Whether `player` acted cooperatively in a settled round (see below).
    bool cooperated_in(const GameRound& round, PartyIndex player) const { return cooperated(round, player); }
    // The view of `player` now.
    GameView view(PartyIndex player) const;
    // Throws std::logic_error before finished().
    GameResult result() const;

protected:
    // `settings` already validated, with every parameter filled in.
    explicit RepeatedGame(GameSettings settings);

    // The stages of every round, in order.
    virtual std::vector<StageSpec> stages() const = 0;
    // Fills payoffs, received, stock_before/after of `round`, whose stages are
    // all played. Returns how the game ends after this round, when it does
    // before its length.
    virtual std::optional<GameEnding> settle(GameRound& round) = 0;
    // Whether the players are told every stage's moves once all are in (the
    // default: moves are public). A game whose moves are private until
    // settled (ipd: only the realised moves, after noise) says no; its
    // players learn the round from the settled round alone.
    virtual bool reports_stages() const { return true; }
    // The number of rounds the game lasts when nothing ends it early: the
    // settings' rounds unless the game decides otherwise (ipd: a random length).
    virtual std::uint32_t length() const { return settings_.rounds; }
    // The cooperation rate of each player over `history`: by default the
    // share of rounds in which it cooperated (cooperated()).
    virtual std::vector<double> cooperation_rates(std::span<const GameRound> history) const;
    // Whether `player` acted cooperatively in `round`, by the game's own
    // definition: what the good-partner rating (never the first to defect) uses.
    virtual bool cooperated(const GameRound& round, PartyIndex player) const = 0;
    // The game's own metrics over `history`, in the order of GameInfo::metrics.
    virtual std::vector<std::pair<std::string, double>> game_metrics(std::span<const GameRound> history) const {
        (void)history;
        return {};
    }
    // The final stock / capacity, for a game with a resource.
    virtual std::optional<double> resource_left() const { return std::nullopt; }

private:
    std::vector<GameDirective> asks() const;
    std::vector<GameDirective> close_stage();
    // Per player, over the history (see GameResult).
    std::vector<std::uint32_t> cooperative_rounds() const;
    std::vector<bool> never_defected_first() const;
    void end(GameEndReason reason, std::optional<PartyIndex> offender, std::string detail);

    GameSettings settings_;
    std::vector<StageSpec> stages_;
    std::size_t stage_index_ = 0;
    std::vector<std::optional<std::vector<double>>> pending_;
    GameRound current_;
    std::vector<GameRound> history_;
    bool started_ = false;
    bool finished_ = false;
    GameEndReason reason_ = GameEndReason::Completed;
    std::optional<PartyIndex> offender_;
    std::string detail_;
};

struct GameInfo {
    std::string name;
    std::string description;  // one line
    std::vector<GameParameterInfo> parameters;
    std::vector<std::string> metrics;  // the names of GameResult::game_metrics, in order
    // Checks between parameters (e.g. 1 < r < N); throws std::invalid_argument.
    std::function<void(const GameSettings&)> check;
    std::function<std::unique_ptr<RepeatedGame>(GameSettings)> make;  // settings validated and filled
};

class GameRegistry : public NamedRegistry<GameInfo> {
public:
    GameRegistry() : NamedRegistry("game") {}
    // "ipd", "public_goods", "commons" and "race".
    static const GameRegistry& builtin();

    void add(GameInfo info) { insert(std::move(info)); }
    // Validates `settings` (players, rounds, every parameter known and in
    // range, the game's own checks), fills in the defaults and makes the game.
    // Throws std::invalid_argument naming what is wrong (an unknown game lists
    // the known ones).
    std::unique_ptr<RepeatedGame> make(const std::string& name, GameSettings settings) const;
    // The settings as make() would use them (validated, defaults filled in).
    GameSettings resolve(const std::string& name, GameSettings settings) const;
};

// A player as the in-process driver sees it: its move, given its view. May
// return anything, so that tests can exercise the game's checks.
using GameChooser = std::function<std::vector<double>(const GameView& view)>;

// Plays one whole game in process: in each stage asks every chooser in player
// order (the order cannot matter: moves of a stage are simultaneous and told
// only once the stage is complete).
GameResult play_game(RepeatedGame& game, std::span<const GameChooser> players);
GameResult play_game(const std::string& name, const GameSettings& settings, std::span<const GameChooser> players);

}  // namespace parley::worlds
