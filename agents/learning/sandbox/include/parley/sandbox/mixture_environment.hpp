#pragma once
// A population of opponents: several environments of one world, each the
// same seat against another opponent, one of which plays each episode, drawn
// from the episode's seed with a probability proportional to its weight (a
// roster when the weights are equal). The spaces are the environments' own,
// which must agree.

#include <parley/sandbox/environment.hpp>

#include <cstdint>
#include <memory>
#include <vector>

namespace parley::sandbox {

struct WeightedEnvironment {
    std::uint64_t weight = 1;
    std::unique_ptr<Environment> environment;
};

class MixtureEnvironment final : public Environment {
public:
    // Throws std::invalid_argument with no environment, a weight of 0, or
    // environments whose world, observation size or actions differ.
    explicit MixtureEnvironment(std::vector<WeightedEnvironment> environments);

    std::string world() const override { return first().world(); }
    std::size_t observation_size() const override { return first().observation_size(); }
    std::size_t action_count() const override { return first().action_count(); }
    std::vector<std::string> action_names() const override { return first().action_names(); }
    Step reset(std::uint64_t seed) override;
    Step step(std::size_t action) override { return current().step(action); }
    // The episode's environment's figures, then "opponent": its index.
    EpisodeFigures figures() const override;

    // The index of the environment an episode of `seed` plays.
    std::size_t drawn(std::uint64_t seed) const;

private:
    const Environment& first() const { return *environments_.front().environment; }
    Environment& current() const { return *environments_[current_].environment; }

    std::vector<WeightedEnvironment> environments_;
    std::uint64_t total_weight_ = 0;
    std::size_t current_ = 0;
};

}  // namespace parley::sandbox
