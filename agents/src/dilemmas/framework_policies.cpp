// The value frameworks as iterated prisoner's dilemma policies, as defined and
// justified in dilemma_strategy.hpp.

#include "strategies.hpp"

#include "../frameworks/parameters.hpp"

#include <algorithm>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>

namespace parley::agents::dilemmas {
namespace {

using worlds::DilemmaMove;
using worlds::IpdView;
constexpr DilemmaMove C = DilemmaMove::Cooperate;
constexpr DilemmaMove D = DilemmaMove::Defect;

// A framework's policy that is one of the classic strategies, under the framework's name.
DilemmaStrategyInfo alias(const std::vector<DilemmaStrategyInfo>& classic, const std::string& strategy,
                          std::string framework, std::string why) {
    for (const DilemmaStrategyInfo& info : classic) {
        if (info.name != strategy) continue;
        DilemmaStrategyInfo policy = info;
        policy.name = std::move(framework);
        policy.description = "plays " + strategy + ": " + why;
        return policy;
    }
    throw std::logic_error("no classic dilemma strategy named '" + strategy + "'");
}

// The other's move to expect: its last, C before any.
DilemmaMove predicted_other(std::span<const IpdView> history) { return history.empty() ? C : history.back().other; }

// Chooses the move with the best score for the round; ties go to C.
class PayoffPolicy final : public DilemmaStrategy {
public:
    using Score = double (*)(const worlds::IpdPayoffs&, std::span<const IpdView>, DilemmaMove mine, DilemmaMove other);
    PayoffPolicy(worlds::IpdPayoffs payoffs, Score score) : payoffs_(payoffs), score_(score) {}
    void reset(std::uint64_t) override {}
    DilemmaMove choose(std::span<const IpdView> history) override {
        const DilemmaMove other = predicted_other(history);
        return score_(payoffs_, history, D, other) > score_(payoffs_, history, C, other) ? D : C;
    }

private:
    worlds::IpdPayoffs payoffs_;
    Score score_;
};

// Utilitarian: the sum of the round's payoffs.
double round_sum(const worlds::IpdPayoffs& p, std::span<const IpdView>, DilemmaMove mine, DilemmaMove other) {
    return p.payoff(mine, other) + p.payoff(other, mine);
}

// Rawlsian: the lower of the two cumulative scores after the round. The
// other's payoffs are recomputed from the realised moves (a view carries only
// one's own payoff).
double lower_total(const worlds::IpdPayoffs& p, std::span<const IpdView> history, DilemmaMove mine, DilemmaMove other) {
    double own_total = p.payoff(mine, other);
    double other_total = p.payoff(other, mine);
    for (const IpdView& round : history) {
        own_total += p.payoff(round.own, round.other);
        other_total += p.payoff(round.other, round.own);
    }
    return std::min(own_total, other_total);
}

DilemmaStrategyInfo payoff_policy(std::string name, std::string description, PayoffPolicy::Score score) {
    DilemmaStrategyInfo info;
    info.name = name;
    info.description = std::move(description);
    info.parameters = payoff_parameters();
    info.make = [name, score, parameters = info.parameters](
                    const FrameworkParameters& given) -> std::unique_ptr<DilemmaStrategy> {
        const frameworks::ParameterReader reader(name, parameters, given);
        worlds::IpdPayoffs payoffs;
        payoffs.reward = reader.number("reward", -1e9, 1e9);
        payoffs.sucker = reader.number("sucker", -1e9, 1e9);
        payoffs.temptation = reader.number("temptation", -1e9, 1e9);
        payoffs.punishment = reader.number("punishment", -1e9, 1e9);
        return std::make_unique<PayoffPolicy>(payoffs, score);
    };
    return info;
}

}  // namespace

std::vector<DilemmaStrategyInfo> framework_policies() {
    const std::vector<DilemmaStrategyInfo> classic = classic_strategies();
    std::vector<DilemmaStrategyInfo> policies;
    policies.push_back(alias(classic, "all_d", "selfish", "defection dominates in every round of a finite game"));
    policies.push_back(alias(classic, "tit_for_tat", "reciprocal", "returns what it received"));
    policies.push_back(payoff_policy("utilitarian",
                                     "maximises the round's sum of payoffs against the other's last move (always C "
                                     "with the default payoffs)",
                                     round_sum));
    policies.push_back(payoff_policy("rawlsian",
                                     "maximises the lower cumulative score, expecting the other to repeat its last "
                                     "move",
                                     lower_total));
    policies.push_back(alias(classic, "pavlov", "nash",
                             "stays after earning more than the disagreement payoff P, shifts otherwise"));
    policies.push_back(alias(classic, "all_c", "deontological", "cooperation is a duty whatever the other does"));
    policies.push_back(alias(classic, "grudger", "libertarian",
                             "never defects first; a defection voids the contract for good"));
    return policies;
}

}  // namespace parley::agents::dilemmas
