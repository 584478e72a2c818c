#include <parley/sandbox/ipd_observation.hpp>

#include <stdexcept>
#include <string>

namespace parley::sandbox {
namespace {

void put_one_hot(std::vector<float>& observation, std::size_t at, worlds::DilemmaMove move) {
    observation[at + (move == worlds::DilemmaMove::Cooperate ? 0 : 1)] = 1.0F;
}

}  // namespace

std::optional<std::size_t> ipd_memory_of(std::size_t observation_size) {
    if (observation_size < ipd_observation_size(1) || (observation_size - 1) % 4 != 0) return std::nullopt;
    return (observation_size - 1) / 4;
}

std::vector<float> ipd_observation(const worlds::GameView& view, std::size_t memory) {
    if (memory == 0) throw std::invalid_argument("ipd observation: memory must be at least 1 round");
    std::vector<float> observation(ipd_observation_size(memory), 0.0F);
    const auto history = view.history;
    for (std::size_t back = 0; back < memory && back < history.size(); ++back) {
        const auto round = worlds::ipd_view(history[history.size() - 1 - back], view.self);
        put_one_hot(observation, 4 * back, round.own);
        put_one_hot(observation, 4 * back + 2, round.other);
    }
    observation.back() =
        static_cast<float>(static_cast<double>(history.size()) / static_cast<double>(view.settings->rounds));
    return observation;
}

worlds::DilemmaMove ipd_action_move(std::size_t action) {
    if (action >= kIpdActionCount) {
        throw std::invalid_argument("ipd: action " + std::to_string(action) + " of " +
                                    std::to_string(kIpdActionCount));
    }
    return action == 0 ? worlds::DilemmaMove::Cooperate : worlds::DilemmaMove::Defect;
}

}  // namespace parley::sandbox
