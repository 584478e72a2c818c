// The public goods game (games/public_goods.hpp) and the generic repeated
// game machinery (games/repeated_game.hpp): hand-computed payoffs with and
// without punishment, cheap talk told before contributing, the decay of
// contributions among conditional cooperators with a free rider, the metrics
// on hand cases, violations ending the game naming the offender, the registry's
// checks of the parameters.

#include <parley/agents/game_strategy.hpp>
#include <parley/games/commons.hpp>
#include <parley/games/ipd.hpp>
#include <parley/games/public_goods.hpp>
#include <parley/games/repeated_game.hpp>
#include <parley/core/determinism.hpp>

#include "game_test_support.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <memory>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

using namespace parley::worlds;

namespace {

GameSettings public_goods(std::size_t players, std::uint32_t rounds, std::map<std::string, double> parameters = {}) {
    return parley::testing::game_settings(players, rounds, std::move(parameters));
}

// Contributes `amount` every round; punishes per `points` (indexed by player).
GameChooser fixed(double amount, std::vector<double> points = {}) {
    return [amount, points](const GameView& view) -> std::vector<double> {
        if (view.stage.name == kPublicGoodsPunish) {
            return points.empty() ? std::vector<double>(view.players(), 0.0) : points;
        }
        return {amount};
    };
}

// The mean contribution of the last round; the endowment first.
GameChooser conditional_cooperator() {
    return [](const GameView& view) -> std::vector<double> {
        if (view.history.empty()) return {view.parameter("endowment")};
        const StageMoves& last = *view.history.back().stage(kPublicGoodsContribute);
        double sum = 0.0;
        for (const auto& move : last.moves) sum += move[0];
        return {sum / static_cast<double>(last.moves.size())};
    };
}

std::unique_ptr<RepeatedGame> make(const GameSettings& settings) {
    return GameRegistry::builtin().make("public_goods", settings);
}

}  // namespace

TEST_CASE("one public goods round without punishment, by hand") {
    // N = 4, E = 20, r = 1.6; contributions 20, 10, 0, 0: pot 30 * 1.6 = 48, share 12.
    const std::vector<GameChooser> players{fixed(20), fixed(10), fixed(0), fixed(0)};
    const GameResult result = play_game("public_goods", public_goods(4, 1), players);
    REQUIRE(result.reason == GameEndReason::Completed);
    REQUIRE(result.history.size() == 1);
    CHECK(result.history[0].payoffs == std::vector<double>{12, 22, 32, 32});
    CHECK(result.history[0].received == std::vector<double>{12, 12, 12, 12});
    CHECK(result.scores == std::vector<double>{12, 22, 32, 32});
    // Metrics on this hand case.
    CHECK(result.cooperation_rates == std::vector<double>{1.0, 0.5, 0.0, 0.0});
    CHECK(result.cooperation_rate == doctest::Approx(0.375));
    CHECK(result.efficiency == 98.0);
    // Gini: sum over ordered pairs of |x_i - x_j| = 140; 140 / (2 * 4 * 98).
    CHECK(result.equality == doctest::Approx(1.0 - 140.0 / 784.0));
    CHECK(result.timing == doctest::Approx(1.0));
    CHECK(result.peace == 1.0);
    CHECK(result.nash_welfare == 12.0 * 22.0 * 32.0 * 32.0);
    CHECK_FALSE(result.metric(kCommonsResourceLeft).has_value());
}

TEST_CASE("one public goods round with punishment, by hand") {
    // As above, then player 0 gives 2 points to player 2 and 1 to player 3,
    // player 1 gives 1 point to player 2; c = 1, f = 3.
    //   p0 = 12 - 1 * 3 = 9, p1 = 22 - 1 * 1 = 21, p2 = 32 - 3 * 3 = 23, p3 = 32 - 3 * 1 = 29.
    const std::vector<GameChooser> players{fixed(20, {0, 0, 2, 1}), fixed(10, {0, 0, 1, 0}), fixed(0), fixed(0)};
    const GameResult result = play_game("public_goods", public_goods(4, 1, {{"punishment", 1}}), players);
    REQUIRE(result.reason == GameEndReason::Completed);
    CHECK(result.scores == std::vector<double>{9, 21, 23, 29});
    CHECK(result.peace == 0.0);  // every player punished or was punished
    REQUIRE(result.history[0].stage(kPublicGoodsPunish) != nullptr);
    CHECK(result.history[0].stage(kPublicGoodsPunish)->moves[0] == std::vector<double>{0, 0, 2, 1});
}

