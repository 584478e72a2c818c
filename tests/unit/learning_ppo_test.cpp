// PPO on LibTorch: it learns a toy environment, the same seed gives the same
// parameters, training resumed from a checkpoint ends where uninterrupted
// training does, and a policy whose output is not a number plays a safe action.

#include "learning_test_environments.hpp"
#include "learning_test_files.hpp"

#include <parley/learning/ppo_trainer.hpp>

#include <doctest/doctest.h>

#include <cmath>
#include <limits>

using namespace parley;
using learning::testing::contents;
using learning::testing::ContextBandit;
using learning::testing::TemporaryDirectory;

namespace {

// Small and quick: the bandit is learned in a few hundred episodes.
learning::PpoConfig quick_config() {
    learning::PpoConfig config;
    config.hidden_sizes = {32, 32};
    config.learning_rate = 3e-3;
    config.episodes_per_update = 8;
    config.minibatch_size = 40;
    return config;
}

enum class Acting { greedy, sampled };

// The mean return of `episodes` episodes (seeds 1000, 1001, ...; never the training's).
double mean_return(learning::Policy& policy, sandbox::Environment& environment, Acting acting, int episodes = 50) {
    std::mt19937_64 engine(99);
    double total = 0.0;
    for (int episode = 0; episode < episodes; ++episode) {
        for (auto step = environment.reset(1000 + static_cast<std::uint64_t>(episode)); !step.done;) {
            const auto action = acting == Acting::greedy ? policy.greedy_action(step.observation, step.legal)
                                                         : policy.sampled_action(step.observation, step.legal, engine);
            step = environment.step(action);  // throws on an illegal action
            total += step.reward;
        }
    }
    return total / episodes;
}

}  // namespace

TEST_CASE("PPO learns the contextual bandit far beyond the untrained policy") {
    ContextBandit bandit;
    learning::PpoTrainer trainer(bandit, quick_config(), 7);
    auto untrained = trainer.policy();
    const double before = mean_return(untrained, bandit, Acting::sampled);

    std::vector<learning::TrainingProgress> reports;
    trainer.train(bandit, 400, [&](const learning::TrainingProgress& progress) { reports.push_back(progress); });
    auto trained = trainer.policy();
    const double greedy_after = mean_return(trained, bandit, Acting::greedy);
    const double sampled_after = mean_return(trained, bandit, Acting::sampled);
    MESSAGE("mean return of 10: untrained " << before << ", trained greedy " << greedy_after << ", sampled "
                                            << sampled_after);

    // Chance among the three legal arms is 10/3; the best is 10.
    CHECK(before < 5.0);
    CHECK(greedy_after >= 9.5);
    CHECK(sampled_after >= 9.0);
    CHECK(sampled_after - before >= 4.0);
    REQUIRE(reports.size() == 400 / 8);
    CHECK(reports.back().episodes_done == 400);
    CHECK(reports.back().mean_return > reports.front().mean_return + 3.0);
    CHECK(std::isfinite(reports.back().policy_loss));
    CHECK(std::isfinite(reports.back().value_loss));
    CHECK(reports.back().entropy < reports.front().entropy);
    CHECK(trainer.episodes_done() == 400);
}

TEST_CASE("PPO learns to walk the chain to its one delayed reward") {
    learning::testing::Chain chain;
    learning::PpoTrainer trainer(chain, quick_config(), 21);
    auto untrained = trainer.policy();
    const double before = mean_return(untrained, chain, Acting::sampled, 200);
    trainer.train(chain, 400);
    auto trained = trainer.policy();
    const double greedy_after = mean_return(trained, chain, Acting::greedy);
    const double sampled_after = mean_return(trained, chain, Acting::sampled, 200);
    MESSAGE("chance of reaching the end: untrained " << before << ", trained greedy " << greedy_after << ", sampled "
                                                     << sampled_after);
    CHECK(before < 0.3);
    CHECK(greedy_after == 1.0);
    CHECK(sampled_after >= 0.9);
    // Greedily, straight to the end.
    for (auto step = chain.reset(0); !step.done;) step = chain.step(trained.greedy_action(step.observation, step.legal));
    CHECK(chain.figures() == sandbox::EpisodeFigures{{"reached", 1.0}, {"moves", 8.0}});
}

TEST_CASE("the same seed gives byte-identical parameters, another seed others") {
    TemporaryDirectory directory("seed");
    ContextBandit bandit;
    const auto train = [&](std::uint64_t seed, const std::string& name) {
        learning::PpoTrainer trainer(bandit, quick_config(), seed);
        trainer.train(bandit, 48);
        trainer.policy().save(directory.path / name);
        return contents(directory.path / name);
    };
    const auto first = train(11, "first.pt");
    const auto second = train(11, "second.pt");
    const auto other = train(12, "other.pt");
    REQUIRE_FALSE(first.empty());
    CHECK(first == second);
    CHECK(first != other);
}

