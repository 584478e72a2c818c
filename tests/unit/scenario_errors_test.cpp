// Every kind of invalid scenario gives a ScenarioError "FILE:LINE: KEY: what"
// before anything starts. The expected messages are written out in full: they
// are what a user reads, so a change to them should be a deliberate one.

#include "scenario_test_helpers.hpp"

#include <parley/games/repeated_game.hpp>

#include <string>
#include <vector>

using namespace scenario_test;

namespace {

// A valid scenario; cases replace one line of it. Line numbers are 1-based.
const std::string kValid = R"(name: t
seed: 1
world:
  generate:
    issues: 3
    opposition: 0.5
mechanism:
  name: saop
  rounds: 100
roster:
  - framework: selfish
  - framework: reciprocal
    count: 2
matching: all_pairs
repetitions: 2
)";

std::string replaced(std::string text, const std::string& find, const std::string& replace) {
    const auto at = text.find(find);
    REQUIRE_MESSAGE(at != std::string::npos, "the scenario has no " << find);
    text.replace(at, find.size(), replace);
    return text;
}

std::string with(const std::string& find, const std::string& replace) { return replaced(kValid, find, replace); }

}  // namespace

TEST_CASE("the valid base scenario parses") { CHECK(error_of(kValid) == ""); }

TEST_CASE("invalid scenarios name the file, the line and the key") {
    struct Case {
        const char* what;
        std::string text;
        std::string message;
    };
    const std::vector<Case> cases{
        {"unknown top-level key, near miss", with("repetitions: 2", "repetitons: 2"),
         "test.yaml:15: repetitons: unknown key (did you mean 'repetitions'?)"},
        {"unknown key inside a section", with("  rounds: 100", "  round: 100"),
         "test.yaml:9: mechanism.round: unknown key (did you mean 'rounds'?)"},
        {"unknown key far from any", with("seed: 1", "colour: blue"),
         "test.yaml:2: colour: unknown key; known keys are name, seed, parley_version, world, information, mechanism, "
         "roster, matching, repetitions, population, sweep or output"},
        {"count is not a number", with("    count: 2", "    count: two"),
         "test.yaml:13: roster[1].count: must be a positive integer, got \"two\""},
        {"negative count", with("    count: 2", "    count: -1"),
         "test.yaml:13: roster[1].count: must be a positive integer, got \"-1\""},
        {"zero count", with("    count: 2", "    count: 0"),
         "test.yaml:13: roster[1].count: must be a positive integer, got \"0\""},
        {"rounds is a list", with("  rounds: 100", "  rounds: [1, 2]"),
         "test.yaml:9: mechanism.rounds: must be a positive integer, got a list"},
        {"rounds too large", with("  rounds: 100", "  rounds: 99999999999"),
         "test.yaml:9: mechanism.rounds: must be at most 1000000, got \"99999999999\""},
        {"seed not a number", with("seed: 1", "seed: abc"), "test.yaml:2: seed: must be a non-negative integer, got \"abc\""},
        {"opposition out of range", with("opposition: 0.5", "opposition: 1.5"),
         "test.yaml:6: world.generate.opposition: must be a number from 0 to 1, got \"1.5\""},
        {"missing roster",
         with("roster:\n  - framework: selfish\n  - framework: reciprocal\n    count: 2\n", ""),
         "test.yaml:1: roster: required key is missing"},
        {"empty roster", with("roster:\n  - framework: selfish\n  - framework: reciprocal\n    count: 2\n", "roster: []\n"),
         "test.yaml:10: roster: must be a non-empty list of frameworks, got a list"},
        {"missing mechanism name", with("  name: saop\n", ""), "test.yaml:8: mechanism.name: required key is missing"},
        {"unknown framework, near miss", with("framework: selfish", "framework: selfsh"),
         "test.yaml:11: roster[0].framework: unknown framework \"selfsh\" (did you mean 'selfish'?)"},
        {"unknown framework, far", with("framework: selfish", "framework: hedonist"),
         "test.yaml:11: roster[0].framework: unknown framework \"hedonist\"; known frameworks are selfish, reciprocal, "
         "utilitarian, rawlsian, nash, deontological, libertarian or rubinstein"},
        {"unknown mechanism", with("name: saop", "name: saopp"),
         "test.yaml:8: mechanism.name: unknown mechanism \"saopp\" (did you mean 'saop'?)"},
        {"unknown matching mode", with("matching: all_pairs", "matching: all_pair"),
         "test.yaml:14: matching: must be one of all_pairs, round_robin, fixed_groups, profile_rotation or all_groups, "
         "got \"all_pair\" (did you mean 'all_pairs'?)"},
        {"unknown information mode", with("repetitions: 2", "repetitions: 2\ninformation: public"),
         "test.yaml:16: information: must be one of private or disclosed, got \"public\""},
        {"duplicate key", with("seed: 1", "seed: 1\nseed: 2"), "test.yaml:3: seed: the key appears twice (first on line 2)"},
        {"two worlds", with("world:\n", "world:\n  pie: {resolution: 10}\n"),
         "test.yaml:4: world: give exactly one of generate, files, pie or game"},
        {"no world", with("world:\n  generate:\n    issues: 3\n    opposition: 0.5\n", ""),
         "test.yaml:1: world: required key is missing"},
        {"generated values as a list", with("issues: 3", "issues: 3\n    values: [2, 3, 4]"),
         "test.yaml:6: world.generate.values: must be one integer: the generator gives every issue the same number of "
         "values"},
        {"generated parties disagree with the matching", with("issues: 3", "issues: 3\n    parties: 3"),
         "test.yaml:6: world.generate.parties: must equal the number of parties of an episode (2 with this matching), "
         "got 3"},
        {"too few participants for pairs",
         with("  - framework: reciprocal\n    count: 2\n", ""),
         "test.yaml:12: matching: all_pairs needs at least 2 participants, the roster gives 1"},
        {"too many parties for the mechanism",
         replaced(with("name: saop", "name: rubinstein"), "matching: all_pairs", "matching: fixed_groups"),
         "test.yaml:8: mechanism.name: rubinstein takes 2 parties, but matching fixed_groups gives episodes of 3"},
        {"group size that does not divide", with("matching: all_pairs", "matching: {mode: fixed_groups, group_size: 2}"),
         "test.yaml:14: matching.group_size: groups of 2 do not divide the 3 participants of the roster"},
        {"group size with pairs", with("matching: all_pairs", "matching: {mode: round_robin, group_size: 3}"),
         "test.yaml:14: matching.group_size: applies only to fixed_groups, profile_rotation and all_groups (round_robin "
         "always makes pairs)"},
        {"duplicate labels", with("    count: 2", "    label: selfish"),
         "test.yaml:13: roster[1].label: \"selfish\" is already the label of roster[0]; give each entry its own label"},
        {"label with a space", with("    count: 2", "    label: my agent"),
         "test.yaml:13: roster[1].label: \"my agent\" is not a valid label (letters, digits, '_', '-', '.')"},
        {"parameter that is a map", with("    count: 2", "    parameters:\n      mirror: {a: 1}"),
         "test.yaml:14: roster[1].parameters.mirror: must be a single value, got a map"},
        {"repetitions zero", with("repetitions: 2", "repetitions: 0"),
         "test.yaml:15: repetitions: must be a positive integer, got \"0\""},
        {"reply timeout negative", with("  rounds: 100", "  reply_timeout_ms: -5"),
         "test.yaml:9: mechanism.reply_timeout_ms: must be a positive integer, got \"-5\""},
        {"seconds zero", with("  rounds: 100", "  seconds: 0"),
         "test.yaml:9: mechanism.seconds: must be a number greater than 0 and at most 604800, got \"0\""},
        {"invalid name", with("name: t", "name: ../escape"),
         "test.yaml:1: name: \"../escape\" is not a valid name (letters, digits, '_', '-', '.'; at most 100 "
         "characters)"},
        {"a population without a game", with("repetitions: 2", "repetitions: 2\npopulation: {dynamics: moran}"),
         "test.yaml:16: population: applies only to game worlds (world.game): it evolves the strategies of a game "
         "tournament"},
        {"a strategy in a negotiation", with("framework: selfish", "strategy: selfish"),
         "test.yaml:11: roster[0].strategy: strategies play game worlds (world.game); a negotiation's roster names a "
         "framework"},
        {"self_play that is not a boolean", with("matching: all_pairs", "matching: {mode: all_pairs, self_play: 1}"),
         "test.yaml:14: matching.self_play: must be true or false, got \"1\""},
        {"a list at the top", "- a\n- b\n", "test.yaml:1: scenario: must be a map of keys, got a list"},
        {"empty file", "", "test.yaml: the scenario is empty"},
        {"yaml syntax", "name: [unclosed\n", "test.yaml:2: yaml: end of sequence flow not found"},
    };
    for (const auto& c : cases) {
        CAPTURE(std::string(c.what));
        CHECK(error_of(c.text) == c.message);
    }
}

