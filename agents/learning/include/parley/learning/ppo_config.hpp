#pragma once
// The hyper-parameters of proximal policy optimisation (Schulman et al. 2017,
// "Proximal Policy Optimization Algorithms"), with the defaults of its common
// implementations, and the check that refuses values it cannot train with.
// Kept apart from the trainer so that the model file's metadata can hold them.

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace parley::learning {

struct PpoConfig {
    // Sizes of the hidden layers (tanh) of the actor's and of the critic's
    // networks, which share nothing but the observation.
    std::vector<std::size_t> hidden_sizes{64, 64};
    double learning_rate = 3e-4;  // Adam's step size
    double adam_epsilon = 1e-5;   // Adam's epsilon: larger than its 1e-8 default, as PPO's implementations use
    double discount = 0.99;       // gamma: the weight of the next step's reward
    double gae_lambda = 0.95;     // lambda of generalised advantage estimation
    double clip_range = 0.2;      // epsilon of the clipped surrogate: how far one update moves a probability ratio
    double value_coefficient = 0.5;     // weight of the critic's squared error in the loss
    double entropy_coefficient = 0.01;  // weight of the policy's entropy bonus (exploration)
    double max_grad_norm = 0.5;   // the gradient's global L2 norm is clipped to this before each step
    std::size_t episodes_per_update = 16;  // episodes collected before each update
    std::size_t epochs = 4;                // passes over those episodes' steps per update
    std::size_t minibatch_size = 64;       // steps per gradient step (the last one of a pass may be smaller)
    bool normalize_advantages = true;      // advantages scaled to mean 0, deviation 1 over the update's steps
};

// Bounds on what a configuration (or a model file's) may ask for, checked
// before anything is allocated.
inline constexpr std::size_t kMaxHiddenLayers = 8;
inline constexpr std::size_t kMaxLayerSize = 4096;

// Throws std::invalid_argument naming the first value out of its range.
void check_config(const PpoConfig& config);

// The configuration a scenario's learning.ppo gives (key, value text; a list
// as "64,64"), over the defaults; then check_config. Throws
// std::invalid_argument naming an unknown key or a value that is not of its type.
PpoConfig config_from_settings(const std::vector<std::pair<std::string, std::string>>& settings);

}  // namespace parley::learning
