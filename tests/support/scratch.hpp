#pragma once
// Files for tests that run `parley run`: a fresh folder per test (removed when
// the program ends unless PARLEY_KEEP_TEST_FILES is set), and readers of
// what a run wrote.

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

namespace parley::testing {

struct ScratchFolders {
    std::vector<std::filesystem::path> folders;
    ~ScratchFolders() {
        if (std::getenv("PARLEY_KEEP_TEST_FILES") != nullptr) return;
        std::error_code ignored;
        for (const auto& folder : folders) std::filesystem::remove_all(folder, ignored);
    }
};

// A fresh folder under the system's temporary directory.
inline std::filesystem::path scratch(const std::string& name) {
    static ScratchFolders created;
    auto folder = std::filesystem::temp_directory_path() /
                  ("parley-test-" + std::to_string(::getpid()) + "-" + std::to_string(created.folders.size()) + "-" + name);
    std::filesystem::remove_all(folder);
    std::filesystem::create_directories(folder);
    created.folders.push_back(folder);
    return folder;
}

inline std::string read(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

inline std::vector<std::string> lines(const std::filesystem::path& file) {
    std::vector<std::string> rows;
    std::istringstream in(read(file));
    for (std::string line; std::getline(in, line);) rows.push_back(line);
    return rows;
}

// Four value frameworks (selfish, rawlsian, utilitarian, libertarian) in every
// ordered pairing, 12 episodes per repetition, on a small generated domain: a
// few milliseconds an episode, and about 45 KB of events each.
inline std::string four_frameworks_scenario(int repetitions, int seed = 7) {
    return "name: small\n"
           "seed: " + std::to_string(seed) + "\n"
           "world:\n"
           "  generate: {issues: 3, values: 5, opposition: 0.6}\n"
           "mechanism: {name: saop, rounds: 60}\n"
           "roster:\n"
           "  - framework: selfish\n"
           "  - framework: rawlsian\n"
           "  - framework: utilitarian\n"
           "  - framework: libertarian\n"
           "matching: all_pairs\n"
           "repetitions: " + std::to_string(repetitions) + "\n";
}

inline std::filesystem::path write_scenario(const std::filesystem::path& folder, const std::string& text) {
    auto file = folder / "scenario.yaml";
    std::ofstream(file) << text;
    return file;
}

// The cell at `index` of a CSV row without quoted fields.
inline std::string column(const std::string& row, std::size_t index) {
    std::size_t start = 0;
    for (std::size_t i = 0; i < index; ++i) start = row.find(',', start) + 1;
    return row.substr(start, row.find(',', start) - start);
}

}  // namespace parley::testing
