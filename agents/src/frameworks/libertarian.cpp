// The libertarian framework: entitlements are rights, nothing more is owed.

#include "framework_base.hpp"

#include <string>
#include <string_view>

namespace parley::agents::frameworks {
namespace {

// Its welfare: own utility when every party gets at least its reservation
// value (its entitlement), else the violation score.
double welfare_score(const worlds::WelfareInput& input) {
    const double own = worlds::own_utility(input);
    for (std::size_t party = 0; party < input.utilities.size(); ++party) {
        if (input.utilities[party] < worlds::reservation_of(input, party)) return worlds::kViolationScore;
    }
    return own;
}

// Every party is entitled to what it has without a deal, its reservation
// value: the libertarian never offers or accepts an outcome that takes any
// party below it. Beyond that it owes nobody anything and concedes on its own
// utility over time. It knows another party's reservation value only when its
// profile is disclosed; otherwise it assumes 0 (and the party's own refusal
// protects its entitlement).
class LibertarianFramework : public ConcedingFramework {
public:
    LibertarianFramework(CommonSettings common, double exponent)
        : ConcedingFramework("libertarian", &welfare_score, std::move(common), SearchMode::OwnUtility, exponent) {}

protected:
    double score(std::span<const double> utilities) const override { return utilities[self()]; }

    std::optional<Breach> breach(std::span<const double> utilities) const override {
        if (auto own = FrameworkBase::breach(utilities)) return own;
        for (worlds::PartyIndex party = 0; party < utilities.size(); ++party) {
            if (utilities[party] < reservation(party)) return Breach{"below_entitlement", party, reservation(party)};
        }
        return std::nullopt;
    }

    protocol::Reason explain(const Breach& breach, std::span<const double> utilities) const override {
        if (std::string_view(breach.principle) != "below_entitlement") return FrameworkBase::explain(breach, utilities);
        return {"below_entitlement", "party " + std::to_string(breach.party) + " would get " +
                                         format(utilities[breach.party]) + ", below its reservation value " +
                                         format(breach.limit) + ", which is its right"};
    }

    std::optional<protocol::Reason> offer_reason(const Assessment& offer, double) const override {
        return protocol::Reason{"entitlements_respected",
                                "no party falls below its reservation value; it gives me " + format(offer.score)};
    }
};

}  // namespace

// Its policy in each repeated game (libertarian_games.cpp).
std::vector<GameStrategyInfo> libertarian_games();

FrameworkInfo libertarian_framework() {
    FrameworkInfo info = describe_conceding_framework<LibertarianFramework>(
        "libertarian",
        "libertarian: never takes any party below its reservation value, owes nothing beyond; concedes over time",
        "0.3");
    info.welfare = {"its own utility when every party gets at least its reservation value, else -1", &welfare_score};
    info.games = libertarian_games();
    return info;
}

}  // namespace parley::agents::frameworks
