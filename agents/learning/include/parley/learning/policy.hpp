#pragma once
// A trained policy, for acting: from an observation and the legal actions to
// an action, greedily or drawn from its distribution. Loaded from a model file
// (the trainer writes them) and refused for an environment it does not fit.
//
// LibTorch stays behind the pointer: code that acts with a policy includes no
// LibTorch header (ARCHITECTURE.md, "Modules").

#include "parley/learning/model_metadata.hpp"

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <random>
#include <span>
#include <vector>

namespace parley::learning {

class Policy {
public:
    struct Impl;
    explicit Policy(std::unique_ptr<Impl> impl);
    Policy(Policy&&) noexcept;
    Policy& operator=(Policy&&) noexcept;
    ~Policy();

    // Throw ModelFileError when the file is missing, unreadable or corrupt
    // (and, for the second, when it was made for another environment).
    static Policy load(const std::filesystem::path& file);
    static Policy load(const std::filesystem::path& file, const sandbox::Environment& fits);
    // The parameters and the metadata; written beside and then renamed over
    // `file`, so that a crash leaves the old file whole. Throws ModelFileError.
    void save(const std::filesystem::path& file) const;

    const ModelMetadata& metadata() const;

    // The most probable legal action (the lowest index among equals).
    std::size_t greedy_action(std::span<const float> observation, const std::vector<bool>& legal);
    // A legal action drawn with its probability, from one draw of `engine`.
    std::size_t sampled_action(std::span<const float> observation, const std::vector<bool>& legal,
                               std::mt19937_64& engine);

    // When the network's output is not a number (a NaN in the observation or
    // in the parameters), the policy plays a safe action instead, logs it and
    // counts it: the fallback set here when it is legal, else the first legal
    // action. Both acting calls throw std::invalid_argument on an observation
    // or mask of the wrong size, or a mask with no legal action.
    void set_fallback_action(std::optional<std::size_t> action);
    std::uint64_t nan_fallbacks() const;

private:
    std::unique_ptr<Impl> impl_;
};

}  // namespace parley::learning

#include <parley/agents/action_policy.hpp>

namespace parley::learning {

// The policy as the agents act with it (agents/action_policy.hpp): greedy,
// guarded by a lock so that sessions on several threads can share it.
std::shared_ptr<agents::ActionPolicy> greedy_action_policy(Policy policy);

// Makes agents::load_policy read model files with Policy::load (the
// executable that runs learned agents calls it at start).
void install_model_loader();

}  // namespace parley::learning
