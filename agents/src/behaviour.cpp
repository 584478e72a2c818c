#include <parley/agents/behaviour.hpp>
#include <parley/agents/echo.hpp>
#include <parley/agents/game_player.hpp>
#include <parley/agents/negotiator.hpp>


namespace parley::agents {

BehaviourRegistry& BehaviourRegistry::builtin() {
    static BehaviourRegistry registry = [] {
        BehaviourRegistry builtins;
        builtins.add(echo_behaviour_info());
        add_negotiator_behaviours(builtins);
        add_game_player_behaviours(builtins);
        return builtins;
    }();
    return registry;
}

}  // namespace parley::agents
