// The roster section (read_roster.cpp): frameworks in a negotiation,
// strategies in a game, counts, labels and parameters.

#include "scenario_test_helpers.hpp"

#include <stdexcept>
#include <string>
#include <vector>

using namespace scenario_test;

TEST_CASE("roster: invalid entries name the file, the line and the key") {
    check_errors({
        {"count is not a number", with("    count: 2", "    count: two"),
         "test.yaml:13: roster[1].count: must be a positive integer, got \"two\""},
        {"negative count", with("    count: 2", "    count: -1"),
         "test.yaml:13: roster[1].count: must be a positive integer, got \"-1\""},
        {"zero count", with("    count: 2", "    count: 0"),
         "test.yaml:13: roster[1].count: must be a positive integer, got \"0\""},
        {"missing roster",
         with("roster:\n  - framework: selfish\n  - framework: reciprocal\n    count: 2\n", ""),
         "test.yaml:1: roster: required key is missing"},
        {"empty roster", with("roster:\n  - framework: selfish\n  - framework: reciprocal\n    count: 2\n", "roster: []\n"),
         "test.yaml:10: roster: must be a non-empty list of frameworks, got a list"},
        {"unknown framework, near miss", with("framework: selfish", "framework: selfsh"),
         "test.yaml:11: roster[0].framework: unknown framework \"selfsh\" (did you mean 'selfish'?)"},
        {"unknown framework, far", with("framework: selfish", "framework: hedonist"),
         "test.yaml:11: roster[0].framework: unknown framework \"hedonist\"; known frameworks are selfish, reciprocal, "
         "utilitarian, rawlsian, nash, deontological, libertarian or rubinstein"},
        {"duplicate labels", with("    count: 2", "    label: selfish"),
         "test.yaml:13: roster[1].label: \"selfish\" is already the label of roster[0]; give each entry its own label"},
        {"label with a space", with("    count: 2", "    label: my agent"),
         "test.yaml:13: roster[1].label: \"my agent\" is not a valid label (letters, digits, '_', '-', '.')"},
        {"parameter that is a map", with("    count: 2", "    parameters:\n      mirror: {a: 1}"),
         "test.yaml:14: roster[1].parameters.mirror: must be a single value, got a map"},
        {"a strategy in a negotiation", with("framework: selfish", "strategy: selfish"),
         "test.yaml:11: roster[0].strategy: strategies play game worlds (world.game); a negotiation's roster names a "
         "framework"},
    });
}

TEST_CASE("roster: a game's strategies") {
    check_game_errors({
        {"unknown strategy, near miss", game_with("strategy: all_d", "strategy: all_dd"),
         "test.yaml:11: roster[1].strategy: unknown strategy \"all_dd\" for ipd (did you mean 'all_d'?)"},
        {"unknown strategy written as a framework", game_with("framework: reciprocal", "framework: rubinstein"),
         "test.yaml:12: roster[2].framework: unknown strategy \"rubinstein\" for ipd; the strategies of ipd are all_c, "
         "all_d, grudger, tit_for_tat, reciprocal or selfish"},
        {"both strategy and framework",
         game_with("  - framework: reciprocal", "  - {framework: reciprocal, strategy: grudger}"),
         "test.yaml:12: roster[2].strategy: give either strategy or framework, not both (they name the same thing)"},
        {"neither strategy nor framework", game_with("  - framework: reciprocal", "  - count: 2"),
         "test.yaml:12: roster[2].strategy: required key is missing (write strategy: NAME or framework: NAME)"},
        {"a strategy's own parameter check",
         game_with("  - strategy: all_d", "  - strategy: all_d\n    parameters: {bad: 1}"),
         "test.yaml:12: roster[1].parameters: ipd/all_d: no parameter named 'bad'"},
    });
}

TEST_CASE("the caller's parameter checks become errors at the parameters") {
    auto vocabulary = test_vocabulary();
    vocabulary.check_framework_parameters = [](const std::string& framework, const ParameterMap& parameters) {
        if (framework == "reciprocal" && parameters.count("mirror") && parameters.at("mirror") == "-1") {
            throw std::invalid_argument("reciprocal: parameter 'mirror' must be in (0, 10]");
        }
    };
    const std::string text = with("    count: 2", "    parameters: {mirror: -1}");
    try {
        (void)parse_scenario(text, "test.yaml", fs::temp_directory_path(), vocabulary);
        FAIL("no error");
    } catch (const ScenarioError& error) {
        CHECK(std::string(error.what()) ==
              "test.yaml:13: roster[1].parameters: reciprocal: parameter 'mirror' must be in (0, 10]");
    }
}
