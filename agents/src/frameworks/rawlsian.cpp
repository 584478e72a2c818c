// The Rawlsian framework: the best lot for the worst-off.

#include "framework_base.hpp"
#include "frameworks.hpp"

#include <string>

namespace parley::agents::frameworks {
namespace {

// It scores an outcome by the utility of its worst-off party (itself
// included), so it turns down an offer that is good for itself but leaves
// another party with less than it would accept for itself; it concedes on that
// minimum over time, down to the minimum of the reservation values.
class RawlsianFramework : public FrameworkBase {
public:
    RawlsianFramework(CommonSettings common, double exponent)
        : FrameworkBase("rawlsian", std::move(common), SearchMode::Score), exponent_(exponent) {}

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

FrameworkInfo rawlsian_framework() {
    return describe_framework("rawlsian", "rawlsian: maximises the utility of the worst-off party",
                              {exponent_parameter("0.5")},
                              [](const ParameterReader& reader) -> std::unique_ptr<ValueFramework> {
                                  const double exponent = reader.number("exponent", 0.01, 100.0);
                                  return std::make_unique<RawlsianFramework>(read_common(reader), exponent);
                              });
}

}  // namespace parley::agents::frameworks
