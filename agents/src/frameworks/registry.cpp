// The framework registry and the frameworks built into Parley.

#include <parley/agents/framework.hpp>
#include <parley/games/repeated_game.hpp>

#include <mutex>
#include <stdexcept>
#include <utility>

namespace parley::agents {
namespace frameworks {

// The frameworks built into Parley, each defined in its own file (NAME.cpp,
// its game policies in NAME_games.cpp).
FrameworkInfo selfish_framework();
FrameworkInfo reciprocal_framework();
FrameworkInfo utilitarian_framework();
FrameworkInfo rawlsian_framework();
FrameworkInfo nash_framework();
FrameworkInfo deontological_framework();
FrameworkInfo libertarian_framework();
FrameworkInfo rubinstein_framework();
FrameworkInfo learned_framework();

}  // namespace frameworks

namespace {

// A framework's own consistency: what NamedRegistry does not check.
void check_framework(const FrameworkInfo& info) {
    if (!info.welfare.score || info.welfare.description.empty()) {
        throw std::invalid_argument("framework '" + info.name + "' needs a welfare score and its description");
    }
    for (std::size_t k = 0; k < info.games.size(); ++k) {
        const GameStrategyInfo& policy = info.games[k];
        if (policy.world.empty() || !policy.make) {
            throw std::invalid_argument("a game policy of framework '" + info.name + "' needs a world and a make");
        }
        if (worlds::GameRegistry::builtin().find(policy.world) == nullptr) {
            throw std::invalid_argument("framework '" + info.name + "' has a policy for " + policy.world +
                                        ", which is no game");
        }
        for (std::size_t other = 0; other < k; ++other) {
            if (info.games[other].world == policy.world) {
                throw std::invalid_argument("framework '" + info.name + "' has two policies for " + policy.world);
            }
        }
    }
}

}  // namespace

const GameStrategyInfo* FrameworkInfo::game_policy(std::string_view world) const {
    for (const GameStrategyInfo& policy : games) {
        if (policy.world == world) return &policy;
    }
    return nullptr;
}

FrameworkRegistry& FrameworkRegistry::global() {
    // Never destroyed: agents' threads may still look frameworks up while the process exits.
    static FrameworkRegistry* const registry = [] {
        auto* built = new FrameworkRegistry;
        built->add(frameworks::selfish_framework());
        built->add(frameworks::reciprocal_framework());
        built->add(frameworks::utilitarian_framework());
        built->add(frameworks::rawlsian_framework());
        built->add(frameworks::nash_framework());
        built->add(frameworks::deontological_framework());
        built->add(frameworks::libertarian_framework());
        built->add(frameworks::rubinstein_framework());
        built->add(frameworks::learned_framework());
        built->global_ = true;
        return built;
    }();
    return *registry;
}

void FrameworkRegistry::add(FrameworkInfo info) {
    check_framework(info);
    if (global_) {
        for (const GameStrategyInfo& policy : info.games) {
            if (GameStrategyRegistry::global().find(policy.world, info.name) != nullptr) {
                throw std::invalid_argument("framework '" + info.name + "' is named as a strategy of " + policy.world);
            }
        }
    }
    for (GameStrategyInfo& policy : info.games) policy.name = info.name;
    std::unique_lock lock(mutex_);
    insert(std::move(info));
}

const FrameworkInfo* FrameworkRegistry::find(std::string_view name) const {
    std::shared_lock lock(mutex_);
    return NamedRegistry::find(name);
}

std::vector<const FrameworkInfo*> FrameworkRegistry::list() const {
    std::shared_lock lock(mutex_);
    return NamedRegistry::list();
}

std::string FrameworkRegistry::names() const {
    std::shared_lock lock(mutex_);
    return NamedRegistry::names();
}

worlds::WelfareLookup FrameworkRegistry::welfare_lookup() const {
    return [this](std::string_view name) -> const worlds::WelfareFunction* {
        const FrameworkInfo* info = find(name);
        return info == nullptr ? nullptr : &info->welfare;
    };
}

}  // namespace parley::agents
