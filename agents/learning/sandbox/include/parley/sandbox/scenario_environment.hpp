#pragma once
// The environment a scenario's learning section trains in: the scenario's own
// world (its mechanism over its domain, or its game) from the learner's seat,
// against the section's opponents (a population MixtureEnvironment draws
// from) or against the learner's own policy (self-play). The world comes
// from the scenario's first episode as the runner would play it, so that a
// model trained here fits `parley run` on the same scenario.

#include <parley/sandbox/environment.hpp>

#include <parley/agents/parameters.hpp>
#include <parley/scenario/scenario.hpp>

#include <memory>
#include <string>

namespace parley::sandbox {

// The parameters that make the learned framework or strategy play the policy
// provided (agents::provide_policy) under `key`: for self-play.
agents::FrameworkParameters self_play_parameters(const std::string& key);

// Throws std::invalid_argument when the scenario has no learning section or
// names what the sandbox cannot play (a mechanism for more than two parties).
// `self_play_key`: the provided policy the other seats play with self_play.
std::unique_ptr<Environment> learning_environment(const worlds::Scenario& scenario, const std::string& self_play_key);

}  // namespace parley::sandbox
