#pragma once
// What an agent process does with its connection. Every behaviour (the echo
// used by tests, later the value frameworks) implements one small interface
// and is registered by name, so `parley agent --framework NAME` can build it.

#include <parley/agents/client.hpp>
#include <parley/core/registry.hpp>

#include <functional>
#include <map>
#include <memory>
#include <shared_mutex>
#include <string>
#include <string_view>
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

// Behaviours by name. The built-in registry reads the framework and game
// strategy registries at every lookup: each value framework and each classic
// game strategy is an agent (session_router.hpp), those registered after this
// registry was first read included. Lookups and additions are guarded, and an
// entry is never removed, so a pointer from find() stays valid.
class BehaviourRegistry {
public:
    BehaviourRegistry() = default;
    BehaviourRegistry(const BehaviourRegistry&) = delete;
    BehaviourRegistry& operator=(const BehaviourRegistry&) = delete;

    // Every behaviour built into Parley, with an agent of every framework and
    // strategy registered so far.
    static BehaviourRegistry& builtin();

    // Throws std::invalid_argument when the name is empty or taken or `make` is missing.
    void add(BehaviourInfo info);
    // Null when no behaviour has that name.
    const BehaviourInfo* find(std::string_view name) const;
    std::vector<const BehaviourInfo*> list() const;  // in name order
    std::string names() const;                       // "a, b, c"

private:
    struct Entries : worlds::NamedRegistry<BehaviourInfo> {
        Entries() : NamedRegistry("behaviour") {}
        using NamedRegistry::insert;
    };
    // In builtin(): adds the session agents of the frameworks and strategies registered since the last lookup.
    void add_new_session_agents() const;

    mutable std::shared_mutex mutex_;
    mutable Entries entries_;
    bool session_agents_ = false;  // builtin(): follows the framework and strategy registries
};

}  // namespace parley::agents
