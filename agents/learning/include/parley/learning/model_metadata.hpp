#pragma once
// What a model file says about the policy it holds: the world and the spaces
// it was trained for, how it was trained and by which Parley. A policy is
// refused for an environment it does not fit, so that a model trained for one
// world is never played in another by mistake.

#include "parley/learning/ppo_config.hpp"
#include "parley/sandbox/environment.hpp"

#include <parley/agents/action_policy.hpp>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace parley::learning {

// A model file or checkpoint that is missing, unreadable, corrupt, or made for
// another environment; the message names the file and what is wrong.
// The agents' error for a model they cannot use (action_policy.hpp): one type,
// whoever reads the file.
using ModelFileError = agents::PolicyLoadError;

struct ModelMetadata {
    std::string world;                      // Environment::world()
    std::size_t observation_size = 0;       // Environment::observation_size()
    std::vector<std::string> action_names;  // Environment::action_names(), one per action
    PpoConfig config;                       // the hyper-parameters it was trained with
    std::uint64_t training_seed = 0;
    std::uint64_t episodes_done = 0;        // episodes trained on so far
    std::string parley_version;             // of the Parley that wrote it

    std::size_t action_count() const { return action_names.size(); }
};

// Bounds on the spaces and on the network's size (2^26 parameters, 256 MB of
// floats): a model file or an environment that asks for more is refused
// before anything is allocated.
inline constexpr std::size_t kMaxObservationSize = std::size_t{1} << 20;
inline constexpr std::size_t kMaxActionCount = std::size_t{1} << 16;
inline constexpr std::size_t kMaxParameters = std::size_t{1} << 26;
// The number of parameters of the actor and the critic the metadata describes.
std::size_t parameter_count(const ModelMetadata& metadata);

// The metadata of a policy about to be trained in `environment`, written by this Parley.
ModelMetadata describe_environment(const sandbox::Environment& environment, const PpoConfig& config,
                                   std::uint64_t training_seed);

// Throws ModelFileError, naming `source` (a file), when `metadata` was made for
// another world, observation size or set of actions than `environment`'s.
void check_fits(const ModelMetadata& metadata, const sandbox::Environment& environment, std::string_view source);

// The metadata as one JSON object, and back: from_json throws ModelFileError
// naming `source` when the text is not such an object (a key missing or of the
// wrong type, a size out of bounds, an unknown format).
std::string to_json(const ModelMetadata& metadata);
ModelMetadata metadata_from_json(std::string_view json, std::string_view source);

}  // namespace parley::learning