TEST_CASE("pie worlds: parties and discounts") {
    const std::string pie = R"(mechanism: {name: rubinstein}
roster: [{framework: selfish}, {framework: nash}]
world:
  pie:
    discounts: [0.9, 0]
)";
    CHECK(error_of(pie) ==
          "test.yaml:5: world.pie.discounts[1]: must be a number greater than 0 and at most 1, got \"0\"");
    std::string three = pie;
    three.replace(three.find("[0.9, 0]"), 8, "[0.9]");
    CHECK(error_of(three) == "test.yaml:5: world.pie.discounts: must be a list of 2 discount factors, got a list");
    const std::string groups = R"(mechanism: {name: saop}
roster: [{framework: selfish, count: 3}]
matching: fixed_groups
world:
  pie: {}
)";
    CHECK(error_of(groups) ==
          "test.yaml:5: world.pie: the pie is divided by 2 parties, but episodes have 3 with this matching");
}

TEST_CASE("domain files: missing files and files that do not load") {
    ScratchFolder folder("errors");
    const std::string text = R"(mechanism: {name: saop}
roster: [{framework: selfish}, {framework: nash}]
world:
  files:
    domain: domain.xml
    profiles: [a.xml, b.xml]
)";
    CHECK(error_of(text, folder.path()) ==
          "test.yaml:5: world.files.domain: no such file: " + (folder.path() / "domain.xml").string());
    folder.write("domain.xml", "<negotiation_template>");
    CHECK(error_of(text, folder.path()) ==
          "test.yaml:6: world.files.profiles[0]: no such file: " + (folder.path() / "a.xml").string());
    folder.write("a.xml", "not xml");
    folder.write("b.xml", "not xml");
    const std::string broken = error_of(text, folder.path());
    CHECK(broken.starts_with("test.yaml:5: world.files: cannot load the domain: "));
}

