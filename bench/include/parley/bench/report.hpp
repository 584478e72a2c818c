#pragma once
// The one table `parley bench` prints: every figure Parley reaches beside the
// baseline measured in the same run on the same machine, and their ratio. A
// reader on a noisy machine trusts the ratio, not the absolute figure.

#include <nlohmann/json.hpp>

#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace parley::bench {

// What a target asks of a figure, so that the table can say whether it is met.
struct Target {
    enum class On { Ratio, ParleyFigure };
    enum class Is { AtLeast, AtMost };
    On on = On::Ratio;
    Is is = Is::AtLeast;
    double bound = 0;

    static Target ratio_at_least(double bound) { return {On::Ratio, Is::AtLeast, bound}; }
    static Target ratio_at_most(double bound) { return {On::Ratio, Is::AtMost, bound}; }
    static Target figure_at_least(double bound) { return {On::ParleyFigure, Is::AtLeast, bound}; }
    static Target figure_at_most(double bound) { return {On::ParleyFigure, Is::AtMost, bound}; }

    std::string describe(const std::string& unit) const;
};

struct Figure {
    std::string section;      // "broker", "latency", "negotiation", ...
    std::string benchmark;    // what was measured, with its size
    std::string unit;         // "msg/s", "us", "ms", "KiB", "ns/msg"
    double parley = 0;
    double baseline = 0;
    std::string baseline_is;  // what the baseline figure is (a bare forwarder, msgpack-cxx, the target, ...)
    std::optional<Target> target;

    // Parley's figure divided by the baseline's: above 1 is better for rates,
    // worse for times and sizes.
    double ratio() const { return baseline != 0 ? parley / baseline : 0; }
    std::optional<bool> target_met() const;
};

struct MachineInfo {
    std::string date;      // UTC, ISO 8601
    std::string cpu_model;
    unsigned cores = 0;
    std::string commit;    // empty when not known
};

MachineInfo describe_machine();

class Report {
public:
    explicit Report(bool quick) : quick_(quick) {}

    void add(Figure figure) { figures_.push_back(std::move(figure)); }
    const std::vector<Figure>& figures() const { return figures_; }

    // A Markdown table, ready to paste into bench/RESULTS.md.
    void print_table(std::ostream& out) const;
    nlohmann::ordered_json to_json(const MachineInfo& machine) const;

private:
    bool quick_;
    std::vector<Figure> figures_;
};

}  // namespace parley::bench
