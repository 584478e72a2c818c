#pragma once
// Shared by the value-framework tests: setups from domains, hand-made small
// domains, and an episode player that drives real frameworks through a real
// mechanism (worlds' MechanismRegistry) the way the runner does, checking
// every move on the way and keeping a transcript.

#include "learned_test_policy.hpp"

#include <parley/agents/framework.hpp>
#include <parley/domains/domain.hpp>
#include <parley/mechanisms/mechanism.hpp>
#include <parley/metrics/welfare.hpp>

#include <doctest/doctest.h>

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace parley::frameworks_test {

using agents::FrameworkParameters;
using agents::FrameworkRegistry;
using agents::ValueFramework;
using worlds::Ask;
using worlds::Move;
using worlds::MoveType;
using worlds::Outcome;
using worlds::PartyIndex;
using worlds::PartySetup;
using worlds::Turn;

// A domain shared by the setups made from it.
struct SharedDomain {
    std::shared_ptr<const worlds::OutcomeSpace> space;
    std::vector<std::shared_ptr<const worlds::LinearAdditiveProfile>> profiles;
};

inline SharedDomain share(const worlds::Domain& domain) {
    SharedDomain shared;
    shared.space = std::make_shared<const worlds::OutcomeSpace>(domain.space);
    for (const auto& profile : domain.profiles) {
        shared.profiles.push_back(std::make_shared<const worlds::LinearAdditiveProfile>(profile));
    }
    return shared;
}

// The same profile with another reservation value.
inline worlds::LinearAdditiveProfile with_reservation(const worlds::LinearAdditiveProfile& profile,
                                                      double reservation) {
    std::vector<double> weights;
    for (std::size_t issue = 0; issue < profile.issue_count(); ++issue) weights.push_back(profile.issue_weight(issue));
    return worlds::LinearAdditiveProfile(profile.name(), weights, profile.value_utilities(), reservation,
                                         profile.discount_factor());
}

// One issue "split" with values 0..steps: party 0 gets v / steps, party 1 the
// rest; a divisible good, small enough to check every outcome.
inline SharedDomain split_domain(std::size_t steps, double reservation0 = 0.0, double reservation1 = 0.0) {
    std::vector<std::string> names;
    std::vector<double> first;
    std::vector<double> second;
    for (std::size_t v = 0; v <= steps; ++v) {
        names.push_back("s" + std::to_string(v));
        first.push_back(static_cast<double>(v) / static_cast<double>(steps));
        second.push_back(static_cast<double>(steps - v) / static_cast<double>(steps));
    }
    worlds::Domain domain{"split",
                          worlds::OutcomeSpace({worlds::Issue::discrete("split", names)}),
                          {worlds::LinearAdditiveProfile("first", {1.0}, {first}, reservation0),
                           worlds::LinearAdditiveProfile("second", {1.0}, {second}, reservation1)}};
    return share(domain);
}

inline PartySetup setup_for(const SharedDomain& domain, PartyIndex self, bool disclose, std::uint32_t rounds = 100,
                            std::uint64_t seed = 7, const std::string& mechanism = "saop") {
    PartySetup setup;
    setup.mechanism = mechanism;
    setup.self = self;
    setup.party_count = domain.profiles.size();
    setup.space = domain.space;
    setup.profile = domain.profiles[self];
    if (disclose) setup.disclosed = domain.profiles;
    setup.rounds = rounds;
    setup.seed = seed * 1000 + self;
    return setup;
}

// `given`, and a test value for each parameter the framework requires (one
// documented without a default). The only one is the learned framework's
// `model`: a conceding test policy for `mechanism`, provided in this process
// (learned_test_policy.hpp); it replaces a `model` given for the opponent
// model of the others, which that framework does not take.
inline FrameworkParameters playable_parameters(const agents::FrameworkInfo& info, FrameworkParameters given,
                                               const std::string& mechanism = "saop") {
    for (const auto& parameter : info.parameters) {
        if (!parameter.default_value.empty()) continue;
        REQUIRE_MESSAGE(parameter.name == "model",
                        "no test value for the required parameter '" << parameter.name << "' of " << info.name);
        learned_test::provide_test_policies();
        given[parameter.name] = learned_test::policy_key(mechanism);
    }
    return given;
}

inline std::unique_ptr<ValueFramework> make_framework(const std::string& name,
                                                      const FrameworkParameters& parameters = {},
                                                      const std::string& mechanism = "saop") {
    const auto* info = FrameworkRegistry::builtin().find(name);
    REQUIRE_MESSAGE(info != nullptr, "no framework named " << name);
    return info->make(playable_parameters(*info, parameters, mechanism));
}

inline Turn respond_turn(double time, std::optional<Outcome> standing = std::nullopt,
                         std::optional<PartyIndex> by = std::nullopt) {
    Turn turn;
    turn.ask = Ask::Respond;
    turn.time = time;
    turn.round = static_cast<std::uint32_t>(time * 100);
    turn.standing = std::move(standing);
    turn.standing_by = by;
    return turn;
}

inline Turn vote_turn(double time, Outcome outcome) {
    Turn turn;
    turn.ask = Ask::Vote;
    turn.time = time;
    turn.round = static_cast<std::uint32_t>(time * 100);
    turn.standing = std::move(outcome);
    return turn;
}

inline worlds::Observation offer_seen(PartyIndex party, Outcome outcome, double time) {
    return worlds::Observation{party, Move{MoveType::Offer, std::move(outcome), std::nullopt}, 0, time};
}

// What went on in one episode.
struct Episode {
    worlds::EpisodeOutcome outcome;
    std::vector<std::string> transcript;  // every move with its reason, in order
    std::vector<std::string> problems;    // broken rules of ValueFramework, seen by the player
    // Every move of every party, with the turn it answered.
    struct Step {
        PartyIndex party;
        Turn turn;
        Move move;
    };
    std::vector<Step> steps;
};

inline std::string describe(const Outcome& outcome) {
    std::string text = "[";
    for (std::size_t i = 0; i < outcome.size(); ++i) text += (i ? "," : "") + std::to_string(outcome[i]);
    return text + "]";
}

inline std::string describe(const Move& move) {
    static const char* const kNames[] = {"offer", "accept", "reject", "end"};
    std::string text = std::string(kNames[static_cast<int>(move.type)]) + describe(move.outcome);
    if (move.reason) text += " (" + move.reason->principle + ": " + move.reason->text + ")";
    return text;
}

// The rules every framework keeps whatever it values (framework.hpp).
inline std::optional<std::string> broken_rule(const worlds::OutcomeSpace& space, const Turn& turn, const Move& move) {
    if (turn.ask == Ask::Vote && move.type != MoveType::Accept && move.type != MoveType::Reject) {
        return "a vote answered with " + describe(move);
    }
    if (turn.ask == Ask::Respond && move.type == MoveType::Reject) return "a turn to respond answered with reject";
    if (move.type == MoveType::Offer && !space.contains(move.outcome)) return "an offer outside the space";
    if (move.type == MoveType::Accept && !turn.standing) return "an accept with nothing on the table";
    if (move.type == MoveType::Accept && !space.contains(*turn.standing)) return "an accept of an invalid outcome";
    if (move.reason) {
        const auto& principle = move.reason->principle;
        if (principle.empty() || principle.size() > 64) return "a reason principle of bad length";
        for (char c : principle) {
            if (c <= ' ' || c > '~') return "a reason principle that is not printable ASCII without spaces";
        }
    }
    return std::nullopt;
}

// Called right after a party moved, before anyone learns of it: what the
// party knew when it moved is what it knows now.
using MoveWatcher = std::function<void(PartyIndex, const Turn&, const Move&)>;

// Plays one episode of `mechanism` between `parties` (already begun), as the runner would.
inline Episode play(const std::string& mechanism, const SharedDomain& domain,
                    const std::vector<ValueFramework*>& parties, std::uint32_t rounds, std::uint64_t seed = 1,
                    const MoveWatcher& watch = {}) {
    worlds::MechanismSettings settings;
    settings.space = domain.space;
    settings.party_count = parties.size();
    settings.rounds = rounds;
    settings.seed = seed;
    const auto* info = worlds::MechanismRegistry::builtin().find(mechanism);
    REQUIRE_MESSAGE(info != nullptr, "no mechanism named " << mechanism);
    auto rules = info->make(settings);
    Episode episode;
    std::deque<worlds::Directive> pending;
    for (auto& directive : rules->start()) pending.push_back(std::move(directive));
    while (!pending.empty() && !rules->finished()) {
        auto directive = std::move(pending.front());
        pending.pop_front();
        if (directive.type == worlds::Directive::Type::Inform) {
            parties[directive.party]->observe(directive.observation);
            continue;
        }
        const Move move = parties[directive.party]->respond(directive.turn);
        if (watch) watch(directive.party, directive.turn, move);
        if (auto problem = broken_rule(*domain.space, directive.turn, move)) {
            episode.problems.push_back("party " + std::to_string(directive.party) + ": " + *problem);
        }
        episode.transcript.push_back(std::to_string(directive.party) + " " + describe(move));
        episode.steps.push_back({directive.party, directive.turn, move});
        for (auto& next : rules->on_move(directive.party, move)) pending.push_back(std::move(next));
    }
    REQUIRE(rules->finished());
    episode.outcome = rules->outcome();
    return episode;
}

}  // namespace parley::frameworks_test
