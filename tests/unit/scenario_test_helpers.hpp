#pragma once
// Shared by the scenario tests: a fixed vocabulary (worlds/ cannot see the
// agents' registry), parsing from text, and a scratch folder for files.

#include <parley/worlds/scenario.hpp>

#include <doctest/doctest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

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

// The message of the ScenarioError that parsing gives, or "" when it parses.
inline std::string error_of(const std::string& text, const fs::path& base_dir = fs::temp_directory_path()) {
    try {
        (void)parse(text, base_dir);
    } catch (const ScenarioError& error) {
        return error.what();
    }
    return "";
}

}  // namespace scenario_test