TEST_CASE("peace, timing and Nash welfare over two rounds") {
    // Round 0: player 0 punishes player 1 (both involved, 2 of 4 agent-rounds at war);
    // round 1: nobody punishes. Peace = 6 / 8.
    int round = 0;
    GameChooser punisher_once = [&round](const GameView& view) -> std::vector<double> {
        if (view.stage.name == kPublicGoodsPunish) {
            return view.round == 0 ? std::vector<double>{0, 1, 0, 0} : std::vector<double>{0, 0, 0, 0};
        }
        ++round;
        return {0};
    };
    const std::vector<GameChooser> players{punisher_once, fixed(0), fixed(0), fixed(0)};
    const GameResult result = play_game("public_goods", public_goods(4, 2, {{"punishment", 1}}), players);
    REQUIRE(result.reason == GameEndReason::Completed);
    CHECK(round == 2);
    CHECK(result.peace == doctest::Approx(0.75));
    // Payoffs: round 0: 19, 17, 20, 20; round 1: 20 each. Positive total 76 + 80 = 156;
    // timing = (76 * 1 + 80 * 2) / (156 * 2).
    CHECK(result.scores == std::vector<double>{39, 37, 40, 40});
    CHECK(result.timing == doctest::Approx(236.0 / 312.0));
    CHECK(result.nash_welfare == 39.0 * 37.0 * 40.0 * 40.0);
    CHECK(result.cooperation_rate == 0.0);
}

TEST_CASE("cheap talk is told to every player before anyone contributes") {
    auto game = make(public_goods(3, 1, {{"talk", 1}, {"multiplier", 2}}));
    std::vector<GameDirective> directives = game->start();
    REQUIRE(directives.size() == 3);
    for (const GameDirective& ask : directives) {
        CHECK(ask.type == GameDirective::Type::Ask);
        CHECK(ask.stage.name == kPublicGoodsTalk);
        CHECK(ask.stage.high == 20.0);
    }
    CHECK(game->on_move(0, 17.0).empty());
    CHECK(game->on_move(1, 5.0).empty());
    directives = game->on_move(2, 0.0);
    // First the announcements to all three, then the asks to contribute.
    REQUIRE(directives.size() == 6);
    for (std::size_t i = 0; i < 3; ++i) {
        CHECK(directives[i].type == GameDirective::Type::InformStage);
        CHECK(directives[i].player == i);
        CHECK(directives[i].moves.name == kPublicGoodsTalk);
        CHECK(directives[i].moves.moves == std::vector<std::vector<double>>{{17}, {5}, {0}});
        CHECK(directives[3 + i].type == GameDirective::Type::Ask);
        CHECK(directives[3 + i].stage.name == kPublicGoodsContribute);
    }
    // The view while contributing carries the talk.
    const GameView seen = game->view(1);
    REQUIRE(seen.current.size() == 1);
    CHECK(seen.current[0].moves[0][0] == 17.0);

    // Through the driver: player 1 contributes what player 0 announced; talk binds nobody.
    GameChooser announcer = [](const GameView& view) -> std::vector<double> {
        return {view.stage.name == kPublicGoodsTalk ? 17.0 : 3.0};
    };
    GameChooser listener = [](const GameView& view) -> std::vector<double> {
        if (view.stage.name == kPublicGoodsTalk) return {0.0};
        return {view.current[0].moves.at(0).at(0)};
    };
    const std::vector<GameChooser> players{announcer, listener, fixed(0)};
    const GameResult result = play_game("public_goods", public_goods(3, 1, {{"talk", 1}, {"multiplier", 2}}), players);
    REQUIRE(result.reason == GameEndReason::Completed);
    const StageMoves* contributions = result.history[0].stage(kPublicGoodsContribute);
    REQUIRE(contributions != nullptr);
    CHECK(contributions->moves == std::vector<std::vector<double>>{{3}, {17}, {0}});
    CHECK(result.history[0].stages[0].name == kPublicGoodsTalk);
}

