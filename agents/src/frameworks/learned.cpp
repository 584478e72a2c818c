// The learned framework: a negotiator that plays a trained policy.
//
// It sees and acts as agents::LearnedNegotiation defines it
// (learned_negotiation.hpp), the view in which the sandbox trained the policy,
// and asks the policy for its action at each turn, greedily: the same
// observation gives the same move. It values its own utility, which its
// policy was trained to get (the reward a model was trained for is recorded
// in its file).
//
// Its model (parameter `model`: a model file, or a key given to
// provide_policy) is read with load_policy_for (action_policy.hpp): made for
// "negotiation:..." with observations of 6 numbers and actions "accept" then
// "target LEVEL", whose levels become its targets. It is read when the
// framework is made in a process that can read models (parley-learned, or one
// that provided the key), so that a bad model is refused before any episode;
// the runner, which reads none, only checks that one is named, and the agent
// that plays it refuses the invitation if it cannot read it. Each episode
// checks that the model was trained under the session's mechanism.
//
// Guard (parameter `guard`): with `reservation`, the default, the policy
// chooses among the moves that keep its reservation value, as every other
// framework keeps it; with nothing left to offer, it ends the negotiation,
// saying why. With `none` its moves are the policy's, as in training.
//
// When the policy gives no usable action (its output was not a number, or it
// chose an action it may not take), it plays the safe move: the offer of its
// highest target that it may make (in a vote: reject), with a reason saying
// so, and logs a warning.
//
// Its estimates of the others' utilities, for the metrics: a disclosed
// profile exactly, else the frequency model of their offers, as the other
// frameworks estimate by default. It decides nothing by them.

#include "framework_base.hpp"

#include <parley/agents/action_policy.hpp>
#include <parley/agents/learned_negotiation.hpp>

#include <spdlog/spdlog.h>

#include <algorithm>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace parley::agents::frameworks {
namespace {

constexpr std::string_view kName = "learned";
constexpr std::string_view kWorld = "negotiation:";

// Its welfare: its own utility.
double welfare_score(const worlds::WelfareInput& input) { return worlds::own_utility(input); }

protocol::Reason reason(std::string principle, std::string text) { return {std::move(principle), std::move(text)}; }

[[noreturn]] void refuse_model(const std::string& why) {
    throw std::invalid_argument("framework '" + std::string(kName) + "': parameter 'model': " + why);
}

// A policy, and the target levels its action names give.
struct Model {
    std::string name;
    std::shared_ptr<ActionPolicy> policy;
    std::vector<double> targets;
};

Model load_model(const std::string& name) {
    std::shared_ptr<ActionPolicy> policy;
    try {
        policy = load_policy_for(name, kWorld, kLearnedObservationSize);
    } catch (const PolicyLoadError& error) {
        refuse_model(error.what());
    }
    try {
        return {name, policy, targets_from_action_names(policy->spaces().action_names)};
    } catch (const std::invalid_argument& error) {
        refuse_model("the model " + name + " has not the actions of a negotiator: " + error.what());
    }
}

class LearnedFramework final : public ValueFramework {
public:
    LearnedFramework(std::string model, bool guard, std::optional<Model> loaded)
        : model_name_(std::move(model)), guard_(guard), model_(std::move(loaded)) {}

    void begin(const worlds::PartySetup& setup) override {
        check_party_setup(kName, setup);
        begun_ = false;  // until this episode is set up
        // At every episode, not once: a provided policy replaced between
        // episodes (the trainer's own in self-play) plays from the next one.
        model_ = load_model(model_name_);
        const std::string world = std::string(kWorld) + setup.mechanism;
        if (model_->policy->spaces().world != world) {
            throw std::invalid_argument("framework '" + std::string(kName) + "' cannot play this episode: the model " +
                                        model_->name + " was trained for " + model_->policy->spaces().world +
                                        ", not for " + world);
        }
        if (!view_ || view_targets_ != model_->targets) {
            view_.emplace(model_->targets);
            view_targets_ = model_->targets;
        }
        view_->begin(setup.space, setup.profile, setup.self);
        setup_ = setup;
        models_.clear();
        models_.resize(setup.party_count);
        for (worlds::PartyIndex party = 0; party < setup.party_count; ++party) {
            if (party == setup.self) continue;
            const bool disclosed = party < setup.disclosed.size() && setup.disclosed[party];
            models_[party] = disclosed ? make_disclosed_model(setup.disclosed[party]) : make_frequency_model(*setup.space);
        }
        begun_ = true;
    }

    void observe(const worlds::Observation& observation) override {
        if (!begun_ || observation.party >= setup_.party_count || observation.party == setup_.self) return;
        const auto& move = observation.move;
        // An offer outside the space is the runner's to refuse; here it teaches nothing.
        if (move.type != worlds::MoveType::Offer || !setup_.space->contains(move.outcome)) return;
        view_->note_received(move.outcome);
        models_[observation.party]->observe_offer(move.outcome, observation.time);
    }

