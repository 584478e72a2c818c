#pragma once
// The container of a model file: a header line, the metadata as JSON (what
// the policy was trained for and how), then the network's parameters in
// LibTorch's archive format. The metadata comes first and in plain text so
// that a process without LibTorch (parley checking a scenario before a run)
// can tell what a model was trained for, and refuse one that does not fit.
//
//   PARLEY-MODEL 1\n
//   <length of the JSON in bytes, decimal>\n
//   <the JSON>
//   <the parameters, to the end of the file>

#include <parley/agents/action_policy.hpp>

#include <filesystem>
#include <string>
#include <string_view>

namespace parley::agents {

// A model, checkpoint or training log that could not be written (the disk is
// full, the folder is not writable): the caller's cause is the write, not the model.
class ModelWriteError : public PolicyLoadError {
public:
    using PolicyLoadError::PolicyLoadError;
};

struct ModelFileParts {
    std::string metadata_json;
    std::string parameters;  // the network's archive bytes
};

// Bounds checked before anything is allocated.
inline constexpr std::size_t kMaxModelMetadataBytes = std::size_t{1} << 20;
inline constexpr std::size_t kMaxModelFileBytes = std::size_t{1} << 30;

// Written beside `file` and renamed over it, so that a crash leaves the old
// file whole; throws ModelWriteError naming the file when a write fails.
void write_model_file(const std::filesystem::path& file, const ModelFileParts& parts);
// Throws PolicyLoadError naming the file when it is missing, unreadable, too
// large or not a Parley model file.
ModelFileParts read_model_file(const std::filesystem::path& file);
// The spaces the metadata records (its keys world, observation_size and
// action_names); throws PolicyLoadError naming `source` when they are missing.
PolicySpaces spaces_from_metadata(std::string_view metadata_json, std::string_view source);
// The spaces of a model file, from its header alone (its parameters are not read).
PolicySpaces read_model_spaces(const std::filesystem::path& file);

}  // namespace parley::agents
