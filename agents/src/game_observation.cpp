// The learned players' observations and actions (game_observation.hpp gives
// both layouts).

#include <parley/agents/game_observation.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <span>
#include <sstream>
#include <stdexcept>
#include <utility>

namespace parley::agents {
namespace {

using worlds::GameView;
using worlds::StageMoves;
using worlds::StageSpec;

const std::string kIpd = "ipd";

void put_one_hot(std::vector<float>& observation, std::size_t at, worlds::DilemmaMove move) {
    observation[at + (move == worlds::DilemmaMove::Cooperate ? 0 : 1)] = 1.0F;
}

void check_memory(std::size_t memory) {
    if (memory == 0) throw std::invalid_argument("game observation: memory must be at least 1 round");
}

std::string number_text(double value) {
    std::ostringstream out;
    out << value;
    return out.str();
}

class IpdSpaces final : public GameSpaces {
public:
    explicit IpdSpaces(std::size_t memory) : memory_(memory) { check_memory(memory); }

    std::size_t observation_size() const override { return ipd_observation_size(memory_); }
    const std::vector<std::string>& action_names() const override { return names_; }
    std::size_t memory() const override { return memory_; }
    std::vector<float> observation(const GameView& view) const override { return ipd_observation(view, memory_); }
    std::vector<bool> legal(const GameView&) const override { return std::vector<bool>(kIpdActionCount, true); }
    std::vector<double> move(const GameView&, std::size_t action) const override {
        return {worlds::dilemma_move_value(ipd_action_move(action))};
    }

private:
    std::size_t memory_;
    std::vector<std::string> names_{"cooperate", "defect"};
};

// What a staged layout is made of, before its memory and levels.
struct StagedShape {
    std::string game;
    std::size_t players = 0;
    std::uint32_t rounds = 0;
    std::vector<StageSpec> stages;  // of a round, in order
    std::vector<double> state_scale;  // per state number: its value at the start (1 for 0)

    // R: the floats of one round's block.
    std::size_t round_block() const {
        std::size_t widths = 0;
        for (const StageSpec& stage : stages) widths += stage.width;
        return players * widths;
    }
    // Everything but the k settled rounds.
    std::size_t fixed_size() const { return round_block() + 1 + stages.size() + state_scale.size(); }
};

StagedShape staged_shape(const std::string& game, const worlds::GameSettings& settings) {
    const auto& registry = worlds::GameRegistry::builtin();
    const auto resolved = registry.resolve(game, settings);
    const auto probe = registry.make(game, resolved);
    StagedShape shape{game, resolved.players, resolved.rounds, probe->round_stages(), {}};
    for (const auto& [name, value] : probe->state()) shape.state_scale.push_back(value != 0.0 ? value : 1.0);
    return shape;
}

// Stage names as action prefixes: "talk#1", "talk#2" when a round asks one twice.
std::vector<std::string> position_names(const std::vector<StageSpec>& stages) {
    std::map<std::string, std::size_t> times;
    for (const StageSpec& stage : stages) ++times[stage.name];
    std::map<std::string, std::size_t> seen;
    std::vector<std::string> names;
    for (const StageSpec& stage : stages) {
        const std::size_t nth = ++seen[stage.name];
        names.push_back(times[stage.name] > 1 ? stage.name + "#" + std::to_string(nth) : stage.name);
    }
    return names;
}

class StagedSpaces final : public GameSpaces {
public:
    StagedSpaces(StagedShape shape, std::size_t memory, std::size_t levels)
        : shape_(std::move(shape)), memory_(memory), levels_(levels), block_(shape_.round_block()) {
        check_memory(memory);
        if (levels < 2) throw std::invalid_argument("game observation: at least 2 levels per stage");
        const auto positions = position_names(shape_.stages);
        for (std::size_t p = 0; p < shape_.stages.size(); ++p) {
            for (std::size_t level = 0; level < levels_; ++level) {
                names_.push_back(positions[p] + " " + number_text(level_value(p, level)));
            }
        }
    }

    std::size_t observation_size() const override { return memory_ * block_ + shape_.fixed_size(); }
    const std::vector<std::string>& action_names() const override { return names_; }
    std::size_t memory() const override { return memory_; }

    std::vector<float> observation(const GameView& view) const override {
        const std::size_t asked = position(view);
        std::vector<float> observation(observation_size(), 0.0F);
        const auto& history = view.history;
        for (std::size_t back = 0; back < memory_ && back < history.size(); ++back) {
            put_round(observation, back * block_, history[history.size() - 1 - back].stages, view.self);
        }
        put_round(observation, memory_ * block_, view.current, view.self);
        std::size_t at = (memory_ + 1) * block_;
        observation[at++] = static_cast<float>(static_cast<double>(view.round) / static_cast<double>(shape_.rounds));
        observation[at + asked] = 1.0F;
        at += shape_.stages.size();
        for (std::size_t i = 0; i < shape_.state_scale.size() && i < view.state.size(); ++i) {
            observation[at + i] = static_cast<float>(view.state[i].second / shape_.state_scale[i]);
        }
        return observation;
    }

    std::vector<bool> legal(const GameView& view) const override {
        const std::size_t asked = position(view);
        std::vector<bool> legal(names_.size(), false);
        std::fill_n(legal.begin() + static_cast<std::ptrdiff_t>(asked * levels_), levels_, true);
        return legal;
    }

