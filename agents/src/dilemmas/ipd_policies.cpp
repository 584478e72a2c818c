// Shapes of iterated prisoner's dilemma policies that a value framework
// declares: a classic strategy under the framework's name, and the move with
// the better score for the round.

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
    using Score = RoundScore;
    PayoffPolicy(PayoffOverrides overrides, Score score) : overrides_(overrides), score_(score) {}
    void reset(std::uint64_t) override {}
    DilemmaMove choose(std::span<const IpdView> history, const worlds::IpdPayoffs& game) override {
        const worlds::IpdPayoffs payoffs = overrides_.over(game);
        const DilemmaMove other = tit_for_tat(history);
        return score_(payoffs, history, D, other) > score_(payoffs, history, C, other) ? D : C;
    }

private:
    PayoffOverrides overrides_;
    Score score_;
};

// A payoff given as a parameter, or nullopt for the game's (not given, or "game").
std::optional<double> given_payoff(const frameworks::ParameterReader& reader, const std::string& name) {
    const std::string* given = reader.given(name);
    if (given == nullptr || *given == kGamePayoff) return std::nullopt;
    return reader.number(name, -1e9, 1e9);
}

}  // namespace

DilemmaStrategyInfo payoff_policy(std::string name, std::string description, RoundScore score) {
    DilemmaStrategyInfo info;
    frameworks::describe_entry(info, std::move(name), std::move(description), game_payoff_parameters(),
                               [score](const frameworks::ParameterReader& reader) -> std::unique_ptr<DilemmaStrategy> {
                                   PayoffOverrides overrides;
                                   overrides.reward = given_payoff(reader, "reward");
                                   overrides.sucker = given_payoff(reader, "sucker");
                                   overrides.temptation = given_payoff(reader, "temptation");
                                   overrides.punishment = given_payoff(reader, "punishment");
                                   return std::make_unique<PayoffPolicy>(overrides, score);
                               });
    return info;
}

DilemmaStrategyInfo classic_alias(const std::string& strategy, std::string name, std::string why) {
    for (DilemmaStrategyInfo& info : classic_strategies()) {
        if (info.name != strategy) continue;
        info.name = std::move(name);
        info.description = "plays " + strategy + ": " + why;
        return std::move(info);
    }
    throw std::logic_error("no classic dilemma strategy named '" + strategy + "'");
}

}  // namespace parley::agents::dilemmas
