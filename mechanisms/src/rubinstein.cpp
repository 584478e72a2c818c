// Rubinstein bargaining: two parties alternate offers, usually over the pie
// world (pie.hpp), and each party's utility of an agreement is discounted by
// its own factor once per period: the discount exponent is the number of
// offers rejected (by a counter-offer) before the accepted one. The rules are
// those of AlternatingOffersMechanism with two parties, so a round is two
// periods and the deadline is in rounds.

#include "alternating_offers.hpp"

#include <parley/mechanisms/builtin_mechanisms.hpp>

#include <memory>

namespace parley::worlds {

MechanismInfo rubinstein_mechanism_info() {
    MechanismInfo info;
    info.name = "rubinstein";
    info.description =
        "Rubinstein bargaining: two parties alternate offers; utilities are discounted once per rejected offer";
    info.min_parties = 2;
    info.max_parties = 2;
    info.make = [declared = info](const MechanismSettings& settings) -> std::unique_ptr<Mechanism> {
        mechanisms::check_settings(settings, declared);
        return std::make_unique<mechanisms::AlternatingOffersMechanism>(settings, mechanisms::DiscountClock::Periods);
    };
    return info;
}

}  // namespace parley::worlds
