// parley bench: Parley's speed against the physical limit of this machine,
// measured in the same run (bench/README.md).

#include "commands.hpp"

#include <parley/agents/process.hpp>
#include <parley/bench/bench.hpp>

#include <spdlog/spdlog.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>

namespace parley::cli {
namespace {

// A fresh folder for scenario files and run outputs, removed on every way out.
class ScratchFolder {
public:
    ScratchFolder() {
        std::string pattern = (std::filesystem::temp_directory_path() / "parley-bench-XXXXXX").string();
        if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("cannot create a temporary folder");
        path_ = pattern;
    }
    ~ScratchFolder() {
        std::error_code ignored;
        std::filesystem::remove_all(path_, ignored);
    }
    ScratchFolder(const ScratchFolder&) = delete;
    ScratchFolder& operator=(const ScratchFolder&) = delete;
    const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
};

int run_bench(bench::BenchOptions options, const std::vector<std::string>& only, const std::string& json_file) {
    options.only.insert(only.begin(), only.end());
    options.executable = agents::current_executable();
    ScratchFolder scratch;
    options.scratch = scratch.path();
    const auto machine = bench::describe_machine();
    spdlog::info("bench on {} ({} cores), commit {}{}", machine.cpu_model, machine.cores,
                 machine.commit.empty() ? "unknown" : machine.commit, options.quick ? ", quick" : "");
    const auto report = bench::run_benchmarks(options, stop_requested());
    std::cout << "parley bench" << (options.quick ? " --quick" : "") << ", " << machine.date << ", commit "
              << (machine.commit.empty() ? "unknown" : machine.commit) << ", " << machine.cpu_model << " ("
              << machine.cores << " cores)\n\n";
    report.print_table(std::cout);
    if (!json_file.empty()) {
        std::ofstream out(json_file, std::ios::trunc);
        out << report.to_json(machine).dump(2) << "\n";
        out.close();  // a write that fails only when the buffer reaches the disk must be seen too
        if (!out) throw std::runtime_error("cannot write " + json_file);
    }
    return 0;
}

}  // namespace

Command add_bench_command(CLI::App& app) {
    auto* command = app.add_subcommand(
        "bench", "Measure Parley against bare ZeroMQ and msgpack baselines on this machine, and print the ratios");
    auto options = std::make_shared<bench::BenchOptions>();
    auto only = std::make_shared<std::vector<std::string>>();
    auto json_file = std::make_shared<std::string>();
    command->add_flag("--quick", options->quick, "Small sizes: every figure, in well under a minute (not for quoting)");
    command->add_option("--json", *json_file, "Also write the table, with the machine and commit, as JSON to FILE")
        ->type_name("FILE");
    command->add_option("--only", *only, "Run only this section (repeatable)")
        ->check(CLI::IsMember(bench::kSections));
    // The processes the benchmarks start: internal, so hidden from --help.
    auto* role = command->add_subcommand("role", "A process started by the benchmarks");
    role->group("");
    role->prefix_command();

    return {command, [options, only, json_file, role] {
                if (role->parsed()) return bench::run_role(role->remaining(), stop_requested());
                return run_bench(*options, *only, *json_file);
            }};
}

}  // namespace parley::cli
