#include <parley/sandbox/negotiation_environment.hpp>

#include <parley/core/determinism.hpp>
#include <parley/metrics/metrics.hpp>

#include <span>

#include <algorithm>
#include <cstdio>
#include <stdexcept>

namespace parley::sandbox {
namespace {

// The stream of an episode's domain seed: beside the runner's streams of the
// mechanism (0), the parties (1 + party) and the estimate sample (1000).
constexpr std::uint64_t kDomainStream = 2000;

std::string target_name(double target) {
    char text[32];
    std::snprintf(text, sizeof text, "target %.2f", target);
    return text;
}

worlds::Move move_of(worlds::MoveType type, worlds::Outcome outcome = {}) {
    return worlds::Move{type, std::move(outcome), std::nullopt};
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

NegotiationEnvironment::NegotiationEnvironment(NegotiationSettings settings) : settings_(std::move(settings)) {
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
    if (settings_.targets.empty()) throw std::invalid_argument("negotiation environment: no target utility level");
    if (!settings_.reward) throw std::invalid_argument("negotiation environment: no reward");
}

std::vector<std::string> NegotiationEnvironment::action_names() const {
    std::vector<std::string> names{"accept"};
    for (double target : settings_.targets) names.push_back(target_name(target));
    return names;
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
        choose_target_outcomes();
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

    queue_.clear();
    asked_.reset();
    last_made_.reset();
    last_received_.reset();
    previous_received_.reset();
    best_received_.reset();
    return advance(mechanism_->start());
}

void NegotiationEnvironment::choose_target_outcomes() {
    const auto& profile = *profiles_[settings_.learner_seat];
    std::vector<std::pair<double, worlds::OutcomeIndex>> ranked;
    ranked.reserve(static_cast<std::size_t>(space_->outcome_count()));
    worlds::Outcome outcome;
    for (worlds::OutcomeIndex index = 0; index < space_->outcome_count(); ++index) {
        space_->outcome_at(index, outcome);
        ranked.emplace_back(profile.utility(outcome), index);
    }
    std::sort(ranked.begin(), ranked.end());
    target_outcomes_.clear();
    for (double target : settings_.targets) {
        // The first at or above the target in (utility, index) order: the least
        // utility that reaches it, the lowest index among equals.
        auto found = std::lower_bound(ranked.begin(), ranked.end(), std::make_pair(target, worlds::OutcomeIndex{0}));
        if (found == ranked.end()) {
            const auto best = std::make_pair(ranked.back().first, worlds::OutcomeIndex{0});
            found = std::lower_bound(ranked.begin(), ranked.end(), best);
        }
        target_outcomes_.push_back(space_->outcome_at(found->second));
    }
}

Step NegotiationEnvironment::step(std::size_t action) {
    if (!asked_) throw std::logic_error("negotiation environment: step without the learner's turn");
    if (action >= action_count()) {
        throw std::invalid_argument("negotiation environment: action " + std::to_string(action) + " of " +
                                    std::to_string(action_count()));
    }
    if (action == 0 && !asked_->standing) {
        throw std::invalid_argument("negotiation environment: accept with no offer standing");
    }
    const auto turn = *asked_;
    asked_.reset();
    worlds::Move move;
    if (action == 0) {
        move = move_of(worlds::MoveType::Accept);
    } else if (turn.ask == worlds::Ask::Vote) {
        move = move_of(worlds::MoveType::Reject);
    } else {
        move = move_of(worlds::MoveType::Offer, target_outcomes_[action - 1]);
        last_made_ = profiles_[settings_.learner_seat]->utility(move.outcome);
    }
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
            note_received(directive.observation.move.outcome);
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

void NegotiationEnvironment::note_received(const worlds::Outcome& offer) {
    const double utility = profiles_[settings_.learner_seat]->utility(offer);
    previous_received_ = last_received_;
    last_received_ = utility;
    best_received_ = std::max(utility, best_received_.value_or(utility));
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
    const auto& turn = *asked_;
    const double concession =
        last_received_ && previous_received_ ? *last_received_ - *previous_received_ : 0.0;
    step.observation = {static_cast<float>(turn.time),
                        static_cast<float>(last_made_.value_or(0.0)),
                        static_cast<float>(last_received_.value_or(0.0)),
                        static_cast<float>(best_received_.value_or(0.0)),
                        static_cast<float>(concession),
                        turn.standing ? 1.0F : 0.0F};
    step.legal.assign(action_count(), true);
    step.legal[0] = turn.standing.has_value();
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
