// The learning sandbox's environment of any repeated game (GameEnvironment)
// in public goods, the commons and the race: its determinism, its refusal of
// illegal actions, scores as the game's own RepeatedGame gives them when
// played directly with the same seeds, a score worked out by hand, the
// roster's draw, and bad settings.

#include <parley/sandbox/game_environment.hpp>

#include <parley/agents/game_strategy.hpp>
#include <parley/core/determinism.hpp>

#include "game_test_support.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <functional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

using namespace parley;
using sandbox::EpisodeFigures;
using sandbox::GameEnvironment;
using sandbox::GameEnvironmentSettings;
using sandbox::Step;

namespace {

double figure(const EpisodeFigures& figures, const std::string& name) {
    for (const auto& [key, value] : figures) {
        if (key == name) return value;
    }
    FAIL("no figure " << name);
    return 0.0;
}

// The learner's choice at its n-th step, among the legal actions.
using Script = std::function<std::size_t(std::size_t n, const Step& step)>;

// The `pick`-th legal action (cycling).
std::size_t legal_action(const Step& step, std::size_t pick) {
    std::vector<std::size_t> legal;
    for (std::size_t action = 0; action < step.legal.size(); ++action) {
        if (step.legal[action]) legal.push_back(action);
    }
    REQUIRE_FALSE(legal.empty());
    return legal[pick % legal.size()];
}

// Cycles through the legal actions with a stride that is not the levels'.
std::size_t cycling(std::size_t n, const Step& step) { return legal_action(step, 3 * n + n / 5); }

struct Episode {
    std::vector<std::vector<float>> observations;
    std::vector<std::size_t> actions;
    std::vector<double> rewards;
    EpisodeFigures figures;
    worlds::GameResult result;
    double total_reward() const {
        double total = 0.0;
        for (double reward : rewards) total += reward;
        return total;
    }
};

Episode play(GameEnvironment& environment, std::uint64_t seed, const Script& script) {
    Episode episode;
    auto step = environment.reset(seed);
    for (std::size_t n = 0; !step.done; ++n) {
        REQUIRE(step.observation.size() == environment.observation_size());
        REQUIRE(step.legal.size() == environment.action_count());
        episode.observations.push_back(step.observation);
        episode.actions.push_back(script(n, step));
        step = environment.step(episode.actions.back());
        episode.rewards.push_back(step.reward);
    }
    episode.figures = environment.figures();
    episode.result = environment.result();
    return episode;
}

GameEnvironmentSettings public_goods(std::vector<sandbox::GameOpponent> opponents) {
    return {.game = "public_goods",
            .players = 4,
            .rounds = 8,
            .game_parameters = {{"talk", 1}, {"punishment", 1}},
            .seat = 1,
            .opponents = std::move(opponents)};
}

GameEnvironmentSettings commons(std::vector<sandbox::GameOpponent> opponents) {
    return {.game = "commons",
            .players = 3,
            .rounds = 15,
            .game_parameters = {{"shock", 0.3}},
            .seat = 0,
            .opponents = std::move(opponents)};
}

GameEnvironmentSettings race(std::vector<sandbox::GameOpponent> opponents) {
    return {.game = "race", .players = 3, .rounds = 25, .game_parameters = {}, .seat = 2, .opponents = std::move(opponents)};
}

// Each game with a roster of two or three.
std::vector<GameEnvironmentSettings> every_game() {
    return {public_goods({{"punisher", {}}, {"conditional_cooperator", {}}, {"reciprocal", {}}}),
            commons({{"conditional_harvester", {}}, {"greedy", {}}, {"utilitarian", {}}}),
            race({{"pact_keeper", {}}, {"conditional_keeper", {}}, {"racer", {}}})};
}

// The value of level `level` of `levels` in the stage asked in `view`, as a move:
// what game_observation.hpp says an action stands for, worked out here anew.
std::vector<double> level_move(const worlds::GameView& view, std::size_t level, std::size_t levels) {
    const auto& stage = view.stage;
    const double value = stage.low + (stage.high - stage.low) * static_cast<double>(level) / static_cast<double>(levels - 1);
    std::vector<double> move(stage.width, value);
    if (stage.per_player) move[view.self] = 0.0;
    return move;
}

}  // namespace

