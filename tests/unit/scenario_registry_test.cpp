// The example scenarios against the real registries: the frameworks and
// mechanisms that `parley run` will use, with the frameworks' own parameter
// checks, which is how the CLI builds its ScenarioVocabulary.

#include <parley/agents/framework.hpp>
#include <parley/worlds/scenario.hpp>

#include <doctest/doctest.h>

#include <filesystem>
#include <stdexcept>
#include <string>

namespace fs = std::filesystem;
using namespace parley::worlds;

namespace {

ScenarioVocabulary real_vocabulary() {
    ScenarioVocabulary vocabulary;
    const auto& frameworks = parley::agents::FrameworkRegistry::builtin();
    for (const auto* info : frameworks.list()) vocabulary.frameworks.push_back(info->name);
    vocabulary.mechanisms = builtin_mechanism_names();
    vocabulary.check_framework_parameters = [&frameworks](const std::string& name, const ParameterMap& parameters) {
        (void)frameworks.find(name)->make(parameters);  // throws std::invalid_argument for a bad parameter
    };
    return vocabulary;
}

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
