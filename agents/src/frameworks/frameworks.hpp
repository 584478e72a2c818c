#pragma once
// The registry entries of the built-in value frameworks, one per source file.

#include <parley/agents/framework.hpp>

#include <vector>

namespace parley::agents::frameworks {

FrameworkInfo selfish_framework();
FrameworkInfo reciprocal_framework();
FrameworkInfo utilitarian_framework();
FrameworkInfo rawlsian_framework();
FrameworkInfo nash_framework();
FrameworkInfo deontological_framework();
FrameworkInfo libertarian_framework();
FrameworkInfo rubinstein_framework();

}  // namespace parley::agents::frameworks
