// The framework registry and the frameworks built into Parley.

#include "frameworks.hpp"

#include <parley/agents/framework.hpp>

#include <stdexcept>
#include <utility>

namespace parley::agents {

void FrameworkRegistry::add(FrameworkInfo info) {
    if (info.name.empty() || !info.make) throw std::invalid_argument("a framework needs a name and a make function");
    const std::string name = info.name;
    if (!entries_.emplace(name, std::move(info)).second) {
        throw std::invalid_argument("a framework named '" + name + "' is already registered");
    }
}

const FrameworkInfo* FrameworkRegistry::find(const std::string& name) const {
    auto found = entries_.find(name);
    return found == entries_.end() ? nullptr : &found->second;
}

std::vector<const FrameworkInfo*> FrameworkRegistry::list() const {
    std::vector<const FrameworkInfo*> infos;
    infos.reserve(entries_.size());
    for (const auto& [name, info] : entries_) infos.push_back(&info);
    return infos;  // in name order: the map's
}

const FrameworkRegistry& FrameworkRegistry::builtin() {
    static const FrameworkRegistry registry = [] {
        FrameworkRegistry built;
        built.add(frameworks::selfish_framework());
        built.add(frameworks::reciprocal_framework());
        built.add(frameworks::utilitarian_framework());
        built.add(frameworks::rawlsian_framework());
        built.add(frameworks::nash_framework());
        built.add(frameworks::deontological_framework());
        built.add(frameworks::libertarian_framework());
        built.add(frameworks::rubinstein_framework());
        return built;
    }();
    return registry;
}

}  // namespace parley::agents