TEST_CASE("sweeps: keys that name no parameter and values that are invalid") {
    const std::string base = kValid + "sweep:\n";
    CHECK(error_of(base + "  mechanism.roundz: [1, 2]\n") ==
          "test.yaml:17: sweep.mechanism.roundz: names no parameter that a sweep can vary (did you mean "
          "'mechanism.rounds'?)");
    CHECK(error_of(base + "  seed: [1, 2]\n") == "test.yaml:17: sweep.seed: names no parameter that a sweep can vary");
    CHECK(error_of(base + "  roster[5].count: [1, 2]\n") ==
          "test.yaml:17: sweep.roster[5].count: names no entry: 'roster' has 2 entries");
    CHECK(error_of(base + "  world.pie.resolution: [10]\n") ==
          "test.yaml:17: sweep.world.pie.resolution: this scenario has no 'world.pie' to sweep");
    CHECK(error_of(base + "  matching.mode: [all_pairs]\n") ==
          "test.yaml:17: sweep.matching.mode: 'matching' is written as a single value; write it as a map to sweep one "
          "of its keys");
    CHECK(error_of(base + "  mechanism.rounds: []\n") ==
          "test.yaml:17: sweep.mechanism.rounds: must be a non-empty list of values, got a list");
    CHECK(error_of(base + "  mechanism.rounds: 5\n") ==
          "test.yaml:17: sweep.mechanism.rounds: must be a non-empty list of values, got \"5\"");
    CHECK(error_of(base + "  roster[1]..count: [1]\n") ==
          "test.yaml:17: sweep.roster[1]..count: is not a key path like mechanism.rounds or roster[0].parameters.x");
    CHECK(error_of(base + "  world.pie: [1]\n  world.pie.resolution: [1]\n") ==
          "test.yaml:17: sweep.world.pie: names no parameter that a sweep can vary");
    // Each point is validated like a scenario; the error points at the bad value.
    CHECK(error_of(base + "  mechanism.rounds:\n    - 10\n    - 0\n") ==
          "test.yaml:19: mechanism.rounds: must be a positive integer, got \"0\" (sweep point 1: mechanism.rounds = 0)");
    CHECK(error_of(base + "  roster[0].framework: [nash, hedonist]\n") ==
          "test.yaml:17: roster[0].framework: unknown framework \"hedonist\"; known frameworks are selfish, reciprocal, "
          "utilitarian, rawlsian, nash, deontological, libertarian or rubinstein (sweep point 1: roster[0].framework = "
          "hedonist)");
}

