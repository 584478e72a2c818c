// The Nash framework: the greatest product of gains.

#include "framework_base.hpp"

#include <algorithm>
#include <string>

namespace parley::agents::frameworks {
namespace {

// Its welfare: the product of the gains over the reservation values, a gain
// below 0 counted as 0: an outcome that leaves anyone worse off than no deal
// scores 0.
double welfare_score(const worlds::WelfareInput& input) {
    double product = 1.0;
    for (std::size_t party = 0; party < input.utilities.size(); ++party) {
        product *= std::max(0.0, input.utilities[party] - worlds::reservation_of(input, party));
    }
    return product;
}

}  // namespace

// Its policy in each repeated game (nash_games.cpp).
std::vector<GameStrategyInfo> nash_games();

// It scores an outcome by the product of every party's gain over its
// reservation value (the Nash bargaining solution maximises it): an outcome
// that leaves anyone no better off than no deal scores 0. It concedes on the
// product over time, down to 0.
FrameworkInfo nash_framework() {
    return describe_welfare_maximiser(
        {.name = "nash",
         .description = "nash: maximises the product of all parties' gains over their reservation values",
         .default_exponent = "0.5",
         .welfare = {"the product of all parties' gains over their reservation values", &welfare_score},
         .score_name = "the product of gains",
         .principle = "nash_product",
         .games = nash_games()});
}

}  // namespace parley::agents::frameworks