TEST_CASE("without punishment, contributions of conditional cooperators decay with one free rider") {
    // Three conditional cooperators (the last round's mean contribution, E
    // first) and one free rider: the mean falls by 3/4 every round, 20 * 0.75^t.
    const std::vector<GameChooser> players{conditional_cooperator(), conditional_cooperator(), conditional_cooperator(),
                                           fixed(0)};
    const GameResult result = play_game("public_goods", public_goods(4, 20), players);
    REQUIRE(result.reason == GameEndReason::Completed);
    double previous = 1e9;
    for (const GameRound& round : result.history) {
        const double contribution = round.stage(kPublicGoodsContribute)->moves[0][0];
        CHECK(contribution < previous);
        previous = contribution;
    }
    CHECK(previous < 0.1);  // 20 * 0.75^19 = 0.084
    CHECK(result.cooperation_rates[3] == 0.0);
    // The free rider earns the most.
    CHECK(result.scores[3] > result.scores[0]);
}

TEST_CASE("violations end the game naming the offender") {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    SUBCASE("NaN") {
        auto game = make(public_goods(3, 5));
        game->start();
        game->on_move(0, 1.0);
        CHECK(game->on_move(1, nan).empty());
        REQUIRE(game->finished());
        const GameResult result = game->result();
        CHECK(result.reason == GameEndReason::Violation);
        CHECK(result.offender == 1);
        CHECK(result.detail.find("not finite") != std::string::npos);
        CHECK(result.rounds_played == 0);
    }
    SUBCASE("infinity") {
        auto game = make(public_goods(3, 5));
        game->start();
        game->on_move(2, std::numeric_limits<double>::infinity());
        CHECK(game->result().offender == 2);
    }
    SUBCASE("out of range, above and below") {
        for (double bad : {20.5, -0.001}) {
            auto game = make(public_goods(3, 5));
            game->start();
            game->on_move(2, bad);
            REQUIRE(game->finished());
            CHECK(game->result().reason == GameEndReason::Violation);
            CHECK(game->result().offender == 2);
            CHECK(game->result().detail.find("outside [0, 20]") != std::string::npos);
        }
    }
    SUBCASE("twice in a stage") {
        auto game = make(public_goods(3, 5));
        game->start();
        game->on_move(0, 1.0);
        game->on_move(0, 2.0);
        REQUIRE(game->finished());
        CHECK(game->result().offender == 0);
        CHECK(game->result().detail.find("moved twice") != std::string::npos);
    }
    SUBCASE("a vector of the wrong length") {
        auto game = make(public_goods(3, 5, {{"punishment", 1}}));
        game->start();
        const std::vector<double> two{1.0, 2.0};
        game->on_move(1, two);  // a vector where one number is asked
        REQUIRE(game->finished());
        CHECK(game->result().offender == 1);

        auto punished = make(public_goods(3, 5, {{"punishment", 1}}));
        punished->start();
        for (PartyIndex i = 0; i < 3; ++i) punished->on_move(i, 5.0);
        CHECK(punished->current_stage().name == kPublicGoodsPunish);
        punished->on_move(0, std::vector<double>{0, 1, 0});
        punished->on_move(2, two);  // 2 numbers for 3 players
        REQUIRE(punished->finished());
        CHECK(punished->result().offender == 2);
        CHECK(punished->result().detail.find("2 numbers") != std::string::npos);
    }
    SUBCASE("punishing oneself, or too many points") {
        auto game = make(public_goods(3, 5, {{"punishment", 1}}));
        game->start();
        for (PartyIndex i = 0; i < 3; ++i) game->on_move(i, 5.0);
        game->on_move(1, std::vector<double>{0, 1, 0});
        REQUIRE(game->finished());
        CHECK(game->result().offender == 1);

        auto greedy = make(public_goods(3, 5, {{"punishment", 1}}));
        greedy->start();
        for (PartyIndex i = 0; i < 3; ++i) greedy->on_move(i, 5.0);
        greedy->on_move(0, std::vector<double>{0, 11, 0});
        REQUIRE(greedy->finished());
        CHECK(greedy->result().offender == 0);
    }
    SUBCASE("the round in progress is not scored; earlier rounds are kept") {
        auto game = make(public_goods(3, 5));
        game->start();
        for (PartyIndex i = 0; i < 3; ++i) game->on_move(i, 10.0);
        game->on_move(0, 10.0);
        game->on_move(1, 99.0);
        const GameResult result = game->result();
        CHECK(result.rounds_played == 1);
        CHECK(result.scores == std::vector<double>{26, 26, 26});  // 20 - 10 + 30 * 1.6 / 3
        CHECK(result.offender == 1);
    }
    SUBCASE("a player not in the game, or a move before start, is a runner bug") {
        auto game = make(public_goods(3, 5));
        CHECK_THROWS_AS(game->on_move(0, 1.0), std::logic_error);
        game->start();
        CHECK_THROWS_AS(game->on_move(3, 1.0), std::out_of_range);
        CHECK_FALSE(game->finished());
        CHECK_THROWS_AS(game->result(), std::logic_error);
    }
    SUBCASE("moves after the end are ignored") {
        auto game = make(public_goods(3, 5));
        game->start();
        game->on_move(0, nan);
        CHECK(game->on_move(1, 1.0).empty());
        CHECK(game->result().offender == 0);
    }
    SUBCASE("failures") {
        auto game = make(public_goods(3, 5));
        game->start();
        game->on_failure(2, parley::worlds::Failure::Timeout);
        CHECK(game->result().reason == GameEndReason::Timeout);
        CHECK(game->result().offender == 2);
    }
}

