// The Rubinstein framework: subgame-perfect play of alternating offers.

#include "framework_base.hpp"

#include <parley/agents/concession.hpp>

#include <algorithm>
#include <string>

namespace parley::agents::frameworks {
namespace {

// Its welfare: its own utility.
double welfare_score(const worlds::WelfareInput& input) { return worlds::own_utility(input); }

// In the pie world (domains/pie.hpp) its own utility is its share of the pie;
// elsewhere its "share" of an outcome is its utility scaled to [0, 1] between
// its worst and best outcomes, which is the same thing on the pie. With d_i its
// own discount factor and d_j the other's (concession.hpp derives the shares):
//   - as proposer it offers itself x_i = (1 - d_j) / (1 - d_i d_j): the
//     candidate with at least that share that the other likes best, which on
//     the pie is the value nearest x_i;
//   - as responder it accepts exactly the offers that leave it at least
//     d_i x_i, what refusing and proposing next period is worth to it now.
// Equilibrium play does not depend on time: it neither concedes nor hardens.
//
// A discrete pie has steps of 1/N: the proposer's share is the value nearest
// x_i, up to half a step away, so both the proposer's target and the
// responder's threshold allow half a step (and rounding): the equilibrium
// offer is accepted at once. In a space of several issues shares are dense
// and no step is allowed.
//
// It needs the other's discount factor: disclosed in full-information
// scenarios; otherwise it assumes the other is as patient as itself. With
// more than two parties it bargains against the most patient of the others.
class RubinsteinFramework : public FrameworkBase {
public:
    explicit RubinsteinFramework(CommonSettings common)
        : FrameworkBase("rubinstein", &welfare_score, std::move(common), SearchMode::OwnUtility) {}

protected:
    void on_begin() override {
        const double own_discount = own_profile().discount_factor();
        double other_discount = 0.0;
        for (worlds::PartyIndex party = 0; party < party_count(); ++party) {
            if (party == self()) continue;
            other_discount = std::max(other_discount,
                                      is_disclosed(party) ? setup().disclosed[party]->discount_factor() : own_discount);
        }
        // Alone, it proposes to nobody and takes everything.
        proposer_share_ = party_count() > 1 ? rubinstein_proposer_share(own_discount, other_discount) : 1.0;
        responder_share_ = party_count() > 1 ? rubinstein_responder_share(own_discount, other_discount) : 1.0;
        worst_ = own_profile().min_utility();
        range_ = own_profile().max_utility() - worst_;
        const auto& space = *setup().space;
        const bool one_issue = space.issue_count() == 1 && space.issue(0).size() > 1;
        half_step_ = one_issue ? 0.5 / static_cast<double>(space.issue(0).size() - 1) : 0.0;
    }

    // On one issue (the pie) the share decides everything: take exactly the
    // equilibrium share, not the other's favourite of a band above it.
    double band_fraction() const override { return half_step_ > 0.0 ? 0.0 : FrameworkBase::band_fraction(); }

    double aspiration(const worlds::Turn&) override { return utility_of_share(proposer_share_ - half_step_); }

    bool accepts(const worlds::Outcome&, const Assessment& assessment, double) const override {
        return assessment.permitted() && assessment.score >= utility_of_share(responder_share_ - half_step_) - 1e-9;
    }

    std::optional<protocol::Reason> offer_reason(const Assessment& offer, double) const override {
        return protocol::Reason{"spe_share", "my subgame-perfect share is " + format(proposer_share_) +
                                                 "; this gives me " + format(share_of(offer.score))};
    }

    protocol::Reason shortfall_reason(const Assessment& assessment, double) const override {
        return {"below_spe_share", "it leaves me a share of " + format(share_of(assessment.score)) +
                                       "; in equilibrium I accept no less than " + format(responder_share_)};
    }

private:
    double utility_of_share(double share) const { return worst_ + share * range_; }
    double share_of(double utility) const { return range_ > 0.0 ? (utility - worst_) / range_ : 1.0; }

    double proposer_share_ = 0.5;
    double responder_share_ = 0.5;
    double worst_ = 0.0;
    double range_ = 1.0;
    double half_step_ = 0.0;
};

}  // namespace

FrameworkInfo rubinstein_framework() {
    FrameworkInfo info = describe_framework(
        "rubinstein", "Rubinstein bargaining: the subgame-perfect strategy of alternating offers with discounting", {},
        [](const ParameterReader& reader) -> std::unique_ptr<ValueFramework> {
            return std::make_unique<RubinsteinFramework>(read_common(reader));
        });
    info.welfare = {"its own utility (subgame-perfect play of the alternating-offers bargain)", &welfare_score};
    return info;
}

}  // namespace parley::agents::frameworks
