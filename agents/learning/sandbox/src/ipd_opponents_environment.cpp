#include <parley/sandbox/ipd_opponents_environment.hpp>

#include <stdexcept>

namespace parley::sandbox {
namespace {

std::vector<WeightedEnvironment> one_per_opponent(const IpdOpponentsSettings& settings) {
    if (settings.opponents.empty()) throw std::invalid_argument("ipd opponents environment: no opponent");
    std::vector<WeightedEnvironment> environments;
    for (const auto& opponent : settings.opponents) {
        environments.push_back({1, std::make_unique<IpdEnvironment>(IpdSettings{.opponent = opponent.name,
                                                                                .opponent_parameters = opponent.parameters,
                                                                                .rounds = settings.rounds,
                                                                                .game_parameters = settings.game_parameters,
                                                                                .memory = settings.memory})});
    }
    return environments;
}

}  // namespace

IpdOpponentsEnvironment::IpdOpponentsEnvironment(const IpdOpponentsSettings& settings)
    : mixture_(one_per_opponent(settings)) {}

}  // namespace parley::sandbox
