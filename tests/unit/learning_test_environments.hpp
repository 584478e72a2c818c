#pragma once
// Toy environments for the learner's tests: small enough to learn in seconds,
// hard enough that an untrained policy is far from the best one.

#include <parley/core/determinism.hpp>
#include <parley/sandbox/environment.hpp>

#include <random>
#include <stdexcept>
#include <string>
#include <vector>

namespace parley::learning::testing {

// A contextual bandit: each of kSteps steps shows one of kContexts contexts
// (one-hot) and pays 1 for the arm of the same index, 0 for another. The arm
// two places further on is illegal in each context, and the last action
// ("forbidden") always is, so the mask depends on the observation. A policy
// that ignores the observation earns a third of kSteps; the best earns kSteps.
class ContextBandit : public sandbox::Environment {
public:
    static constexpr std::size_t kContexts = 4;
    static constexpr std::size_t kSteps = 10;

    explicit ContextBandit(std::string world = "context-bandit") : world_(std::move(world)) {}

    std::string world() const override { return world_; }
    std::size_t observation_size() const override { return kContexts; }
    std::size_t action_count() const override { return kContexts + 1; }
    std::vector<std::string> action_names() const override {
        return {"arm 0", "arm 1", "arm 2", "arm 3", "forbidden"};
    }

    sandbox::Step reset(std::uint64_t seed) override {
        engine_.seed(seed);
        steps_ = 0;
        total_ = 0.0;
        return next(0.0);
    }

    sandbox::Step step(std::size_t action) override {
        if (done_ || action >= action_count() || !legal(action)) {
            throw std::invalid_argument("context bandit: action " + std::to_string(action) + " is not legal");
        }
        const double reward = action == context_ ? 1.0 : 0.0;
        total_ += reward;
        ++steps_;
        return next(reward);
    }

    sandbox::EpisodeFigures figures() const override { return {{"return", total_}}; }

private:
    bool legal(std::size_t action) const { return action < kContexts && action != (context_ + 2) % kContexts; }

    sandbox::Step next(double reward) {
        done_ = steps_ == kSteps;
        if (done_) return {.observation = {}, .legal = {}, .reward = reward, .done = true};
        context_ = static_cast<std::size_t>(core::portable::index_draw(engine_, kContexts));
        sandbox::Step step{.observation = std::vector<float>(kContexts, 0.0f),
                           .legal = std::vector<bool>(action_count()),
                           .reward = reward,
                           .done = false};
        step.observation[context_] = 1.0f;
        for (std::size_t action = 0; action < action_count(); ++action) step.legal[action] = legal(action);
        return step;
    }

    std::string world_;
    std::mt19937_64 engine_;
    std::size_t context_ = 0;
    std::size_t steps_ = 0;
    double total_ = 0.0;
    bool done_ = true;
};

// The same bandit seen through a longer observation: another space.
class WideContextBandit : public ContextBandit {
public:
    std::size_t observation_size() const override { return kContexts + 1; }
};

// A chain of kLength + 1 cells: the learner starts at cell 0 and moves left or
// right; reaching the last cell pays 1 and ends the episode, which otherwise
// ends after kLimit moves with nothing. Left is illegal at cell 0. The reward
// comes only at the end, so the earlier moves are credited through the
// advantages; a random walk seldom gets there in time.
class Chain : public sandbox::Environment {
public:
    static constexpr std::size_t kLength = 8;
    static constexpr std::size_t kLimit = 12;

    std::string world() const override { return "chain"; }
    std::size_t observation_size() const override { return kLength; }
    std::size_t action_count() const override { return 2; }
    std::vector<std::string> action_names() const override { return {"left", "right"}; }

    sandbox::Step reset(std::uint64_t) override {
        cell_ = 0;
        moves_ = 0;
        return observe(0.0, false);
    }

    sandbox::Step step(std::size_t action) override {
        if (action > 1 || (action == 0 && cell_ == 0)) throw std::invalid_argument("chain: illegal move");
        cell_ = action == 0 ? cell_ - 1 : cell_ + 1;
        ++moves_;
        if (cell_ == kLength) return observe(1.0, true);
        return observe(0.0, moves_ == kLimit);
    }

    sandbox::EpisodeFigures figures() const override {
        return {{"reached", cell_ == kLength ? 1.0 : 0.0}, {"moves", static_cast<double>(moves_)}};
    }

private:
    sandbox::Step observe(double reward, bool done) const {
        if (done) return {.observation = {}, .legal = {}, .reward = reward, .done = true};
        sandbox::Step step{.observation = std::vector<float>(kLength, 0.0f),
                           .legal = {cell_ > 0, true},
                           .reward = reward,
                           .done = false};
        step.observation[cell_] = 1.0f;
        return step;
    }

    std::size_t cell_ = 0;
    std::size_t moves_ = 0;
};

}  // namespace parley::learning::testing
