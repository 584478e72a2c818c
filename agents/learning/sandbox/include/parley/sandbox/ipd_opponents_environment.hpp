#pragma once
// The iterated prisoner's dilemma against several opponents: each episode is
// an IpdEnvironment episode against one strategy of a list, chosen from the
// episode's seed alone, so that a learner trained on it meets them all and
// the same seed always meets the same one.
//
// Observation, actions, reward and seeds: IpdEnvironment's, so a policy
// trained here fits an IpdEnvironment and the reverse (the same world and spaces).
// Opponent of reset(seed): core::derive_seed(seed, kOpponentStream) modulo
// the number of opponents (a stream the episode's game and players never use).
// Figures: IpdEnvironment's, then opponent (its index in the list).
// It is a MixtureEnvironment of one IpdEnvironment per opponent, all of weight 1.

#include <parley/sandbox/ipd_environment.hpp>
#include <parley/sandbox/mixture_environment.hpp>

namespace parley::sandbox {


struct IpdOpponent {
    std::string name;  // of GameStrategyRegistry::global(), world ipd
    agents::FrameworkParameters parameters;
};

struct IpdOpponentsSettings {
    std::vector<IpdOpponent> opponents;  // at least one
    std::uint32_t rounds = 200;
    std::map<std::string, double> game_parameters;  // the ipd's (payoffs, noise, continuation)
    std::size_t memory = 3;                         // rounds in the observation
};

class IpdOpponentsEnvironment final : public Environment {
public:
    // Throws std::invalid_argument for no opponent, or as IpdEnvironment does for any of them.
    explicit IpdOpponentsEnvironment(const IpdOpponentsSettings& settings);

    std::string world() const override { return mixture_.world(); }
    std::size_t observation_size() const override { return mixture_.observation_size(); }
    std::size_t action_count() const override { return mixture_.action_count(); }
    std::vector<std::string> action_names() const override { return mixture_.action_names(); }
    Step reset(std::uint64_t seed) override { return mixture_.reset(seed); }
    Step step(std::size_t action) override { return mixture_.step(action); }
    EpisodeFigures figures() const override { return mixture_.figures(); }

    // The opponent index an episode of `seed` plays against.
    std::size_t opponent_of(std::uint64_t seed) const { return mixture_.drawn(seed); }

private:
    MixtureEnvironment mixture_;
};

}  // namespace parley::sandbox
