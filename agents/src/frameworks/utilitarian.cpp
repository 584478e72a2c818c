// The utilitarian framework: the greatest total utility.

#include "framework_base.hpp"

#include <string>

namespace parley::agents::frameworks {
namespace {

// Its welfare: the sum of every party's utility.
double welfare_score(const worlds::WelfareInput& input) {
    double sum = 0.0;
    for (double utility : input.utilities) sum += utility;
    return sum;
}

}  // namespace

// Its policy in each repeated game (utilitarian_games.cpp).
std::vector<GameStrategyInfo> utilitarian_games();

// It scores an outcome by the sum of every party's utility (known or
// estimated) and concedes on that sum over time, from the best total it can
// find down to the total of no agreement. In the band of totals it asks for,
// it offers what the others like best.
FrameworkInfo utilitarian_framework() {
    return describe_welfare_maximiser({.name = "utilitarian",
                                       .description = "utilitarian: maximises the sum of all parties' utilities",
                                       .default_exponent = "0.5",
                                       .welfare = {"the sum of all parties' utilities", &welfare_score},
                                       .score_name = "the total utility",
                                       .principle = "max_welfare",
                                       .games = utilitarian_games()});
}

}  // namespace parley::agents::frameworks
