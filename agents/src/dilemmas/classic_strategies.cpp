// The classic strategies of the iterated prisoner's dilemma, as defined in
// dilemma_strategy.hpp (Axelrod's tournaments, the Axelrod library's conventions).

#include "strategies.hpp"

#include "../frameworks/parameters.hpp"

#include <array>
#include <algorithm>
#include <limits>
#include <memory>
#include <random>
#include <string>
#include <utility>

namespace parley::agents::dilemmas {

using worlds::DilemmaMove;
using worlds::IpdView;

DilemmaMove tit_for_tat(std::span<const IpdView> history) { return history.empty() ? C : history.back().other; }

namespace {

using Rule = std::function<DilemmaMove(std::span<const IpdView>)>;

// A strategy whose move is a function of the history alone: no draws.
class DeterministicStrategy final : public DilemmaStrategy {
public:
    explicit DeterministicStrategy(Rule rule) : rule_(std::move(rule)) {}
    void reset(std::uint64_t) override {}
    DilemmaMove choose(std::span<const IpdView> history, const worlds::IpdPayoffs&) override { return rule_(history); }

private:
    Rule rule_;
};

// A memory-one strategy: its first move, then C with probability
// cooperate_after[XY] after a round where it played X and the other Y
// (index: CC 0, CD 1, DC 2, DD 3). One draw per round after the first.
class MemoryOneStrategy final : public DilemmaStrategy {
public:
    MemoryOneStrategy(DilemmaMove first, std::array<double, 4> cooperate_after)
        : first_(first), cooperate_after_(cooperate_after) {}
    void reset(std::uint64_t seed) override { engine_.seed(seed); }
    DilemmaMove choose(std::span<const IpdView> history, const worlds::IpdPayoffs&) override {
        if (history.empty()) return first_;
        const IpdView& last = history.back();
        const std::size_t index = (last.own == D ? 2u : 0u) + (last.other == D ? 1u : 0u);
        return worlds::draw_chance(engine_, cooperate_after_[index]) ? C : D;
    }

private:
    DilemmaMove first_;
    std::array<double, 4> cooperate_after_;
    std::mt19937_64 engine_;
};

class RandomStrategy final : public DilemmaStrategy {
public:
    explicit RandomStrategy(double cooperation) : cooperation_(cooperation) {}
    void reset(std::uint64_t seed) override { engine_.seed(seed); }
    DilemmaMove choose(std::span<const IpdView>, const worlds::IpdPayoffs&) override {
        return worlds::draw_chance(engine_, cooperation_) ? C : D;
    }

private:
    double cooperation_;
    std::mt19937_64 engine_;
};

using frameworks::describe_entry;
using frameworks::ParameterReader;

// Takes no parameter.
DilemmaStrategyInfo deterministic(std::string name, std::string description, Rule rule) {
    DilemmaStrategyInfo info;
    describe_entry(info, std::move(name), std::move(description), {},
                   [rule = std::move(rule)](const ParameterReader&) -> std::unique_ptr<DilemmaStrategy> {
                       return std::make_unique<DeterministicStrategy>(rule);
                   });
    return info;
}

DilemmaMove suspicious_tit_for_tat(std::span<const IpdView> history) {
    return history.empty() ? D : history.back().other;
}

DilemmaMove tit_for_two_tats(std::span<const IpdView> history) {
    const std::size_t n = history.size();
    return n >= 2 && history[n - 1].other == D && history[n - 2].other == D ? D : C;
}

DilemmaMove grudger(std::span<const IpdView> history) {
    return std::any_of(history.begin(), history.end(), [](const IpdView& r) { return r.other == D; }) ? D : C;
}

DilemmaMove pavlov(std::span<const IpdView> history) {
    return history.empty() || history.back().own == history.back().other ? C : D;
}

DilemmaMove alternator(std::span<const IpdView> history) {
    return history.empty() ? C : worlds::opposite(history.back().own);
}

DilemmaMove tester(std::span<const IpdView> history) {
    const std::size_t round = history.size();
    if (round == 0) return D;
    const auto first_defection =
        std::find_if(history.begin(), history.end(), [](const IpdView& r) { return r.other == D; });
    if (first_defection != history.end()) {
        const auto apology_round = static_cast<std::size_t>(first_defection - history.begin()) + 1;
        return round == apology_round ? C : history.back().other;
    }
    if (round <= 2) return C;
    return round % 2 == 1 ? D : C;
}

DilemmaStrategyInfo generous_tft_info() {
    DilemmaStrategyInfo info;
    describe_entry(info, "generous_tft", "tit for tat that forgives a defection with probability `forgiveness`",
                   {{"forgiveness", "0.3333333333333333",
                     "probability of cooperating after the other's defection (1/3: Nowak & Sigmund's "
                     "min(1 - (T-R)/(R-S), (R-P)/(T-P)) for the default payoffs)"}},
                   [](const ParameterReader& reader) -> std::unique_ptr<DilemmaStrategy> {
                       const double g = reader.number("forgiveness", 0.0, 1.0);
                       return std::make_unique<MemoryOneStrategy>(C, std::array<double, 4>{1.0, g, 1.0, g});
                   });
    return info;
}

DilemmaStrategyInfo random_info() {
    DilemmaStrategyInfo info;
    describe_entry(info, "random", "cooperates with probability `cooperation` each round",
                   {{"cooperation", "0.5", "probability of cooperating in each round"}},
                   [](const ParameterReader& reader) -> std::unique_ptr<DilemmaStrategy> {
                       return std::make_unique<RandomStrategy>(reader.number("cooperation", 0.0, 1.0));
                   });
    return info;
}

DilemmaStrategyInfo joss_info() {
    DilemmaStrategyInfo info;
    describe_entry(info, "joss",
                   "tit for tat that defects after the other's cooperation with probability 0.1 (Axelrod 1980)", {},
                   [](const ParameterReader&) -> std::unique_ptr<DilemmaStrategy> {
                       return std::make_unique<MemoryOneStrategy>(C, std::array<double, 4>{0.9, 0.0, 0.9, 0.0});
                   });
    return info;
}

// Press & Dyson's extortionate zero-determinant strategy; see dilemma_strategy.hpp.
std::array<double, 4> extortion_probabilities(const worlds::IpdPayoffs& p, double chi, double phi_fraction) {
    const double R = p.reward, S = p.sucker, T = p.temptation, P = p.punishment;
    const double cc_slope = (chi - 1.0) * (R - P);    // p_CC = 1 - phi * cc_slope
    const double cd_slope = (P - S) + chi * (T - P);  // p_CD = 1 - phi * cd_slope
    const double dc_slope = (T - P) + chi * (P - S);  // p_DC = phi * dc_slope
    double largest_phi = std::numeric_limits<double>::infinity();
    for (double slope : {cc_slope, cd_slope, dc_slope}) {
        if (slope > 0.0) largest_phi = std::min(largest_phi, 1.0 / slope);
    }
    const double phi = phi_fraction * largest_phi;
    return {1.0 - phi * cc_slope, 1.0 - phi * cd_slope, phi * dc_slope, 0.0};
}

DilemmaStrategyInfo zd_extort_info() {
    std::vector<ParameterInfo> parameters = {
        {"chi", "2", "extortion factor, at least 1 (1 is fair: equal surplus over P)"},
        {"phi_fraction", "0.5", "phi as a fraction of its largest feasible value, in (0, 1]"}};
    for (const ParameterInfo& payoff : payoff_parameters()) parameters.push_back(payoff);
    DilemmaStrategyInfo info;
    describe_entry(
        info, "zd_extort", "Press & Dyson's extortionate zero-determinant strategy: s_self - P = chi (s_other - P)",
        std::move(parameters), [](const ParameterReader& reader) -> std::unique_ptr<DilemmaStrategy> {
            const double chi = reader.number("chi", 1.0, 1000.0);
            const double phi_fraction = reader.number("phi_fraction", 0.0, 1.0, true);
            worlds::IpdPayoffs payoffs;
            payoffs.reward = reader.number("reward", -1e9, 1e9);
            payoffs.sucker = reader.number("sucker", -1e9, 1e9);
            payoffs.temptation = reader.number("temptation", -1e9, 1e9);
            payoffs.punishment = reader.number("punishment", -1e9, 1e9);
            if (!payoffs.is_prisoners_dilemma()) {
                throw std::invalid_argument(
                    "zd_extort: the payoffs must make a prisoner's dilemma (T > R > P > S and 2R > T + S)");
            }
            return std::make_unique<MemoryOneStrategy>(C, extortion_probabilities(payoffs, chi, phi_fraction));
        });
    return info;
}

}  // namespace

std::vector<ParameterInfo> payoff_parameters() {
    return {{"reward", "3", "R: payoff of mutual cooperation"},
            {"sucker", "0", "S: payoff of cooperating against a defection"},
            {"temptation", "5", "T: payoff of defecting against a cooperation"},
            {"punishment", "1", "P: payoff of mutual defection"}};
}

std::vector<ParameterInfo> game_payoff_parameters() {
    std::vector<ParameterInfo> parameters = payoff_parameters();
    for (ParameterInfo& parameter : parameters) {
        parameter.default_value = kGamePayoff;
        parameter.description += " (default: the game's own)";
    }
    return parameters;
}

std::vector<DilemmaStrategyInfo> classic_strategies() {
    std::vector<DilemmaStrategyInfo> infos;
    infos.push_back(deterministic("all_c", "always cooperates", [](std::span<const IpdView>) { return C; }));
    infos.push_back(deterministic("all_d", "always defects", [](std::span<const IpdView>) { return D; }));
    infos.push_back(deterministic("tit_for_tat", "cooperates first, then copies the other's last move", tit_for_tat));
    infos.push_back(deterministic("suspicious_tit_for_tat", "defects first, then copies the other's last move",
                                  suspicious_tit_for_tat));
    infos.push_back(deterministic("tit_for_two_tats", "defects only after two defections in a row", tit_for_two_tats));
    infos.push_back(generous_tft_info());
    infos.push_back(deterministic("grudger", "cooperates until the other defects once, then defects forever", grudger));
    infos.push_back(deterministic("pavlov", "win-stay lose-shift: cooperates when both moved alike last round", pavlov));
    infos.push_back(random_info());
    infos.push_back(deterministic("alternator", "cooperates first, then alternates", alternator));
    infos.push_back(joss_info());
    infos.push_back(deterministic("tester", "probes with a defection; apologises and plays tit for tat if punished, "
                                            "else exploits every other move (Axelrod 1984)",
                                  tester));
    infos.push_back(zd_extort_info());
    return infos;
}

}  // namespace parley::agents::dilemmas
