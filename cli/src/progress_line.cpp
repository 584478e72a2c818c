#include "progress_line.hpp"

#include <unistd.h>

#include <algorithm>
#include <iomanip>
#include <iostream>

namespace parley::cli {

std::string format_duration(double seconds) {
    if (seconds < 60) return std::to_string(static_cast<int>(seconds + 0.5)) + "s";
    const auto minutes = static_cast<int>(seconds / 60);
    return std::to_string(minutes) + "m" + std::to_string(static_cast<int>(seconds) % 60) + "s";
}

ProgressLine::ProgressLine() : terminal_(::isatty(STDERR_FILENO) != 0) {}

void ProgressLine::show(std::uint64_t done, std::uint64_t total, const std::string& unit, double elapsed,
                        const std::string& extra, bool final) {
    const double period = terminal_ ? 0.25 : 5.0;
    if (!final && elapsed - last_shown_ < period) return;
    last_shown_ = elapsed;
    const double rate = elapsed > 0 ? static_cast<double>(done) / elapsed : 0.0;
    const auto left = total - std::min(total, done);
    constexpr int kWidth = 30;
    const int filled = total ? static_cast<int>(kWidth * std::min(done, total) / total) : kWidth;
    std::cerr << (terminal_ ? "\r[" : "[") << std::string(static_cast<std::size_t>(filled), '=')
              << std::string(static_cast<std::size_t>(kWidth - filled), ' ') << "] " << done << "/" << total << " "
              << unit << ", " << std::fixed << std::setprecision(1) << rate << "/s" << extra
              << (rate > 0 && left ? ", " + format_duration(static_cast<double>(left) / rate) + " left" : "") << "   "
              << (final || !terminal_ ? "\n" : "") << std::flush;
}

}  // namespace parley::cli