TEST_CASE("overlapping sweep keys are refused") {
    const std::string text = R"(mechanism: {name: rubinstein}
roster: [{framework: selfish}, {framework: nash}]
world:
  pie: {discounts: [0.9, 0.9]}
sweep:
  world.pie.discounts: [[0.5, 0.5]]
  world.pie.discounts[0]: [0.7]
)";
    CHECK(error_of(text) == "test.yaml:7: sweep.world.pie.discounts[0]: overlaps the sweep key world.pie.discounts");
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

TEST_CASE("load_scenario names the file it could not read") {
    CHECK_THROWS_WITH_AS(load_scenario("/nonexistent/scenario.yaml", test_vocabulary()),
                         "/nonexistent/scenario.yaml: no such file", ScenarioError);
}

namespace {

// A valid game scenario (an ipd tournament); cases replace one part of it.
const std::string kGame = R"(name: g
seed: 1
world:
  game:
    name: ipd
    rounds: 50
    parameters:
      noise: 0.05
roster:
  - strategy: tit_for_tat
  - strategy: all_d
  - framework: reciprocal
matching:
  mode: round_robin
  self_play: true
repetitions: 2
)";

std::string game_with(const std::string& find, const std::string& replace) { return replaced(kGame, find, replace); }

// The games of the registry, as a message lists them: never a fixed list,
// since games are added.
std::string known_games() {
    std::string text;
    const auto games = GameRegistry::builtin().list();
    for (std::size_t k = 0; k < games.size(); ++k) {
        if (k > 0) text += k + 1 == games.size() ? " or " : ", ";
        text += games[k]->name;
    }
    return text;
}

}  // namespace

TEST_CASE("the valid game scenario parses") { CHECK(game_error_of(kGame) == ""); }

