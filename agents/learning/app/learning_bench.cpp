#include "learning_bench.hpp"

#include <parley/learning/policy.hpp>
#include <parley/learning/ppo_trainer.hpp>
#include <parley/sandbox/negotiation_environment.hpp>

#include <nlohmann/json.hpp>

#include <chrono>
#include <iostream>
#include <random>

namespace parley::learning {
namespace {

using Clock = std::chrono::steady_clock;

// The bilateral SAOP negotiations of `parley bench` (1,000 outcomes, 100
// rounds, fully opposed), the learner against the reciprocal framework.
sandbox::NegotiationSettings bench_negotiation() {
    sandbox::NegotiationSettings settings;
    settings.rounds = 100;
    settings.domain = sandbox::generated_domains({.issues = 3, .values_per_issue = 10, .parties = 2, .opposition = 1.0});
    settings.opponent = "reciprocal";
    return settings;
}

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

struct Played {
    std::uint64_t episodes = 0;
    std::uint64_t decisions = 0;
    double seconds = 0;
};

// Episodes played by `choose` (from each step to an action), timed.
template <class Choose>
Played play(sandbox::Environment& environment, std::uint64_t episodes, Choose&& choose) {
    Played played;
    const auto start = Clock::now();
    for (std::uint64_t episode = 0; episode < episodes; ++episode) {
        for (auto step = environment.reset(episode); !step.done; ++played.decisions) step = environment.step(choose(step));
        ++played.episodes;
    }
    played.seconds = seconds_since(start);
    return played;
}

void print(const std::string& benchmark, const std::string& unit, double parley, double baseline,
           const std::string& baseline_is) {
    std::cout << nlohmann::json{{"benchmark", benchmark}, {"unit", unit}, {"parley", parley},
                                {"baseline", baseline}, {"baseline_is", baseline_is}}
                     .dump()
              << std::endl;
}

}  // namespace

int run_learning_bench(bool quick) {
    sandbox::NegotiationEnvironment environment(bench_negotiation());
    PpoConfig config;  // the defaults: 64 x 64, 16 episodes per update, 4 epochs
    const std::uint64_t episodes = quick ? 64 : 640;

    // Playing only, with random legal actions: what the sandbox costs without learning.
    std::mt19937_64 engine(7);
    const auto random_legal = [&](const sandbox::Step& step) {
        std::vector<std::size_t> legal;
        for (std::size_t action = 0; action < step.legal.size(); ++action) {
            if (step.legal[action]) legal.push_back(action);
        }
        return legal[engine() % legal.size()];
    };
    const auto playing = play(environment, episodes, random_legal);

    PpoTrainer trainer(environment, config, 11);
    std::uint64_t updates = 0;
    const auto start = Clock::now();
    trainer.train(environment, episodes, [&](const TrainingProgress&) { ++updates; });
    const double training_seconds = seconds_since(start);
    const std::string what = "PPO, SAOP sandbox, 1000 outcomes, 64x64 networks, 16 episodes/update, 4 epochs, " +
                             std::to_string(episodes) + " episodes against reciprocal";
    print(what + ": episodes/s while training", "1/s", static_cast<double>(episodes) / training_seconds,
          static_cast<double>(playing.episodes) / playing.seconds, "the same episodes played with random actions, no learning");
    print(what + ": updates/s", "1/s", static_cast<double>(updates) / training_seconds,
          static_cast<double>(playing.episodes) / playing.seconds / static_cast<double>(config.episodes_per_update),
          "batches of 16 episodes played, no learning");

    // A decision of the trained policy (greedy, the network alone), beside the
    // environment's own step per decision (the mechanism and the opponent's
    // reply), replaying the same actions on the same episodes.
    auto policy = greedy_action_policy(trainer.policy());
    std::vector<std::pair<std::vector<float>, std::vector<bool>>> asked;
    std::vector<std::size_t> actions;
    (void)play(environment, episodes, [&](const sandbox::Step& step) {
        asked.emplace_back(step.observation, step.legal);
        actions.push_back(policy->act(step.observation, step.legal).action);
        return actions.back();
    });
    const auto acting = Clock::now();
    std::size_t checksum = 0;
    for (const auto& [observation, legal] : asked) checksum += policy->act(observation, legal).action;
    const double acting_seconds = seconds_since(acting);
    std::size_t next = 0;
    const auto replayed = play(environment, episodes, [&](const sandbox::Step&) { return actions[next++]; });
    if (checksum == 0 && asked.empty()) return 1;  // keeps the timed loop from being optimised away
    print("learned negotiator (64x64, greedy), SAOP sandbox, " + std::to_string(asked.size()) +
              " decisions: microseconds per decision (the network)",
          "us", 1e6 * acting_seconds / static_cast<double>(asked.size()),
          1e6 * replayed.seconds / static_cast<double>(replayed.decisions),
          "the environment's own step per decision (the mechanism and the opponent's reply), same episodes");
    return 0;
}

}  // namespace parley::learning
