#pragma once
// A trained policy as the agents see it: from an observation and the legal
// actions to one action. The learned framework and the learned game players
// act through this interface, and never through LibTorch: the network behind
// it is loaded by the one executable that links the learning module
// (parley-learned), which installs its loader at start (ARCHITECTURE.md,
// "Modules"). In any other process, loading a model file is refused with an
// error that names that executable.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace parley::agents {

// What a policy was trained for: the world ("ipd", "negotiation:saop", ...),
// the size of its observations and its actions by name, in order.
struct PolicySpaces {
    std::string world;
    std::size_t observation_size = 0;
    std::vector<std::string> action_names;
};

struct PolicyDecision {
    std::size_t action = 0;
    // The network's output was not a number: `action` is the policy's safe
    // fallback, not its choice (the policy has logged it; the agent says so
    // in what it records of the move, so that the run records it).
    bool fell_back = false;
};

class ActionPolicy {
public:
    virtual ~ActionPolicy() = default;
    virtual const PolicySpaces& spaces() const = 0;
    // The action to play, one of the legal ones; the same observation and mask
    // give the same action. Throws std::invalid_argument on an observation or
    // mask of the wrong size or a mask with no legal action. Safe to call from
    // several threads.
    virtual PolicyDecision act(std::span<const float> observation, const std::vector<bool>& legal) = 0;
};

// A model file that cannot be used: missing, corrupt, made for another world,
// or asked for in a process with no loader. The message says which.
class PolicyLoadError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Reads a model file; throws PolicyLoadError.
using PolicyLoader = std::function<std::shared_ptr<ActionPolicy>(const std::string& file)>;

// The process's loader (installed once at start, before any agent runs).
void install_policy_loader(PolicyLoader loader);
bool has_policy_loader();

// Makes `policy` what load_policy(key) returns, before any file is read: for
// policies that live in this process (a trainer's current policy in
// self-play, a test's policy).
void provide_policy(std::string key, std::shared_ptr<ActionPolicy> policy);

// Whether this process can try to load `file`: a loader is installed, or
// `file` was provided or loaded already. False in a process that runs no
// learned agent (the runner checking a scenario): there load_policy(file)
// could only refuse, whatever the file.
bool can_load_policy(const std::string& file);

// The policy of a model file (or a provided key), loaded once per process and
// shared by every agent session that asks for it. Throws PolicyLoadError: when
// the file cannot be used, or when no loader is installed (the message names
// parley-learned, the executable that runs learned agents).
std::shared_ptr<ActionPolicy> load_policy(const std::string& file);

// load_policy, then a check that the policy was trained for `world` (by exact
// name, or by prefix when `world` ends in ':', as "negotiation:") with
// observations of `observation_size` (0: any). Throws PolicyLoadError naming
// the file and both worlds.
std::shared_ptr<ActionPolicy> load_policy_for(const std::string& file, std::string_view world,
                                              std::size_t observation_size = 0);

// What load_policy_for checks, in any process: through the loader when this
// process has one (or the key was provided), else from the model file's plain
// header (model_file.hpp), so that `parley run` refuses a missing, corrupt or
// misfitting model when it checks the scenario, before anything starts.
// Throws PolicyLoadError.
void check_model_file(const std::string& file, std::string_view world, std::size_t observation_size = 0);

// The executable that hosts the learned agents, beside parley and parley-agent.
inline constexpr std::string_view kLearnedAgentExecutable = "parley-learned";

}  // namespace parley::agents
