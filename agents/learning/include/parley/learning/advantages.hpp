#pragma once
// Generalised advantage estimation (Schulman et al. 2016, "High-Dimensional
// Continuous Control Using Generalized Advantage Estimation"), for one
// episode that ended (the value after its last step is 0). Plain arithmetic,
// kept out of the network's code so that it is tested on its own.

#include <span>
#include <vector>

namespace parley::learning {

struct Advantages {
    std::vector<double> advantages;  // per step: A_t = sum_k (gamma lambda)^k delta_{t+k}
    std::vector<double> returns;     // per step: A_t + V(s_t), the critic's target
};

// rewards[t] and values[t] (the critic's V(s_t)) for each step t of the
// episode; delta_t = r_t + gamma V(s_{t+1}) - V(s_t). Throws
// std::invalid_argument when the two differ in length.
Advantages generalized_advantages(std::span<const double> rewards, std::span<const double> values, double discount,
                                  double lambda);

}  // namespace parley::learning
