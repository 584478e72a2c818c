// The Rawlsian framework: the best lot for the worst-off.

#include "framework_base.hpp"

#include <algorithm>
#include <string>

namespace parley::agents::frameworks {
namespace {

// Its welfare: the worst-off party's utility; 0 for no parties (nobody is badly off).
double welfare_score(const worlds::WelfareInput& input) {
    if (input.utilities.empty()) return 0.0;
    return *std::min_element(input.utilities.begin(), input.utilities.end());
}

}  // namespace

// Its policy in each repeated game (rawlsian_games.cpp).
std::vector<GameStrategyInfo> rawlsian_games();

// It scores an outcome by the utility of its worst-off party (itself
// included), so it turns down an offer that is good for itself but leaves
// another party with less than it would accept for itself; it concedes on that
// minimum over time, down to the minimum of the reservation values.
FrameworkInfo rawlsian_framework() {
    return describe_welfare_maximiser({.name = "rawlsian",
                                       .description = "rawlsian: maximises the utility of the worst-off party",
                                       .default_exponent = "0.5",
                                       .welfare = {"the utility of the worst-off party", &welfare_score},
                                       .score_name = "the worst-off party's utility",
                                       .principle = "maximin",
                                       .games = rawlsian_games()});
}

}  // namespace parley::agents::frameworks
