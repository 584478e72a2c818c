#pragma once
// N-player repeated games with simultaneous numeric moves in stages (the
// iterated prisoner's dilemma, public goods, commons, race), as state machines
// that the runner drives, in the style of Mechanism (mechanism.hpp). Each
// round is a fixed sequence of stages, which the game itself names and
// describes (GameInfo::stages; each game's header exports their names for its
// strategies). In each stage the game asks every player, collects their
// simultaneous moves, tells every player every move of the stage (all moves
// are public in these games), and after the round's last stage settles the
// round and tells every player its result. Pure logic: no sockets, no clocks.
//
// A game describes itself once (GameInfo): its parameters, its stages, the
// numbers of its state (told with every turn), its per-round numbers and its
// metrics. The runner's result columns and the messages' fields follow that
// description, so adding a game touches no list elsewhere.
//
// Moves. A move is a vector of numbers: one number in most stages, one number
// per player in a per-player stage (StageInfo::per_player: points assigned to
// each player, indexed by player; the entry for oneself must be 0).
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
//   - peace: the share of agent-rounds (players x rounds played) in which the
//     agent neither assigned nor received a positive number in a per-player
//     stage (a punishment point). 1 with no such stage or no rounds.
//   - nash_welfare: the product of max(0, score_i) (the Nash product; the
//     product rather than its geometric mean because multiplication is exactly
//     reproducible while pow is not; take its N-th root for a per-player
//     scale).
//   - the game's own metrics (GameInfo::metrics), such as the commons'
//     resource_left (the final stock / capacity).

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
#include <utility>
#include <vector>

namespace parley::worlds {

// Numbers by name, in the order their game declares them: a round's own
// numbers (GameRound::numbers), the game's state told with every turn
// (GameView::state) and the game's metrics (GameResult::game_metrics).
using NamedNumbers = std::vector<std::pair<std::string, double>>;
// The number called `name`; nullopt when there is none.
std::optional<double> find_number(const NamedNumbers& numbers, std::string_view name);
// The number called `name`; throws std::out_of_range naming it when there is none.
double number_named(const NamedNumbers& numbers, std::string_view name);

// A number a game declares in its description (GameInfo): one of its
// per-round numbers, of its state or of its metrics.
struct NumberInfo {
    std::string name;  // also its field in messages and its column in result files
    std::string description{};
    // Metrics only: the heading of its column in the summary table the runner
    // shows (the file has every metric); empty: not shown.
    std::string heading{};
};

// A stage as the game's description lists it: its name (which is also its
// name on the wire) and what the rules need to know of its moves.
struct StageInfo {
    std::string name;
    std::string description;
    // The move holds one number per player, aimed at that player (points
    // assigned to each, as in a punish stage); the entry for oneself must be
    // 0, and a player who assigns or receives a positive number is not at
    // peace (GameResult::peace). Otherwise the move is `width` numbers of
    // its own.
    bool per_player = false;
};

// What a stage asks for now: `width` numbers (1, or the number of players
// when `per_player`, see StageInfo), each finite and in [low, high], and whole
// numbers when `whole`. `name` and `per_player` are those of the StageInfo of
// the game's description.
struct StageSpec {
    std::string name;
    std::size_t width = 1;
    double low = 0.0;
    double high = 0.0;
    bool whole = false;
    bool per_player = false;
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
    std::string name;  // the stage's (StageSpec::name)
    std::vector<std::vector<double>> moves;
};

// One settled round.
struct GameRound {
    std::vector<StageMoves> stages;  // in the order played
    std::vector<double> payoffs;     // per player
    // Per player: ipd: its realised move after noise (1 C, 0 D); public goods:
    // its share of the pot; commons: the amount it harvested; race: its capability.
    std::vector<double> received;
    // The round's own numbers, as GameInfo::round_numbers declares them and
    // in that order (commons: the stock before and after the round).
    NamedNumbers numbers;
    // The (first) moves of the stage `name` in this round (nullptr when the round had no such stage).
    const StageMoves* stage(std::string_view name) const;
    // One of `numbers`; throws std::out_of_range naming it when the round has none of that name.
    double number(std::string_view name) const;
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
    double peace = 1.0;
    double nash_welfare = 0.0;
    // The game's own metrics, named in GameInfo::metrics and in that order
    // (ipd: cc_rate ...; commons: resource_left; race: pact_rate, pact_compliance ...).
    NamedNumbers game_metrics;
    std::vector<GameRound> history;
    // One of game_metrics; nullopt for a game without it.
    std::optional<double> metric(std::string_view name) const { return find_number(game_metrics, name); }
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
    NamedNumbers state;                   // the game's state now, as GameInfo::state declares it (commons: the stock)
    // A parameter of the settings (throws std::out_of_range for an unknown name).
    double parameter(const std::string& name) const;
    // One of `state` (throws std::out_of_range naming it for a game without it).
    double state_number(std::string_view name) const { return number_named(state, name); }
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
    // The stages of every round under these settings, in the order they are
    // asked (before start() too): what a learner's fixed-size observation is
    // laid out by (agents/game_observation.hpp).
    std::vector<StageSpec> round_stages() const { return stages(); }
    // The game's state now, as GameInfo::state declares it (commons: the
    // stock): what every player is told with each turn. Empty by default.
    virtual NamedNumbers state() const { return {}; }
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
    // Fills payoffs, received and numbers of `round`, whose stages are all
    // played. Returns how the game ends after this round, when it does
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
    virtual NamedNumbers game_metrics(std::span<const GameRound> history) const {
        (void)history;
        return {};
    }

private:
    std::vector<GameDirective> asks() const;
    std::vector<GameDirective> close_stage();
    // Per player, over the history (see GameResult).
    std::vector<std::uint32_t> cooperative_rounds() const;
    std::vector<bool> never_defected_first() const;
    // Neither assigned nor received a positive number in a per-player stage of `round`.
    bool at_peace(const GameRound& round, PartyIndex player) const;
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

// A game's description: what the runner, the wire and the tools know of a
// game without playing it. Everything a game names is declared here once:
// the result files' columns and the messages' fields follow it.
struct GameInfo {
    std::string name;
    std::string description;  // one line
    std::vector<GameParameterInfo> parameters;
    // Every stage any of its rounds may have (each name once), in the order a
    // round plays them; which of them a round has may depend on the parameters.
    std::vector<StageInfo> stages;
    std::vector<NumberInfo> state;          // RepeatedGame::state(), in order
    std::vector<NumberInfo> round_numbers;  // GameRound::numbers, in order
    std::vector<NumberInfo> metrics;        // GameResult::game_metrics, in order
    // The stage called `stage_name` (nullptr when the game has none).
    const StageInfo* stage(std::string_view stage_name) const;
    // Checks between parameters (e.g. 1 < r < N); throws std::invalid_argument.
    std::function<void(const GameSettings&)> check;
    std::function<std::unique_ptr<RepeatedGame>(GameSettings)> make;  // settings validated and filled
};

class GameRegistry : public NamedRegistry<GameInfo> {
public:
    GameRegistry() : NamedRegistry("game") {}
    // "ipd", "public_goods", "commons" and "race". A new game is its rules
    // (a header exporting its GameInfo and names, a source), one line here,
    // its strategies (GameStrategyRegistry) and its own test; the games
    // conformance test covers it as it is.
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