TEST_CASE("every game: the same seed and actions give the same episode") {
    for (const auto& settings : every_game()) {
        CAPTURE(settings.game);
        GameEnvironment first(settings);
        GameEnvironment second(settings);
        CHECK(first.world() == settings.game);
        for (std::uint64_t seed : {3U, 8U}) {
            const auto a = play(first, seed, cycling);
            const auto b = play(second, seed, cycling);
            const auto again = play(first, seed, cycling);
            CHECK(a.observations == b.observations);
            CHECK(a.actions == b.actions);
            CHECK(a.rewards == b.rewards);
            CHECK(a.figures == b.figures);
            CHECK(a.figures == again.figures);
            CHECK(a.observations == again.observations);
        }
    }
}

TEST_CASE("every game: an illegal action throws and leaves the episode as it was") {
    for (const auto& settings : every_game()) {
        CAPTURE(settings.game);
        GameEnvironment environment(settings);
        GameEnvironment fresh(settings);
        const auto start = environment.reset(5);
        REQUIRE_FALSE(start.done);
        // An action of another stage, and one out of range.
        std::size_t other = 0;
        while (start.legal[other]) ++other;
        CHECK_THROWS_AS(environment.step(other), std::invalid_argument);
        CHECK_THROWS_AS(environment.step(environment.action_count()), std::invalid_argument);
        auto step = start;
        for (std::size_t n = 0; !step.done; ++n) step = environment.step(cycling(n, step));
        CHECK(environment.figures() == play(fresh, 5, cycling).figures);
    }
}

TEST_CASE("every game: a fixed sequence of actions scores what the game gives when played directly") {
    for (const auto& settings : every_game()) {
        CAPTURE(settings.game);
        GameEnvironment environment(settings);
        for (std::uint64_t seed = 0; seed < 4; ++seed) {
            CAPTURE(seed);
            const auto episode = play(environment, seed, cycling);
            const auto& opponent = settings.opponents[environment.opponent_of(seed)];

            // The same game through its RepeatedGame, the learner's moves the levels of its actions.
            std::size_t turn = 0;
            std::vector<worlds::GameChooser> players;
            for (std::size_t seat = 0; seat < settings.players; ++seat) {
                if (seat == settings.seat) {
                    players.push_back([&](const worlds::GameView& view) {
                        const std::size_t action = episode.actions.at(turn++);
                        return level_move(view, action % settings.levels, settings.levels);
                    });
                } else {
                    players.push_back(agents::game_chooser(agents::GameStrategyRegistry::global(), settings.game,
                                                           opponent.name, opponent.parameters,
                                                           core::party_seed(seed, seat)));
                }
            }
            auto game = environment.game_settings();
            game.seed = core::mechanism_seed(seed);
            const auto direct = worlds::play_game(settings.game, game, players);
            CHECK(turn == episode.actions.size());
            CHECK_FALSE(direct.offender.has_value());
            CHECK(direct.reason == episode.result.reason);
            CHECK(direct.scores == episode.result.scores);
            CHECK(direct.rounds_played == episode.result.rounds_played);
            CHECK(figure(episode.figures, "score") == direct.scores.at(settings.seat));
            CHECK(episode.total_reward() == doctest::Approx(direct.scores.at(settings.seat)).epsilon(1e-12));
            CHECK(figure(episode.figures, "rounds") == static_cast<double>(direct.rounds_played));
            for (std::size_t seat = 0; seat < settings.players; ++seat) {
                CHECK(figure(episode.figures, "score_" + std::to_string(seat)) == direct.scores[seat]);
            }
            CHECK(figure(episode.figures, "cooperation_rate") == direct.cooperation_rates.at(settings.seat));
            for (const auto& [name, value] : direct.game_metrics) CHECK(figure(episode.figures, name) == value);
        }
    }
}

