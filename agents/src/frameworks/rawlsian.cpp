// The Rawlsian framework: the best lot for the worst-off.

#include "framework_base.hpp"

#include <algorithm>
#include <string>

namespace parley::agents::frameworks {
namespace {

// Its welfare: the worst-off party's utility; 0 for no parties (nobody is badly off).
double welfare_score(const worlds::WelfareInput& input) {
    if (input.utilities.empty()) return 0.0;
    return *std::min_element(input.utilities.begin(), input.utilities.end());
}

// It scores an outcome by the utility of its worst-off party (itself
// included), so it turns down an offer that is good for itself but leaves
// another party with less than it would accept for itself; it concedes on that
// minimum over time, down to the minimum of the reservation values.
class RawlsianFramework : public FrameworkBase {
public:
    RawlsianFramework(CommonSettings common, double exponent)
        : FrameworkBase("rawlsian", &welfare_score, std::move(common), SearchMode::Score), exponent_(exponent) {}

protected:
    double aspiration(const worlds::Turn& turn) override { return time_dependent_aspiration(turn, exponent_); }

    std::string score_name() const override { return "the worst-off party's utility"; }

    std::optional<protocol::Reason> offer_reason(const Assessment& offer, double) const override {
        return protocol::Reason{
            "maximin", score_name() + " would be " + format(offer.score) + " (" + std::string(knowledge_word()) + ")"};
    }

private:
    double exponent_;
};

}  // namespace

// Its policy in each repeated game (rawlsian_games.cpp).
std::vector<GameStrategyInfo> rawlsian_games();

FrameworkInfo rawlsian_framework() {
    FrameworkInfo info = describe_framework(
        "rawlsian", "rawlsian: maximises the utility of the worst-off party", {exponent_parameter("0.5")},
        [](const ParameterReader& reader) -> std::unique_ptr<ValueFramework> {
            const double exponent = reader.number("exponent", 0.01, 100.0);
            return std::make_unique<RawlsianFramework>(read_common(reader), exponent);
        });
    info.welfare = {"the utility of the worst-off party", &welfare_score};
    info.games = rawlsian_games();
    return info;
}

}  // namespace parley::agents::frameworks
