// SAOP, the stacked alternating offers protocol (Aydoğan et al. 2017), for two
// or more parties. The rules are those of AlternatingOffersMechanism; the
// discount exponent of an agreement is the relative time of the turn that
// completed it.

#include "alternating_offers.hpp"

#include <parley/mechanisms/builtin_mechanisms.hpp>

#include <memory>

namespace parley::worlds {

MechanismInfo saop_mechanism_info() {
    return mechanisms::builtin_mechanism_info(
        "saop",
        "stacked alternating offers: in turn each party offers, accepts the standing offer or ends; "
        "agreement when all others accept",
        mechanisms::kMaxParties, [](const MechanismSettings& settings) -> std::unique_ptr<Mechanism> {
            return std::make_unique<mechanisms::AlternatingOffersMechanism>(settings,
                                                                            mechanisms::DiscountClock::RelativeTime);
        });
}

}  // namespace parley::worlds
