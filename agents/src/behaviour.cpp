#include <parley/agents/behaviour.hpp>
#include <parley/agents/echo.hpp>
#include <parley/agents/session_router.hpp>

#include <mutex>

namespace parley::agents {

BehaviourRegistry& BehaviourRegistry::builtin() {
    // Never destroyed, like the framework registry it reads: agents' threads may still look up while the process exits.
    static BehaviourRegistry* const registry = [] {
        auto* built = new BehaviourRegistry;
        built->add(echo_behaviour_info());
        built->session_agents_ = true;
        return built;
    }();
    return *registry;
}

void BehaviourRegistry::add(BehaviourInfo info) {
    std::unique_lock lock(mutex_);
    entries_.insert(std::move(info));
}

// Read at use, not copied once: a framework registered after the first lookup is an agent too.
void BehaviourRegistry::add_new_session_agents() const {
    if (!session_agents_) return;
    std::unique_lock lock(mutex_);
    for (auto& agent : session_agents()) {
        if (entries_.find(agent.name) == nullptr) entries_.insert(std::move(agent));
    }
}

const BehaviourInfo* BehaviourRegistry::find(std::string_view name) const {
    add_new_session_agents();
    std::shared_lock lock(mutex_);
    return entries_.find(name);
}

std::vector<const BehaviourInfo*> BehaviourRegistry::list() const {
    add_new_session_agents();
    std::shared_lock lock(mutex_);
    return entries_.list();
}

std::string BehaviourRegistry::names() const {
    add_new_session_agents();
    std::shared_lock lock(mutex_);
    return entries_.names();
}

}  // namespace parley::agents
