// The value frameworks as iterated prisoner's dilemma policies, as defined and
// justified in dilemma_strategy.hpp.

#include "strategies.hpp"

#include "../frameworks/parameters.hpp"

#include <algorithm>
#include <memory>
#include <optional>
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

// The payoffs a policy was given as parameters; the game's for any not given.
struct PayoffOverrides {
    std::optional<double> reward;
    std::optional<double> sucker;
    std::optional<double> temptation;
    std::optional<double> punishment;

    worlds::IpdPayoffs over(worlds::IpdPayoffs game) const {
        game.reward = reward.value_or(game.reward);
        game.sucker = sucker.value_or(game.sucker);
        game.temptation = temptation.value_or(game.temptation);
        game.punishment = punishment.value_or(game.punishment);
        return game;
    }
};

// Chooses the move with the best score for the round; ties go to C.
class PayoffPolicy final : public DilemmaStrategy {
public:
    using Score = double (*)(const worlds::IpdPayoffs&, std::span<const IpdView>, DilemmaMove mine, DilemmaMove other);
    PayoffPolicy(PayoffOverrides overrides, Score score) : overrides_(overrides), score_(score) {}
    void reset(std::uint64_t) override {}
    DilemmaMove choose(std::span<const IpdView> history, const worlds::IpdPayoffs& game) override {
        const worlds::IpdPayoffs payoffs = overrides_.over(game);
        const DilemmaMove other = predicted_other(history);
        return score_(payoffs, history, D, other) > score_(payoffs, history, C, other) ? D : C;
    }

private:
    PayoffOverrides overrides_;
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

// A payoff given as a parameter, or nullopt for the game's (not given, or "game").
std::optional<double> given_payoff(const frameworks::ParameterReader& reader, const FrameworkParameters& given,
                                   const std::string& name) {
    const auto found = given.find(name);
    if (found == given.end() || found->second == kGamePayoff) return std::nullopt;
    return reader.number(name, -1e9, 1e9);
}

DilemmaStrategyInfo payoff_policy(std::string name, std::string description, PayoffPolicy::Score score) {
    DilemmaStrategyInfo info;
    info.name = name;
    info.description = std::move(description);
    info.parameters = game_payoff_parameters();
    info.make = [name, score, parameters = info.parameters](
                    const FrameworkParameters& given) -> std::unique_ptr<DilemmaStrategy> {
        const frameworks::ParameterReader reader(name, parameters, given);
        PayoffOverrides overrides;
        overrides.reward = given_payoff(reader, given, "reward");
        overrides.sucker = given_payoff(reader, given, "sucker");
        overrides.temptation = given_payoff(reader, given, "temptation");
        overrides.punishment = given_payoff(reader, given, "punishment");
        return std::make_unique<PayoffPolicy>(overrides, score);
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
                                     "with the default payoffs), by the game's payoffs unless given its own",
                                     round_sum));
    policies.push_back(payoff_policy("rawlsian",
                                     "maximises the lower cumulative score, expecting the other to repeat its last "
                                     "move, by the game's payoffs unless given its own",
                                     lower_total));
    policies.push_back(alias(classic, "pavlov", "nash",
                             "stays after earning more than the disagreement payoff P, shifts otherwise"));
    policies.push_back(alias(classic, "all_c", "deontological", "cooperation is a duty whatever the other does"));
    policies.push_back(alias(classic, "grudger", "libertarian",
                             "never defects first; a defection voids the contract for good"));
    return policies;
}

}  // namespace parley::agents::dilemmas
