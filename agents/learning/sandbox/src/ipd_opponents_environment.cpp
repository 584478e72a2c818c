#include <parley/sandbox/ipd_opponents_environment.hpp>

#include <parley/core/determinism.hpp>

#include <stdexcept>

namespace parley::sandbox {

IpdOpponentsEnvironment::IpdOpponentsEnvironment(const IpdOpponentsSettings& settings) {
    if (settings.opponents.empty()) throw std::invalid_argument("ipd opponents environment: no opponent");
    environments_.reserve(settings.opponents.size());
    for (const auto& opponent : settings.opponents) {
        environments_.emplace_back(IpdSettings{.opponent = opponent.name,
                                               .opponent_parameters = opponent.parameters,
                                               .rounds = settings.rounds,
                                               .game_parameters = settings.game_parameters,
                                               .memory = settings.memory});
    }
}

std::size_t IpdOpponentsEnvironment::opponent_of(std::uint64_t seed) const {
    return static_cast<std::size_t>(core::derive_seed(seed, kOpponentStream) % environments_.size());
}

Step IpdOpponentsEnvironment::reset(std::uint64_t seed) {
    current_ = opponent_of(seed);
    return current().reset(seed);
}

EpisodeFigures IpdOpponentsEnvironment::figures() const {
    auto figures = current().figures();
    figures.emplace_back("opponent", static_cast<double>(current_));
    return figures;
}

}  // namespace parley::sandbox
