// The framework registry and the frameworks built into Parley.

#include "frameworks.hpp"

#include <parley/agents/framework.hpp>

#include <stdexcept>
#include <utility>

namespace parley::agents {

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