TEST_CASE("invalid game scenarios name the file, the line and the key") {
    struct Case {
        const char* what;
        std::string text;
        std::string message;
    };
    const std::vector<Case> cases{
        {"unknown game, near miss", game_with("name: ipd", "name: ipdd"),
         "test.yaml:5: world.game.name: unknown game \"ipdd\" (did you mean 'ipd'?)"},
        {"unknown game, far", game_with("name: ipd", "name: chess"),
         "test.yaml:5: world.game.name: unknown game \"chess\"; known games are " + known_games()},
        {"game parameter out of range", game_with("noise: 0.05", "noise: 0.9"),
         "test.yaml:8: world.game.parameters.noise: must be a number from 0 to 0.5, got \"0.9\""},
        {"unknown game parameter, near miss", game_with("noise: 0.05", "noize: 0.05"),
         "test.yaml:8: world.game.parameters.noize: unknown parameter of ipd (did you mean 'noise'?)"},
        {"unknown game parameter, far", game_with("noise: 0.05", "colour: 1"),
         "test.yaml:8: world.game.parameters.colour: unknown parameter of ipd; its parameters are reward, sucker, "
         "temptation, punishment, noise or continuation"},
        {"game parameter that is not a number", game_with("noise: 0.05", "noise: high"),
         "test.yaml:8: world.game.parameters.noise: must be a number from 0 to 0.5, got \"high\""},
        {"game rounds zero", game_with("rounds: 50", "rounds: 0"),
         "test.yaml:6: world.game.rounds: must be a positive integer, got \"0\""},
        {"unknown key in the game", game_with("rounds: 50", "round: 50"),
         "test.yaml:6: world.game.round: unknown key (did you mean 'rounds'?)"},
        {"ipd with 3 players", game_with("  mode: round_robin\n  self_play: true", "  mode: all_groups\n  group_size: 3"),
         "test.yaml:5: world.game.name: ipd: the prisoner's dilemma has exactly 2 players, not 3 (matching all_groups "
         "gives episodes of 3)"},
        {"a game and another world", game_with("world:\n", "world:\n  pie: {}\n"),
         "test.yaml:4: world: give exactly one of generate, files, pie or game"},
        {"a mechanism with a game", game_with("repetitions: 2", "repetitions: 2\nmechanism: {name: saop}"),
         "test.yaml:17: mechanism: a game has no mechanism: its rules are the game's (world.game); remove it"},
        {"information with a game", game_with("repetitions: 2", "information: private\nrepetitions: 2"),
         "test.yaml:16: information: a game has no private profiles to disclose: every move is public; remove it"},
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
        {"self_play with fixed_groups", game_with("mode: round_robin", "mode: fixed_groups"),
         "test.yaml:15: matching.self_play: applies only to all_pairs and round_robin, not fixed_groups (a participant "
         "plays itself in a pair)"},
        {"profile_rotation with a game", game_with("  mode: round_robin\n  self_play: true", "  mode: profile_rotation"),
         "test.yaml:14: matching.mode: profile_rotation turns the profiles of a negotiation, and a game has none; use "
         "fixed_groups or all_groups"},
        {"unknown background label",
         game_with("repetitions: 2", "repetitions: 2\npopulation:\n  background: [all_d, tit_for_tatt]"),
         "test.yaml:18: population.background[1]: no roster entry is labelled \"tit_for_tatt\" (did you mean "
         "'tit_for_tat'?)"},
        {"background label far from any",
         game_with("repetitions: 2", "repetitions: 2\npopulation:\n  background: [defector]"),
         "test.yaml:18: population.background[0]: no roster entry is labelled \"defector\"; the labels are tit_for_tat, "
         "all_d or reciprocal"},
        {"background label twice",
         game_with("repetitions: 2", "repetitions: 2\npopulation:\n  background: [all_d, all_d]"),
         "test.yaml:18: population.background[1]: \"all_d\" is listed twice"},
        {"everyone in the background",
         game_with("repetitions: 2", "repetitions: 2\npopulation:\n  background: [tit_for_tat, all_d, reciprocal]"),
         "test.yaml:18: population.background: lists every roster entry; leave at least one out to evolve"},
        {"unknown dynamics", game_with("repetitions: 2", "repetitions: 2\npopulation:\n  dynamics: moren"),
         "test.yaml:18: population.dynamics: must be one of replicator or moran, got \"moren\" (did you mean 'moran'?)"},
        {"a Moran key with the replicator dynamics", game_with("repetitions: 2", "repetitions: 2\npopulation:\n  size: 40"),
         "test.yaml:18: population.size: applies only to dynamics: moran (the replicator dynamics has no individuals)"},
        {"fewer individuals than roster entries",
         game_with("repetitions: 2", "repetitions: 2\npopulation:\n  dynamics: moran\n  size: 2"),
         "test.yaml:19: population.size: 2 individuals cannot represent the 3 roster entries; give at least 3"},
        {"selection out of range",
         game_with("repetitions: 2", "repetitions: 2\npopulation:\n  dynamics: moran\n  selection: 1.5"),
         "test.yaml:19: population.selection: must be a number from 0 to 1, got \"1.5\""},
        {"generations zero", game_with("repetitions: 2", "repetitions: 2\npopulation: {generations: 0}"),
         "test.yaml:17: population.generations: must be a positive integer, got \"0\""},
    };
    for (const auto& c : cases) {
        CAPTURE(std::string(c.what));
        CHECK(game_error_of(c.text) == c.message);
    }
}

TEST_CASE("games: the parameters together, and the episode limit of all_groups") {
    const std::string public_goods = R"(world:
  game:
    name: public_goods
    parameters: {multiplier: 3}
roster: [{strategy: free_rider}, {strategy: punisher}]
)";
    const std::string message = game_error_of(public_goods);
    CHECK(message.starts_with("test.yaml:4: world.game.parameters: public_goods: multiplier must satisfy 1 < r < N"));
    CHECK(game_error_of(replaced(public_goods, "multiplier: 3", "multiplier: 1.5")) == "");
    // An error of the parameters together names the swept parameter that caused it.
    const std::string swept = replaced(public_goods, "multiplier: 3", "multiplier: 1.5") +
                              "sweep:\n  world.game.parameters.multiplier: [1.5, 2.5]\n";
    const std::string note = " (sweep point 1: world.game.parameters.multiplier = 2.5)";
    CHECK(game_error_of(swept).ends_with(note));

    // C(1000, 500) is far beyond any counter: the count saturates and is refused.
    const std::string huge = R"(world: {game: {name: public_goods}}
