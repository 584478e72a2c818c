#pragma once
// The progress of long work on standard error: on a terminal a bar redrawn in
// place four times a second, in a log file a plain line every five seconds,
// and always the final one. Shared by `parley run` and `parley train`.

#include <cstdint>
#include <string>

namespace parley::cli {

// "42s", "3m07s".
std::string format_duration(double seconds);

class ProgressLine {
public:
    ProgressLine();
    // `done` of `total` `unit` after `elapsed` seconds, with the rate and the
    // time left worked out from them, then `extra` (", mean return 0.71").
    // Shown when a line is due, or when `final`.
    void show(std::uint64_t done, std::uint64_t total, const std::string& unit, double elapsed,
              const std::string& extra, bool final);

private:
    bool terminal_;
    double last_shown_ = 0;
};

}  // namespace parley::cli
