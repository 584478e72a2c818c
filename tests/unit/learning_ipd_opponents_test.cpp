// The ipd against several opponents: each episode meets the opponent its seed
// chooses, plays exactly as IpdEnvironment against that opponent, and every
// opponent is met; bad settings are refused.

#include <parley/sandbox/ipd_opponents_environment.hpp>

#include <doctest/doctest.h>

#include <set>
#include <stdexcept>

using namespace parley;

namespace {

sandbox::IpdOpponentsSettings three_opponents() {
    sandbox::IpdOpponentsSettings settings;
    settings.opponents = {{"all_d", {}}, {"tit_for_tat", {}}, {"random", {}}};
    settings.rounds = 20;
    settings.game_parameters = {{"noise", 0.1}};
    return settings;
}

// The observations and rewards of an episode where the learner alternates C and D.
std::vector<std::vector<float>> alternate(sandbox::Environment& environment, std::uint64_t seed) {
    std::vector<std::vector<float>> seen;
    std::size_t action = 0;
    for (auto step = environment.reset(seed); !step.done; action = 1 - action) {
        seen.push_back(step.observation);
        step = environment.step(action);
        seen.push_back({static_cast<float>(step.reward)});
    }
    return seen;
}

}  // namespace

TEST_CASE("an episode plays as IpdEnvironment against the opponent its seed chooses") {
    const auto settings = three_opponents();
    sandbox::IpdOpponentsEnvironment mixed(settings);
    CHECK(mixed.world() == "ipd");
    CHECK(mixed.observation_size() == agents::ipd_observation_size(settings.memory));
    CHECK(mixed.action_count() == 2);
    std::set<std::size_t> met;
    for (std::uint64_t seed = 0; seed < 30; ++seed) {
        const auto opponent = mixed.opponent_of(seed);
        REQUIRE(opponent < settings.opponents.size());
        met.insert(opponent);
        sandbox::IpdSettings one;
        one.opponent = settings.opponents[opponent].name;
        one.rounds = settings.rounds;
        one.game_parameters = settings.game_parameters;
        one.memory = settings.memory;
        sandbox::IpdEnvironment alone(one);
        CHECK(alternate(mixed, seed) == alternate(alone, seed));
        auto figures = mixed.figures();
        REQUIRE(figures.back().first == "opponent");
        CHECK(figures.back().second == static_cast<double>(opponent));
        figures.pop_back();
        CHECK(figures == alone.figures());
        CHECK(mixed.opponent_of(seed) == opponent);
    }
    CHECK(met.size() == settings.opponents.size());
}

TEST_CASE("no opponent, or an unknown one, is refused") {
    auto settings = three_opponents();
    settings.opponents.clear();
    CHECK_THROWS_AS(sandbox::IpdOpponentsEnvironment{settings}, std::invalid_argument);
    settings = three_opponents();
    settings.opponents.push_back({"no_such_strategy", {}});
    CHECK_THROWS_AS(sandbox::IpdOpponentsEnvironment{settings}, std::invalid_argument);
}

TEST_CASE("the shared observation maps a memory to its size and back") {
    for (std::size_t memory = 1; memory < 6; ++memory) {
        CHECK(agents::ipd_memory_of(agents::ipd_observation_size(memory)) == memory);
    }
    CHECK_FALSE(agents::ipd_memory_of(1).has_value());
    CHECK_FALSE(agents::ipd_memory_of(6).has_value());
    CHECK(agents::ipd_action_move(0) == worlds::DilemmaMove::Cooperate);
    CHECK(agents::ipd_action_move(1) == worlds::DilemmaMove::Defect);
    CHECK_THROWS_AS(agents::ipd_action_move(2), std::invalid_argument);
}