    std::vector<double> move(const GameView& view, std::size_t action) const override {
        const std::size_t asked = position(view);
        if (action >= names_.size() || action / levels_ != asked) {
            throw std::invalid_argument(shape_.game + ": action " + std::to_string(action) +
                                        (action < names_.size() ? " (" + names_[action] + ")" : std::string()) +
                                        " is not one of the " + view.stage.name + " stage");
        }
        const StageSpec& stage = shape_.stages[asked];
        std::vector<double> numbers(stage.width, level_value(asked, action % levels_));
        if (stage.per_player) numbers.at(view.self) = 0.0;
        return numbers;
    }

private:
    // The position in the round of the stage asked in `view`, checked against the layout.
    std::size_t position(const GameView& view) const {
        const std::size_t asked = view.current.size();
        if (view.players() != shape_.players || asked >= shape_.stages.size() ||
            shape_.stages[asked].name != view.stage.name) {
            throw std::invalid_argument(shape_.game + " observation: the " + view.stage.name + " stage of " +
                                        std::to_string(view.players()) + " players, after " +
                                        std::to_string(asked) + " stages of the round, is not in this layout");
        }
        return asked;
    }

    double level_value(std::size_t p, std::size_t level) const {
        const StageSpec& stage = shape_.stages[p];
        double value = stage.low + (stage.high - stage.low) * static_cast<double>(level) /
                                       static_cast<double>(levels_ - 1);
        if (stage.whole) value = std::round(value);
        return std::clamp(value, stage.low, stage.high);
    }

    // `stages` (a round's, or the round in progress's so far) from `self`'s side.
    void put_round(std::vector<float>& observation, std::size_t at, std::span<const StageMoves> stages,
                   worlds::PartyIndex self) const {
        const auto order = seat_order(self);
        for (std::size_t p = 0; p < shape_.stages.size(); ++p) {
            const StageSpec& stage = shape_.stages[p];
            if (p < stages.size() && stages[p].name == stage.name) {
                for (std::size_t i = 0; i < order.size(); ++i) {
                    put_move(observation, at + i * stage.width, stage, stages[p].moves.at(order[i]), order);
                }
            }
            at += shape_.players * stage.width;
        }
    }

    static void put_move(std::vector<float>& observation, std::size_t at, const StageSpec& stage,
                         const std::vector<double>& move, const std::vector<std::size_t>& order) {
        for (std::size_t c = 0; c < stage.width; ++c) {
            const std::size_t component = stage.per_player ? order[c] : c;
            if (component < move.size()) observation[at + c] = scaled(stage, move[component]);
        }
    }

    static float scaled(const StageSpec& stage, double value) {
        if (!(stage.high > stage.low)) return 0.0F;
        const double unit = (value - stage.low) / (stage.high - stage.low);
        return static_cast<float>(unit > 0.0 ? std::min(unit, 1.0) : 0.0);  // also NaN
    }

    // The learner, then the others in seat order.
    std::vector<std::size_t> seat_order(worlds::PartyIndex self) const {
        std::vector<std::size_t> order{self};
        for (std::size_t seat = 0; seat < shape_.players; ++seat) {
            if (seat != self) order.push_back(seat);
        }
        return order;
    }

    StagedShape shape_;
    std::size_t memory_;
    std::size_t levels_;
    std::size_t block_;
    std::vector<std::string> names_;
};

std::string policy_text(const PolicySpaces& policy) {
    return "a policy for " + policy.world + " with observations of " + std::to_string(policy.observation_size) +
           " numbers and " + std::to_string(policy.action_names.size()) + " actions";
}

void check_names(const GameSpaces& spaces, const std::string& game, const PolicySpaces& policy) {
    if (policy.action_names == spaces.action_names()) return;
    std::size_t first = 0;
    while (first < policy.action_names.size() && policy.action_names[first] == spaces.action_names()[first]) ++first;
    throw std::invalid_argument(policy_text(policy) + " has the action '" + policy.action_names.at(first) + "' where " +
                                game + " under these settings has '" + spaces.action_names().at(first) + "'");
}

}  // namespace

std::optional<std::size_t> ipd_memory_of(std::size_t observation_size) {
    if (observation_size < ipd_observation_size(1) || (observation_size - 1) % 4 != 0) return std::nullopt;
    return (observation_size - 1) / 4;
}

std::vector<float> ipd_observation(const GameView& view, std::size_t memory) {
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

std::unique_ptr<GameSpaces> game_spaces(const std::string& game, const worlds::GameSettings& settings,
                                        std::size_t memory, std::size_t levels) {
    if (game == kIpd) {
        worlds::GameRegistry::builtin().resolve(game, settings);  // refuses what the game refuses
        return std::make_unique<IpdSpaces>(memory);
    }
    return std::make_unique<StagedSpaces>(staged_shape(game, settings), memory, levels);
}

std::unique_ptr<GameSpaces> game_spaces_for(const std::string& game, const worlds::GameSettings& settings,
                                            const PolicySpaces& policy) {
    std::unique_ptr<GameSpaces> spaces;
    if (game == kIpd) {
        worlds::GameRegistry::builtin().resolve(game, settings);
        const auto memory = ipd_memory_of(policy.observation_size);
        if (memory && policy.action_names.size() == kIpdActionCount) spaces = std::make_unique<IpdSpaces>(*memory);
    } else {
        auto shape = staged_shape(game, settings);
        const std::size_t block = shape.round_block();
        const std::size_t fixed = shape.fixed_size();
        const std::size_t positions = shape.stages.size();
        const std::size_t actions = policy.action_names.size();
        if (policy.observation_size > fixed && (policy.observation_size - fixed) % block == 0 &&
            actions % positions == 0 && actions / positions >= 2) {
            spaces = std::make_unique<StagedSpaces>(std::move(shape), (policy.observation_size - fixed) / block,
                                                    actions / positions);
        }
    }
    if (!spaces) {
        throw std::invalid_argument(policy_text(policy) + " fits no observation of " + game + " with " +
                                    std::to_string(settings.players) + " players under these settings");
    }
    check_names(*spaces, game, policy);
    return spaces;
}

}  // namespace parley::agents
