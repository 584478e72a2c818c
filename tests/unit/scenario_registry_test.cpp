// The example scenarios against the real registries: the frameworks,
// mechanisms and game strategies that `parley run` will use, with their own
// parameter checks, which is how the CLI builds its ScenarioVocabulary.

#include <parley/runner/run.hpp>
#include <parley/scenario/scenario.hpp>

#include <doctest/doctest.h>

#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using namespace parley::worlds;

namespace {

// The vocabulary `parley run` loads scenarios with.
ScenarioVocabulary real_vocabulary() { return parley::runner::scenario_vocabulary(); }

}  // namespace

TEST_CASE("the example scenarios load with the real frameworks and mechanisms") {
    for (const auto& entry : fs::directory_iterator(fs::path(PARLEY_SOURCE_DIR) / "scenarios")) {
        if (entry.path().extension() != ".yaml") continue;
        CAPTURE(entry.path().string());
        CHECK_NOTHROW((void)load_scenario(entry.path(), real_vocabulary()));
    }
}

TEST_CASE("builtin mechanism names carry their party ranges") {
    const auto names = builtin_mechanism_names();
    bool rubinstein = false;
    for (const auto& mechanism : names) {
        if (mechanism.name != "rubinstein") continue;
        rubinstein = true;
        CHECK(mechanism.min_parties == 2);
        CHECK(mechanism.max_parties == 2);
    }
    CHECK(rubinstein);
}

TEST_CASE("a framework's own check refuses a bad parameter at load time") {
    const std::string text = "mechanism: {name: saop}\nworld: {generate: {}}\nroster:\n"
                             "  - framework: selfish\n  - framework: reciprocal\n    parameters: {no_such_parameter: 1}\n";
    try {
        (void)parse_scenario(text, "bad.yaml", fs::temp_directory_path(), real_vocabulary());
        FAIL("no error");
    } catch (const ScenarioError& error) {
        CHECK(std::string(error.what()).starts_with("bad.yaml:6: roster[1].parameters: "));
    }
}

TEST_CASE("a game's roster is checked against the real strategies of that game") {
    const std::string text = "world: {game: {name: public_goods, rounds: 5}}\n"
                             "roster:\n  - strategy: free_rider\n  - strategy: punisher\n    parameters: {threshold: 0.4}\n"
                             "matching: {mode: round_robin, self_play: true}\n";
    const Scenario scenario = parse_scenario(text, "game.yaml", fs::temp_directory_path(), real_vocabulary());
    CHECK(episode_count(scenario) == 1 + 2);

    const auto error_of = [](const std::string& scenario_text) -> std::string {
        try {
            (void)parse_scenario(scenario_text, "game.yaml", fs::temp_directory_path(), real_vocabulary());
        } catch (const ScenarioError& error) {
            return error.what();
        }
        return "";
    };
    std::string misspelt = text;
    misspelt.replace(misspelt.find("free_rider"), 10, "free_ridr");
    CHECK(error_of(misspelt) ==
          "game.yaml:3: roster[0].strategy: unknown strategy \"free_ridr\" for public_goods (did you mean 'free_rider'?)");
    std::string bad_parameter = text;
    bad_parameter.replace(bad_parameter.find("threshold"), 9, "no_such_parameter");
    CHECK(error_of(bad_parameter).starts_with("game.yaml:5: roster[1].parameters: "));
}

TEST_CASE("a framework without a policy for a game is not offered in that game") {
    // rubinstein bargains only: in a game it is refused at load time, with the strategies that do play.
    const std::string text = "world: {game: {name: ipd, rounds: 5}}\n"
                             "roster:\n  - framework: rubinstein\n  - strategy: tit_for_tat\n";
    try {
        (void)parse_scenario(text, "game.yaml", fs::temp_directory_path(), real_vocabulary());
        FAIL("no error");
    } catch (const ScenarioError& error) {
        CHECK(std::string(error.what()).starts_with("game.yaml:3: roster[0].framework: unknown strategy \"rubinstein\" for ipd"));
    }
}
