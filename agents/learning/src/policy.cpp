#include "actor_critic.hpp"

#include <spdlog/spdlog.h>

#include <bit>

namespace parley::learning {
namespace {

std::size_t safe_action(const Policy::Impl& impl, const std::vector<bool>& legal) {
    if (impl.fallback_action && *impl.fallback_action < legal.size() && legal[*impl.fallback_action]) {
        return *impl.fallback_action;
    }
    std::size_t action = 0;
    while (!legal[action]) ++action;  // action_probabilities made sure one is legal
    return action;
}

// The policy's probabilities, or the safe action when they are not numbers.
// Logged when the count is a power of two, so that a broken model cannot
// flood the log.
template <class Choose>
std::size_t act(Policy::Impl& impl, std::span<const float> observation, const std::vector<bool>& legal,
                Choose&& choose) {
    const auto probabilities = action_probabilities(impl.network, impl.metadata, observation, legal);
    if (probabilities) return choose(*probabilities);
    const auto action = safe_action(impl, legal);
    ++impl.nan_fallbacks;
    if (std::has_single_bit(impl.nan_fallbacks)) {
        spdlog::warn("policy for {}: the network's output is not a number; playing action {} ({}) instead "
                     "({} time(s) so far)",
                     impl.metadata.world, action, impl.metadata.action_names[action], impl.nan_fallbacks);
    }
    return action;
}

}  // namespace

Policy::Policy(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Policy::Policy(Policy&&) noexcept = default;
Policy& Policy::operator=(Policy&&) noexcept = default;
Policy::~Policy() = default;

Policy Policy::load(const std::filesystem::path& file) {
    use_deterministic_torch();
    auto model = read_model(file);
    return Policy(std::make_unique<Impl>(Impl{std::move(model.metadata), std::move(model.network), {}, 0}));
}

Policy Policy::load(const std::filesystem::path& file, const sandbox::Environment& fits) {
    auto policy = load(file);
    check_fits(policy.metadata(), fits, file.string());
    return policy;
}

void Policy::save(const std::filesystem::path& file) const {
    torch::serialize::OutputArchive archive;
    write_model(file, impl_->metadata, impl_->network, archive);
}

const ModelMetadata& Policy::metadata() const { return impl_->metadata; }

std::size_t Policy::greedy_action(std::span<const float> observation, const std::vector<bool>& legal) {
    return act(*impl_, observation, legal,
               [&](const std::vector<double>& probabilities) { return most_probable(probabilities, legal); });
}

std::size_t Policy::sampled_action(std::span<const float> observation, const std::vector<bool>& legal,
                                   std::mt19937_64& engine) {
    return act(*impl_, observation, legal, [&](const std::vector<double>& probabilities) {
        return draw_action(probabilities, legal, engine);
    });
}

void Policy::set_fallback_action(std::optional<std::size_t> action) { impl_->fallback_action = action; }

std::uint64_t Policy::nan_fallbacks() const { return impl_->nan_fallbacks; }

}  // namespace parley::learning