roster: [{strategy: free_rider, count: 1000}]
matching: {mode: all_groups, group_size: 500}
)";
    CHECK(game_error_of(huge) == "test.yaml:1: scenario: gives more than 10000000 episodes");
}

TEST_CASE("games: sweeps are checked per point and name the point") {
    const std::string base = kGame + "sweep:\n";
    CHECK(game_error_of(base + "  world.game.parameters.noise: [0.1, 0.7]\n") ==
          "test.yaml:18: world.game.parameters.noise: must be a number from 0 to 0.5, got \"0.7\" (sweep point 1: "
          "world.game.parameters.noise = 0.7)");
    CHECK(game_error_of(base + "  population.size: [10]\n") ==
          "test.yaml:18: sweep.population.size: this scenario has no 'population' to sweep");
    // Another game has other parameters and strategies: each point is checked as its own scenario.
    CHECK(game_error_of(base + "  world.game.name: [ipd, public_goods]\n") ==
          "test.yaml:10: roster[0].strategy: unknown strategy \"tit_for_tat\" for public_goods; the strategies of "
          "public_goods are free_rider, full_contributor, punisher, reciprocal or selfish");
}

// ---- what the run refuses in a world, refused when the scenario loads -----------------------

namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// A GENIUS domain of `issues` issues of `values` values each and its two
// profiles, written into `folder`; value names of 70 characters or more.
void write_genius(const ScratchFolder& folder, std::size_t issues, std::size_t values) {
    std::string domain = "<negotiation_template><utility_space number_of_issues=\"" + std::to_string(issues) +
                         "\"><objective index=\"0\" etype=\"objective\" type=\"objective\" name=\"root\">\n";
    std::string profile = "<utility_space><objective index=\"0\" etype=\"objective\" type=\"objective\" name=\"root\">\n";
    for (std::size_t issue = 1; issue <= issues; ++issue) {
        const std::string head = "<issue index=\"" + std::to_string(issue) + "\" etype=\"discrete\" type=\"discrete\" "
                                 "vtype=\"discrete\" name=\"issue" + std::to_string(issue) + "\">\n";
        domain += head;
        profile += head;
        for (std::size_t value = 1; value <= values; ++value) {
            const std::string item = "<item index=\"" + std::to_string(value) + "\" value=\"" + std::string(60, 'v') + "-" +
                                     std::to_string(value) + "\"";
            domain += item + "/>\n";
            profile += item + " evaluation=\"" + std::to_string(value) + "\"/>\n";
        }
        domain += "</issue>\n";
        profile += "</issue>\n";
    }
    for (std::size_t issue = 1; issue <= issues; ++issue) {
        profile += "<weight index=\"" + std::to_string(issue) + "\" value=\"" + std::to_string(1.0 / static_cast<double>(issues)) + "\"/>\n";
    }
    folder.write("domain.xml", domain + "</objective></utility_space></negotiation_template>\n");
    profile += "</objective><reservation value=\"0\"/></utility_space>\n";
    folder.write("a.xml", profile);
    folder.write("b.xml", profile);
}

// A GeniusWeb profile that carries its domain: one issue of `values` values
// with names of 70 characters or more.
std::string geniusweb_profile(const std::string& name, std::size_t values) {
    std::string names;
    std::string utilities;
    for (std::size_t value = 1; value <= values; ++value) {
        const std::string text = "\"" + std::string(60, 'v') + "-" + std::to_string(value) + "\"";
        names += (value > 1 ? "," : "") + text;
        utilities += (value > 1 ? "," : "") + text + ":" + std::to_string(1.0 / static_cast<double>(value));
    }
    return R"({"LinearAdditiveUtilitySpace": {"name": ")" + name +
           R"(", "issueUtilities": {"size": {"discreteutils": {"valueUtilities": {)" + utilities +
           R"(}}}}, "issueWeights": {"size": 1}, "domain": {"name": "big", "issuesValues": {"size": {"values": [)" +
           names + "]}}}}}";
}

const std::string kFiles = R"(mechanism: {name: saop}
roster: [{framework: selfish}, {framework: nash}]
world:
  files:
    domain: domain.xml
    profiles: [a.xml, b.xml]
)";

}  // namespace

