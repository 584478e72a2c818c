#include "parley/learning/model_metadata.hpp"

#include <nlohmann/json.hpp>

#include <string>

namespace parley::learning {
namespace {

// The layout of the JSON below; a file of another format is refused rather than misread.
constexpr int kFormat = 1;

std::string describe_spaces(std::string_view world, std::size_t observation_size,
                            const std::vector<std::string>& action_names) {
    std::string text = "world '" + std::string(world) + "', observation size " + std::to_string(observation_size) +
                       ", actions [";
    for (std::size_t i = 0; i < action_names.size(); ++i) text += (i == 0 ? "" : ", ") + action_names[i];
    return text + "]";
}

nlohmann::json config_to_json(const PpoConfig& config) {
    return {{"hidden_sizes", config.hidden_sizes},
            {"learning_rate", config.learning_rate},
            {"adam_epsilon", config.adam_epsilon},
            {"discount", config.discount},
            {"gae_lambda", config.gae_lambda},
            {"clip_range", config.clip_range},
            {"value_coefficient", config.value_coefficient},
            {"entropy_coefficient", config.entropy_coefficient},
            {"max_grad_norm", config.max_grad_norm},
            {"episodes_per_update", config.episodes_per_update},
            {"epochs", config.epochs},
            {"minibatch_size", config.minibatch_size},
            {"normalize_advantages", config.normalize_advantages}};
}

PpoConfig config_from_json(const nlohmann::json& json) {
    PpoConfig config;
    const auto& hidden = json.at("hidden_sizes");
    if (!hidden.is_array() || hidden.size() > kMaxHiddenLayers) {
        throw std::invalid_argument("hidden_sizes must be a list of at most " + std::to_string(kMaxHiddenLayers));
    }
    config.hidden_sizes = hidden.get<std::vector<std::size_t>>();
    config.learning_rate = json.at("learning_rate").get<double>();
    config.adam_epsilon = json.at("adam_epsilon").get<double>();
    config.discount = json.at("discount").get<double>();
    config.gae_lambda = json.at("gae_lambda").get<double>();
    config.clip_range = json.at("clip_range").get<double>();
    config.value_coefficient = json.at("value_coefficient").get<double>();
    config.entropy_coefficient = json.at("entropy_coefficient").get<double>();
    config.max_grad_norm = json.at("max_grad_norm").get<double>();
    config.episodes_per_update = json.at("episodes_per_update").get<std::size_t>();
    config.epochs = json.at("epochs").get<std::size_t>();
    config.minibatch_size = json.at("minibatch_size").get<std::size_t>();
    config.normalize_advantages = json.at("normalize_advantages").get<bool>();
    check_config(config);
    return config;
}

// Every size is bounded (model_metadata.hpp, check_config), so none of these
// products overflows.
std::size_t mlp_parameters(std::size_t inputs, const std::vector<std::size_t>& hidden, std::size_t outputs) {
    std::size_t count = 0;
    auto width = inputs;
    for (const auto size : hidden) {
        count += (width + 1) * size;
        width = size;
    }
    return count + (width + 1) * outputs;
}

}  // namespace

std::size_t parameter_count(const ModelMetadata& metadata) {
    const auto& hidden = metadata.config.hidden_sizes;
    return mlp_parameters(metadata.observation_size, hidden, metadata.action_count()) +
           mlp_parameters(metadata.observation_size, hidden, 1);
}

ModelMetadata describe_environment(const sandbox::Environment& environment, const PpoConfig& config,
                                   std::uint64_t training_seed) {
    return ModelMetadata{.world = environment.world(),
                         .observation_size = environment.observation_size(),
                         .action_names = environment.action_names(),
                         .config = config,
                         .training_seed = training_seed,
                         .episodes_done = 0,
                         .parley_version = PARLEY_VERSION};
}

void check_fits(const ModelMetadata& metadata, const sandbox::Environment& environment, std::string_view source) {
    const auto world = environment.world();
    const auto observation_size = environment.observation_size();
    const auto action_names = environment.action_names();
    if (metadata.world == world && metadata.observation_size == observation_size &&
        metadata.action_names == action_names) {
        return;
    }
    throw ModelFileError(std::string(source) + ": the model was made for " +
                         describe_spaces(metadata.world, metadata.observation_size, metadata.action_names) +
                         ", not for " + describe_spaces(world, observation_size, action_names));
}

std::string to_json(const ModelMetadata& metadata) {
    const nlohmann::json json = {{"format", kFormat},
                                 {"parley_version", metadata.parley_version},
                                 {"world", metadata.world},
                                 {"observation_size", metadata.observation_size},
                                 {"action_count", metadata.action_count()},
                                 {"action_names", metadata.action_names},
                                 {"training_seed", metadata.training_seed},
                                 {"episodes_done", metadata.episodes_done},
                                 {"hyper_parameters", config_to_json(metadata.config)}};
    return json.dump();
}

ModelMetadata metadata_from_json(std::string_view text, std::string_view source) {
    try {
        const auto json = nlohmann::json::parse(text);
        if (json.at("format").get<int>() != kFormat) {
            throw std::invalid_argument("unknown format " + json.at("format").dump());
        }
        ModelMetadata metadata;
        metadata.parley_version = json.at("parley_version").get<std::string>();
        metadata.world = json.at("world").get<std::string>();
        metadata.observation_size = json.at("observation_size").get<std::size_t>();
        const auto action_count = json.at("action_count").get<std::size_t>();
        const auto& names = json.at("action_names");
        if (metadata.observation_size < 1 || metadata.observation_size > kMaxObservationSize) {
            throw std::invalid_argument("observation_size out of bounds");
        }
        if (action_count < 1 || action_count > kMaxActionCount || !names.is_array() || names.size() != action_count) {
            throw std::invalid_argument("action_count out of bounds or not the number of action_names");
        }
        metadata.action_names = names.get<std::vector<std::string>>();
        metadata.training_seed = json.at("training_seed").get<std::uint64_t>();
        metadata.episodes_done = json.at("episodes_done").get<std::uint64_t>();
        metadata.config = config_from_json(json.at("hyper_parameters"));
        if (parameter_count(metadata) > kMaxParameters) throw std::invalid_argument("too many parameters");
        return metadata;
    } catch (const std::exception& error) {  // nlohmann's parse, type and missing-key errors, and ours
        throw ModelFileError(std::string(source) + ": not a Parley model (its metadata: " + error.what() + ")");
    }
}

}  // namespace parley::learning
