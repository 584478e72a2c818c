#include <parley/sandbox/mixture_environment.hpp>

#include <parley/core/determinism.hpp>

#include <stdexcept>

namespace parley::sandbox {

MixtureEnvironment::MixtureEnvironment(std::vector<WeightedEnvironment> environments)
    : environments_(std::move(environments)) {
    if (environments_.empty()) throw std::invalid_argument("mixture environment: no environment");
    for (const auto& entry : environments_) {
        if (!entry.environment || entry.weight == 0) {
            throw std::invalid_argument("mixture environment: every entry needs an environment and a positive weight");
        }
        const auto& environment = *entry.environment;
        if (environment.world() != world() || environment.observation_size() != observation_size() ||
            environment.action_names() != action_names()) {
            throw std::invalid_argument("mixture environment: " + environment.world() + " and " + world() +
                                        " do not share their observations and actions");
        }
        total_weight_ += entry.weight;
    }
}

std::size_t MixtureEnvironment::drawn(std::uint64_t seed) const {
    auto draw = core::derive_seed(seed, kOpponentStream) % total_weight_;
    std::size_t index = 0;
    while (draw >= environments_[index].weight) draw -= environments_[index++].weight;
    return index;
}

Step MixtureEnvironment::reset(std::uint64_t seed) {
    current_ = drawn(seed);
    return current().reset(seed);
}

EpisodeFigures MixtureEnvironment::figures() const {
    auto figures = current().figures();
    figures.emplace_back("opponent", static_cast<double>(current_));
    return figures;
}

}  // namespace parley::sandbox
