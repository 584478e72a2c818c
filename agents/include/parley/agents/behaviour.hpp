#pragma once
// What an agent process does with its connection. Every behaviour (the echo
// used by tests, later the value frameworks) implements one small interface
// and is registered by name, so `parley agent --framework NAME` can build it.

#include <parley/agents/client.hpp>
#include <parley/core/registry.hpp>

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace parley::agents {

using Parameters = std::map<std::string, std::string>;

class Behaviour {
public:
    virtual ~Behaviour() = default;
    // Installs the behaviour's handlers on a client that has not started yet.
    virtual void attach(AgentClient& client) = 0;
};

struct BehaviourInfo {
    std::string name;
    std::string description;
    std::function<std::unique_ptr<Behaviour>(const Parameters&)> make;
};

class BehaviourRegistry : public worlds::NamedRegistry<BehaviourInfo> {
public:
    BehaviourRegistry() : NamedRegistry("behaviour") {}
    // The registry with every behaviour built into Parley.
    static BehaviourRegistry& builtin();
    void add(BehaviourInfo info) { insert(std::move(info)); }
};

}  // namespace parley::agents
