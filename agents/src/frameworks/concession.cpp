#include <parley/agents/concession.hpp>

#include <parley/core/determinism.hpp>

#include <algorithm>
#include <cmath>

namespace parley::agents {

double time_dependent_target(double time, double best, double worst, double exponent) {
    const double t = std::isnan(time) ? 0.0 : std::clamp(time, 0.0, 1.0);
    const double conceded = core::portable::pow(t, 1.0 / exponent);
    return worst + (best - worst) * (1.0 - conceded);
}

double rubinstein_proposer_share(double own_discount, double other_discount) {
    const double denominator = 1.0 - own_discount * other_discount;
    if (denominator <= 0.0) return 0.5;  // both patient: the symmetric limit
    return (1.0 - other_discount) / denominator;
}

double rubinstein_responder_share(double own_discount, double other_discount) {
    return own_discount * rubinstein_proposer_share(own_discount, other_discount);
}

}  // namespace parley::agents
