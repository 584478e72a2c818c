#include <parley/agents/behaviour.hpp>
#include <parley/agents/echo.hpp>
#include <parley/agents/negotiator.hpp>

#include <stdexcept>

namespace parley::agents {

BehaviourRegistry& BehaviourRegistry::builtin() {
    static BehaviourRegistry registry = [] {
        BehaviourRegistry builtins;
        builtins.add(echo_behaviour_info());
        add_negotiator_behaviours(builtins);
        return builtins;
    }();
    return registry;
}

void BehaviourRegistry::add(BehaviourInfo info) {
    if (entries_.contains(info.name)) throw std::logic_error("behaviour '" + info.name + "' registered twice");
    auto name = info.name;
    entries_.emplace(std::move(name), std::move(info));
}

const BehaviourInfo* BehaviourRegistry::find(const std::string& name) const {
    auto found = entries_.find(name);
    return found == entries_.end() ? nullptr : &found->second;
}

std::vector<const BehaviourInfo*> BehaviourRegistry::list() const {
    std::vector<const BehaviourInfo*> infos;
    for (const auto& [name, info] : entries_) infos.push_back(&info);
    return infos;
}

}  // namespace parley::agents
