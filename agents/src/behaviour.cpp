#include <parley/agents/behaviour.hpp>
#include <parley/agents/echo.hpp>
#include <parley/agents/session_router.hpp>

namespace parley::agents {

BehaviourRegistry& BehaviourRegistry::builtin() {
    static BehaviourRegistry registry = [] {
        BehaviourRegistry builtins;
        builtins.add(echo_behaviour_info());
        add_session_agents(builtins);
        return builtins;
    }();
    return registry;
}

}  // namespace parley::agents
