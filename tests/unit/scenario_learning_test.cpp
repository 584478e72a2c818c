// The learning section (read_learning.cpp): what `parley train` trains, read
// with the world's names, and its errors at the file's line and key.

#include "scenario_test_helpers.hpp"

#include <stdexcept>
#include <string>
#include <vector>

using namespace scenario_test;

namespace {

const std::string kLearning = R"(learning:
  opponents:
    - framework: reciprocal
    - framework: selfish
      count: 3
  reward: {utilitarian: 0.5, own_utility: 0.5}
  episodes: 480
  seed: 9
  checkpoint_every: 96
  model: models/t.pt
  targets: [1.0, 0.8, 0.6]
  ppo: {hidden_sizes: [32, 16], learning_rate: 0.001}
)";

std::string learning_scenario(const std::string& find = "", const std::string& replace = "") {
    auto text = kValid + kLearning;
    return find.empty() ? text : replaced(text, find, replace);
}

}  // namespace

TEST_CASE("learning: every key is read, with the world's names for the opponents") {
    const auto scenario = parse(learning_scenario());
    REQUIRE(scenario.learning);
    const auto& learning = *scenario.learning;
    CHECK(learning.seat == 0);
    REQUIRE(learning.opponents.size() == 2);
    CHECK(learning.opponents[0].framework == "reciprocal");
    CHECK(learning.opponents[1].framework == "selfish");
    CHECK(learning.opponents[1].count == 3);
    CHECK_FALSE(learning.self_play);
    REQUIRE(learning.reward.parts.size() == 2);
    CHECK(learning.reward.parts[0] == std::pair<std::string, double>{"utilitarian", 0.5});
    CHECK(learning.reward.parts[1] == std::pair<std::string, double>{"own_utility", 0.5});
    CHECK(learning.episodes == 480);
    CHECK(learning.seed == 9);
    CHECK(learning.checkpoint_every == 96);
    CHECK(learning.model == "models/t.pt");
    CHECK(learning.targets == std::vector<double>{1.0, 0.8, 0.6});
    CHECK(learning.ppo == std::vector<std::pair<std::string, std::string>>{{"hidden_sizes", "32,16"},
                                                                           {"learning_rate", "0.001"}});
}

TEST_CASE("learning: the defaults, self-play, and none without the section") {
    CHECK_FALSE(parse(kValid).learning);
    const auto scenario = parse(kValid + "learning:\n  opponents: self_play\n");
    REQUIRE(scenario.learning);
    CHECK(scenario.learning->self_play);
    CHECK(scenario.learning->opponents.empty());
    CHECK(scenario.learning->seed == 1);  // the scenario's
    CHECK(scenario.learning->episodes == 1000);
    CHECK(scenario.learning->model == "models/t.pt");  // models/<name>.pt
    CHECK(scenario.learning->reward.parts == std::vector<std::pair<std::string, double>>{{"own_utility", 1.0}});
}

TEST_CASE("learning: a game's opponents are its strategies, and its seat one of its players") {
    const auto scenario = parse_game(kGame + "learning:\n  seat: 1\n  opponents:\n    - strategy: tit_for_tat\n  memory: 3\n");
    REQUIRE(scenario.learning);
    CHECK(scenario.learning->seat == 1);
    CHECK(scenario.learning->memory == 3);
    CHECK(scenario.learning->opponents.at(0).framework == "tit_for_tat");
}

TEST_CASE("learning: invalid sections name the file, the line and the key") {
    check_errors({
        {"an unknown opponent", learning_scenario("framework: selfish\n      count: 3", "framework: selfsh"),
         "test.yaml:19: learning.opponents[1].framework: unknown framework \"selfsh\" (did you mean 'selfish'?)"},
        {"an unknown reward", learning_scenario("reward: {utilitarian: 0.5, own_utility: 0.5}", "reward: utilitarain"),
         "test.yaml:21: learning.reward: unknown reward \"utilitarain\" (did you mean 'utilitarian'?)"},
        {"a seat the mechanism does not have", learning_scenario("  opponents:", "  seat: 2\n  opponents:"),
         "test.yaml:17: learning.seat: must be at most 1, got \"2\""},
        {"a target out of range", learning_scenario("[1.0, 0.8, 0.6]", "[1.0, 1.8]"),
         "test.yaml:26: learning.targets[1]: must be a number from 0 to 1, got \"1.8\""},
        {"an unknown key", learning_scenario("  episodes: 480", "  epsiodes: 480"),
         "test.yaml:22: learning.epsiodes: unknown key (did you mean 'episodes'?)"},
        {"no opponents", kValid + "learning:\n  episodes: 10\n",
         "test.yaml:17: learning.opponents: required key is missing"},
    });
    CHECK(game_error_of(kGame + "learning:\n  opponents: self_play\n  reward: utilitarian\n") ==
          "test.yaml:19: learning.reward: a game's reward is the learner's payoff, round by round; reward applies to "
          "negotiations");
}

TEST_CASE("learning: the hyper-parameters are checked by the trainer's rules, at the section's line") {
    auto vocabulary = test_vocabulary();
    vocabulary.check_learning_parameters = [](const std::vector<std::pair<std::string, std::string>>& ppo) {
        for (const auto& [key, value] : ppo) {
            if (key == "learning_rate" && value == "0.001") throw std::invalid_argument("learning_rate is too small");
        }
    };
    try {
        (void)parse_scenario(learning_scenario(), "test.yaml", fs::temp_directory_path(), vocabulary);
        FAIL("the check was not called");
    } catch (const ScenarioError& error) {
        CHECK(std::string(error.what()) == "test.yaml:27: learning.ppo: learning_rate is too small");
    }
}

TEST_CASE("learning: a sweep is refused (one model, one world)") {
    const auto text = learning_scenario() + "sweep:\n  mechanism.rounds: [10, 20]\n";
    CHECK(contains(error_of(text), "learning: a training scenario trains one model for one world: remove the sweep"));
}
