// The reciprocal framework: tit-for-tat in utility space.

#include "framework_base.hpp"

#include <algorithm>
#include <optional>
#include <vector>

namespace parley::agents::frameworks {
namespace {

// Its welfare: its own utility.
double welfare_score(const worlds::WelfareInput& input) { return worlds::own_utility(input); }

// It starts at its best outcome and gives back what it is given: when a party
// makes an offer better for it than any before, it lowers its own target by
// `mirror` times that gain (divided among the other parties: with several
// others it mirrors their average concession). The gain is measured in its
// own utility, which it knows exactly, so no model can mislead it.
//
// Pure tit-for-tat deadlocks between two reciprocal parties, each waiting for
// the other's first concession: so after every offer it also concedes
// `generosity` (a fraction of its range), and it never asks for more than a
// very Boulware curve of exponent `patience` allows, which lets it close a
// deal before the deadline with a party that never concedes.
class ReciprocalFramework : public FrameworkBase {
public:
    ReciprocalFramework(CommonSettings common, double mirror, double generosity, double patience)
        : FrameworkBase("reciprocal", &welfare_score, std::move(common), SearchMode::OwnUtility),
          mirror_(mirror),
          generosity_(generosity),
          patience_(patience) {}

protected:
    void on_begin() override {
        target_.reset();
        best_received_.assign(party_count(), std::nullopt);
        owed_ = 0.0;
        last_mirrored_ = 0.0;
    }

    void on_offer_observed(worlds::PartyIndex party, const worlds::Outcome& offer, double) override {
        const double received = own_utility(offer);
        auto& best = best_received_[party];
        if (best && received > *best) owed_ += (received - *best) / static_cast<double>(party_count() - 1);
        if (!best || received > *best) best = received;
    }

    double aspiration(const worlds::Turn& turn) override {
        const double best = best_score();
        const double floor = std::min(disagreement_score(), best);
        if (!target_) target_ = best;
        if (owed_ > 0.0) {
            last_mirrored_ = mirror_ * owed_;
            *target_ -= last_mirrored_;
            owed_ = 0.0;
        }
        target_ = std::max(*target_, floor);
        return std::min(*target_, time_dependent_aspiration(turn, patience_));
    }

    void on_own_move(const worlds::Move& move, const Assessment*) override {
        if (move.type != worlds::MoveType::Offer || !target_) return;
        const double best = best_score();
        *target_ -= generosity_ * (best - std::min(disagreement_score(), best));
        last_mirrored_ = 0.0;
    }

    std::optional<protocol::Reason> offer_reason(const Assessment& offer, double) const override {
        if (last_mirrored_ > 0.0) {
            return protocol::Reason{"reciprocity", "you conceded " + format(last_mirrored_ / mirror_) +
                                                       " to me; I concede " + format(last_mirrored_)};
        }
        return protocol::Reason{"reciprocity", "I match concessions; this gives me " + format(offer.score)};
    }

private:
    double mirror_;
    double generosity_;
    double patience_;
    std::optional<double> target_;                      // own utility it asks for, before the time limit
    std::vector<std::optional<double>> best_received_;  // per party: its best offer, in my utility
    double owed_ = 0.0;                                 // concessions received and not yet returned
    double last_mirrored_ = 0.0;
};

}  // namespace

// Its policy in each repeated game (reciprocal_games.cpp).
std::vector<GameStrategyInfo> reciprocal_games();

FrameworkInfo reciprocal_framework() {
    FrameworkInfo info = describe_framework(
        "reciprocal", "tit-for-tat in utility space: concedes as much as the others have conceded to it",
        {{"mirror", "1", "how much of a concession received it returns (0 < m <= 10)"},
         {"generosity", "0.01", "share of its utility range it concedes after each offer regardless (0..1)"},
         {"patience", "0.1",
          "exponent of the Boulware curve it never asks above, so it settles by the deadline (0.01..100)"}},
        [](const ParameterReader& reader) -> std::unique_ptr<ValueFramework> {
            const double mirror = reader.number("mirror", 0.0, 10.0, true);
            const double generosity = reader.number("generosity", 0.0, 1.0);
            const double patience = reader.number("patience", 0.01, 100.0);
            return std::make_unique<ReciprocalFramework>(read_common(reader), mirror, generosity, patience);
        });
    info.welfare = {"its own utility (it concedes as much as the others do)", &welfare_score};
    info.games = reciprocal_games();
    return info;
}

}  // namespace parley::agents::frameworks