TEST_CASE("a pie whose invitation is over the protocol's message limit is refused at its resolution") {
    const std::string pie = R"(mechanism: {name: rubinstein}
roster: [{framework: selfish}, {framework: nash}]
world:
  pie:
    resolution: 100000
)";
    const std::string message = error_of(pie);
    CAPTURE(message);
    CHECK(message.starts_with("test.yaml:5: world.pie.resolution: a pie of resolution 100000: the invitation of "
                              "profile 0 (party1, information private) is a message of "));
    CHECK(message.ends_with(" bytes, which the broker refuses: the protocol takes messages of at most 1048576 bytes; "
                            "lower the resolution"));
    // The largest resolutions that fit (scenarios/README.md), and one more.
    CHECK(error_of(replaced(pie, "100000", "37065")) == "");
    CHECK(error_of(replaced(pie, "100000", "37066")).starts_with("test.yaml:5: world.pie.resolution: "));
    const std::string disclosed = pie + "information: disclosed\n";
    CHECK(error_of(replaced(disclosed, "100000", "22641")) == "");
    CHECK(error_of(replaced(disclosed, "100000", "22642"))
              .starts_with("test.yaml:5: world.pie.resolution: a pie of resolution 22642: the invitation of "
                           "profile 0 (party1, information disclosed) is a message of "));
}

TEST_CASE("a generated world is refused when the run could not analyse it or send it") {
    const std::string outcomes = "test.yaml:5: world.generate: 4 issues of 100 values give more than the 20000000 "
                                 "outcomes the analysis of a domain takes (Pareto frontier, bargaining solutions, "
                                 "metrics); lower issues or values";
    CHECK(error_of(with("    issues: 3", "    issues: 4\n    values: 100")) == outcomes);
    CHECK(error_of(with("    issues: 3", "    issues: 50\n    values: 100")) ==
          replaced(outcomes, "4 issues", "50 issues"));
    CHECK(error_of(with("    issues: 3", "    issues: 3\n    values: 100")) == "");  // 10^6 outcomes
    // 64 parties, each told every profile: 65 profiles of 2000 values in one invitation.
    const std::string crowd = R"(mechanism: {name: saop}
roster: [{framework: selfish, count: 64}]
matching: fixed_groups
information: disclosed
world:
  generate: {issues: 2, values: 1000}
)";
    const std::string message = error_of(crowd);
    CAPTURE(message);
    CHECK(message.starts_with("test.yaml:6: world.generate: the invitation of profile 0 (party1, information "
                              "disclosed) is a message of "));
    CHECK(message.ends_with(" bytes, which the broker refuses: the protocol takes messages of at most 1048576 bytes; "
                            "lower issues or values"));
    CHECK(error_of(replaced(crowd, "information: disclosed\n", "")) == "");
}

TEST_CASE("domain files are refused when the run could not analyse them or send them") {
    ScratchFolder folder("limits");
    write_genius(folder, 5, 30);  // 30^5 = 24,300,000 outcomes
    CHECK(error_of(kFiles, folder.path()) ==
          "test.yaml:5: world.files: the domain has 24300000 outcomes, more than the 20000000 outcomes the analysis "
          "of a domain takes (Pareto frontier, bargaining solutions, metrics)");
    write_genius(folder, 1, 15000);  // one issue whose names and utilities take more than a message
    const std::string message = error_of(kFiles, folder.path());
    CAPTURE(message);
    CHECK(message.starts_with("test.yaml:5: world.files: the invitation of profile 0 ("));
    CHECK(message.ends_with(" bytes, which the broker refuses: the protocol takes messages of at most 1048576 bytes"));
    write_genius(folder, 2, 100);
    CHECK(error_of(kFiles, folder.path()) == "");

    // GeniusWeb profiles that carry their issues.
    const std::string geniusweb = R"(mechanism: {name: saop}
roster: [{framework: selfish}, {framework: nash}]
world:
  files:
    profiles: [a.json, b.json]
)";
    folder.write("a.json", geniusweb_profile("a", 100));
    folder.write("b.json", geniusweb_profile("b", 100));
    CHECK(error_of(geniusweb, folder.path()) == "");
    folder.write("a.json", geniusweb_profile("a", 15000));
    folder.write("b.json", geniusweb_profile("b", 15000));
    const std::string refused = error_of(geniusweb, folder.path());
    CAPTURE(refused);
    CHECK(refused.starts_with("test.yaml:5: world.files: the invitation of profile 0 (a, information private) is a "
                              "message of "));
    CHECK(refused.ends_with(" bytes, which the broker refuses: the protocol takes messages of at most 1048576 bytes"));
}

