// One conformance test that every game of GameRegistry::builtin() passes,
// with nothing written here for it: its description is consistent and says
// what the game does (the stages it asks, the numbers of its state and of its
// rounds, its metrics, as played); every stage refuses every kind of bad move
// naming the offender; its messages round-trip through the wire by its
// description; every strategy registered for it plays legal moves (one that
// requires a model, the learned player, plays a test policy made for the
// settings: learned_test_policy.hpp); and a seed reproduces a match. The
// settings are each game's defaults and, for its rules, each parameter in turn
// at either end of its range (what the game accepts of these), at every group
// size from 2 to 5 that it accepts: the corners (optional stages, certain
// events) without a word written here.

#include <parley/agents/game_strategy.hpp>
#include <parley/content/game_wire.hpp>
#include <parley/core/determinism.hpp>
#include <parley/games/repeated_game.hpp>

#include "game_test_support.hpp"
#include "learned_test_policy.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

using namespace parley::worlds;
using parley::agents::GameStrategyRegistry;
using parley::learned_test::playable_chooser;

namespace {

constexpr std::uint32_t kRounds = 12;

std::vector<std::string> names_of(const std::vector<NumberInfo>& numbers) {
    std::vector<std::string> names;
    for (const auto& number : numbers) names.push_back(number.name);
    return names;
}

std::vector<std::string> names_of(const NamedNumbers& numbers) {
    std::vector<std::string> names;
    for (const auto& [name, value] : numbers) names.push_back(name);
    return names;
}

// The game's defaults (and with `corners`, each parameter in turn at the low
// and at the high end of its range) at every group size it accepts (2 to 5),
// with `seed`: every one of these settings that the game accepts.
std::vector<GameSettings> settings_of(const GameInfo& game, std::uint64_t seed, bool corners = false) {
    std::vector<std::map<std::string, double>> variants = {{}};
    for (const auto& parameter : game.parameters) {
        if (!corners) break;
        variants.push_back({{parameter.name, parameter.low}});
        variants.push_back({{parameter.name, parameter.high}});
    }
    std::vector<GameSettings> all;
    for (std::size_t players = 2; players <= 5; ++players) {
        for (const auto& parameters : variants) {
            try {
                all.push_back(GameRegistry::builtin().resolve(
                    game.name, parley::testing::game_settings(players, kRounds, parameters, seed)));
            } catch (const std::invalid_argument&) {
                // not a setting of this game
            }
        }
    }
    return all;
}

// A legal move for `stage`: drawn from `engine`, or the lowest or highest allowed.
enum class Pick { Low, High, Drawn };
std::vector<double> legal(const StageSpec& stage, PartyIndex self, Pick pick, std::mt19937_64& engine) {
    std::vector<double> move(stage.width);
    for (std::size_t i = 0; i < move.size(); ++i) {
        const double span = stage.high - stage.low + (stage.whole ? 1.0 : 0.0);
        double value = pick == Pick::Low    ? stage.low
                       : pick == Pick::High ? stage.high
                                            : stage.low + parley::core::portable::unit_draw(engine) * span;
        if (stage.whole) value = std::min(std::floor(value), stage.high);
        move[i] = stage.per_player && i == self ? 0.0 : value;
    }
    return move;
}

// Plays `game` to its end with legal moves, checking at every stage and
// every round that it does what its description says.
GameResult play_checked(const GameInfo& info, const GameSettings& settings, Pick pick) {
    auto game = GameRegistry::builtin().make(info.name, settings);
    std::mt19937_64 engine(settings.seed + 1);
    game->start();
    while (!game->finished()) {
        const StageSpec stage = game->current_stage();
        const StageInfo* declared = info.stage(stage.name);
        REQUIRE_MESSAGE(declared != nullptr, "the game asks for the undeclared stage " << stage.name);
        CHECK(stage.per_player == declared->per_player);
        CHECK(stage.width == (stage.per_player ? settings.players : 1));
        CHECK(std::isfinite(stage.low));
        CHECK(std::isfinite(stage.high));
        CHECK(stage.low <= stage.high);
        CHECK(names_of(game->state()) == names_of(info.state));
        // The turn, as the runner sends it and a player reads it by the game's description.
        const GameTurn turn = game_turn_from_json(game_turn_to_json({game->round(), stage, game->state()}), info);
        CHECK(turn.stage.name == stage.name);
        CHECK(turn.stage.per_player == stage.per_player);
        CHECK(turn.stage.width == stage.width);
        CHECK(turn.state == game->state());
        for (PartyIndex player = 0; player < settings.players && !game->finished(); ++player) {
            for (const GameDirective& directive : game->on_move(player, legal(stage, player, pick, engine))) {
                if (directive.type == GameDirective::Type::InformStage) {
                    const GameReport report =
                        game_report_from_json(stage_report_to_json(directive.round, directive.moves), info, settings.players);
                    CHECK(report.stage.name == directive.moves.name);
                    CHECK(report.stage.moves == directive.moves.moves);
                }
                if (directive.type == GameDirective::Type::InformRound) {
                    const GameRound& settled = directive.settled;
                    CHECK(settled.payoffs.size() == settings.players);
                    CHECK(settled.received.size() == settings.players);
                    CHECK(names_of(settled.numbers) == names_of(info.round_numbers));
                    const GameReport report =
                        game_report_from_json(round_report_to_json(directive.round, settled), info, settings.players);
                    CHECK(report.settled.payoffs == settled.payoffs);
                    CHECK(report.settled.received == settled.received);
                    CHECK(report.settled.numbers == settled.numbers);
                }
            }
        }
    }
    const GameResult result = game->result();
    CHECK_FALSE(result.offender.has_value());
    CHECK(names_of(result.game_metrics) == names_of(info.metrics));
    CHECK(result.scores.size() == settings.players);
    CHECK(result.cooperation_rates.size() == settings.players);
    return result;
}

// A game of `info` played with legal moves up to stage `stage` of round 0,
// which player 0 is then asked; nullptr when round 0 has fewer stages.
std::unique_ptr<RepeatedGame> at_stage(const GameInfo& info, const GameSettings& settings, std::size_t stage) {
    auto game = GameRegistry::builtin().make(info.name, settings);
    std::mt19937_64 engine(1);
    game->start();
    for (std::size_t k = 0; k < stage; ++k) {
        const StageSpec spec = game->current_stage();
        for (PartyIndex player = 0; player < settings.players; ++player) {
            (void)game->on_move(player, legal(spec, player, Pick::Low, engine));
        }
        if (game->finished() || game->round() > 0) return nullptr;
    }
    return game;
}

void check_refused(RepeatedGame& game, const std::vector<double>& move, const char* what) {
    CAPTURE(what);
    (void)game.on_move(0, move);
    REQUIRE(game.finished());
    const GameResult result = game.result();
    CHECK(result.reason == GameEndReason::Violation);
    CHECK(result.offender == std::optional<PartyIndex>(0));
    CHECK_FALSE(result.detail.empty());
}

}  // namespace

