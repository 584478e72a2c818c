#include <parley/sandbox/negotiation_environment.hpp>

#include <parley/core/determinism.hpp>
#include <parley/metrics/metrics.hpp>

#include <span>

#include <stdexcept>

namespace parley::sandbox {
namespace {

// The stream of an episode's domain seed: beside the runner's streams of the
// mechanism (0), the parties (1 + party) and the estimate sample (1000).
constexpr std::uint64_t kDomainStream = 2000;

// The target levels, checked before the learner is made of them.
std::vector<double> checked_targets(const std::vector<double>& targets) {
    if (targets.empty()) throw std::invalid_argument("negotiation environment: no target utility level");
    return targets;
}

}  // namespace

DomainSource fixed_domain(worlds::Domain domain) {
    auto shared = std::make_shared<const worlds::Domain>(std::move(domain));
    return [shared](std::uint64_t) { return shared; };
}

DomainSource generated_domains(worlds::GeneratorParameters parameters) {
    return [parameters](std::uint64_t seed) {
        auto drawn = parameters;
        drawn.seed = seed;
        return std::make_shared<const worlds::Domain>(worlds::generate_domain(drawn));
    };
}

NegotiationEnvironment::NegotiationEnvironment(NegotiationSettings settings)
    : settings_(std::move(settings)), learner_(checked_targets(settings_.targets)) {
    mechanism_info_ = worlds::MechanismRegistry::builtin().find(settings_.mechanism);
    if (mechanism_info_ == nullptr) {
        throw std::invalid_argument("unknown mechanism '" + settings_.mechanism + "' (known: " +
                                    worlds::MechanismRegistry::builtin().names() + ")");
    }
    if (mechanism_info_->min_parties > 2 || mechanism_info_->max_parties < 2) {
        throw std::invalid_argument("mechanism '" + settings_.mechanism + "' is not bilateral");
    }
    const auto* framework = agents::FrameworkRegistry::global().find(settings_.opponent);
    if (framework == nullptr) {
        throw std::invalid_argument("unknown framework '" + settings_.opponent + "' (known: " +
                                    agents::FrameworkRegistry::global().names() + ")");
    }
    opponent_ = framework->make(settings_.opponent_parameters);
    if (!settings_.domain) throw std::invalid_argument("negotiation environment: no domain source");
    if (settings_.learner_seat > 1) {
        throw std::invalid_argument("negotiation environment: the learner's seat is 0 or 1");
    }
    if (!settings_.reward) throw std::invalid_argument("negotiation environment: no reward");
}

Step NegotiationEnvironment::reset(std::uint64_t seed) {
    auto domain = settings_.domain(core::derive_seed(seed, kDomainStream));
    if (!domain || domain->profiles.size() < 2) {
        throw std::invalid_argument("negotiation environment: the domain needs two profiles");
    }
    if (domain != domain_) {
        domain_ = std::move(domain);
        space_ = std::make_shared<const worlds::OutcomeSpace>(domain_->space);
        profiles_.clear();
        for (std::size_t seat = 0; seat < 2; ++seat) {
            profiles_.push_back(std::make_shared<const worlds::LinearAdditiveProfile>(domain_->profiles[seat]));
        }
    }
    worlds::MechanismSettings mechanism;
    mechanism.space = space_;
    mechanism.party_count = 2;
    mechanism.rounds = settings_.rounds;
    mechanism.seed = core::mechanism_seed(seed);
    mechanism.parameters = settings_.mechanism_parameters;
    mechanism_ = mechanism_info_->make(mechanism);

    worlds::PartySetup setup;
    setup.mechanism = settings_.mechanism;
    setup.self = opponent_seat();
    setup.party_count = 2;
    setup.space = space_;
    setup.profile = profiles_[opponent_seat()];
    setup.rounds = settings_.rounds;
    setup.seed = core::party_seed(seed, opponent_seat());
    opponent_->begin(setup);

    learner_.begin(space_, profiles_[settings_.learner_seat], settings_.learner_seat);

    queue_.clear();
    asked_.reset();
    return advance(mechanism_->start());
}

Step NegotiationEnvironment::step(std::size_t action) {
    if (!asked_) throw std::logic_error("negotiation environment: step without the learner's turn");
    const auto move = learner_.move_for(action, *asked_);  // throws on an illegal action, changing nothing
    asked_.reset();
    return advance(mechanism_->on_move(settings_.learner_seat, move));
}

Step NegotiationEnvironment::advance(std::vector<worlds::Directive> directives) {
    for (auto& directive : directives) queue_.push_back(std::move(directive));
    while (!queue_.empty()) {
        auto directive = std::move(queue_.front());
        queue_.pop_front();
        deliver(std::move(directive));
    }
    if (!mechanism_->finished() && !asked_) {
        throw std::logic_error("negotiation environment: mechanism '" + settings_.mechanism + "' stalled");
    }
    return observe();
}

void NegotiationEnvironment::deliver(worlds::Directive directive) {
    if (mechanism_->finished()) return;
    const bool to_learner = directive.party == settings_.learner_seat;
    if (directive.type == worlds::Directive::Type::Inform) {
        if (!to_learner) {
            opponent_->observe(directive.observation);
        } else if (directive.observation.move.type == worlds::MoveType::Offer) {
            learner_.note_received(directive.observation.move.outcome);
        }
        return;
    }
    if (to_learner) {
        asked_ = directive.turn;
        return;
    }
    const auto move = opponent_->respond(directive.turn);
    auto next = mechanism_->on_move(directive.party, move);
    for (auto& followed : next) queue_.push_back(std::move(followed));
}

Step NegotiationEnvironment::observe() const {
    Step step;
    step.done = mechanism_->finished();
    if (step.done) {
        const auto utilities = outcome_utilities();
        const std::vector<double> reservations{profiles_[0]->reservation_value(), profiles_[1]->reservation_value()};
        step.reward = settings_.reward(worlds::WelfareInput{utilities, reservations, settings_.learner_seat, nullptr});
        return step;
    }
    step.observation = learner_.observation(*asked_);
    step.legal = learner_.legal(*asked_);
    return step;
}

// Each party's utility of the outcome as the metrics judge it (the agreement
// discounted by its exponent, the reservation value without one).
std::vector<double> NegotiationEnvironment::outcome_utilities() const {
    const std::span<const worlds::LinearAdditiveProfile> seated(domain_->profiles.data(), profiles_.size());
    return worlds::result_utilities(domain_->space, seated, mechanism_->outcome());
}

EpisodeFigures NegotiationEnvironment::figures() const {
    if (!mechanism_ || !mechanism_->finished()) {
        throw std::logic_error("negotiation environment: figures before the episode ended");
    }
    const auto utilities = outcome_utilities();
    const auto& outcome = mechanism_->outcome();
    return {{"agreement", outcome.reason == worlds::EndReason::Agreement ? 1.0 : 0.0},
            {"utility", utilities[settings_.learner_seat]},
            {"opponent_utility", utilities[opponent_seat()]},
            {"welfare", utilities[0] + utilities[1]},
            {"rounds", static_cast<double>(outcome.rounds)}};
}

}  // namespace parley::sandbox