    worlds::Move respond(const worlds::Turn& turn) override {
        if (!begun_) {
            auto why = reason("not_started", "I was not told of an episode");
            if (turn.ask == worlds::Ask::Vote) return {worlds::MoveType::Reject, {}, std::move(why)};
            return {worlds::MoveType::End, {}, std::move(why)};
        }
        const auto allowed =
            guard_ ? view_->keeping_at_least(turn, setup_.profile->reservation_value()) : view_->legal(turn);
        if (std::none_of(allowed.begin(), allowed.end(), [](bool may) { return may; })) {
            return {worlds::MoveType::End, {},
                    reason("below_reservation", "no offer I may make gives me my reservation value")};
        }
        const auto decision = model_->policy->act(view_->observation(turn), allowed);
        if (decision.fell_back) return safe_move(turn, allowed, "its output was not a number");
        if (decision.action >= allowed.size() || !allowed[decision.action]) {
            return safe_move(turn, allowed, "it chose action " + std::to_string(decision.action) + ", which it may not take");
        }
        auto move = view_->move_for(decision.action, turn);
        move.reason = reason("learned_policy", "my policy chose '" + action_name(decision.action) + "'");
        return move;
    }

    std::vector<double> estimated_utilities(const worlds::Outcome& outcome) const override {
        if (!begun_) throw std::logic_error("framework '" + std::string(kName) + "': no episode has begun");
        if (!setup_.space->contains(outcome)) throw std::invalid_argument("the outcome is not in the outcome space");
        std::vector<double> utilities(setup_.party_count);
        for (worlds::PartyIndex party = 0; party < setup_.party_count; ++party) {
            utilities[party] = party == setup_.self ? view_->own_utility(outcome) : models_[party]->utility(outcome);
        }
        return utilities;
    }

private:
    const std::string& action_name(std::size_t action) const { return model_->policy->spaces().action_names[action]; }

    // The allowed offer of its highest target (in a vote: reject); else End.
    worlds::Move safe_move(const worlds::Turn& turn, const std::vector<bool>& allowed, const std::string& why) {
        spdlog::warn("framework '{}': the policy of the model {} gave no usable action ({}): it plays its safe move",
                     kName, model_->name, why);
        const auto text = "my policy gave no usable action (" + why + "); ";
        if (const auto safest = view_->safest_action(allowed)) {
            auto move = view_->move_for(*safest, turn);
            const bool vote = turn.ask == worlds::Ask::Vote;
            move.reason = reason("policy_fallback", text + (vote ? "I reject" : "I ask for my highest target"));
            return move;
        }
        return {worlds::MoveType::End, {}, reason("policy_fallback", text + "nothing safe is left to offer")};
    }

    std::string model_name_;
    bool guard_;
    std::optional<Model> model_;  // read at make when this process could, and again at every begin
    std::vector<double> view_targets_;  // those view_ was made with
    std::optional<LearnedNegotiation> view_;
    bool begun_ = false;
    worlds::PartySetup setup_;
    std::vector<std::unique_ptr<OpponentModel>> models_;  // per party; null for itself
};

}  // namespace

// Its policy in each repeated game (learned_games.cpp).
std::vector<GameStrategyInfo> learned_games();

FrameworkInfo learned_framework() {
    FrameworkInfo info;
    describe_entry(
        info, std::string(kName), "a trained policy (parameter model) negotiating by target utility levels",
        {{"model", "",
          "required: the model file of a policy trained for negotiation under the session's mechanism (or a key "
          "given to provide_policy)"},
         {"guard", "reservation",
          "reservation: never offers or accepts less than its reservation value (the policy chooses among the "
          "moves that keep it); none: plays the policy's choices as in training"}},
        [](const ParameterReader& reader) -> std::unique_ptr<ValueFramework> {
            const std::string model = reader.required("model", "a model file or a provided policy key");
            const bool guard = reader.choice("guard", {"reservation", "none"}) == "reservation";
            std::optional<Model> loaded;
            if (can_load_policy(model)) {
                loaded = load_model(model);
            } else {
                try {  // this process cannot load it: its header at least must fit
                    check_model_file(model, kWorld, kLearnedObservationSize);
                } catch (const PolicyLoadError& error) {
                    refuse_model(error.what());
                }
            }
            return std::make_unique<LearnedFramework>(model, guard, std::move(loaded));
        });
    info.welfare = {"its own utility, which its policy was trained to get (the model file records its reward)",
                    &welfare_score};
    info.games = learned_games();
    info.host = std::string(kLearnedAgentExecutable);
    return info;
}

}  // namespace parley::agents::frameworks
