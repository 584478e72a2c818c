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
class SelfishFramework : public ConcedingFramework {
public:
    SelfishFramework(CommonSettings common, double exponent)
        : ConcedingFramework("selfish", &welfare_score, std::move(common), SearchMode::OwnUtility, exponent) {}

protected:
    std::optional<protocol::Reason> offer_reason(const Assessment& offer, double) const override {
        return protocol::Reason{"self_interest", "it gives me " + format(offer.score)};
    }
};

}  // namespace

// Its policy in each repeated game (selfish_games.cpp).
std::vector<GameStrategyInfo> selfish_games();

FrameworkInfo selfish_framework() {
    FrameworkInfo info = describe_conceding_framework<SelfishFramework>(
        "selfish", "self-interested: concedes on its own utility over time (Boulware, linear or conceder)", "0.2");
    info.welfare = {"its own utility", &welfare_score};
    info.games = selfish_games();
    return info;
}

}  // namespace parley::agents::frameworks