TEST_CASE("the registry checks the parameters") {
    const GameRegistry& registry = GameRegistry::builtin();
    REQUIRE(registry.find("public_goods") != nullptr);
    CHECK_THROWS_AS(registry.make("public_goods", public_goods(4, 5, {{"multiplier", 4}})), std::invalid_argument);
    CHECK_THROWS_AS(registry.make("public_goods", public_goods(4, 5, {{"multiplier", 1}})), std::invalid_argument);
    CHECK_THROWS_AS(registry.make("public_goods", public_goods(4, 5, {{"talk", 0.5}})), std::invalid_argument);
    CHECK_THROWS_AS(registry.make("public_goods", public_goods(4, 5, {{"no_such", 1}})), std::invalid_argument);
    CHECK_THROWS_AS(registry.make("public_goods", public_goods(4, 5, {{"endowment", std::nan("")}})),
                    std::invalid_argument);
    CHECK_THROWS_AS(registry.make("public_goods", public_goods(1, 5)), std::invalid_argument);
    CHECK_THROWS_AS(registry.make("public_goods", public_goods(4, 0)), std::invalid_argument);
    CHECK_THROWS_AS(registry.make("no_such_game", public_goods(4, 5)), std::invalid_argument);
    const GameSettings resolved = registry.resolve("public_goods", public_goods(4, 5));
    CHECK(resolved.parameters.at("endowment") == 20.0);
    CHECK(resolved.parameters.at("multiplier") == 1.6);
    CHECK(resolved.parameters.at("punish_fine") == 3.0);
    for (const GameInfo* info : registry.list()) {
        for (const GameParameterInfo& parameter : info->parameters) {
            CHECK_FALSE(parameter.description.empty());
            CHECK(parameter.default_value >= parameter.low);
            CHECK(parameter.default_value <= parameter.high);
        }
    }
}

TEST_CASE("the same settings and players give the same result") {
    const std::vector<GameChooser> players{conditional_cooperator(), fixed(3, {0, 0, 1}), conditional_cooperator()};
    const GameSettings settings = public_goods(3, 8, {{"punishment", 1}, {"talk", 1}, {"multiplier", 2}});
    const GameResult a = play_game("public_goods", settings, players);
    const GameResult b = play_game("public_goods", settings, players);
    CHECK(a.scores == b.scores);
    REQUIRE(a.history.size() == b.history.size());
    for (std::size_t t = 0; t < a.history.size(); ++t) CHECK(a.history[t].payoffs == b.history[t].payoffs);
}

// --- the registered strategies (agents/game_strategy.hpp) ------------------------

