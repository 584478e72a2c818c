// Every kind of invalid scenario gives a ScenarioError "FILE:LINE: KEY: what"
// before anything starts; this file holds the top-level keys and the document
// itself, each section has its own scenario_<section>_test.cpp. The expected
// messages are written out in full: they are what a user reads, so a change to
// them should be a deliberate one.

#include "scenario_test_helpers.hpp"

#include <string>
#include <vector>

using namespace scenario_test;

TEST_CASE("the valid base scenario parses") { CHECK(error_of(kValid) == ""); }

TEST_CASE("the valid game scenario parses") { CHECK(game_error_of(kGame) == ""); }

TEST_CASE("invalid scenarios name the file, the line and the key") {
    check_errors({
        {"unknown top-level key, near miss", with("repetitions: 2", "repetitons: 2"),
         "test.yaml:15: repetitons: unknown key (did you mean 'repetitions'?)"},
        {"unknown key far from any", with("seed: 1", "colour: blue"),
         "test.yaml:2: colour: unknown key; known keys are name, seed, parley_version, world, information, mechanism, "
         "roster, matching, repetitions, population, sweep, output or learning"},
        {"seed not a number", with("seed: 1", "seed: abc"), "test.yaml:2: seed: must be a non-negative integer, got \"abc\""},
        {"unknown information mode", with("repetitions: 2", "repetitions: 2\ninformation: public"),
         "test.yaml:16: information: must be one of private or disclosed, got \"public\""},
        {"duplicate key", with("seed: 1", "seed: 1\nseed: 2"), "test.yaml:3: seed: the key appears twice (first on line 2)"},
        {"repetitions zero", with("repetitions: 2", "repetitions: 0"),
         "test.yaml:15: repetitions: must be a positive integer, got \"0\""},
        {"invalid name", with("name: t", "name: ../escape"),
         "test.yaml:1: name: \"../escape\" is not a valid name (letters, digits, '_', '-', '.'; at most 100 "
         "characters)"},
        {"a list at the top", "- a\n- b\n", "test.yaml:1: scenario: must be a map of keys, got a list"},
        {"empty file", "", "test.yaml: the scenario is empty"},
        {"yaml syntax", "name: [unclosed\n", "test.yaml:2: yaml: end of sequence flow not found"},
    });
}

TEST_CASE("load_scenario names the file it could not read") {
    CHECK_THROWS_WITH_AS(load_scenario("/nonexistent/scenario.yaml", test_vocabulary()),
                         "/nonexistent/scenario.yaml: no such file", ScenarioError);
}
