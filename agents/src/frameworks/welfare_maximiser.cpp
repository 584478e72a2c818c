// The frameworks that maximise a welfare score of everybody's utilities
// (framework_base.hpp: WelfareMaximiser).

#include "framework_base.hpp"

#include <string>
#include <utility>

namespace parley::agents::frameworks {
namespace {

class WelfareMaximiserFramework : public ConcedingFramework {
public:
    WelfareMaximiserFramework(const WelfareMaximiser& maximiser, CommonSettings common, double exponent)
        : ConcedingFramework(maximiser.name, maximiser.welfare.score, std::move(common), SearchMode::Score, exponent),
          score_name_(maximiser.score_name),
          principle_(maximiser.principle) {}

protected:
    std::string score_name() const override { return score_name_; }

    std::optional<protocol::Reason> offer_reason(const Assessment& offer, double) const override {
        return score_reason(principle_, offer);
    }

private:
    std::string score_name_;
    std::string principle_;
};

}  // namespace

FrameworkInfo describe_welfare_maximiser(WelfareMaximiser maximiser) {
    std::vector<GameStrategyInfo> games = std::move(maximiser.games);
    maximiser.games.clear();
    FrameworkInfo info = describe_framework(
        maximiser.name, maximiser.description, {exponent_parameter(maximiser.default_exponent)},
        [maximiser](const ParameterReader& reader) -> std::unique_ptr<ValueFramework> {
            const double exponent = read_exponent(reader);
            return std::make_unique<WelfareMaximiserFramework>(maximiser, read_common(reader), exponent);
        });
    info.welfare = maximiser.welfare;
    info.games = std::move(games);
    return info;
}

}  // namespace parley::agents::frameworks
