#pragma once
// The network behind a policy and its file. The one private header that
// includes LibTorch: only the few sources of this module that include it pay
// its compile time (ARCHITECTURE.md, "Modules"). Per-module LibTorch headers,
// not <torch/torch.h>, for the same reason.

#include "parley/learning/model_metadata.hpp"
#include "parley/learning/policy.hpp"

#include <torch/nn/module.h>
#include <torch/nn/modules/linear.h>
#include <torch/serialize/input-archive.h>
#include <torch/serialize/output-archive.h>

#include <cstdint>
#include <exception>
#include <filesystem>
#include <optional>
#include <random>
#include <span>
#include <string>
#include <vector>

namespace parley::learning {

// LibTorch on one thread with its deterministic algorithms (ARCHITECTURE.md,
// rule 1: determinism). Process-wide; every trainer and policy calls it.
void use_deterministic_torch();

// LibTorch's messages carry a C++ backtrace after their first line.
std::string first_line(const std::string& text);

// An actor (observation -> one logit per action) and a critic (observation ->
// the value of the state), each an MLP with tanh hidden layers.
class ActorCriticImpl : public torch::nn::Module {
public:
    // Initial weights drawn with core's portable draws from a std::mt19937_64
    // seeded with `seed`: nothing draws from LibTorch's global generator, so
    // no LibTorch random state needs saving or restoring.
    ActorCriticImpl(std::size_t observation_size, std::size_t action_count, const std::vector<std::size_t>& hidden,
                    std::uint64_t seed);

    torch::Tensor logits(const torch::Tensor& observations);  // [steps, actions]
    torch::Tensor values(const torch::Tensor& observations);  // [steps]

private:
    static torch::Tensor forward_through(std::vector<torch::nn::Linear>& layers, torch::Tensor x);
    std::vector<torch::nn::Linear> actor_;
    std::vector<torch::nn::Linear> critic_;
};
TORCH_MODULE(ActorCritic);

ActorCritic make_network(const ModelMetadata& metadata, std::uint64_t seed);
// A network of the same shape holding copies of `source`'s parameters.
ActorCritic copy_network(const ModelMetadata& metadata, const ActorCritic& source);

// The mask as a bool tensor [steps, actions] from one vector per step.
torch::Tensor legal_mask(const std::vector<std::vector<bool>>& legal, std::size_t action_count);
// Log-probabilities of the actions with the illegal ones at -inf (their logits
// masked before the softmax), [steps, actions].
torch::Tensor masked_log_probabilities(ActorCritic& network, const torch::Tensor& observations,
                                       const torch::Tensor& mask);

// The action probabilities for one observation (illegal ones 0), or nothing
// when the network's output is not a number. Throws std::invalid_argument for
// an observation or mask of the wrong size or a mask with no legal action.
std::optional<std::vector<double>> action_probabilities(ActorCritic& network, const ModelMetadata& metadata,
                                                        std::span<const float> observation,
                                                        const std::vector<bool>& legal);
// The most probable action (lowest index among equals); one drawn with its
// probability from one draw of `engine`. Illegal actions have probability 0
// and are never chosen.
std::size_t most_probable(const std::vector<double>& probabilities, const std::vector<bool>& legal);
std::size_t draw_action(const std::vector<double>& probabilities, const std::vector<bool>& legal,
                        std::mt19937_64& engine);

// A model file: the metadata (a JSON string) and the network's parameters; a
// checkpoint adds the trainer's entries (ppo_trainer.cpp).
struct ModelFile {
    ModelMetadata metadata;
    ActorCritic network{nullptr};
    torch::serialize::InputArchive archive;  // the whole file, for the trainer's entries
};
// Writes `archive`, to which the metadata and `network` are added, beside
// `file`, then renames it over `file`. Throws ModelFileError.
void write_model(const std::filesystem::path& file, const ModelMetadata& metadata, const ActorCritic& network,
                 torch::serialize::OutputArchive& archive);
// Reads a file's metadata and loads its parameters into a network made for
// that metadata, checking every parameter's shape. Throws ModelFileError.
ModelFile read_model(const std::filesystem::path& file);
// Runs `action` on a file, turning LibTorch's errors into ModelFileError
// naming the file and what was being done.
template <class Action>
auto with_model_errors(const std::filesystem::path& file, const char* doing, Action&& action) -> decltype(action()) {
    try {
        return action();
    } catch (const ModelFileError&) {
        throw;
    } catch (const std::exception& error) {  // c10::Error and the standard library's
        throw ModelFileError(file.string() + ": cannot " + doing + ": " + first_line(error.what()));
    }
}

// A policy's state, shared by Policy and the trainer that makes policies.
struct Policy::Impl {
    ModelMetadata metadata;
    ActorCritic network;
    std::optional<std::size_t> fallback_action;
    std::uint64_t nan_fallbacks = 0;
};

}  // namespace parley::learning
