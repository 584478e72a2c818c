#include "parley/learning/ppo_trainer.hpp"

#include "actor_critic.hpp"
#include "parley/core/determinism.hpp"
#include "parley/learning/advantages.hpp"

#include <torch/nn/utils/clip_grad.h>
#include <torch/optim/adam.h>

#include <stdexcept>

namespace parley::learning {
namespace {

// The checkpoint's entry beside the model file's (actor_critic.cpp).
constexpr const char* kOptimizerKey = "optimizer";
// The streams of the training seed (core::derive_seed): episodes, updates, initial weights.
constexpr std::uint64_t kEpisodeStream = 0;
constexpr std::uint64_t kUpdateStream = 1;
constexpr std::uint64_t kWeightsStream = 2;
// An episode longer than this is a broken environment, not something to learn from.
constexpr std::size_t kMaxEpisodeSteps = std::size_t{1} << 20;

// One episode as the learner lived it.
struct EpisodeRecord {
    std::vector<std::vector<float>> observations;
    std::vector<std::vector<bool>> legal;
    std::vector<std::int64_t> actions;
    std::vector<double> rewards;  // of each action

    double total_reward() const {
        double total = 0.0;
        for (const auto reward : rewards) total += reward;
        return total;
    }
};

// One update's steps, all episodes together, as tensors.
struct Batch {
    torch::Tensor observations;  // [steps, observation size]
    torch::Tensor mask;          // [steps, actions]
    torch::Tensor actions;       // [steps]
    torch::Tensor old_log_probabilities;
    torch::Tensor advantages;
    torch::Tensor returns;
};

template <class Value>
torch::Tensor tensor_of(std::vector<Value> values, std::vector<std::int64_t> sizes, torch::Dtype dtype) {
    return torch::from_blob(values.data(), sizes, dtype).clone();
}

torch::Tensor indices(std::span<const std::int64_t> order) {
    return tensor_of(std::vector<std::int64_t>(order.begin(), order.end()),
                     {static_cast<std::int64_t>(order.size())}, torch::kInt64);
}

// A permutation of 0..count-1 (Fisher-Yates with the portable draws).
std::vector<std::int64_t> shuffled(std::size_t count, std::mt19937_64& engine) {
    std::vector<std::int64_t> order(count);
    for (std::size_t i = 0; i < count; ++i) order[i] = static_cast<std::int64_t>(i);
    for (std::size_t i = count; i > 1; --i) {
        std::swap(order[i - 1], order[core::portable::pick_index(engine, i)]);
    }
    return order;
}

}  // namespace

struct PpoTrainer::Impl {
    Impl(ModelMetadata metadata_in, ActorCritic network_in)
        : metadata(std::move(metadata_in)),
          network(std::move(network_in)),
          optimizer(network->parameters(), torch::optim::AdamOptions(metadata.config.learning_rate)
                                               .eps(metadata.config.adam_epsilon)) {}

    EpisodeRecord play_episode(sandbox::Environment& environment, std::uint64_t index);
    Batch batch_of(const std::vector<EpisodeRecord>& episodes);
    TrainingProgress update(const std::vector<EpisodeRecord>& episodes);

