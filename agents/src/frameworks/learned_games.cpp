// The learned framework in each repeated game: a trained policy, played
// greedily on the observation it was trained on (agents/game_observation.hpp),
// from its own seat.
//
// Every game of the game registry: the policy of the parameter `model` (a
// model file, or a key given to provide_policy), which must have been trained
// for that game (its world) under the same settings: the memory and the
// levels per stage are read back from its observation size and action count
// (game_spaces_for), and its action names must be the layout's. The policy is
// loaded when a game starts (reset), not when the player is made, so that a
// process that only checks parameters (the runner, reading a scenario) needs
// no model loader; a file that cannot be used then throws PolicyLoadError.
// It draws nothing. When the network's output is not a number the policy
// plays its fallback (and logs it); the player warns once per game.

#include "learned_games.hpp"

#include "parameters.hpp"

#include <parley/agents/action_policy.hpp>
#include <parley/agents/game_observation.hpp>

#include <spdlog/spdlog.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <utility>

namespace parley::agents::frameworks {
namespace {

const std::string kName = "learned";
const std::string kModel = "model";

class LearnedGamePlayer final : public GameStrategy {
public:
    LearnedGamePlayer(std::string world, std::string model) : world_(std::move(world)), model_(std::move(model)) {}

    void reset(std::uint64_t /*seed*/) override {
        // At every game: a provided policy replaced between games (the
        // trainer's own in self-play) plays from the next one.
        policy_ = load_policy_for(model_, world_);
        spaces_.reset();
        warned_ = false;
    }

    std::vector<double> choose(const worlds::GameView& view) override {
        if (!spaces_) spaces_ = fit(*view.settings);
        const auto observation = spaces_->observation(view);
        const auto decision = policy_->act(observation, spaces_->legal(view));
        if (decision.fell_back && !warned_) {
            spdlog::warn("learned player of {}: the model {} gave no number in round {}; it played its fallback, {}",
                         world_, model_, view.round, spaces_->action_names().at(decision.action));
            warned_ = true;
        }
        return spaces_->move(view, decision.action);
    }

private:
    void load() {
        if (!policy_) policy_ = load_policy_for(model_, world_);
    }

    // The layout the policy was trained on, in a game of `settings`.
    std::unique_ptr<GameSpaces> fit(const worlds::GameSettings& settings) {
        load();
        try {
            return game_spaces_for(world_, settings, policy_->spaces());
        } catch (const std::invalid_argument& error) {
            throw PolicyLoadError("the model " + model_ + " does not fit this game: " + error.what());
        }
    }

    std::string world_;
    std::string model_;
    std::shared_ptr<ActionPolicy> policy_;
    std::unique_ptr<GameSpaces> spaces_;  // of the game in play
    bool warned_ = false;
};

GameStrategyInfo learned_player(const std::string& world) {
    GameStrategyInfo info;
    info.world = world;
    describe_entry(info, kName, "plays the trained policy of `model` greedily, on the observation it was trained on",
                   {{kModel, "", "the model file (or provided policy) trained for " + world + "; required"}},
                   [world](const ParameterReader& reader) -> std::unique_ptr<GameStrategy> {
                       const std::string* model = reader.given(kModel);
                       if (model == nullptr || model->empty()) {
                           throw std::invalid_argument(kName + " (" + world + "): the parameter '" + kModel +
                                                       "' (a model file) is required");
                       }
                       try {  // refused when the scenario is checked, not at its first match
                           check_model_file(*model, world);
                       } catch (const PolicyLoadError& error) {
                           throw std::invalid_argument(kName + " (" + world + "): parameter '" + kModel +
                                                       "': " + error.what());
                       }
                       return std::make_unique<LearnedGamePlayer>(world, *model);
                   });
    return info;
}

}  // namespace

std::vector<GameStrategyInfo> learned_games() {
    std::vector<GameStrategyInfo> games;
    for (const worlds::GameInfo* game : worlds::GameRegistry::builtin().list()) games.push_back(learned_player(game->name));
    return games;
}

}  // namespace parley::agents::frameworks
