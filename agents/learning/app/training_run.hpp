#pragma once
// `parley train`: trains the policy a scenario's learning section describes,
// in the sandbox, with checkpoints and resume; parley-learned runs it.

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <optional>

namespace parley::learning {

struct TrainingRequest {
    std::filesystem::path scenario;
    std::optional<std::filesystem::path> model;  // where the model goes; the section's `model` when none
    std::optional<std::uint64_t> episodes;       // instead of the section's
    bool resume = false;                         // from the model's checkpoint (MODEL.checkpoint)
    bool quiet = false;                          // no progress line
};

// The exit status (cli/src/exit_codes.hpp): 0 when the model is written; 2
// for an invalid scenario, model or checkpoint; 4 when a file cannot be
// written; 130 when `stop` was set (the checkpoint then holds every finished
// update, for --resume).
int run_training(const TrainingRequest& request, const std::atomic<bool>& stop);

}  // namespace parley::learning
