// LibTorch is confined to the learned agents (ARCHITECTURE.md, "Modules"):
// neither `parley` nor `parley-agent` loads it, so a process that runs no
// learned agent never maps its hundreds of megabytes.

#include "cluster.hpp"

#include <doctest/doctest.h>

#include <string>

using parley::testing::run_command;

namespace {

// The shared libraries the dynamic loader resolves for `executable`, as ldd lists them.
std::string loaded_libraries(const std::string& executable) {
    const auto result = run_command({PARLEY_LDD, executable});
    REQUIRE(result.exit_code == 0);
    return result.output;
}

bool loads_libtorch(const std::string& libraries) {
    return libraries.find("libtorch") != std::string::npos || libraries.find("libc10") != std::string::npos;
}

}  // namespace

TEST_CASE("the check sees LibTorch where it is linked") {
    const auto libraries = loaded_libraries(PARLEY_LEARNING_TEST_EXECUTABLE);
    CHECK(loads_libtorch(libraries));
}

TEST_CASE("parley and parley-agent do not load LibTorch") {
    for (const std::string executable : {PARLEY_EXECUTABLE, PARLEY_AGENT_EXECUTABLE}) {
        CAPTURE(executable);
        const auto libraries = loaded_libraries(executable);
        CHECK(libraries.find("libzmq") != std::string::npos);  // the listing is real
        CHECK_FALSE(loads_libtorch(libraries));
    }
}