TEST_CASE("public goods: free riding on three full contributors scores as worked out by hand") {
    GameEnvironmentSettings settings{.game = "public_goods", .players = 4, .rounds = 10, .opponents = {{"full_contributor", {}}}};
    settings.reward_scale = 0.5;
    GameEnvironment environment(settings);
    CHECK(environment.action_names().front() == "contribute 0");
    const auto episode = play(environment, 1, [](std::size_t, const Step&) { return std::size_t{0}; });
    // Each round: E - 0 + r (3 E) / N = 20 + 1.6 x 60 / 4 = 44; the others 1.6 x 60 / 4 = 24.
    CHECK(figure(episode.figures, "score") == doctest::Approx(440.0));
    CHECK(figure(episode.figures, "mean_payoff") == doctest::Approx(44.0));
    CHECK(figure(episode.figures, "score_1") == doctest::Approx(240.0));
    CHECK(figure(episode.figures, "cooperation_rate") == 0.0);
    CHECK(figure(episode.figures, "mean_cooperation_rate") == doctest::Approx(0.75));
    CHECK(episode.rewards.size() == 10);
    CHECK(episode.total_reward() == doctest::Approx(220.0));  // scaled by a half
}

TEST_CASE("commons: harvesting everything with greedy neighbours collapses the stock and ends the episode") {
    GameEnvironmentSettings settings{.game = "commons", .players = 4, .rounds = 30, .opponents = {{"greedy", {}}}};
    GameEnvironment environment(settings);
    const auto episode = play(environment, 2, [](std::size_t, const Step& step) { return step.legal.size() - 1; });
    // 40 asked of 50: 10 left regrows to 14.5; then 14.5 is shared and the stock collapses.
    CHECK(episode.result.reason == worlds::GameEndReason::Collapsed);
    CHECK(figure(episode.figures, "rounds") == 2.0);
    CHECK(figure(episode.figures, "score") == doctest::Approx(10.0 + 14.5 / 4));
    CHECK(figure(episode.figures, "resource_left") == 0.0);
}

TEST_CASE("the roster: each episode meets the entry its seed draws, and every entry is met") {
    auto settings = every_game()[1];
    GameEnvironment environment(settings);
    std::set<std::size_t> met;
    for (std::uint64_t seed = 0; seed < 30; ++seed) {
        const auto drawn = environment.opponent_of(seed);
        REQUIRE(drawn < settings.opponents.size());
        met.insert(drawn);
        CHECK(drawn == core::derive_seed(seed, sandbox::kOpponentStream) % settings.opponents.size());
        const auto episode = play(environment, seed, cycling);
        CHECK(figure(episode.figures, "opponent") == static_cast<double>(drawn));
        // Alone in the roster, that entry plays the same episode.
        auto alone = settings;
        alone.opponents = {settings.opponents[drawn]};
        GameEnvironment single(alone);
        const auto same = play(single, seed, cycling);
        CHECK(same.observations == episode.observations);
        CHECK(same.result.scores == episode.result.scores);
    }
    CHECK(met.size() == settings.opponents.size());
}

TEST_CASE("bad settings are refused") {
    auto settings = every_game()[0];
    auto bad = settings;
    bad.opponents.clear();
    CHECK_THROWS_AS(GameEnvironment{bad}, std::invalid_argument);
    bad = settings;
    bad.opponents.push_back({"no_such_strategy", {}});
    CHECK_THROWS_AS(GameEnvironment{bad}, std::invalid_argument);
    bad = settings;
    bad.seat = 4;
    CHECK_THROWS_AS(GameEnvironment{bad}, std::invalid_argument);
    bad = settings;
    bad.game = "no_such_game";
    CHECK_THROWS_AS(GameEnvironment{bad}, std::invalid_argument);
    bad = settings;
    bad.game_parameters["multiplier"] = 9;
    CHECK_THROWS_AS(GameEnvironment{bad}, std::invalid_argument);
    bad = settings;
    bad.levels = 1;
    CHECK_THROWS_AS(GameEnvironment{bad}, std::invalid_argument);
    bad = settings;
    bad.reward_scale = 0.0;
    CHECK_THROWS_AS(GameEnvironment{bad}, std::invalid_argument);
    GameEnvironment environment(settings);
    CHECK_THROWS_AS(environment.step(0), std::logic_error);
    environment.reset(1);
    CHECK_THROWS_AS(environment.figures(), std::logic_error);
}
