#pragma once
// What a negotiation episode is worth to the learner: a function of the
// outcome's utility for every party (reservation values when there is no
// agreement), their reservations and the learner's seat, given as a
// worlds::WelfareInput, the very input of the frameworks' welfare scores, so
// that any framework's score is a reward as it is.

#include <parley/metrics/welfare.hpp>

#include <functional>
#include <string_view>
#include <utility>
#include <vector>

namespace parley::sandbox {

using NegotiationReward = std::function<double(const worlds::WelfareInput& outcome)>;

// The learner's own utility (the default).
NegotiationReward own_utility_reward();
// The welfare score of the framework `framework` of agents::FrameworkRegistry::global()
// ("utilitarian", "rawlsian", "nash", ...) with its numeric `parameters`, as the
// learner's seat scores the outcome. Throws std::invalid_argument for an unknown name.
NegotiationReward framework_welfare_reward(std::string_view framework, worlds::WelfareParameters parameters = {});
// sum_i weight_i * reward_i.
NegotiationReward weighted_reward(std::vector<std::pair<double, NegotiationReward>> parts);

}  // namespace parley::sandbox
