#include <parley/agents/action_policy.hpp>
#include <parley/agents/model_file.hpp>

#include <map>
#include <mutex>
#include <utility>

namespace parley::agents {
namespace {

struct PolicyStore {
    std::mutex mutex;
    PolicyLoader loader;
    std::map<std::string, std::shared_ptr<ActionPolicy>, std::less<>> loaded;  // by file or key
};

PolicyStore& store() {
    static PolicyStore* instance = new PolicyStore;  // never destroyed: sessions may act while the process exits
    return *instance;
}

}  // namespace

void install_policy_loader(PolicyLoader loader) {
    std::lock_guard lock(store().mutex);
    store().loader = std::move(loader);
}

bool has_policy_loader() {
    std::lock_guard lock(store().mutex);
    return static_cast<bool>(store().loader);
}

void provide_policy(std::string key, std::shared_ptr<ActionPolicy> policy) {
    if (!policy) throw std::invalid_argument("provide_policy: no policy for '" + key + "'");
    std::lock_guard lock(store().mutex);
    store().loaded[std::move(key)] = std::move(policy);
}

bool can_load_policy(const std::string& file) {
    std::lock_guard lock(store().mutex);
    return static_cast<bool>(store().loader) || store().loaded.contains(file);
}

std::shared_ptr<ActionPolicy> load_policy(const std::string& file) {
    if (file.empty()) throw PolicyLoadError("no model file given (parameter 'model')");
    // Held while loading: two sessions asking for the same file read it once.
    std::lock_guard lock(store().mutex);
    auto& state = store();
    if (auto found = state.loaded.find(file); found != state.loaded.end()) return found->second;
    if (!state.loader) {
        throw PolicyLoadError("cannot load the model " + file + ": learned agents run in " +
                              std::string(kLearnedAgentExecutable) + ", which this process is not");
    }
    auto policy = state.loader(file);
    if (!policy) throw PolicyLoadError("cannot load the model " + file);
    state.loaded.emplace(file, policy);
    return policy;
}

namespace {

void check_spaces(const PolicySpaces& spaces, const std::string& file, std::string_view world,
                  std::size_t observation_size) {
    const bool prefix = !world.empty() && world.back() == ':';
    const bool fits_world = prefix ? std::string_view(spaces.world).starts_with(world) : spaces.world == world;
    if (!fits_world) {
        throw PolicyLoadError("the model " + file + " was trained for " + spaces.world + ", not for " +
                              std::string(prefix ? world.substr(0, world.size() - 1) : world));
    }
    if (observation_size != 0 && spaces.observation_size != observation_size) {
        throw PolicyLoadError("the model " + file + " takes observations of " +
                              std::to_string(spaces.observation_size) + " numbers, this " + std::string(world) +
                              " gives " + std::to_string(observation_size));
    }
}

}  // namespace

std::shared_ptr<ActionPolicy> load_policy_for(const std::string& file, std::string_view world,
                                              std::size_t observation_size) {
    auto policy = load_policy(file);
    check_spaces(policy->spaces(), file, world, observation_size);
    return policy;
}

void check_model_file(const std::string& file, std::string_view world, std::size_t observation_size) {
    if (can_load_policy(file)) {
        (void)load_policy_for(file, world, observation_size);
        return;
    }
    check_spaces(read_model_spaces(file), file, world, observation_size);
}

}  // namespace parley::agents
