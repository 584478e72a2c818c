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
    return mechanisms::builtin_mechanism_info(
        "rubinstein",
        "Rubinstein bargaining: two parties alternate offers; utilities are discounted once per rejected offer", 2,
        [](const MechanismSettings& settings) -> std::unique_ptr<Mechanism> {
            return std::make_unique<mechanisms::AlternatingOffersMechanism>(settings,
                                                                            mechanisms::DiscountClock::Periods);
        });
}

}  // namespace parley::worlds
