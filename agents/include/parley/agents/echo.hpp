#pragma once
// The echo behaviour: joins every session it is invited into and answers every
// routed message that is not itself a reply with a copy of it. It exercises the
// whole runtime without any strategy, which is what the backbone tests need.

#include <parley/agents/behaviour.hpp>

namespace parley::agents {

class EchoBehaviour : public Behaviour {
public:
    void attach(AgentClient& client) override;
};

BehaviourInfo echo_behaviour_info();

}  // namespace parley::agents
