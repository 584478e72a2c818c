// The Nash framework: the greatest product of gains.

#include "framework_base.hpp"

#include <algorithm>
#include <string>

namespace parley::agents::frameworks {
namespace {

// Its welfare: the product of the gains over the reservation values, a gain
// below 0 counted as 0: an outcome that leaves anyone worse off than no deal
// scores 0.
double welfare_score(const worlds::WelfareInput& input) {
    double product = 1.0;
    for (std::size_t party = 0; party < input.utilities.size(); ++party) {
        product *= std::max(0.0, input.utilities[party] - worlds::reservation_of(input, party));
    }
    return product;
}

// It scores an outcome by the product of every party's gain over its
// reservation value (the Nash bargaining solution maximises it): an outcome
// that leaves anyone no better off than no deal scores 0. It concedes on the
// product over time, down to 0.
class NashFramework : public FrameworkBase {
public:
    NashFramework(CommonSettings common, double exponent)
        : FrameworkBase("nash", &welfare_score, std::move(common), SearchMode::Score), exponent_(exponent) {}

protected:
    double aspiration(const worlds::Turn& turn) override { return time_dependent_aspiration(turn, exponent_); }

    std::string score_name() const override { return "the product of gains"; }

    std::optional<protocol::Reason> offer_reason(const Assessment& offer, double) const override {
        return protocol::Reason{"nash_product", score_name() + " would be " + format(offer.score) + " (" +
                                                    std::string(knowledge_word()) + ")"};
    }

private:
    double exponent_;
};

}  // namespace

// Its policy in each repeated game (nash_games.cpp).
std::vector<GameStrategyInfo> nash_games();

FrameworkInfo nash_framework() {
    FrameworkInfo info = describe_framework(
        "nash", "nash: maximises the product of all parties' gains over their reservation values",
        {exponent_parameter("0.5")}, [](const ParameterReader& reader) -> std::unique_ptr<ValueFramework> {
            const double exponent = reader.number("exponent", 0.01, 100.0);
            return std::make_unique<NashFramework>(read_common(reader), exponent);
        });
    info.welfare = {"the product of all parties' gains over their reservation values", &welfare_score};
    info.games = nash_games();
    return info;
}

}  // namespace parley::agents::frameworks
