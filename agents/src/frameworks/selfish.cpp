// The self-interested framework: time-dependent concession on its own utility.

#include "framework_base.hpp"

namespace parley::agents::frameworks {
namespace {

// Its welfare: its own utility.
double welfare_score(const worlds::WelfareInput& input) { return worlds::own_utility(input); }

// It asks for target(t) of its own utility (concession.hpp), from its best
// outcome down to its reservation value at the deadline, and accepts anything
// that gives it at least that. Among offers equally good for it, it offers the
// one the others like best: not kindness, the likeliest to be accepted.
class SelfishFramework : public FrameworkBase {
public:
    SelfishFramework(CommonSettings common, double exponent)
        : FrameworkBase("selfish", &welfare_score, std::move(common), SearchMode::OwnUtility), exponent_(exponent) {}

protected:
    double aspiration(const worlds::Turn& turn) override { return time_dependent_aspiration(turn, exponent_); }

    std::optional<protocol::Reason> offer_reason(const Assessment& offer, double) const override {
        return protocol::Reason{"self_interest", "it gives me " + format(offer.score)};
    }

private:
    double exponent_;
};

}  // namespace

// Its policy in each repeated game (selfish_games.cpp).
std::vector<GameStrategyInfo> selfish_games();

FrameworkInfo selfish_framework() {
    FrameworkInfo info = describe_framework(
        "selfish", "self-interested: concedes on its own utility over time (Boulware, linear or conceder)",
        {exponent_parameter("0.2")}, [](const ParameterReader& reader) -> std::unique_ptr<ValueFramework> {
            const double exponent = reader.number("exponent", 0.01, 100.0);
            return std::make_unique<SelfishFramework>(read_common(reader), exponent);
        });
    info.welfare = {"its own utility", &welfare_score};
    info.games = selfish_games();
    return info;
}

}  // namespace parley::agents::frameworks