TEST_CASE("a game whose invitation would be refused on the wire is refused at the game") {
    const std::string long_parameter(70000, 'x');  // over the protocol's longest string
    const std::string message =
        game_error_of(game_with("  - strategy: all_d\n", "  - strategy: all_d\n    parameters: {note: " + long_parameter + "}\n"));
    CAPTURE(message.substr(0, 300));
    CHECK(message.starts_with("test.yaml:5: world.game: the invitation of a player is a message of "));
    CHECK(contains(message, " bytes, which the broker refuses: a value exceeds its limit: "));
    CHECK(message.ends_with("; play smaller groups"));
}

TEST_CASE("a population process needs every pair it reads played, an entry against itself included") {
    const std::string moran = "population: {dynamics: moran, size: 30}\n";
    const std::string without_self_play = replaced(kGame, "  self_play: true\n", "") + moran;
    CHECK(game_error_of(without_self_play) ==
          "test.yaml:16: population: moran reads the payoff of every evolving entry against every entry, itself "
          "included, but matching round_robin never plays tit_for_tat against tit_for_tat, all_d against all_d or "
          "reciprocal against reciprocal; add self_play: true to the matching (matching: {mode: round_robin, "
          "self_play: true})");
    CHECK(game_error_of(kGame + moran) == "");
    // Two copies of an entry meet without self-play; a background entry's own row is never read.
    const std::string copies = replaced(replaced(without_self_play, "  - strategy: tit_for_tat\n",
                                                 "  - {strategy: tit_for_tat, count: 2}\n"),
                                        "  - framework: reciprocal\n", "");
    CHECK(game_error_of(copies).starts_with(
        "test.yaml:15: population: moran reads the payoff of every evolving entry against every entry, itself "
        "included, but matching round_robin never plays all_d against all_d;"));
    CHECK(game_error_of(replaced(copies, "size: 30}", "size: 30, background: [all_d]}")) == "");
    // The replicator reads the same cells; groups that never meet are named with another fix.
    const std::string groups = replaced(replaced(kGame, "  mode: round_robin\n  self_play: true\n",
                                                 "  mode: fixed_groups\n  group_size: 2\n"),
                                        "  - framework: reciprocal\n", "  - framework: reciprocal\n  - strategy: grudger\n") +
                               "population: {dynamics: replicator}\n";
    CHECK(game_error_of(groups) ==
          "test.yaml:18: population: replicator reads the payoff of every evolving entry against every entry, itself "
          "included, but matching fixed_groups never plays tit_for_tat against tit_for_tat, tit_for_tat against "
          "reciprocal, tit_for_tat against grudger or 9 more; use a matching that seats every pair: round_robin or "
          "all_pairs with self_play: true, or all_groups");
}

TEST_CASE("a game whose stage reports would be over the message limit is refused at the game") {
    // A punish stage's report holds every player's points for every player: players^2 numbers.
    const std::string crowd = R"(world:
  game:
    name: public_goods
    rounds: 5
    parameters: {punishment: 1, multiplier: 2}
roster: [{strategy: punisher, count: PLAYERS}]
matching: fixed_groups
)";
    const std::string message = game_error_of(replaced(crowd, "PLAYERS", "400"));
    CAPTURE(message);
    CHECK(message.starts_with("test.yaml:3: world.game: the report of its punish stage (every player's move) is a "
                              "message of "));
    CHECK(message.ends_with(" bytes, which the broker refuses: the protocol takes messages of at most 1048576 bytes; "
                            "play smaller groups"));
    CHECK(game_error_of(replaced(crowd, "PLAYERS", "341")) == "");
    CHECK(game_error_of(replaced(crowd, "PLAYERS", "342")).starts_with("test.yaml:3: world.game: the report"));
    // Without punishment every report holds one number per player.
    CHECK(game_error_of(replaced(replaced(crowd, "PLAYERS", "1000"), "punishment: 1", "punishment: 0")) == "");
}
