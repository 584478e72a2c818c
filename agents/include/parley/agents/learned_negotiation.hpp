#pragma once
// What a learned negotiator sees and does, defined once: the learning sandbox
// trains a policy with it (sandbox::NegotiationEnvironment) and the `learned`
// framework plays the policy with it, so that a policy meets in a run exactly
// the observations and actions it was trained on. No LibTorch, no sockets.
//
// Observation (kLearnedObservationSize = 6 numbers): the relative time of the
// turn; the party's utility of the last offer it made, of the last offer it
// received and of the best offer received so far (0 before there is one); the
// others' concession, the change in its utility from the previous offer
// received to the last (0 before the second); 1 when an offer (or a
// mediator's text) stands, else 0.
//
// Actions: kAcceptAction (0) accepts, legal only when an outcome of the space
// stands that another party (or a mediator) put there; then one per target
// utility level: offer the target outcome of that level. Asked to vote (the
// mediated protocol), accept accepts the text and any target rejects it. There
// is no action to walk away: without agreement each party gets its reservation
// value, which ending early would not improve on, and an action that is
// almost never right makes learning slower.
//
// The target outcome of a level: the outcome of the party's profile with the
// lowest utility at or above it (the best outcome when none reaches it), among
// outcomes of equal utility the lowest outcome index. Exact in a space of at
// most kExactTargetSpace outcomes; in a larger one, which is not enumerated,
// the outcome CandidatePool::construct_near builds at or just above the level
// (offer_search.hpp), from a fixed seed. Either way the target outcomes depend
// only on the space and the profile: the same in every episode of a domain.
//
// Action names: "accept", then "target 0.90" per level (two decimals, or as
// many as the level needs to be read back exactly): a model file's action
// names say which levels its policy was trained with.

#include <parley/mechanisms/negotiation.hpp>

#include <cstddef>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace parley::agents {

inline constexpr std::size_t kLearnedObservationSize = 6;
inline constexpr std::size_t kAcceptAction = 0;
// Spaces of more outcomes get their target outcomes built, not found by enumeration.
inline constexpr worlds::OutcomeIndex kExactTargetSpace = worlds::OutcomeIndex{1} << 16;

// "accept", then one name per target level.
std::vector<std::string> learned_action_names(std::span<const double> targets);
// The target levels of actions named as learned_action_names names them.
// Throws std::invalid_argument when the first is not "accept", another is not
// "target LEVEL" with LEVEL a finite number, or there is no target.
std::vector<double> targets_from_action_names(std::span<const std::string> names);

class LearnedNegotiation {
public:
    // Throws std::invalid_argument with no target or a target that is not finite.
    explicit LearnedNegotiation(std::vector<double> targets);

    const std::vector<double>& targets() const { return targets_; }
    std::size_t action_count() const { return 1 + targets_.size(); }
    std::vector<std::string> action_names() const { return learned_action_names(targets_); }

    // A new episode, played as party `self` with `profile` over `space`: it
    // forgets what it saw. The target outcomes are chosen again only for
    // another space or profile than the last episode's. Throws
    // std::invalid_argument when either is missing or the profile does not fit.
    void begin(std::shared_ptr<const worlds::OutcomeSpace> space,
               std::shared_ptr<const worlds::LinearAdditiveProfile> profile, worlds::PartyIndex self);
    bool begun() const { return static_cast<bool>(profile_); }

    // Another party's offer, which must be in the space.
    void note_received(const worlds::Outcome& offer);

    // What the policy sees on `turn`, and which actions it may take.
    std::vector<float> observation(const worlds::Turn& turn) const;
    std::vector<bool> legal(const worlds::Turn& turn) const;
    // The legal actions whose move leaves it at least `floor` of its own
    // utility: accept only an outcome worth that much, offer only a target
    // outcome worth that much (in a vote a target rejects, which keeps it).
    std::vector<bool> keeping_at_least(const worlds::Turn& turn, double floor) const;
    // Of the `allowed` target actions, the one that gives least away: that of
    // the highest level (in a vote every target rejects). None when no
    // target is allowed.
    std::optional<std::size_t> safest_action(const std::vector<bool>& allowed) const;

    // The move of `action` on `turn`; an offer becomes the last it made.
    // Throws std::invalid_argument for an action out of range or not legal,
    // and changes nothing then.
    worlds::Move move_for(std::size_t action, const worlds::Turn& turn);

    const worlds::Outcome& target_outcome(std::size_t target) const { return target_outcomes_.at(target); }
    double own_utility(const worlds::Outcome& outcome) const { return profile_->utility(outcome); }

private:
    bool acceptable(const worlds::Turn& turn) const;
    void choose_target_outcomes();
    void require_begun() const;

    std::vector<double> targets_;
    std::shared_ptr<const worlds::OutcomeSpace> space_;
    std::shared_ptr<const worlds::LinearAdditiveProfile> profile_;
    worlds::PartyIndex self_ = 0;
    std::vector<worlds::Outcome> target_outcomes_;
    // What it has seen, in its own utility.
    std::optional<double> last_made_;
    std::optional<double> last_received_;
    std::optional<double> previous_received_;
    std::optional<double> best_received_;
};

}  // namespace parley::agents
