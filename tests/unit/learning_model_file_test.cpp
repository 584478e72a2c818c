// Model files and checkpoints: what they record, and the loader's refusals
// of a missing or corrupt file and of a model made for another environment.

#include "learning_test_environments.hpp"
#include "learning_test_files.hpp"

#include <parley/learning/model_metadata.hpp>
#include <parley/learning/policy.hpp>
#include <parley/learning/ppo_trainer.hpp>

#include <parley/agents/model_file.hpp>

#include <doctest/doctest.h>

#include <string>

using namespace parley;
using learning::ModelFileError;
using learning::testing::contents;
using learning::testing::ContextBandit;
using learning::testing::TemporaryDirectory;
using learning::testing::write_file;

namespace {

learning::PpoConfig small_config() {
    learning::PpoConfig config;
    config.hidden_sizes = {8, 6};
    config.learning_rate = 1.25e-3;
    config.episodes_per_update = 4;
    return config;
}

// The message of the ModelFileError that `load` throws.
template <class Load>
std::string refusal(Load&& load) {
    try {
        load();
    } catch (const ModelFileError& error) {
        return error.what();
    }
    FAIL("no ModelFileError");
    return {};
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

class RenamedActions : public ContextBandit {
public:
    std::vector<std::string> action_names() const override { return {"a", "b", "c", "d", "e"}; }
};

}  // namespace

TEST_CASE("a model file records the world, the spaces and how it was trained") {
    TemporaryDirectory directory("metadata");
    ContextBandit bandit;
    learning::PpoTrainer trainer(bandit, small_config(), 42);
    trainer.train(bandit, 8);
    trainer.policy().save(directory.path / "model.pt");

    const auto policy = learning::Policy::load(directory.path / "model.pt", bandit);
    const auto& metadata = policy.metadata();
    CHECK(metadata.world == "context-bandit");
    CHECK(metadata.observation_size == 4);
    CHECK(metadata.action_count() == 5);
    CHECK(metadata.action_names == bandit.action_names());
    CHECK(metadata.training_seed == 42);
    CHECK(metadata.episodes_done == 8);
    CHECK(metadata.parley_version == "0.1.0");
    CHECK(metadata.config.hidden_sizes == std::vector<std::size_t>{8, 6});
    CHECK(metadata.config.learning_rate == 1.25e-3);
    CHECK(metadata.config.episodes_per_update == 4);
    CHECK(metadata.config.clip_range == learning::PpoConfig{}.clip_range);
}

TEST_CASE("a process without LibTorch reads what a model was trained for from its plain header") {
    TemporaryDirectory directory("spaces");
    ContextBandit bandit;
    learning::PpoTrainer trainer(bandit, small_config(), 42);
    trainer.policy().save(directory.path / "model.pt");
    const auto spaces = agents::read_model_spaces(directory.path / "model.pt");
    CHECK(spaces.world == "context-bandit");
    CHECK(spaces.observation_size == 4);
    CHECK(spaces.action_names == bandit.action_names());
    CHECK(contents(directory.path / "model.pt").starts_with("PARLEY-MODEL 1\n"));
}

TEST_CASE("the agents load a model through the installed loader, once, and refuse one for another world") {
    TemporaryDirectory directory("loader");
    ContextBandit bandit;
    learning::PpoTrainer trainer(bandit, small_config(), 5);
    const auto file = (directory.path / "model.pt").string();
    trainer.policy().save(file);
    learning::install_model_loader();
    const auto policy = agents::load_policy_for(file, "context-bandit", 4);
    CHECK(policy == agents::load_policy(file));  // loaded once, shared
    const std::vector<float> observation{1, 0, 0, 0};
    const std::vector<bool> legal(5, true);
    auto expected = learning::Policy::load(file);
    CHECK(policy->act(observation, legal).action == expected.greedy_action(observation, legal));
    CHECK_FALSE(policy->act(observation, legal).fell_back);
    CHECK(contains(refusal([&] { agents::load_policy_for(file, "negotiation:"); }),
                   "was trained for context-bandit, not for negotiation"));
    CHECK(contains(refusal([&] { agents::load_policy_for(file, "context-bandit", 6); }), "observations of 4 numbers"));
}

TEST_CASE("a scenario's hyper-parameters give the configuration, and bad ones are refused by name") {
    const auto config = learning::config_from_settings({{"hidden_sizes", "32,16"}, {"learning_rate", "0.001"},
                                                        {"normalize_advantages", "false"}, {"epochs", "2"}});
    CHECK(config.hidden_sizes == std::vector<std::size_t>{32, 16});
    CHECK(config.learning_rate == 0.001);
    CHECK_FALSE(config.normalize_advantages);
    CHECK(config.epochs == 2);
    CHECK(config.clip_range == learning::PpoConfig{}.clip_range);
    const auto refused = [](std::vector<std::pair<std::string, std::string>> settings) {
        try {
            (void)learning::config_from_settings(settings);
        } catch (const std::invalid_argument& error) {
            return std::string(error.what());
        }
        return std::string();
    };
    CHECK(contains(refused({{"learning_rat", "0.1"}}), "unknown key learning_rat"));
    CHECK(contains(refused({{"epochs", "two"}}), "epochs is not a number"));
    CHECK(contains(refused({{"clip_range", "1.5"}}), "clip_range must be in (0, 1)"));
    CHECK(contains(refused({{"hidden_sizes", "64,,64"}}), "hidden_sizes is not a number"));
}

TEST_CASE("a loaded policy acts as the one saved, and a checkpoint loads as a policy") {
    TemporaryDirectory directory("roundtrip");
    ContextBandit bandit;
    learning::PpoTrainer trainer(bandit, small_config(), 9);
    trainer.train(bandit, 40);
    auto original = trainer.policy();
    original.save(directory.path / "model.pt");
    trainer.save_checkpoint(directory.path / "checkpoint.pt");
    auto loaded = learning::Policy::load(directory.path / "model.pt", bandit);
    auto from_checkpoint = learning::Policy::load(directory.path / "checkpoint.pt", bandit);

    std::mt19937_64 a(5);
    std::mt19937_64 b(5);
    std::mt19937_64 c(5);
    for (std::size_t context = 0; context < ContextBandit::kContexts; ++context) {
        std::vector<float> observation(ContextBandit::kContexts, 0.0f);
        observation[context] = 1.0f;
        const std::vector<bool> legal{true, true, true, true, false};
        const auto expected = original.greedy_action(observation, legal);
        CHECK(loaded.greedy_action(observation, legal) == expected);
        CHECK(from_checkpoint.greedy_action(observation, legal) == expected);
        for (int draw = 0; draw < 20; ++draw) {
            const auto drawn = original.sampled_action(observation, legal, a);
            CHECK(loaded.sampled_action(observation, legal, b) == drawn);
            CHECK(from_checkpoint.sampled_action(observation, legal, c) == drawn);
        }
    }
    // Saved again, the same bytes.
    loaded.save(directory.path / "again.pt");
    CHECK(contents(directory.path / "again.pt") == contents(directory.path / "model.pt"));
}

TEST_CASE("the loader refuses a missing or corrupt file, naming it") {
    TemporaryDirectory directory("corrupt");
    ContextBandit bandit;
    const auto missing = directory.path / "missing.pt";
    CHECK(contains(refusal([&] { learning::Policy::load(missing); }), "missing.pt: no such model file"));
    CHECK(contains(refusal([&] { learning::PpoTrainer::resume(missing, bandit); }), "no such model file"));
    CHECK(contains(refusal([&] { learning::Policy::load(directory.path); }), "no such model file"));

    write_file(directory.path / "garbage.pt", "this is not a model at all");
    const auto garbage = refusal([&] { learning::Policy::load(directory.path / "garbage.pt"); });
    CHECK(contains(garbage, "garbage.pt: not a Parley model file"));
    // A whole header before parameters that are not LibTorch's.
    write_file(directory.path / "bad_parameters.pt", "PARLEY-MODEL 1\n2\n{}not an archive");
    const auto bad_metadata = refusal([&] { learning::Policy::load(directory.path / "bad_parameters.pt"); });
    CHECK(contains(bad_metadata, "bad_parameters.pt"));
    write_file(directory.path / "wrong_length.pt", "PARLEY-MODEL 1\n999\n{}");
    CHECK(contains(refusal([&] { learning::Policy::load(directory.path / "wrong_length.pt"); }),
                   "wrong_length.pt: corrupt model file"));

    learning::PpoTrainer trainer(bandit, small_config(), 1);
    trainer.policy().save(directory.path / "whole.pt");
    const auto whole = contents(directory.path / "whole.pt");
    write_file(directory.path / "truncated.pt", whole.substr(0, whole.size() / 2));
    CHECK(contains(refusal([&] { learning::Policy::load(directory.path / "truncated.pt"); }), "truncated.pt"));
    // The metadata whole and the parameters cut: LibTorch's error, named, without its backtrace.
    const auto header_end = whole.find('\n', whole.find('\n') + 1) + 1;
    const auto metadata_length = std::stoul(whole.substr(whole.find('\n') + 1));
    write_file(directory.path / "cut.pt", whole.substr(0, header_end + metadata_length + 10));
    const auto cut = refusal([&] { learning::Policy::load(directory.path / "cut.pt"); });
    CHECK(contains(cut, "cut.pt: cannot read it as a Parley model"));
    CHECK_FALSE(contains(cut, "\n"));  // LibTorch's backtrace is left out
    write_file(directory.path / "empty.pt", "");
    CHECK(contains(refusal([&] { learning::Policy::load(directory.path / "empty.pt"); }), "empty.pt"));
}

TEST_CASE("the loader refuses a model made for another world, observation or set of actions") {
    TemporaryDirectory directory("fit");
    ContextBandit bandit;
    learning::PpoTrainer trainer(bandit, small_config(), 1);
    trainer.save_checkpoint(directory.path / "checkpoint.pt");
    const auto file = directory.path / "checkpoint.pt";

    ContextBandit other_world("other-bandit");
    learning::testing::WideContextBandit wider;
    RenamedActions renamed;
    const auto world = refusal([&] { learning::Policy::load(file, other_world); });
    CHECK(contains(world, "checkpoint.pt: the model was made for world 'context-bandit'"));
    CHECK(contains(world, "not for world 'other-bandit'"));
    CHECK(contains(refusal([&] { learning::Policy::load(file, wider); }), "observation size 5"));
    CHECK(contains(refusal([&] { learning::Policy::load(file, renamed); }), "actions [a, b, c, d, e]"));
    CHECK(contains(refusal([&] { learning::PpoTrainer::resume(file, other_world); }), "other-bandit"));
    CHECK_THROWS_AS(trainer.train(other_world, 1), ModelFileError);
    CHECK_NOTHROW(learning::PpoTrainer::resume(file, bandit));
}

TEST_CASE("training resumes only from a checkpoint, not from a policy") {
    TemporaryDirectory directory("policy");
    ContextBandit bandit;
    learning::PpoTrainer trainer(bandit, small_config(), 1);
    trainer.policy().save(directory.path / "policy.pt");
    CHECK(contains(refusal([&] { learning::PpoTrainer::resume(directory.path / "policy.pt", bandit); }),
                   "a policy, not a checkpoint"));
}

TEST_CASE("the metadata goes to JSON and back exactly, and bad JSON is refused") {
    ContextBandit bandit;
    auto config = small_config();
    config.discount = 0.1 + 0.2;  // not a short decimal
    auto metadata = learning::describe_environment(bandit, config, 0xFFFFFFFFFFFFFFFFULL);
    metadata.episodes_done = 123;
    const auto back = learning::metadata_from_json(learning::to_json(metadata), "test");
    CHECK(back.world == metadata.world);
    CHECK(back.observation_size == metadata.observation_size);
    CHECK(back.action_names == metadata.action_names);
    CHECK(back.training_seed == metadata.training_seed);
    CHECK(back.episodes_done == 123);
    CHECK(back.config.discount == config.discount);
    CHECK(back.config.hidden_sizes == config.hidden_sizes);
    CHECK(back.parley_version == "0.1.0");

    const auto refused = [](const std::string& json) {
        return refusal([&] { learning::metadata_from_json(json, "m.pt"); });
    };
    CHECK(contains(refused("{"), "m.pt: not a Parley model"));
    CHECK(contains(refused("[]"), "m.pt"));
    const auto json = learning::to_json(metadata);
    const auto replaced_in = [](std::string text, const std::string& from, const std::string& to) {
        REQUIRE(text.find(from) != std::string::npos);
        return text.replace(text.find(from), from.size(), to);
    };
    const auto replaced = [&](const std::string& from, const std::string& to) { return replaced_in(json, from, to); };
    CHECK(contains(refused(replaced("\"format\":1", "\"format\":2")), "unknown format"));
    CHECK(contains(refused(replaced("\"action_count\":5", "\"action_count\":4")), "action_count"));
    CHECK(contains(refused(replaced("\"observation_size\":4", "\"observation_size\":0")), "observation_size"));
    CHECK(contains(refused(replaced("\"world\":", "\"planet\":")), "m.pt"));
    CHECK(contains(refused(replaced("\"hidden_sizes\":[8,6]", "\"hidden_sizes\":[8,100000]")), "hidden layer"));
    CHECK(contains(refused(replaced("\"observation_size\":4", "\"observation_size\":2000000")), "observation_size"));
    const auto huge = replaced_in(replaced("\"observation_size\":4", "\"observation_size\":100000"), "[8,6]", "[4096]");
    CHECK(contains(refused(huge), "too many parameters"));
}
