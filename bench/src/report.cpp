#include <parley/bench/report.hpp>

#include <array>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <iomanip>
#include <memory>
#include <sstream>
#include <thread>

namespace parley::bench {
namespace {

std::string with_thousands(long long value) {
    auto digits = std::to_string(value < 0 ? -value : value);
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return value < 0 ? "-" + out : out;
}

// Enough digits to read a figure, never more than it deserves.
std::string format_figure(double value) {
    if (!std::isfinite(value)) return "n/a";
    const double magnitude = std::fabs(value);
    std::ostringstream out;
    if (magnitude >= 10000) return with_thousands(std::llround(value));
    if (magnitude >= 100) {
        out << std::fixed << std::setprecision(1) << value;
    } else if (magnitude >= 1) {
        out << std::fixed << std::setprecision(2) << value;
    } else {
        out << std::setprecision(3) << value;
    }
    return out.str();
}

std::string format_ratio(double ratio) {
    std::ostringstream out;
    out << std::fixed << std::setprecision(ratio >= 0.1 ? 2 : 4) << ratio;
    return out.str();
}

// The output of a shell command, without its last newline; empty if it failed.
std::string command_output(const std::string& command) {
    std::unique_ptr<FILE, int (*)(FILE*)> pipe(::popen(command.c_str(), "r"), ::pclose);
    if (!pipe) return {};
    std::string output;
    std::array<char, 256> chunk{};
    while (std::fgets(chunk.data(), static_cast<int>(chunk.size()), pipe.get()) != nullptr) output += chunk.data();
    while (!output.empty() && (output.back() == '\n' || output.back() == '\r')) output.pop_back();
    return output;
}

std::string cpu_model() {
    std::ifstream cpuinfo("/proc/cpuinfo");
    std::string line;
    while (std::getline(cpuinfo, line)) {
        if (line.rfind("model name", 0) == 0) {
            auto colon = line.find(':');
            if (colon != std::string::npos) return line.substr(line.find_first_not_of(' ', colon + 1));
        }
    }
    return "unknown";
}

}  // namespace

std::string Target::describe(const std::string& unit) const {
    const std::string relation = is == Is::AtLeast ? ">= " : "<= ";
    if (on == On::Ratio) return "ratio " + relation + format_ratio(bound);
    return relation + format_figure(bound) + " " + unit;
}

std::optional<bool> Figure::target_met() const {
    if (!target) return std::nullopt;
    const double value = target->on == Target::On::Ratio ? ratio() : parley;
    return target->is == Target::Is::AtLeast ? value >= target->bound : value <= target->bound;
}

MachineInfo describe_machine() {
    MachineInfo machine;
    const std::time_t now = std::time(nullptr);
    std::tm utc{};
    ::gmtime_r(&now, &utc);
    char stamp[32];
    std::strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &utc);
    machine.date = stamp;
    machine.cpu_model = cpu_model();
    machine.cores = std::thread::hardware_concurrency();
#ifdef PARLEY_SOURCE_DIR
    const std::string git = "git -C '" PARLEY_SOURCE_DIR "' ";
    machine.commit = command_output(git + "rev-parse --short HEAD 2>/dev/null");
    // Figures of a tree with uncommitted changes are not the figures of the commit.
    if (!machine.commit.empty() && !command_output(git + "status --porcelain --untracked-files=no 2>/dev/null").empty()) {
        machine.commit += "+changes";
    }
#endif
    return machine;
}

void Report::print_table(std::ostream& out) const {
    out << "| benchmark | unit | Parley | baseline | ratio | baseline is | target |\n"
        << "| --- | --- | ---: | ---: | ---: | --- | --- |\n";
    for (const auto& figure : figures_) {
        std::string target = "-";
        if (figure.target) {
            target = figure.target->describe(figure.unit) + (*figure.target_met() ? ": met" : ": MISSED");
        }
        out << "| " << figure.benchmark << " | " << figure.unit << " | " << format_figure(figure.parley) << " | "
            << format_figure(figure.baseline) << " | " << format_ratio(figure.ratio()) << " | " << figure.baseline_is
            << " | " << target << " |\n";
    }
    if (quick_) out << "\n(--quick: small sizes, for checking that every benchmark works, not for quoting)\n";
}

nlohmann::ordered_json Report::to_json(const MachineInfo& machine) const {
    nlohmann::ordered_json figures = nlohmann::ordered_json::array();
    for (const auto& figure : figures_) {
        nlohmann::ordered_json row{{"section", figure.section},   {"benchmark", figure.benchmark},
                                   {"unit", figure.unit},         {"parley", figure.parley},
                                   {"baseline", figure.baseline}, {"ratio", figure.ratio()},
                                   {"baseline_is", figure.baseline_is}};
        if (figure.target) {
            row["target"] = figure.target->describe(figure.unit);
            row["target_met"] = *figure.target_met();
        } else {
            row["target"] = nullptr;
            row["target_met"] = nullptr;
        }
        figures.push_back(std::move(row));
    }
    return {{"quick", quick_},
            {"machine",
             {{"date", machine.date}, {"cpu", machine.cpu_model}, {"cores", machine.cores}, {"commit", machine.commit}}},
            {"figures", std::move(figures)}};
}

}  // namespace parley::bench
