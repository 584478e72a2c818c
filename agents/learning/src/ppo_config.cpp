#include "parley/learning/ppo_config.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

namespace parley::learning {
namespace {

void require(bool holds, const std::string& what) {
    if (!holds) throw std::invalid_argument("PPO configuration: " + what);
}

bool positive(double value) { return std::isfinite(value) && value > 0.0; }
bool in_unit_interval(double value) { return std::isfinite(value) && value >= 0.0 && value <= 1.0; }
bool non_negative(double value) { return std::isfinite(value) && value >= 0.0; }

}  // namespace

void check_config(const PpoConfig& config) {
    require(!config.hidden_sizes.empty() && config.hidden_sizes.size() <= kMaxHiddenLayers,
            "hidden_sizes must hold 1 to " + std::to_string(kMaxHiddenLayers) + " layers");
    for (const auto size : config.hidden_sizes) {
        require(size >= 1 && size <= kMaxLayerSize,
                "every hidden layer must have 1 to " + std::to_string(kMaxLayerSize) + " units");
    }
    require(positive(config.learning_rate), "learning_rate must be positive");
    require(positive(config.adam_epsilon), "adam_epsilon must be positive");
    require(in_unit_interval(config.discount), "discount must be in [0, 1]");
    require(in_unit_interval(config.gae_lambda), "gae_lambda must be in [0, 1]");
    require(positive(config.clip_range) && config.clip_range < 1.0, "clip_range must be in (0, 1)");
    require(non_negative(config.value_coefficient), "value_coefficient must be non-negative");
    require(non_negative(config.entropy_coefficient), "entropy_coefficient must be non-negative");
    require(positive(config.max_grad_norm), "max_grad_norm must be positive");
    require(config.episodes_per_update >= 1, "episodes_per_update must be at least 1");
    require(config.epochs >= 1, "epochs must be at least 1");
    require(config.minibatch_size >= 1, "minibatch_size must be at least 1");
}

}  // namespace parley::learning