TEST_CASE("conformance: every game's description is complete and consistent") {
    const auto games = GameRegistry::builtin().list();
    REQUIRE_FALSE(games.empty());
    for (const GameInfo* info : games) {
        CAPTURE(info->name);
        CHECK_FALSE(info->description.empty());
        std::set<std::string> parameters;
        for (const auto& parameter : info->parameters) {
            CHECK(parameters.insert(parameter.name).second);
            CHECK_FALSE(parameter.description.empty());
            CHECK(parameter.low <= parameter.default_value);
            CHECK(parameter.default_value <= parameter.high);
        }
        REQUIRE_FALSE(info->stages.empty());
        std::set<std::string> stages;
        for (const auto& stage : info->stages) {
            CHECK_FALSE(stage.name.empty());
            CHECK(stages.insert(stage.name).second);
            CHECK_FALSE(stage.description.empty());
            CHECK(info->stage(stage.name) == &stage);
        }
        CHECK(info->stage("no_such_stage") == nullptr);
        // Numbers become message fields and result columns: unique, described.
        for (const auto* numbers : {&info->state, &info->round_numbers, &info->metrics}) {
            std::set<std::string> names;
            for (const auto& number : *numbers) {
                CHECK_FALSE(number.name.empty());
                CHECK(names.insert(number.name).second);
                CHECK_FALSE(number.description.empty());
            }
        }
        CHECK_FALSE(settings_of(*info, 0).empty());
    }
}

TEST_CASE("conformance: every game does as described, with the lowest, highest and drawn legal moves") {
    for (const GameInfo* info : GameRegistry::builtin().list()) {
        CAPTURE(info->name);
        for (const GameSettings& settings : settings_of(*info, 7, true)) {
            CAPTURE(settings.players);
            for (Pick pick : {Pick::Low, Pick::High, Pick::Drawn}) {
                const GameResult result = play_checked(*info, settings, pick);
                CHECK(result.rounds_played >= 1);
            }
        }
    }
}

