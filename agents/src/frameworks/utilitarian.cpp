// The utilitarian framework: the greatest total utility.

#include "framework_base.hpp"

#include <string>

namespace parley::agents::frameworks {
namespace {

// Its welfare: the sum of every party's utility.
double welfare_score(const worlds::WelfareInput& input) {
    double sum = 0.0;
    for (double utility : input.utilities) sum += utility;
    return sum;
}

// It scores an outcome by the sum of every party's utility (known or
// estimated) and concedes on that sum over time, from the best total it can
// find down to the total of no agreement. In the band of totals it asks for,
// it offers what the others like best.
class UtilitarianFramework : public FrameworkBase {
public:
    UtilitarianFramework(CommonSettings common, double exponent)
        : FrameworkBase("utilitarian", &welfare_score, std::move(common), SearchMode::Score), exponent_(exponent) {}

protected:
    double aspiration(const worlds::Turn& turn) override { return time_dependent_aspiration(turn, exponent_); }

    std::string score_name() const override { return "the total utility"; }

    std::optional<protocol::Reason> offer_reason(const Assessment& offer, double) const override {
        return protocol::Reason{"max_welfare", score_name() + " would be " + format(offer.score) + " (" +
                                                   std::string(knowledge_word()) + ")"};
    }

private:
    double exponent_;
};

}  // namespace

// Its policy in each repeated game (utilitarian_games.cpp).
std::vector<GameStrategyInfo> utilitarian_games();

FrameworkInfo utilitarian_framework() {
    FrameworkInfo info = describe_framework(
        "utilitarian", "utilitarian: maximises the sum of all parties' utilities", {exponent_parameter("0.5")},
        [](const ParameterReader& reader) -> std::unique_ptr<ValueFramework> {
            const double exponent = reader.number("exponent", 0.01, 100.0);
            return std::make_unique<UtilitarianFramework>(read_common(reader), exponent);
        });
    info.welfare = {"the sum of all parties' utilities", &welfare_score};
    info.games = utilitarian_games();
    return info;
}

}  // namespace parley::agents::frameworks
