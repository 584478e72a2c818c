#pragma once
// Proximal policy optimisation of an actor-critic network in a sandbox
// environment: episodes are played with the current policy, then the policy
// and the critic are updated on them (GAE advantages, clipped surrogate,
// value loss, entropy bonus, Adam, minibatch epochs, gradient clipping).
//
// Determinism (ARCHITECTURE.md, rule 1): every draw derives from the training
// seed: the network's initial weights, each episode's environment seed and
// action draws (from the seed and the episode's index, core::derive_seed) and
// each update's minibatch order (from the seed and the update's index).
// LibTorch runs on one thread with its deterministic algorithms, so the same
// seed, configuration and environment give byte-identical parameters on a
// machine. Nothing random is carried from one episode to the next, so a
// checkpoint's random state is the count of episodes done, and training
// resumed from a checkpoint ends with exactly the parameters of training that
// was never interrupted.

#include "parley/learning/model_metadata.hpp"
#include "parley/learning/policy.hpp"
#include "parley/learning/ppo_config.hpp"
#include "parley/sandbox/environment.hpp"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>

namespace parley::learning {

// After each update: how the policy did in the episodes it was updated on.
struct TrainingProgress {
    std::uint64_t episodes_done = 0;
    double mean_return = 0.0;   // the mean over those episodes of the sum of their rewards
    double policy_loss = 0.0;   // of the last minibatch: the negated clipped surrogate
    double value_loss = 0.0;    // of the last minibatch: the critic's mean squared error
    double entropy = 0.0;       // of the last minibatch: the policy's mean entropy (nats)
};
using ProgressCallback = std::function<void(const TrainingProgress&)>;

class PpoTrainer {
public:
    // A new network for `environment`'s spaces, initialised from `seed`.
    // Throws std::invalid_argument for a configuration check_config refuses
    // or an environment with no observation or no action.
    PpoTrainer(const sandbox::Environment& environment, PpoConfig config, std::uint64_t seed);
    // From a checkpoint written by save_checkpoint; throws ModelFileError when
    // the file is missing, corrupt, not a checkpoint or made for another environment.
    static PpoTrainer resume(const std::filesystem::path& checkpoint, const sandbox::Environment& environment);
    PpoTrainer(PpoTrainer&&) noexcept;
    PpoTrainer& operator=(PpoTrainer&&) noexcept;
    ~PpoTrainer();

    // Plays `episodes` more episodes in `environment` (which must fit, else
    // ModelFileError). An update follows every config.episodes_per_update
    // episodes counted from the start of training; the episodes of a batch
    // left unfinished when the call ends wait for the next call, with the
    // parameters unchanged. Throws std::runtime_error when the network's
    // output is not a number (training diverged).
    void train(sandbox::Environment& environment, std::uint64_t episodes, const ProgressCallback& progress = {});

    std::uint64_t episodes_done() const;
    const ModelMetadata& metadata() const;
    // A copy of the current policy.
    Policy policy() const;
    // Everything training needs to go on: the parameters, Adam's state, the
    // metadata (with the episodes done). Also loadable as a Policy. Throws ModelFileError.
    void save_checkpoint(const std::filesystem::path& file) const;

private:
    struct Impl;
    explicit PpoTrainer(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace parley::learning
