#pragma once
// Shared by the scenario tests: fixed vocabularies (scenario/ cannot see the
// agents' registries), parsing from text, and a scratch folder for files.

#include <parley/games/repeated_game.hpp>
#include <parley/scenario/scenario.hpp>

#include <doctest/doctest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace scenario_test {

namespace fs = std::filesystem;
using namespace parley::worlds;

inline ScenarioVocabulary test_vocabulary() {
    ScenarioVocabulary vocabulary;
    vocabulary.frameworks = {"selfish", "reciprocal", "utilitarian", "rawlsian", "nash", "deontological", "libertarian",
                             "rubinstein"};
    vocabulary.mechanisms = {{"saop", 2, 64}, {"rubinstein", 2, 2}, {"mediated", 2, 64}};
    return vocabulary;
}

// test_vocabulary() with a fixed list of strategies per game and a check
// that refuses a strategy parameter named "bad"; without a list (as in
// test_vocabulary()) any strategy name is accepted.
inline ScenarioVocabulary game_vocabulary() {
    ScenarioVocabulary vocabulary = test_vocabulary();
    vocabulary.game_strategies = [](const std::string& game) -> std::vector<std::string> {
        if (game == "ipd") return {"all_c", "all_d", "grudger", "tit_for_tat", "reciprocal", "selfish"};
        if (game == "public_goods") return {"free_rider", "full_contributor", "punisher", "reciprocal", "selfish"};
        return {};
    };
    vocabulary.check_strategy_parameters = [](const std::string& game, const std::string& strategy,
                                              const ParameterMap& parameters) {
        if (parameters.count("bad")) throw std::invalid_argument(game + "/" + strategy + ": no parameter named 'bad'");
    };
    return vocabulary;
}

// A scratch folder for files written by a test, removed afterwards.
class ScratchFolder {
public:
    explicit ScratchFolder(const std::string& tag)
        : path_(fs::temp_directory_path() / ("parley-scenario-" + tag + "-" + std::to_string(::getpid()))) {
        fs::create_directories(path_);
    }
    ~ScratchFolder() {
        std::error_code ignored;
        fs::remove_all(path_, ignored);
    }
    ScratchFolder(const ScratchFolder&) = delete;
    ScratchFolder& operator=(const ScratchFolder&) = delete;

    fs::path write(const std::string& name, const std::string& text) const {
        std::ofstream(path_ / name, std::ios::binary) << text;
        return path_ / name;
    }
    const fs::path& path() const { return path_; }

private:
    fs::path path_;
};

inline Scenario parse(const std::string& text, const fs::path& base_dir = fs::temp_directory_path()) {
    return parse_scenario(text, "test.yaml", base_dir, test_vocabulary());
}

inline Scenario parse_game(const std::string& text) {
    return parse_scenario(text, "test.yaml", fs::temp_directory_path(), game_vocabulary());
}

// The message of the ScenarioError that parsing with game_vocabulary() gives, or "".
inline std::string game_error_of(const std::string& text) {
    try {
        (void)parse_game(text);
    } catch (const ScenarioError& error) {
        return error.what();
    }
    return "";
}

// The message of the ScenarioError that parsing gives, or "" when it parses.
inline std::string error_of(const std::string& text, const fs::path& base_dir = fs::temp_directory_path()) {
    try {
        (void)parse(text, base_dir);
    } catch (const ScenarioError& error) {
        return error.what();
    }
    return "";
}

// ---- the base scenarios that error cases change ----------------------------------

// A valid scenario; cases replace one line of it. Line numbers are 1-based.
inline const std::string kValid = R"(name: t
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

inline std::string replaced(std::string text, const std::string& find, const std::string& replace) {
    const auto at = text.find(find);
    REQUIRE_MESSAGE(at != std::string::npos, "the scenario has no " << find);
    text.replace(at, find.size(), replace);
    return text;
}

inline std::string with(const std::string& find, const std::string& replace) { return replaced(kValid, find, replace); }

// A valid game scenario (an ipd tournament); cases replace one part of it.
inline const std::string kGame = R"(name: g
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

inline std::string game_with(const std::string& find, const std::string& replace) { return replaced(kGame, find, replace); }

// The games of the registry, as a message lists them: never a fixed list,
// since games are added.
inline std::string known_games() {
    std::string text;
    const auto games = GameRegistry::builtin().list();
    for (std::size_t k = 0; k < games.size(); ++k) {
        if (k > 0) text += k + 1 == games.size() ? " or " : ", ";
        text += games[k]->name;
    }
    return text;
}

inline bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// One invalid scenario and the whole message it must give.
struct ErrorCase {
    const char* what;
    std::string text;
    std::string message;
};

// Each case parsed with test_vocabulary().
inline void check_errors(const std::vector<ErrorCase>& cases) {
    for (const auto& c : cases) {
        CAPTURE(std::string(c.what));
        CHECK(error_of(c.text) == c.message);
    }
}

// Each case parsed with game_vocabulary().
inline void check_game_errors(const std::vector<ErrorCase>& cases) {
    for (const auto& c : cases) {
        CAPTURE(std::string(c.what));
        CHECK(game_error_of(c.text) == c.message);
    }
}

}  // namespace scenario_test