TEST_CASE("conformance: every stage of every game refuses every kind of bad move, naming the offender") {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const double infinity = std::numeric_limits<double>::infinity();
    for (const GameInfo* info : GameRegistry::builtin().list()) {
        CAPTURE(info->name);
        for (const GameSettings& settings : settings_of(*info, 3, true)) {
            CAPTURE(settings.players);
            for (std::size_t k = 0;; ++k) {
                CAPTURE(k);
                auto probe = at_stage(*info, settings, k);
                if (!probe) break;
                const StageSpec stage = probe->current_stage();
                CAPTURE(stage.name);
                std::mt19937_64 engine(k);
                const std::vector<double> good = legal(stage, 0, Pick::Drawn, engine);
                const auto with = [&good, &stage](double value) {
                    std::vector<double> move = good;
                    move[stage.per_player ? 1 : 0] = value;
                    return move;
                };
                std::vector<std::pair<std::vector<double>, const char*>> bad = {
                    {with(nan), "not a number"},
                    {with(infinity), "infinite"},
                    {with(stage.low - 1.0), "below the range"},
                    {with(stage.high + 1.0), "above the range"},
                    {{}, "no numbers"},
                };
                std::vector<double> longer = good;
                longer.push_back(stage.low);
                bad.push_back({longer, "one number too many"});
                if (stage.whole && stage.low < stage.high) bad.push_back({with(stage.low + 0.5), "not whole"});
                if (stage.per_player && stage.high > 0.0) {
                    std::vector<double> selfish = good;
                    selfish[0] = stage.high;
                    bad.push_back({selfish, "points to oneself"});
                }
                for (const auto& [move, what] : bad) {
                    auto game = at_stage(*info, settings, k);
                    check_refused(*game, move, what);
                }
                // A second move in the stage (the stage waits for the others).
                auto twice = at_stage(*info, settings, k);
                (void)twice->on_move(0, good);
                REQUIRE_FALSE(twice->finished());
                check_refused(*twice, good, "a second move");
            }
        }
    }
}

TEST_CASE("conformance: every strategy of every game plays legal moves, and a seed reproduces a match") {
    const GameStrategyRegistry& strategies = GameStrategyRegistry::builtin();
    for (const GameInfo* info : GameRegistry::builtin().list()) {
        CAPTURE(info->name);
        const auto registered = strategies.list(info->name);
        REQUIRE_MESSAGE(!registered.empty(), "register the game's strategies (agents) for agents to play it");
        for (const GameSettings& settings : settings_of(*info, 11)) {
            CAPTURE(settings.players);
            for (const auto* strategy : registered) {
                CAPTURE(strategy->name);
                const auto play = [&] {
                    std::vector<GameChooser> players;
                    for (std::size_t i = 0; i < settings.players; ++i) {
                        // The strategy in seat 0, the others a mix of the game's strategies.
                        const std::string& who = i == 0 ? strategy->name : registered[(i * 5) % registered.size()]->name;
                        players.push_back(playable_chooser(strategies, info->name, who, settings, 100 + i));
                    }
                    return play_game(info->name, settings, players);
                };
                const GameResult a = play();
                CHECK_FALSE(a.offender.has_value());
                CHECK(a.reason != GameEndReason::Violation);
                const GameResult b = play();
                CHECK(a.reason == b.reason);
                CHECK(a.rounds_played == b.rounds_played);
                CHECK(a.scores == b.scores);
                CHECK(a.game_metrics == b.game_metrics);
                REQUIRE(a.history.size() == b.history.size());
                for (std::size_t t = 0; t < a.history.size(); ++t) {
                    CHECK(a.history[t].payoffs == b.history[t].payoffs);
                    CHECK(a.history[t].received == b.history[t].received);
                    CHECK(a.history[t].numbers == b.history[t].numbers);
                }
            }
        }
    }
}

TEST_CASE("conformance: the same seed replays a game's own randomness; the wire refuses what the game does not declare") {
    for (const GameInfo* info : GameRegistry::builtin().list()) {
        CAPTURE(info->name);
        for (const GameSettings& settings : settings_of(*info, 5)) {
            const GameResult a = play_checked(*info, settings, Pick::Drawn);
            const GameResult b = play_checked(*info, settings, Pick::Drawn);
            CHECK(a.scores == b.scores);
            CHECK(a.rounds_played == b.rounds_played);
            CHECK(a.game_metrics == b.game_metrics);
            // A turn naming a stage the game does not have is malformed, for this game.
            StageSpec unknown;
            unknown.name = "no_such_stage";
            CHECK_THROWS_AS(game_turn_from_json(game_turn_to_json({0, unknown, {}}), *info), WireError);
            CHECK_THROWS_AS(game_report_from_json(stage_report_to_json(0, {unknown.name, {}}), *info, settings.players),
                            WireError);
        }
    }
    CHECK_THROWS_AS(game_description("no_such_game"), WireError);
}
