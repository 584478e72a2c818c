// The mechanism section (read_mechanism.cpp): its name, deadlines and parties.

#include "scenario_test_helpers.hpp"

#include <string>
#include <vector>

using namespace scenario_test;

TEST_CASE("mechanism: invalid keys name the file, the line and the key") {
    check_errors({
        {"unknown key inside a section", with("  rounds: 100", "  round: 100"),
         "test.yaml:9: mechanism.round: unknown key (did you mean 'rounds'?)"},
        {"rounds is a list", with("  rounds: 100", "  rounds: [1, 2]"),
         "test.yaml:9: mechanism.rounds: must be a positive integer, got a list"},
        {"rounds too large", with("  rounds: 100", "  rounds: 99999999999"),
         "test.yaml:9: mechanism.rounds: must be at most 1000000, got \"99999999999\""},
        {"missing mechanism name", with("  name: saop\n", ""), "test.yaml:8: mechanism.name: required key is missing"},
        {"unknown mechanism", with("name: saop", "name: saopp"),
         "test.yaml:8: mechanism.name: unknown mechanism \"saopp\" (did you mean 'saop'?)"},
        {"too many parties for the mechanism",
         replaced(with("name: saop", "name: rubinstein"), "matching: all_pairs", "matching: fixed_groups"),
         "test.yaml:8: mechanism.name: rubinstein takes 2 parties, but matching fixed_groups gives episodes of 3"},
        {"reply timeout negative", with("  rounds: 100", "  reply_timeout_ms: -5"),
         "test.yaml:9: mechanism.reply_timeout_ms: must be a positive integer, got \"-5\""},
        {"seconds zero", with("  rounds: 100", "  seconds: 0"),
         "test.yaml:9: mechanism.seconds: must be a number greater than 0 and at most 604800, got \"0\""},
    });
}
