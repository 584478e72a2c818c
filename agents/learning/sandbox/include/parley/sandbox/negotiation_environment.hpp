#pragma once
// A bilateral negotiation from the learner's seat, under a mechanism of
// worlds::MechanismRegistry::builtin() (saop, rubinstein, mediated) over a
// domain, against a value framework of agents::FrameworkRegistry::global() in
// the other seat. The mechanism's directives are delivered as the runner
// delivers them, first in, first out: the framework is told every Inform
// addressed to it (observe()) and answers its own Asks (respond()); the
// learner answers its Asks through step(). Each party plays the profile of
// the domain at its seat, and is invited as the runner invites it (its own
// profile only; the mechanism's name, the deadline, its seed).
//
// What the learner sees and does, and the outcome each target level offers,
// are agents::LearnedNegotiation's (learned_negotiation.hpp), which the
// `learned` framework plays a trained policy with: observation of size 6;
// actions 0 accept, then one per target utility level (settings.targets).
// Reward: 0 for every action but the last, which earns
// settings.reward(outcome): by default the learner's utility of the agreement
// (discounted as the metrics discount it), its reservation value without one.
// Figures: agreement (0/1), utility, opponent_utility, welfare (their sum),
// rounds (begun).
// Seeds, from reset(seed) as the runner derives them from an episode's seed:
// the domain's core::derive_seed(seed, 2000) (for a domain source that draws),
// the mechanism's core::mechanism_seed(seed), the opponent's
// core::party_seed(seed, its seat).

#include <parley/sandbox/environment.hpp>
#include <parley/sandbox/negotiation_reward.hpp>

#include <parley/agents/framework.hpp>
#include <parley/agents/learned_negotiation.hpp>
#include <parley/domains/domain.hpp>
#include <parley/domains/domain_generator.hpp>
#include <parley/mechanisms/mechanism.hpp>

#include <deque>
#include <map>
#include <memory>
#include <optional>

namespace parley::sandbox {

// The domain of an episode, from a seed derived from the episode's.
using DomainSource = std::function<std::shared_ptr<const worlds::Domain>(std::uint64_t seed)>;
// The same domain every episode.
DomainSource fixed_domain(worlds::Domain domain);
// A new generated domain every episode (parameters.seed is replaced by the episode's domain seed).
DomainSource generated_domains(worlds::GeneratorParameters parameters);

struct NegotiationSettings {
    std::string mechanism = "saop";
    std::map<std::string, std::string> mechanism_parameters;
    std::uint32_t rounds = 100;
    DomainSource domain;  // required: at least two profiles, the first two played
    std::size_t learner_seat = 0;  // 0 or 1
    std::string opponent = "selfish";
    agents::FrameworkParameters opponent_parameters;
    // Target utility levels, one action each, in this order.
    std::vector<double> targets = {1.0, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1};
    NegotiationReward reward = own_utility_reward();
};

class NegotiationEnvironment final : public Environment {
public:
    // Throws std::invalid_argument for an unknown mechanism or framework, bad
    // parameters, no domain source, a seat other than 0 or 1, or no target.
    explicit NegotiationEnvironment(NegotiationSettings settings);

    std::string world() const override { return "negotiation:" + settings_.mechanism; }
    std::size_t observation_size() const override { return agents::kLearnedObservationSize; }
    std::size_t action_count() const override { return learner_.action_count(); }
    std::vector<std::string> action_names() const override { return learner_.action_names(); }
    Step reset(std::uint64_t seed) override;
    Step step(std::size_t action) override;
    EpisodeFigures figures() const override;

private:
    std::size_t opponent_seat() const { return 1 - settings_.learner_seat; }
    // Delivers the directives, and those that follow from the framework's
    // answers, until the learner is asked or the episode ends.
    Step advance(std::vector<worlds::Directive> directives);
    void deliver(worlds::Directive directive);
    std::vector<double> outcome_utilities() const;
    Step observe() const;

    NegotiationSettings settings_;
    const worlds::MechanismInfo* mechanism_info_ = nullptr;
    std::unique_ptr<agents::ValueFramework> opponent_;
    std::shared_ptr<const worlds::Domain> domain_;
    std::shared_ptr<const worlds::OutcomeSpace> space_;
    std::vector<std::shared_ptr<const worlds::LinearAdditiveProfile>> profiles_;
    std::unique_ptr<worlds::Mechanism> mechanism_;
    std::deque<worlds::Directive> queue_;
    std::optional<worlds::Turn> asked_;  // the learner's Ask, awaiting step()
    agents::LearnedNegotiation learner_;  // what the learner has seen, and its actions
};

}  // namespace parley::sandbox