namespace {

using parley::agents::game_chooser;
using parley::agents::GameStrategyRegistry;

GameChooser registered(const std::string& name, std::uint64_t seed = 3) {
    return game_chooser(GameStrategyRegistry::builtin(), "public_goods", name, {}, seed);
}

}  // namespace

TEST_CASE("the public goods strategies") {
    const GameStrategyRegistry& registry = GameStrategyRegistry::builtin();
    for (const char* classic : {"full_contributor", "free_rider", "conditional_cooperator", "punisher"}) {
        CHECK(registry.find("public_goods", classic) != nullptr);
    }
}

TEST_CASE("registered strategies: decay with a free rider, punishment, and the frameworks") {
    // Three conditional cooperators and a free rider: contributions decay toward 0.
    {
        const std::vector<GameChooser> players{registered("conditional_cooperator"),
                                               registered("conditional_cooperator"),
                                               registered("conditional_cooperator"), registered("free_rider")};
        const GameResult result = play_game("public_goods", public_goods(4, 20), players);
        CHECK(result.history.back().stage(kPublicGoodsContribute)->moves[0][0] < 0.1);
        CHECK(result.cooperation_rate < 0.25);
    }
    // Selfish players contribute nothing: efficiency is 4 x 20 x E-only.
    {
        const std::vector<GameChooser> players(4, registered("selfish"));
        const GameResult result = play_game("public_goods", public_goods(4, 10), players);
        CHECK(result.cooperation_rate == 0.0);
        CHECK(result.efficiency == 4 * 10 * 20.0);
    }
    // Punishers fine the free rider: it ends below the punishers' scores, and peace is lost.
    {
        const std::vector<GameChooser> players{registered("punisher"), registered("punisher"), registered("punisher"),
                                               registered("free_rider")};
        const GameResult result = play_game("public_goods", public_goods(4, 5, {{"punishment", 1}}), players);
        // Round 0: pot 60 x 1.6 / 4 = 24 each; the free rider 20 + 24 - 3 x 2 x 3 = 26; punishers 0 + 24 - 2 = 22.
        CHECK(result.history[0].payoffs == std::vector<double>{22, 22, 22, 26});
        CHECK(result.peace == 0.0);
    }
    // Utilitarians and deontologists contribute fully: efficiency r N E per round.
    for (const char* name : {"utilitarian", "deontological", "libertarian", "reciprocal", "rawlsian", "nash"}) {
        CAPTURE(name);
        const std::vector<GameChooser> players(4, registered(name));
        const GameResult result = play_game("public_goods", public_goods(4, 10), players);
        CHECK(result.cooperation_rate == doctest::Approx(1.0));
        CHECK(result.equality == doctest::Approx(1.0));
    }
    // The libertarian stops contributing for good after a free ride; the rawlsian matches the worst-off.
    {
        const std::vector<GameChooser> players{registered("libertarian"), registered("rawlsian"),
                                               registered("free_rider")};
        const GameResult result = play_game("public_goods", public_goods(3, 6, {{"multiplier", 2}}), players);
        CHECK(result.history[0].stage(kPublicGoodsContribute)->moves[0][0] == 20.0);
        CHECK(result.history[1].stage(kPublicGoodsContribute)->moves[0][0] == 0.0);
        CHECK(result.history.back().stage(kPublicGoodsContribute)->moves[1][0] == 0.0);
    }
    // The selfish policy announces E in cheap talk and contributes 0.
    {
        const std::vector<GameChooser> players(3, registered("selfish"));
        const GameResult result =
            play_game("public_goods", public_goods(3, 1, {{"talk", 1}, {"multiplier", 2}}), players);
        CHECK(result.history[0].stage(kPublicGoodsTalk)->moves[0][0] == 20.0);
        CHECK(result.history[0].stage(kPublicGoodsContribute)->moves[0][0] == 0.0);
    }
}

// --- conformance of every registered game (repeated_game.hpp) --------------------