    ModelMetadata metadata;
    ActorCritic network;
    torch::optim::Adam optimizer;
    std::vector<EpisodeRecord> pending;  // the episodes of the unfinished batch
};

EpisodeRecord PpoTrainer::Impl::play_episode(sandbox::Environment& environment, std::uint64_t index) {
    const auto episode_seed =
        core::derive_seed(core::derive_seed(metadata.training_seed, kEpisodeStream), index);
    std::mt19937_64 engine(core::derive_seed(episode_seed, 1));
    EpisodeRecord record;
    for (auto step = environment.reset(core::derive_seed(episode_seed, 0)); !step.done;) {
        if (record.actions.size() == kMaxEpisodeSteps) {
            throw std::runtime_error("PPO: an episode of " + metadata.world + " is longer than " +
                                     std::to_string(kMaxEpisodeSteps) + " steps");
        }
        const auto probabilities = action_probabilities(network, metadata, step.observation, step.legal);
        if (!probabilities) {
            throw std::runtime_error("PPO: training diverged (the policy's output is not a number) in episode " +
                                     std::to_string(index));
        }
        const auto action = draw_action(*probabilities, step.legal, engine);
        record.observations.push_back(std::move(step.observation));
        record.legal.push_back(std::move(step.legal));
        record.actions.push_back(static_cast<std::int64_t>(action));
        step = environment.step(action);
        record.rewards.push_back(step.reward);
    }
    return record;
}

// The episodes' steps with the log-probabilities of the actions taken and
// the advantages and returns, all under the parameters that played them.
Batch PpoTrainer::Impl::batch_of(const std::vector<EpisodeRecord>& episodes) {
    std::vector<float> observations;
    std::vector<std::vector<bool>> legal;
    std::vector<std::int64_t> actions;
    for (const auto& episode : episodes) {
        for (const auto& observation : episode.observations) {
            observations.insert(observations.end(), observation.begin(), observation.end());
        }
        legal.insert(legal.end(), episode.legal.begin(), episode.legal.end());
        actions.insert(actions.end(), episode.actions.begin(), episode.actions.end());
    }
    const auto steps = static_cast<std::int64_t>(actions.size());
    Batch batch;
    batch.observations = tensor_of(std::move(observations),
                                   {steps, static_cast<std::int64_t>(metadata.observation_size)}, torch::kFloat32);
    batch.mask = legal_mask(legal, metadata.action_count());
    batch.actions = tensor_of(std::move(actions), {steps}, torch::kInt64);

    torch::NoGradGuard no_grad;
    batch.old_log_probabilities = masked_log_probabilities(network, batch.observations, batch.mask)
                                      .gather(1, batch.actions.unsqueeze(1))
                                      .squeeze(1);
    const auto values = network->values(batch.observations).to(torch::kFloat64).contiguous();
    const std::span<const double> all_values(values.data_ptr<double>(), static_cast<std::size_t>(steps));
    std::vector<double> advantages;
    std::vector<double> returns;
    std::size_t first = 0;
    for (const auto& episode : episodes) {
        const auto estimate = generalized_advantages(episode.rewards, all_values.subspan(first, episode.rewards.size()),
                                                     metadata.config.discount, metadata.config.gae_lambda);
        advantages.insert(advantages.end(), estimate.advantages.begin(), estimate.advantages.end());
        returns.insert(returns.end(), estimate.returns.begin(), estimate.returns.end());
        first += episode.rewards.size();
    }
    batch.advantages = tensor_of(std::move(advantages), {steps}, torch::kFloat64).to(torch::kFloat32);
    batch.returns = tensor_of(std::move(returns), {steps}, torch::kFloat64).to(torch::kFloat32);
    if (metadata.config.normalize_advantages && steps > 1) {
        batch.advantages = (batch.advantages - batch.advantages.mean()) / (batch.advantages.std() + 1e-8);
    }
    return batch;
}

TrainingProgress PpoTrainer::Impl::update(const std::vector<EpisodeRecord>& episodes) {
    const auto& config = metadata.config;
    TrainingProgress progress{.episodes_done = metadata.episodes_done};
    for (const auto& episode : episodes) progress.mean_return += episode.total_reward();
    progress.mean_return /= static_cast<double>(episodes.size());

    const auto batch = batch_of(episodes);
    const auto steps = static_cast<std::size_t>(batch.actions.size(0));
    if (steps == 0) return progress;  // the learner was never asked
    const auto update_index = metadata.episodes_done / config.episodes_per_update - 1;
    std::mt19937_64 engine(core::derive_seed(core::derive_seed(metadata.training_seed, kUpdateStream), update_index));
    for (std::size_t epoch = 0; epoch < config.epochs; ++epoch) {
        const auto order = shuffled(steps, engine);
        for (std::size_t first = 0; first < steps; first += config.minibatch_size) {
            const auto chosen = indices(std::span(order).subspan(first, std::min(config.minibatch_size, steps - first)));
            const auto mask = batch.mask.index_select(0, chosen);
            const auto observations = batch.observations.index_select(0, chosen);
            const auto log_probabilities = masked_log_probabilities(network, observations, mask);
            const auto taken = log_probabilities.gather(1, batch.actions.index_select(0, chosen).unsqueeze(1)).squeeze(1);
            const auto ratio = torch::exp(taken - batch.old_log_probabilities.index_select(0, chosen));
            const auto advantages = batch.advantages.index_select(0, chosen);
            const auto clipped = torch::clamp(ratio, 1.0 - config.clip_range, 1.0 + config.clip_range);
            const auto policy_loss = -torch::min(ratio * advantages, clipped * advantages).mean();
            const auto value_loss = (network->values(observations) - batch.returns.index_select(0, chosen)).pow(2).mean();
            // Illegal actions (log-probability -inf, probability 0) add nothing.
            const auto entropy =
                -(log_probabilities.exp() * log_probabilities.masked_fill(mask.logical_not(), 0.0)).sum(-1).mean();
            const auto loss =
                policy_loss + config.value_coefficient * value_loss - config.entropy_coefficient * entropy;

            optimizer.zero_grad();
            loss.backward();
            torch::nn::utils::clip_grad_norm_(network->parameters(), config.max_grad_norm);
            optimizer.step();
            progress.policy_loss = policy_loss.item<double>();
            progress.value_loss = value_loss.item<double>();
            progress.entropy = entropy.item<double>();
        }
    }
    return progress;
}

PpoTrainer::PpoTrainer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
PpoTrainer::PpoTrainer(PpoTrainer&&) noexcept = default;
PpoTrainer& PpoTrainer::operator=(PpoTrainer&&) noexcept = default;
PpoTrainer::~PpoTrainer() = default;

PpoTrainer::PpoTrainer(const sandbox::Environment& environment, PpoConfig config, std::uint64_t seed) {
    check_config(config);
    if (environment.observation_size() == 0 || environment.action_count() == 0 ||
        environment.action_names().size() != environment.action_count()) {
        throw std::invalid_argument("PPO: the environment " + environment.world() +
                                    " needs an observation, at least one action and a name per action");
    }
    auto metadata = describe_environment(environment, config, seed);
    if (metadata.observation_size > kMaxObservationSize || metadata.action_count() > kMaxActionCount ||
        parameter_count(metadata) > kMaxParameters) {
        throw std::invalid_argument("PPO: the network for " + environment.world() + " would exceed the bounds (" +
                                    std::to_string(kMaxObservationSize) + " observed numbers, " +
                                    std::to_string(kMaxActionCount) + " actions, " +
                                    std::to_string(kMaxParameters) + " parameters)");
    }
    use_deterministic_torch();
    auto network = make_network(metadata, core::derive_seed(seed, kWeightsStream));
    impl_ = std::make_unique<Impl>(std::move(metadata), std::move(network));
}

PpoTrainer PpoTrainer::resume(const std::filesystem::path& checkpoint, const sandbox::Environment& environment) {
    use_deterministic_torch();
    auto model = read_model(checkpoint);
    check_fits(model.metadata, environment, checkpoint.string());
    auto impl = std::make_unique<Impl>(std::move(model.metadata), std::move(model.network));
    with_model_errors(checkpoint, "resume training from it", [&] {
        torch::serialize::InputArchive optimizer;
        if (!model.archive.try_read(kOptimizerKey, optimizer)) {
            throw ModelFileError(checkpoint.string() + ": a policy, not a checkpoint (it holds no optimizer state)");
        }
        impl->optimizer.load(optimizer);
    });
    return PpoTrainer(std::move(impl));
}

void PpoTrainer::train(sandbox::Environment& environment, std::uint64_t episodes, const ProgressCallback& progress) {
    check_fits(impl_->metadata, environment, "the trainer");
    use_deterministic_torch();
    auto& done = impl_->metadata.episodes_done;
    const auto per_update = impl_->metadata.config.episodes_per_update;
    // After a resume, the unfinished batch's episodes are played again: same
    // seeds, same parameters, so the same episodes.
    const auto batch_start = done - done % per_update;
    while (batch_start + impl_->pending.size() < done) {
        impl_->pending.push_back(impl_->play_episode(environment, batch_start + impl_->pending.size()));
    }
    for (std::uint64_t i = 0; i < episodes; ++i) {
        impl_->pending.push_back(impl_->play_episode(environment, done));
        ++done;
        if (impl_->pending.size() < per_update) continue;
        const auto report = impl_->update(impl_->pending);
        impl_->pending.clear();
        if (progress) progress(report);
    }
}

std::uint64_t PpoTrainer::episodes_done() const { return impl_->metadata.episodes_done; }

const ModelMetadata& PpoTrainer::metadata() const { return impl_->metadata; }

Policy PpoTrainer::policy() const {
    return Policy(std::make_unique<Policy::Impl>(
        Policy::Impl{impl_->metadata, copy_network(impl_->metadata, impl_->network), {}, 0}));
}

void PpoTrainer::save_checkpoint(const std::filesystem::path& file) const {
    torch::serialize::OutputArchive archive;
    with_model_errors(file, "write the checkpoint", [&] {
        torch::serialize::OutputArchive optimizer;
        impl_->optimizer.save(optimizer);
        archive.write(kOptimizerKey, optimizer);
    });
    write_model(file, impl_->metadata, impl_->network, archive);
}

}  // namespace parley::learning
