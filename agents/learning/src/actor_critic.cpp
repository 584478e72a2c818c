#include "actor_critic.hpp"

#include "parley/core/determinism.hpp"

#include <parley/agents/model_file.hpp>

#include <ATen/Context.h>
#include <ATen/Parallel.h>
#include <torch/serialize.h>

#include <cmath>
#include <fstream>
#include <sstream>
#include <limits>
#include <stdexcept>
#include <system_error>

namespace parley::learning {
namespace {

// The file's entries (beside the trainer's, ppo_trainer.cpp).
constexpr const char* kNetworkKey = "network";
// The actor's last layer starts this much smaller than the others, so that an
// untrained policy is close to uniform over the legal actions ("What Matters
// In On-Policy Reinforcement Learning?", Andrychowicz et al. 2021).
constexpr double kPolicyHeadScale = 0.01;

std::vector<torch::nn::Linear> make_layers(ActorCriticImpl& module, const std::string& name, std::size_t inputs,
                                           const std::vector<std::size_t>& hidden, std::size_t outputs) {
    std::vector<torch::nn::Linear> layers;
    auto width = inputs;
    for (std::size_t i = 0; i <= hidden.size(); ++i) {
        const auto next = i < hidden.size() ? hidden[i] : outputs;
        layers.push_back(module.register_module(
            name + "_" + std::to_string(i),
            torch::nn::Linear(static_cast<std::int64_t>(width), static_cast<std::int64_t>(next))));
        width = next;
    }
    return layers;
}

// LibTorch's own initialisation (uniform within 1/sqrt(fan_in)), drawn with
// the portable draws of core so that it depends on nothing but `engine`.
void initialise(torch::nn::Linear& layer, std::mt19937_64& engine, double scale) {
    torch::NoGradGuard no_grad;
    const auto fan_in = layer->weight.size(1);
    const double bound = 1.0 / std::sqrt(static_cast<double>(fan_in));
    for (auto* parameter : {&layer->weight, &layer->bias}) {
        std::vector<float> values(static_cast<std::size_t>(parameter->numel()));
        for (auto& value : values) {
            value = static_cast<float>(scale * bound * (2.0 * core::portable::unit_draw(engine) - 1.0));
        }
        parameter->copy_(torch::from_blob(values.data(), parameter->sizes(), torch::kFloat32));
    }
}

void check_sizes(const ModelMetadata& metadata, std::span<const float> observation, const std::vector<bool>& legal) {
    if (observation.size() != metadata.observation_size) {
        throw std::invalid_argument("policy: an observation of " + std::to_string(observation.size()) +
                                    " numbers, not " + std::to_string(metadata.observation_size));
    }
    if (legal.size() != metadata.action_count()) {
        throw std::invalid_argument("policy: a mask of " + std::to_string(legal.size()) + " actions, not " +
                                    std::to_string(metadata.action_count()));
    }
    bool any_legal = false;
    for (const bool allowed : legal) any_legal = any_legal || allowed;
    if (!any_legal) throw std::invalid_argument("policy: no action is legal");
}

void load_parameters(torch::serialize::InputArchive& archive, ActorCritic& network) {
    std::vector<std::pair<std::string, std::vector<std::int64_t>>> expected;
    for (const auto& parameter : network->named_parameters()) {
        expected.emplace_back(parameter.key(), parameter.value().sizes().vec());
    }
    torch::serialize::InputArchive parameters;
    archive.read(kNetworkKey, parameters);
    network->load(parameters);
    // Loading replaces each tensor whatever its shape: the metadata's
    // shapes must be checked against what came.
    const auto loaded = network->named_parameters();
    for (const auto& [name, sizes] : expected) {
        const auto& tensor = loaded[name];
        if (tensor.sizes().vec() != sizes || tensor.scalar_type() != torch::kFloat32) {
            throw std::invalid_argument("parameter " + name + " does not have the shape its metadata gives");
        }
    }
}

}  // namespace

void use_deterministic_torch() {
    at::set_num_threads(1);
    at::globalContext().setDeterministicAlgorithms(true, false);
}

std::string first_line(const std::string& text) { return text.substr(0, text.find('\n')); }

ActorCriticImpl::ActorCriticImpl(std::size_t observation_size, std::size_t action_count,
                                 const std::vector<std::size_t>& hidden, std::uint64_t seed)
    : actor_(make_layers(*this, "actor", observation_size, hidden, action_count)),
      critic_(make_layers(*this, "critic", observation_size, hidden, 1)) {
    std::mt19937_64 engine(seed);
    for (std::size_t i = 0; i < actor_.size(); ++i) initialise(actor_[i], engine, i + 1 == actor_.size() ? kPolicyHeadScale : 1.0);
    for (auto& layer : critic_) initialise(layer, engine, 1.0);
}

torch::Tensor ActorCriticImpl::forward_through(std::vector<torch::nn::Linear>& layers, torch::Tensor x) {
    for (std::size_t i = 0; i < layers.size(); ++i) {
        x = layers[i]->forward(x);
        if (i + 1 < layers.size()) x = torch::tanh(x);
    }
    return x;
}

torch::Tensor ActorCriticImpl::logits(const torch::Tensor& observations) { return forward_through(actor_, observations); }

torch::Tensor ActorCriticImpl::values(const torch::Tensor& observations) {
    return forward_through(critic_, observations).squeeze(-1);
}

ActorCritic make_network(const ModelMetadata& metadata, std::uint64_t seed) {
    return ActorCritic(metadata.observation_size, metadata.action_count(), metadata.config.hidden_sizes, seed);
}

ActorCritic copy_network(const ModelMetadata& metadata, const ActorCritic& source) {
    auto copy = make_network(metadata, 0);
    torch::NoGradGuard no_grad;
    const auto from = source->named_parameters();
    for (auto& parameter : copy->named_parameters()) parameter.value().copy_(from[parameter.key()]);
    return copy;
}

torch::Tensor legal_mask(const std::vector<std::vector<bool>>& legal, std::size_t action_count) {
    auto mask = torch::zeros({static_cast<std::int64_t>(legal.size()), static_cast<std::int64_t>(action_count)},
                             torch::kBool);
    auto cells = mask.accessor<bool, 2>();
    for (std::size_t step = 0; step < legal.size(); ++step) {
        for (std::size_t action = 0; action < action_count; ++action) {
            cells[static_cast<std::int64_t>(step)][static_cast<std::int64_t>(action)] = legal[step][action];
        }
    }
    return mask;
}

torch::Tensor masked_log_probabilities(ActorCritic& network, const torch::Tensor& observations,
                                       const torch::Tensor& mask) {
    const auto logits = network->logits(observations).masked_fill(mask.logical_not(), -std::numeric_limits<float>::infinity());
    return torch::log_softmax(logits, -1);
}

std::optional<std::vector<double>> action_probabilities(ActorCritic& network, const ModelMetadata& metadata,
                                                        std::span<const float> observation,
                                                        const std::vector<bool>& legal) {
    check_sizes(metadata, observation, legal);
    torch::NoGradGuard no_grad;
    std::vector<float> copy(observation.begin(), observation.end());
    const auto input = torch::from_blob(copy.data(), {1, static_cast<std::int64_t>(copy.size())}, torch::kFloat32);
    const auto log_probabilities = masked_log_probabilities(network, input, legal_mask({legal}, legal.size()));
    const auto row = log_probabilities.accessor<float, 2>();
    std::vector<double> probabilities(legal.size(), 0.0);
    for (std::size_t action = 0; action < legal.size(); ++action) {
        if (!legal[action]) continue;
        const double log_probability = row[0][static_cast<std::int64_t>(action)];
        if (std::isnan(log_probability)) return std::nullopt;
        probabilities[action] = std::exp(log_probability);
    }
    return probabilities;
}

std::size_t most_probable(const std::vector<double>& probabilities, const std::vector<bool>& legal) {
    std::optional<std::size_t> best;
    for (std::size_t action = 0; action < probabilities.size(); ++action) {
        if (legal[action] && (!best || probabilities[action] > probabilities[*best])) best = action;
    }
    return *best;  // check_sizes made sure one action is legal
}

std::size_t draw_action(const std::vector<double>& probabilities, const std::vector<bool>& legal,
                        std::mt19937_64& engine) {
    const double draw = core::portable::unit_draw(engine);
    double total = 0.0;
    for (const auto probability : probabilities) total += probability;
    double cumulative = 0.0;
    std::optional<std::size_t> last_legal;
    for (std::size_t action = 0; action < probabilities.size(); ++action) {
        if (!legal[action]) continue;
        cumulative += probabilities[action];
        last_legal = action;
        if (draw * total < cumulative) return action;
    }
    return *last_legal;  // rounding left the draw above the sum
}

void write_model(const std::filesystem::path& file, const ModelMetadata& metadata, const ActorCritic& network,
                 torch::serialize::OutputArchive& archive) {
    agents::ModelFileParts parts;
    parts.metadata_json = to_json(metadata);
    with_model_errors(file, "write the model", [&] {
        torch::serialize::OutputArchive parameters;
        network->save(parameters);
        archive.write(kNetworkKey, parameters);
        // Through a stream: a file name would name the archive's records, and
        // the same parameters would give other bytes under another name.
        std::ostringstream bytes;
        archive.save_to(bytes);
        parts.parameters = std::move(bytes).str();
    });
    agents::write_model_file(file, parts);
}

ModelFile read_model(const std::filesystem::path& file) {
    // The container's errors name the file already; LibTorch's are wrapped.
    const auto parts = agents::read_model_file(file);
    ModelFile model;
    model.metadata = metadata_from_json(parts.metadata_json, file.string());
    return with_model_errors(file, "read it as a Parley model", [&] {
        std::istringstream bytes(parts.parameters);
        model.archive.load_from(bytes);
        model.network = make_network(model.metadata, 0);
        load_parameters(model.archive, model.network);
        return std::move(model);
    });
}

}  // namespace parley::learning
