#include "parley/learning/advantages.hpp"

#include <stdexcept>

namespace parley::learning {

Advantages generalized_advantages(std::span<const double> rewards, std::span<const double> values, double discount,
                                  double lambda) {
    if (rewards.size() != values.size()) {
        throw std::invalid_argument("generalized_advantages: one value per reward is needed");
    }
    const auto steps = rewards.size();
    Advantages result{std::vector<double>(steps), std::vector<double>(steps)};
    double next_value = 0.0;  // the episode ended: nothing follows its last step
    double running = 0.0;
    for (auto t = steps; t-- > 0;) {
        const double delta = rewards[t] + discount * next_value - values[t];
        running = delta + discount * lambda * running;
        result.advantages[t] = running;
        result.returns[t] = running + values[t];
        next_value = values[t];
    }
    return result;
}

}  // namespace parley::learning
