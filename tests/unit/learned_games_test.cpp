// The learned framework's game players (frameworks/learned_games.cpp), with a
// fixed fake policy given to provide_policy: in a real RepeatedGame driven as
// a tournament drives a match, each sees exactly the observations the
// sandbox's GameEnvironment gives for the same seat and seed and makes
// exactly its moves; a model of another world or of other settings, or none,
// is refused; a policy's fallback is still played.

#include <parley/sandbox/game_environment.hpp>

#include <parley/agents/action_policy.hpp>
#include <parley/agents/game_strategy.hpp>
#include <parley/core/determinism.hpp>

#include "learned_games_support.hpp"

#include <doctest/doctest.h>

#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

using namespace parley;

namespace {

// A policy that is a fixed function of what it sees: a hash of the
// observation picks one of the legal actions. It records what it saw.
class FakePolicy final : public agents::ActionPolicy {
public:
    FakePolicy(agents::PolicySpaces spaces, bool falls_back = false)
        : spaces_(std::move(spaces)), falls_back_(falls_back) {}

    const agents::PolicySpaces& spaces() const override { return spaces_; }

    agents::PolicyDecision act(std::span<const float> observation, const std::vector<bool>& legal) override {
        std::lock_guard lock(mutex_);
        REQUIRE(observation.size() == spaces_.observation_size);
        REQUIRE(legal.size() == spaces_.action_names.size());
        seen.emplace_back(observation.begin(), observation.end());
        std::uint64_t hash = 1469598103934665603ULL;
        for (float value : observation) hash = (hash ^ static_cast<std::uint64_t>(value * 1000.0F)) * 1099511628211ULL;
        std::vector<std::size_t> allowed;
        for (std::size_t action = 0; action < legal.size(); ++action) {
            if (legal[action]) allowed.push_back(action);
        }
        return {allowed.at(hash % allowed.size()), falls_back_};
    }

    std::vector<std::vector<float>> seen;

private:
    std::mutex mutex_;
    agents::PolicySpaces spaces_;
    bool falls_back_;
};

// A fake policy fitting `environment`, provided as `key`.
std::shared_ptr<FakePolicy> provide_fake(const std::string& key, const sandbox::Environment& environment,
                                         bool falls_back = false) {
    auto policy = std::make_shared<FakePolicy>(
        agents::PolicySpaces{environment.world(), environment.observation_size(), environment.action_names()},
        falls_back);
    agents::provide_policy(key, policy);
    return policy;
}

sandbox::GameEnvironmentSettings setting(std::string game, std::size_t players, std::uint32_t rounds,
                                         std::map<std::string, double> parameters, std::size_t seat,
                                         std::string opponent) {
    return {.game = std::move(game),
            .players = players,
            .rounds = rounds,
            .game_parameters = std::move(parameters),
            .seat = seat,
            .opponents = {{std::move(opponent), {}}},
            .memory = 2,
            .levels = 4};
}

std::vector<sandbox::GameEnvironmentSettings> every_game() {
    return {setting("public_goods", 4, 8, {{"talk", 1}, {"punishment", 1}}, 2, "reciprocal"),
            setting("commons", 3, 12, {{"shock", 0.2}}, 0, "conditional_harvester"),
            setting("race", 3, 25, {}, 1, "conditional_keeper"),
            setting("ipd", 2, 30, {{"noise", 0.1}}, 1, "tit_for_tat")};
}

// The policy's episode in the sandbox: its actions chosen by the policy itself.
worlds::GameResult sandbox_episode(sandbox::GameEnvironment& environment, agents::ActionPolicy& policy,
                                   std::uint64_t seed) {
    for (auto step = environment.reset(seed); !step.done;) {
        step = environment.step(policy.act(step.observation, step.legal).action);
    }
    return environment.result();
}

// The learned player of `model` in seat `seat` of a match of `settings` played
// by worlds::play_game with a match's seeds, the others `opponent`.
worlds::GameResult tournament_match(const sandbox::GameEnvironment& environment,
                                    const sandbox::GameEnvironmentSettings& settings, const std::string& model,
                                    std::uint64_t seed) {
    std::vector<worlds::GameChooser> players;
    for (std::size_t seat = 0; seat < settings.players; ++seat) {
        players.push_back(seat == settings.seat
                              ? testing::learned_chooser(settings.game, model, core::party_seed(seed, seat))
                              : agents::game_chooser(agents::GameStrategyRegistry::global(), settings.game,
                                                     settings.opponents[0].name, {}, core::party_seed(seed, seat)));
    }
    auto game = environment.game_settings();
    game.seed = core::mechanism_seed(seed);
    return worlds::play_game(settings.game, game, players);
}

}  // namespace

TEST_CASE("in a real match the learned player sees and plays exactly what the sandbox gives for the same actions") {
    for (const auto& settings : every_game()) {
        CAPTURE(settings.game);
        sandbox::GameEnvironment environment(settings);
        const std::string key = "fake " + settings.game;
        const auto policy = provide_fake(key, environment);
        for (std::uint64_t seed : {4U, 19U}) {
            CAPTURE(seed);
            policy->seen.clear();
            const auto trained = sandbox_episode(environment, *policy, seed);
            const auto in_sandbox = policy->seen;
            policy->seen.clear();
            const auto played = tournament_match(environment, settings, key, seed);
            CHECK(policy->seen == in_sandbox);
            REQUIRE(played.history.size() == trained.history.size());
            for (std::size_t round = 0; round < played.history.size(); ++round) {
                const auto& a = played.history[round].stages;
                const auto& b = trained.history[round].stages;
                REQUIRE(a.size() == b.size());
                for (std::size_t stage = 0; stage < a.size(); ++stage) CHECK(a[stage].moves == b[stage].moves);
            }
            CHECK(played.scores == trained.scores);
            CHECK(played.reason == trained.reason);
            CHECK_FALSE(played.offender.has_value());
        }
    }
}

TEST_CASE("a policy's fallback is played as its choice") {
    const auto settings = every_game()[1];
    sandbox::GameEnvironment environment(settings);
    const auto policy = provide_fake("falls back", environment, true);
    const auto trained = sandbox_episode(environment, *policy, 3);
    const auto played = tournament_match(environment, settings, "falls back", 3);
    CHECK(played.scores == trained.scores);
}

TEST_CASE("a missing model, one of another world and one of other settings are refused") {
    CHECK_THROWS_AS(testing::learned_player("commons", ""), std::invalid_argument);
    for (const auto& info : agents::frameworks::learned_games()) {
        CHECK(info.name == "learned");
        CHECK_THROWS_AS(info.make({}), std::invalid_argument);
        CHECK_THROWS_AS(info.make({{"model", "m"}, {"no_such_parameter", "1"}}), std::invalid_argument);
    }
    CHECK(agents::frameworks::learned_games().size() == worlds::GameRegistry::builtin().list().size());

    const auto commons = every_game()[1];
    sandbox::GameEnvironment environment(commons);
    provide_fake("for commons", environment);
    // Another world, or no such file: refused when the player is made (a scenario's check), naming why.
    CHECK_THROWS_WITH_AS(testing::learned_player("race", "for commons"),
                         doctest::Contains("trained for commons, not for race"), std::invalid_argument);
    CHECK_THROWS_WITH_AS(testing::learned_player("commons", "no such file"), doctest::Contains("no such model file"),
                         std::invalid_argument);
    // The commons with another group size: the observation has another size.
    auto other = commons;
    other.players = 4;
    CHECK_THROWS_AS(tournament_match(sandbox::GameEnvironment(other), other, "for commons", 1), agents::PolicyLoadError);
}
