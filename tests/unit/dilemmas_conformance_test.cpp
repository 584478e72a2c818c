// One conformance test for every strategy of every game in
// GameStrategyRegistry::builtin(): documented, strict about its parameters,
// legal and deterministic in several settings of its world, against itself
// and against a mix of the world's other strategies. A world with no
// settings here is played at its defaults (from the game registry), so a new
// game needs no edit; settings here reach a world's corners. A strategy that
// requires a model (the learned player) plays a test policy made for the
// layout of each setting (learned_test_policy.hpp).

#include <parley/agents/framework.hpp>
#include <parley/agents/game_strategy.hpp>
#include <parley/games/repeated_game.hpp>

#include "game_test_support.hpp"
#include "learned_test_policy.hpp"

#include <doctest/doctest.h>

#include <map>
#include <stdexcept>
#include <string>
#include <vector>

using namespace parley::worlds;
using parley::agents::GameStrategyRegistry;
using parley::learned_test::playable_chooser;

namespace {

GameSettings settings_of(std::size_t players, std::uint32_t rounds, std::map<std::string, double> parameters = {},
                         std::uint64_t seed = 0) {
    return parley::testing::game_settings(players, rounds, std::move(parameters), seed);
}

// Settings that reach each world's corners: talk and punishment stages,
// shocks and collapse, no pact talk, a certain catastrophe, noise and a random length.
const std::map<std::string, std::vector<GameSettings>>& settings_by_world() {
    static const std::map<std::string, std::vector<GameSettings>> all{
        {"ipd",
         {settings_of(2, 60), settings_of(2, 40, {{"noise", 0.2}, {"continuation", 0.9}}, 5),
          settings_of(2, 30, {{"reward", 4}, {"temptation", 7}, {"punishment", 2}, {"sucker", -1}})}},
        {"public_goods",
         {settings_of(4, 12), settings_of(4, 12, {{"talk", 1}, {"punishment", 1}}),
          settings_of(2, 6, {{"multiplier", 1.5}, {"punishment", 1}, {"max_points", 0.5}}),
          settings_of(5, 6, {{"endowment", 7}, {"multiplier", 3}, {"talk", 1}})}},
        {"commons",
         {settings_of(4, 30), settings_of(2, 20, {{"stock", 100}, {"growth", 1}, {"max_harvest", 30}}),
          settings_of(5, 25, {{"shock", 0.3}, {"collapse", 0}}, 17),
          settings_of(3, 10, {{"stock", 5}, {"max_harvest", 0}})}},
        {"race",
         {settings_of(4, 30), settings_of(2, 12, {{"pact_rounds", 0}, {"hazard", 1}, {"threshold", 4}}),
          settings_of(5, 15, {{"pact_rounds", 3}, {"safety_rate", 3}, {"capability_rate", 0.7}}, 17),
          settings_of(3, 8, {{"safety_rate", 0}, {"prize", 0}, {"catastrophe_cost", 0}})}},
    };
    return all;
}

// `world` at its defaults (from the game registry) at every group size from
// 2 to 5 that it accepts: what a new game is played in with no edit here.
std::vector<GameSettings> default_settings(const std::string& world) {
    std::vector<GameSettings> all;
    for (std::size_t players = 2; players <= 5; ++players) {
        try {
            all.push_back(GameRegistry::builtin().resolve(world, settings_of(players, GameSettings{}.rounds)));
        } catch (const std::invalid_argument&) {
            // not a group size of this game
        }
    }
    return all;
}

// Its defaults, then the settings above that it has.
std::vector<GameSettings> settings_for(const std::string& world) {
    std::vector<GameSettings> all = default_settings(world);
    const auto given = settings_by_world().find(world);
    if (given != settings_by_world().end()) all.insert(all.end(), given->second.begin(), given->second.end());
    return all;
}

// `name` in seat 0; the others itself, or a mix of the world's strategies,
// each made to play under `settings`.
std::vector<GameChooser> roster(const std::string& world, const std::string& name, const GameSettings& settings,
                                bool mixed) {
    const auto strategies = GameStrategyRegistry::builtin().list(world);
    std::vector<GameChooser> choosers;
    for (std::size_t i = 0; i < settings.players; ++i) {
        const std::string& who = (!mixed || i == 0) ? name : strategies[i * 3 % strategies.size()]->name;
        choosers.push_back(playable_chooser(GameStrategyRegistry::builtin(), world, who, settings, i + 3));
    }
    return choosers;
}

}  // namespace

TEST_CASE("conformance: every strategy of every world plays legal moves, deterministically, in every setting") {
    const GameStrategyRegistry& registry = GameStrategyRegistry::builtin();
    for (const std::string& world : registry.worlds()) {
        CAPTURE(world);
        REQUIRE(GameRegistry::builtin().find(world) != nullptr);
        REQUIRE_MESSAGE(!default_settings(world).empty(), "the game takes its defaults at none of 2 to 5 players");
        const std::vector<GameSettings> settings = settings_for(world);
        for (const auto* info : registry.list(world)) {
            CAPTURE(info->name);
            CHECK_FALSE(info->description.empty());
            CHECK_THROWS_AS(registry.make(world, info->name, {{"no_such_parameter", "1"}}), std::invalid_argument);
            for (const GameSettings& setting : settings) {
                for (bool mixed : {false, true}) {
                    const GameResult a = play_game(world, setting, roster(world, info->name, setting, mixed));
                    CHECK((a.reason == GameEndReason::Completed || a.reason == GameEndReason::Collapsed ||
                           a.reason == GameEndReason::Catastrophe));
                    CHECK_FALSE(a.offender.has_value());
                    const GameResult b = play_game(world, setting, roster(world, info->name, setting, mixed));
                    CHECK(a.scores == b.scores);
                    CHECK(a.rounds_played == b.rounds_played);
                }
            }
        }
    }
    CHECK_THROWS_AS(registry.make("public_goods", "no_such_strategy"), std::invalid_argument);
    CHECK_THROWS_AS(registry.make("no_such_world", "selfish"), std::invalid_argument);
}

TEST_CASE("a value framework plays, under its name, exactly the games it has a policy for; classic names belong to one world") {
    const GameStrategyRegistry& registry = GameStrategyRegistry::builtin();
    const auto& frameworks = parley::agents::FrameworkRegistry::builtin();
    std::size_t players = 0;
    for (const auto* framework : frameworks.list()) {
        CAPTURE(framework->name);
        // A game added after a framework is played by it once the framework has a policy
        // for it (ARCHITECTURE.md, "Add a repeated game"); until then it is not offered.
        if (framework->games.empty()) continue;
        ++players;
        for (const auto* game : GameRegistry::builtin().list()) {
            CAPTURE(game->name);
            const auto* policy = registry.find(game->name, framework->name);
            CHECK(policy == framework->game_policy(game->name));
            if (policy != nullptr) CHECK(policy->name == framework->name);
        }
        for (const auto& policy : framework->games) CHECK(GameRegistry::builtin().find(policy.world) != nullptr);
    }
    CHECK(players >= 7);  // the built-in frameworks that play games at least
    for (const std::string& world : registry.worlds()) {
        CAPTURE(world);
        // Agent processes are named by strategy: a classic name in two worlds would be ambiguous.
        for (const auto* info : registry.list(world)) {
            if (frameworks.find(info->name) != nullptr) continue;
            for (const std::string& other : registry.worlds()) {
                if (other != world) CHECK(registry.find(other, info->name) == nullptr);
            }
        }
    }
}
