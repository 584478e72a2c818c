// Child processes: output read line by line within a timeout (a partial line
// waits for the rest), exits waited on through the pidfd, and the lifeline a
// bound child takes from its environment.

#include <parley/agents/process.hpp>

#include <doctest/doctest.h>

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <string>

using namespace parley;
using namespace std::chrono_literals;

TEST_CASE("output is read line by line; a partial line stays buffered until its newline or the end") {
    // The shell prints a line and half of the next, then waits to be told to finish it.
    auto child = agents::ChildProcess::spawn(
        {"/bin/sh", "-c", "echo one; printf 'two'; trap 'echo \" halves\"; exit 0' TERM; while :; do sleep 1; done"},
        /*capture_stdout=*/true);
    CHECK(child.exit_descriptor() >= 0);
    CHECK(child.read_line(10s) == std::optional<std::string>("one"));
    CHECK_FALSE(child.read_line(50ms));  // "two" so far, no newline: a timeout
    CHECK(child.running());
    REQUIRE(child.send_signal(SIGTERM));
    CHECK(child.read_line(10s) == std::optional<std::string>("two halves"));
    CHECK_FALSE(child.read_line(10s));  // the end of its output
    const auto status = child.wait(10s);
    REQUIRE(status);
    CHECK(WIFEXITED(*status));
    CHECK_FALSE(child.running());
}

TEST_CASE("a wait for a child still running times out; one for a child that exits returns its status") {
    auto child = agents::ChildProcess::spawn({"/bin/sleep", "30"});
    CHECK_FALSE(child.wait(20ms));
    child.stop(10s);
    CHECK_FALSE(child.running());
    auto quick = agents::ChildProcess::spawn({"/bin/sh", "-c", "exit 7"});
    const auto status = quick.wait(10s);
    REQUIRE(status);
    CHECK(WEXITSTATUS(*status) == 7);
}

TEST_CASE("a bound process takes its lifeline once, from its environment; a malformed one is ignored") {
    int ends[2];
    REQUIRE(::pipe(ends) == 0);
    ::setenv("PARLEY_LAUNCHER_FD", std::to_string(ends[0]).c_str(), 1);
    CHECK(agents::take_launcher_lifeline() == ends[0]);
    CHECK(std::getenv("PARLEY_LAUNCHER_FD") == nullptr);  // its children are not bound to its launcher
    CHECK((::fcntl(ends[0], F_GETFD) & FD_CLOEXEC) != 0);  // nor do they inherit the lifeline
    CHECK(agents::take_launcher_lifeline() == -1);
    ::close(ends[0]);
    ::close(ends[1]);

    ::setenv("PARLEY_LAUNCHER_FD", "not a descriptor", 1);
    CHECK(agents::take_launcher_lifeline() == -1);
    CHECK(std::getenv("PARLEY_LAUNCHER_FD") == nullptr);
}