TEST_CASE("conformance: every registered game, driven by its directives with random legal moves") {
    const GameRegistry& registry = GameRegistry::builtin();
    REQUIRE(registry.find("public_goods") != nullptr);
    REQUIRE(registry.find("commons") != nullptr);
    for (const GameInfo* info : registry.list()) {
        CAPTURE(info->name);
        CHECK_FALSE(info->description.empty());
        std::vector<std::map<std::string, double>> variants{{}};
        if (info->name == "public_goods") variants.push_back({{"talk", 1}, {"punishment", 1}});
        if (info->name == "commons") variants.push_back({{"shock", 0.5}, {"collapse", 0}});
        if (info->name == "ipd") variants.push_back({{"noise", 0.2}, {"continuation", 0.8}});
        for (const auto& parameters : variants) {
            for (std::size_t players : {2u, 3u, 5u}) {
                GameSettings settings;
                settings.players = players;
                settings.rounds = 7;
                settings.seed = 42;
                settings.parameters = parameters;
                if (info->name == "public_goods") settings.parameters["multiplier"] = 1.5;
                if (info->name == "ipd" && players != 2) {  // the prisoner's dilemma has exactly 2 players
                    CHECK_THROWS_AS(registry.make(info->name, settings), std::invalid_argument);
                    continue;
                }
                auto game = registry.make(info->name, settings);
                std::mt19937_64 engine(players);
                std::vector<GameDirective> directives = game->start();
                std::uint32_t informed_rounds = 0;
                while (!game->finished()) {
                    // Every player is asked for the same stage, once.
                    std::vector<GameDirective> asks;
                    for (const GameDirective& directive : directives) {
                        if (directive.type == GameDirective::Type::Ask) asks.push_back(directive);
                        if (directive.type == GameDirective::Type::InformRound) {
                            CHECK(directive.settled.payoffs.size() == players);
                            if (directive.player == 0) ++informed_rounds;
                        }
                        if (directive.type == GameDirective::Type::InformStage) {
                            CHECK(directive.moves.moves.size() == players);
                        }
                    }
                    REQUIRE(asks.size() == players);
                    for (std::size_t i = 0; i < players; ++i) {
                        CHECK(asks[i].player == i);
                        CHECK(asks[i].stage.name == asks[0].stage.name);
                        CHECK(asks[i].round == game->round());
                    }
                    directives.clear();
                    for (const GameDirective& ask : asks) {
                        std::vector<double> move(ask.stage.width);
                        for (std::size_t k = 0; k < move.size(); ++k) {
                            const double u = parley::core::portable::unit_draw(engine);
                            move[k] = k == ask.player && ask.stage.name == kPublicGoodsPunish
                                          ? 0.0
                                          : ask.stage.low + u * (ask.stage.high - ask.stage.low);
                            if (ask.stage.whole) move[k] = std::round(move[k]);
                        }
                        for (GameDirective& next : game->on_move(ask.player, move)) directives.push_back(next);
                    }
                }
                for (const GameDirective& directive : directives) {
                    if (directive.type == GameDirective::Type::InformRound && directive.player == 0) ++informed_rounds;
                    CHECK(directive.type != GameDirective::Type::Ask);
                }
                const GameResult result = game->result();
                CHECK((result.reason == GameEndReason::Completed || result.reason == GameEndReason::Collapsed ||
                       result.reason == GameEndReason::Catastrophe));
                CHECK(result.rounds_played == informed_rounds);
                CHECK(result.rounds_played <= settings.rounds);
                CHECK(result.scores.size() == players);
                double sum = 0.0;
                for (double score : result.scores) sum += score;
                CHECK(result.efficiency == doctest::Approx(sum));
                for (double rate : result.cooperation_rates) {
                    CHECK(rate >= 0.0);
                    CHECK(rate <= 1.0);
                }
                CHECK(result.equality >= 1.0 / static_cast<double>(players) - 1e-12);
                CHECK(result.equality <= 1.0);
                CHECK(result.peace >= 0.0);
                CHECK(result.peace <= 1.0);
                CHECK(result.timing >= 0.0);
                CHECK(result.timing <= 1.0);
                CHECK(result.nash_welfare >= 0.0);
                CHECK(result.metric(kCommonsResourceLeft).has_value() == (info->name == "commons"));
                // Moves after the end are ignored.
                CHECK(game->on_move(0, 0.0).empty());
            }
        }
    }
}