TEST_CASE("training resumed from a checkpoint ends with the parameters of uninterrupted training") {
    TemporaryDirectory directory("resume");
    ContextBandit bandit;
    learning::PpoTrainer uninterrupted(bandit, quick_config(), 5);
    int uninterrupted_updates = 0;
    uninterrupted.train(bandit, 44, [&](const learning::TrainingProgress&) { ++uninterrupted_updates; });
    uninterrupted.policy().save(directory.path / "uninterrupted.pt");

    int resumed_updates = 0;
    const auto count = [&](const learning::TrainingProgress&) { ++resumed_updates; };
    {
        learning::PpoTrainer first_half(bandit, quick_config(), 5);
        first_half.train(bandit, 20, count);  // stops inside the third batch of 8
        first_half.save_checkpoint(directory.path / "checkpoint.pt");
    }
    auto resumed = learning::PpoTrainer::resume(directory.path / "checkpoint.pt", bandit);
    CHECK(resumed.episodes_done() == 20);
    resumed.train(bandit, 24, count);
    resumed.policy().save(directory.path / "resumed.pt");

    CHECK(resumed.episodes_done() == 44);
    CHECK(resumed_updates == uninterrupted_updates);
    CHECK(contents(directory.path / "resumed.pt") == contents(directory.path / "uninterrupted.pt"));
}

TEST_CASE("a policy whose output is not a number plays a safe action and counts it") {
    ContextBandit bandit;
    learning::PpoTrainer trainer(bandit, quick_config(), 3);
    auto policy = trainer.policy();
    const float nan = std::numeric_limits<float>::quiet_NaN();
    const std::vector<float> broken{nan, 0.0f, 0.0f, 0.0f};
    const std::vector<bool> legal{false, true, true, true, false};
    std::mt19937_64 engine(1);

    CHECK(policy.nan_fallbacks() == 0);
    CHECK(policy.greedy_action(broken, legal) == 1);  // the first legal action
    CHECK(policy.sampled_action(broken, legal, engine) == 1);
    policy.set_fallback_action(3);
    CHECK(policy.greedy_action(broken, legal) == 3);
    policy.set_fallback_action(4);  // illegal here: the first legal action again
    CHECK(policy.greedy_action(broken, legal) == 1);
    CHECK(policy.nan_fallbacks() == 4);

    // A sound observation is acted on, and not counted.
    const auto action = policy.greedy_action(std::vector<float>{1.0f, 0.0f, 0.0f, 0.0f}, legal);
    CHECK(legal[action]);
    CHECK(policy.nan_fallbacks() == 4);
}

TEST_CASE("acting refuses an observation or a mask that does not fit") {
    ContextBandit bandit;
    learning::PpoTrainer trainer(bandit, quick_config(), 3);
    auto policy = trainer.policy();
    const std::vector<bool> legal{true, true, false, true, false};
    CHECK_THROWS_AS(policy.greedy_action(std::vector<float>(3, 0.0f), legal), std::invalid_argument);
    CHECK_THROWS_AS(policy.greedy_action(std::vector<float>(4, 0.0f), std::vector<bool>(4, true)),
                    std::invalid_argument);
    CHECK_THROWS_AS(policy.greedy_action(std::vector<float>(4, 0.0f), std::vector<bool>(5, false)),
                    std::invalid_argument);
    // Illegal actions are never chosen, greedy or drawn.
    std::mt19937_64 engine(4);
    for (int i = 0; i < 200; ++i) {
        const auto action = policy.sampled_action(std::vector<float>{0.0f, 1.0f, 0.0f, 0.0f}, legal, engine);
        CHECK(legal[action]);
    }
}

TEST_CASE("a configuration or an environment PPO cannot train with is refused") {
    ContextBandit bandit;
    auto config = quick_config();
    config.hidden_sizes = {};
    CHECK_THROWS_AS(learning::PpoTrainer(bandit, config, 1), std::invalid_argument);
    config = quick_config();
    config.clip_range = 0.0;
    CHECK_THROWS_AS(learning::PpoTrainer(bandit, config, 1), std::invalid_argument);
    config = quick_config();
    config.learning_rate = std::numeric_limits<double>::quiet_NaN();
    CHECK_THROWS_AS(learning::PpoTrainer(bandit, config, 1), std::invalid_argument);
    config = quick_config();
    config.episodes_per_update = 0;
    CHECK_THROWS_AS(learning::PpoTrainer(bandit, config, 1), std::invalid_argument);

    // A network too large to allocate is refused before it is.
    struct HugeObservation : ContextBandit {
        std::size_t observation_size() const override { return 100000; }
    } huge;
    config = quick_config();
    config.hidden_sizes = {4096};
    CHECK_THROWS_AS(learning::PpoTrainer(huge, config, 1), std::invalid_argument);
}
