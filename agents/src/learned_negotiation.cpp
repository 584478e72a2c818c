#include <parley/agents/learned_negotiation.hpp>

#include <parley/agents/offer_search.hpp>
#include <parley/agents/opponent_model.hpp>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <random>
#include <stdexcept>
#include <string_view>

namespace parley::agents {
namespace {

constexpr std::string_view kAcceptName = "accept";
constexpr std::string_view kTargetPrefix = "target ";
// The draws of construct_near in a large space: fixed, so that a domain's
// target outcomes are the same in every episode.
constexpr std::uint64_t kTargetSeed = 0x7a67e7;

std::optional<double> parse_level(std::string_view text) {
    double level = 0.0;
    const auto* end = text.data() + text.size();
    const auto [stop, error] = std::from_chars(text.data(), end, level);
    if (text.empty() || error != std::errc() || stop != end || !std::isfinite(level)) return std::nullopt;
    return level;
}

// Two decimals when they read back as the level itself, else the shortest
// text that does: a name always gives back its level exactly.
std::string target_name(double target) {
    std::array<char, 64> text{};
    std::snprintf(text.data(), text.size(), "%.2f", target);
    std::string level(text.data());
    if (parse_level(level) != target) {
        const auto [end, error] = std::to_chars(text.data(), text.data() + text.size(), target);
        level.assign(text.data(), error == std::errc() ? end : text.data());
    }
    return std::string(kTargetPrefix) + level;
}

worlds::Move move_of(worlds::MoveType type, worlds::Outcome outcome = {}) {
    return worlds::Move{type, std::move(outcome), std::nullopt};
}

}  // namespace

std::vector<std::string> learned_action_names(std::span<const double> targets) {
    std::vector<std::string> names{std::string(kAcceptName)};
    for (double target : targets) names.push_back(target_name(target));
    return names;
}

std::vector<double> targets_from_action_names(std::span<const std::string> names) {
    if (names.empty() || names.front() != kAcceptName) {
        throw std::invalid_argument("a negotiator's first action is 'accept', not '" +
                                    (names.empty() ? std::string() : names.front()) + "'");
    }
    std::vector<double> targets;
    for (std::size_t action = 1; action < names.size(); ++action) {
        const std::string_view name = names[action];
        const auto level = name.starts_with(kTargetPrefix) ? parse_level(name.substr(kTargetPrefix.size()))
                                                           : std::nullopt;
        if (!level) {
            throw std::invalid_argument("a negotiator's action " + std::to_string(action) + " is 'target LEVEL', not '" +
                                        names[action] + "'");
        }
        targets.push_back(*level);
    }
    if (targets.empty()) throw std::invalid_argument("a negotiator needs at least one target action");
    return targets;
}

LearnedNegotiation::LearnedNegotiation(std::vector<double> targets) : targets_(std::move(targets)) {
    if (targets_.empty()) throw std::invalid_argument("a learned negotiator needs at least one target utility level");
    for (double target : targets_) {
        if (!std::isfinite(target)) throw std::invalid_argument("a target utility level must be a finite number");
    }
}

void LearnedNegotiation::begin(std::shared_ptr<const worlds::OutcomeSpace> space,
                               std::shared_ptr<const worlds::LinearAdditiveProfile> profile, worlds::PartyIndex self) {
    if (!space || !profile) throw std::invalid_argument("a learned negotiator needs an outcome space and a profile");
    if (!profile->fits(*space)) throw std::invalid_argument("the learned negotiator's profile does not fit the space");
    const bool same_domain = space == space_ && profile == profile_;
    space_ = std::move(space);
    profile_ = std::move(profile);
    self_ = self;
    if (!same_domain) choose_target_outcomes();
    last_made_.reset();
    last_received_.reset();
    previous_received_.reset();
    best_received_.reset();
}

void LearnedNegotiation::choose_target_outcomes() {
    std::mt19937_64 engine(kTargetSeed);
    target_outcomes_.clear();
    if (space_->outcome_count() <= kExactTargetSpace) {
        // Every outcome, best first, equals by increasing index (shared by the
        // episodes of a domain on this thread).
        const auto pool = CandidatePool::shared(*space_, utility_table(*profile_), kExactTargetSpace, engine);
        if (pool->exhaustive()) {
            for (double target : targets_) {
                // Those at or above the target are 0 .. reaching - 1: the last has
                // the least utility, and the first of its equals the lowest index.
                const std::size_t reaching = pool->count_at_least(target);
                std::size_t chosen = reaching == 0 ? 0 : reaching - 1;
                while (chosen > 0 && pool->own_utility(chosen - 1) == pool->own_utility(chosen)) --chosen;
                target_outcomes_.push_back(pool->outcome(chosen));
            }
            return;
        }
    }
    const CandidatePool builder(*space_, utility_table(*profile_), 1, engine);
    for (double target : targets_) target_outcomes_.push_back(builder.construct_near(target, engine));
}

void LearnedNegotiation::require_begun() const {
    if (!begun()) throw std::logic_error("learned negotiator: no episode has begun");
}

void LearnedNegotiation::note_received(const worlds::Outcome& offer) {
    require_begun();
    const double utility = own_utility(offer);
    previous_received_ = last_received_;
    last_received_ = utility;
    best_received_ = std::max(utility, best_received_.value_or(utility));
}

std::vector<float> LearnedNegotiation::observation(const worlds::Turn& turn) const {
    require_begun();
    const double concession = last_received_ && previous_received_ ? *last_received_ - *previous_received_ : 0.0;
    return {static_cast<float>(turn.time),
            static_cast<float>(last_made_.value_or(0.0)),
            static_cast<float>(last_received_.value_or(0.0)),
            static_cast<float>(best_received_.value_or(0.0)),
            static_cast<float>(concession),
            turn.standing ? 1.0F : 0.0F};
}

bool LearnedNegotiation::acceptable(const worlds::Turn& turn) const {
    return turn.standing && space_->contains(*turn.standing) && turn.standing_by != self_;
}

std::vector<bool> LearnedNegotiation::legal(const worlds::Turn& turn) const {
    require_begun();
    std::vector<bool> legal(action_count(), true);
    legal[kAcceptAction] = acceptable(turn);
    return legal;
}

std::vector<bool> LearnedNegotiation::keeping_at_least(const worlds::Turn& turn, double floor) const {
    auto kept = legal(turn);
    if (kept[kAcceptAction] && own_utility(*turn.standing) < floor) kept[kAcceptAction] = false;
    if (turn.ask == worlds::Ask::Respond) {
        for (std::size_t target = 0; target < targets_.size(); ++target) {
            if (own_utility(target_outcomes_[target]) < floor) kept[1 + target] = false;
        }
    }
    return kept;
}

std::optional<std::size_t> LearnedNegotiation::safest_action(const std::vector<bool>& allowed) const {
    std::optional<std::size_t> safest;
    for (std::size_t target = 0; target < targets_.size(); ++target) {
        const std::size_t action = 1 + target;
        if (action < allowed.size() && allowed[action] && (!safest || targets_[target] > targets_[*safest - 1])) {
            safest = action;
        }
    }
    return safest;
}

worlds::Move LearnedNegotiation::move_for(std::size_t action, const worlds::Turn& turn) {
    require_begun();
    if (action >= action_count()) {
        throw std::invalid_argument("learned negotiator: action " + std::to_string(action) + " of " +
                                    std::to_string(action_count()));
    }
    if (action == kAcceptAction) {
        if (!acceptable(turn)) throw std::invalid_argument("learned negotiator: accept with no offer of another standing");
        return move_of(worlds::MoveType::Accept);
    }
    if (turn.ask == worlds::Ask::Vote) return move_of(worlds::MoveType::Reject);
    auto move = move_of(worlds::MoveType::Offer, target_outcomes_[action - 1]);
    last_made_ = own_utility(move.outcome);
    return move;
}

}  // namespace parley::agents
