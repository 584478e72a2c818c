// The learned negotiator, torch-free: what it sees and does
// (agents::LearnedNegotiation), the same in the sandbox that trains a policy
// and in the `learned` framework that plays it; the framework's refusal of
// models it cannot play; its safe move when the policy gives no usable
// action; its guard of the reservation value. The policies are rules of the
// observation behind the agents' ActionPolicy interface.

#include "frameworks_test_support.hpp"
#include "learned_test_policy.hpp"
#include "learning_test_files.hpp"

#include <parley/agents/action_policy.hpp>
#include <parley/agents/learned_negotiation.hpp>
#include <parley/agents/model_file.hpp>
#include <parley/core/determinism.hpp>
#include <parley/domains/domain_generator.hpp>
#include <parley/metrics/metrics.hpp>
#include <parley/sandbox/negotiation_environment.hpp>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

using namespace parley;
using namespace parley::frameworks_test;
using learned_test::kTargets;
using learned_test::RulePolicy;

namespace {

const agents::FrameworkInfo& learned() {
    const auto* info = FrameworkRegistry::builtin().find("learned");
    REQUIRE(info != nullptr);
    return *info;
}

// One act of a policy: what it saw, what it might do, what it did.
struct Act {
    std::vector<float> observation;
    std::vector<bool> legal;
    std::size_t action;
    friend bool operator==(const Act&, const Act&) = default;
};

// A rule that records every act in `acts`.
learned_test::Rule recording(learned_test::Rule rule, std::vector<Act>& acts) {
    return [rule = std::move(rule), &acts](std::span<const float> observation, const std::vector<bool>& legal) {
        const auto action = rule(observation, legal);
        acts.push_back({{observation.begin(), observation.end()}, legal, action});
        return action;
    };
}

// Accepts an offer worth at least 0.6 to it, else cycles through the targets
// with time (the sandbox test's scripted learner).
std::size_t scripted(std::span<const float> observation, const std::vector<bool>& legal) {
    if (legal[agents::kAcceptAction] && observation[2] >= 0.6F) return agents::kAcceptAction;
    return 1 + static_cast<std::size_t>(observation[0] * 37.0F) % kTargets.size();
}

worlds::Domain generated_domain(std::uint64_t seed, double opposition = 0.8) {
    return worlds::generate_domain({.issues = 3, .values_per_issue = 5, .parties = 2, .opposition = opposition,
                                    .seed = seed});
}

// The same profile with another reservation value.
worlds::Domain with_reservations(worlds::Domain domain, double reservation) {
    for (auto& profile : domain.profiles) profile = with_reservation(profile, reservation);
    return domain;
}

struct Result {
    std::vector<Act> acts;
    worlds::EpisodeOutcome outcome;  // what the rules made of it (the sandbox's: from its figures)
    std::vector<double> figures;     // agreement, utility, opponent utility, rounds
};

constexpr std::uint32_t kRounds = 30;

// The sandbox's episode of `seed`, the learner in `seat` acting by `rule`.
Result sandbox_episode(const std::string& mechanism, const worlds::Domain& domain, std::size_t seat,
                       const std::string& opponent, const learned_test::Rule& rule, std::uint64_t seed) {
    sandbox::NegotiationSettings settings;
    settings.mechanism = mechanism;
    settings.rounds = kRounds;
    settings.domain = sandbox::fixed_domain(domain);
    settings.learner_seat = seat;
    settings.opponent = opponent;
    settings.targets = kTargets;
    sandbox::NegotiationEnvironment environment(settings);
    Result result;
    RulePolicy policy(environment.world(), kTargets, recording(rule, result.acts));
    for (auto step = environment.reset(seed); !step.done;) {
        step = environment.step(policy.act(step.observation, step.legal).action);
    }
    for (const auto& [name, value] : environment.figures()) {
        if (name != "welfare") result.figures.push_back(value);
    }
    return result;
}

// The same episode played by the learned framework through the mechanism, as
// the runner delivers it, with the seeds the runner derives from `seed`.
Result framework_episode(const std::string& mechanism, const worlds::Domain& domain, std::size_t seat,
                         const std::string& opponent, const learned_test::Rule& rule, std::uint64_t seed,
                         const std::string& guard = "none") {
    Result result;
    static int episodes = 0;  // a key of its own for each episode's policy
    const std::string key = "equivalence:" + mechanism + ":" + std::to_string(++episodes);
    agents::provide_policy(key, std::make_shared<RulePolicy>("negotiation:" + mechanism, kTargets,
                                                             recording(rule, result.acts)));
    const auto shared = share(domain);
    std::vector<std::unique_ptr<ValueFramework>> owned(2);
    owned[seat] = learned().make({{"model", key}, {"guard", guard}});
    owned[1 - seat] = make_framework(opponent);
    std::vector<ValueFramework*> parties;
    for (std::size_t party = 0; party < 2; ++party) {
        auto setup = setup_for(shared, party, false, kRounds, 0, mechanism);
        setup.seed = core::party_seed(seed, party);
        owned[party]->begin(setup);
        parties.push_back(owned[party].get());
    }
    const auto episode = play(mechanism, shared, parties, kRounds, core::mechanism_seed(seed));
    for (const auto& problem : episode.problems) FAIL_CHECK(problem);
    result.outcome = episode.outcome;
    const auto utilities = worlds::result_utilities(domain.space, domain.profiles, episode.outcome);
    result.figures = {episode.outcome.reason == worlds::EndReason::Agreement ? 1.0 : 0.0, utilities[seat],
                      utilities[1 - seat], static_cast<double>(episode.outcome.rounds)};
    return result;
}

worlds::Turn respond_with(const worlds::Outcome& standing, double time) { return respond_turn(time, standing, 1); }

}  // namespace

TEST_CASE("action names: accept, then each target level, read back exactly") {
    const std::vector<double> levels{1.0, 0.9, 0.25, 0.925, -0.5};
    const auto names = agents::learned_action_names(levels);
    CHECK(names == std::vector<std::string>{"accept", "target 1.00", "target 0.90", "target 0.25", "target 0.925",
                                            "target -0.50"});
    CHECK(agents::targets_from_action_names(names) == levels);
    CHECK(agents::targets_from_action_names(agents::learned_action_names(kTargets)) == kTargets);

    const auto refused = [](std::vector<std::string> bad) {
        CHECK_THROWS_AS(agents::targets_from_action_names(bad), std::invalid_argument);
    };
    refused({});
    refused({"accept"});                       // no target
    refused({"cooperate", "defect"});          // another world's
    refused({"accept", "target"});             // no level
    refused({"accept", "target 0.9x"});        // not a number
    refused({"accept", "target nan"});         // not finite
    refused({"accept", "offer 0.9"});          // another action
    CHECK_THROWS_AS(agents::LearnedNegotiation({}), std::invalid_argument);
}

TEST_CASE("each target offers the outcome of least utility at or above it, the lowest index among equals") {
    for (std::uint64_t seed = 1; seed <= 6; ++seed) {
        CAPTURE(seed);
        // Coarse value utilities make equal utilities likely.
        auto domain = worlds::generate_domain({.issues = 2, .values_per_issue = 3, .parties = 2, .seed = seed});
        const auto shared = share(domain);
        const std::vector<double> levels{1.0, 0.75, 0.5, 0.5, 0.3, 0.0, -1.0, 2.0};
        agents::LearnedNegotiation view(levels);
        view.begin(shared.space, shared.profiles[0], 0);
        const auto& profile = *shared.profiles[0];
        for (std::size_t target = 0; target < levels.size(); ++target) {
            CAPTURE(levels[target]);
            // By brute force: (utility, index) smallest among those that reach the level, else the best.
            std::optional<std::pair<double, worlds::OutcomeIndex>> reaching;
            std::optional<std::pair<double, worlds::OutcomeIndex>> best;
            for (worlds::OutcomeIndex index = 0; index < shared.space->outcome_count(); ++index) {
                const double utility = profile.utility(shared.space->outcome_at(index));
                if (utility >= levels[target] && (!reaching || std::make_pair(utility, index) < *reaching)) {
                    reaching = std::make_pair(utility, index);
                }
                if (!best || utility > best->first) best = std::make_pair(utility, index);
            }
            const auto expected = reaching ? reaching->second : best->second;
            CHECK(shared.space->index_of(view.target_outcome(target)) == expected);
        }
    }
}

TEST_CASE("in a space too large to enumerate, each target offers an outcome at or just above it, every episode") {
    const auto shared = share(worlds::generate_domain({.issues = 6, .values_per_issue = 10, .parties = 2, .seed = 3}));
    REQUIRE(shared.space->outcome_count() > agents::kExactTargetSpace);
    agents::LearnedNegotiation view(kTargets);
    view.begin(shared.space, shared.profiles[0], 0);
    std::vector<worlds::Outcome> first;
    for (std::size_t target = 0; target < kTargets.size(); ++target) {
        const double utility = view.own_utility(view.target_outcome(target));
        CHECK(utility >= kTargets[target] - 1e-12);
        if (kTargets[target] < 0.95) CHECK(utility <= kTargets[target] + 0.05);
        first.push_back(view.target_outcome(target));
    }
    // Another framework instance on the same domain offers the same outcomes.
    agents::LearnedNegotiation again(kTargets);
    again.begin(shared.space, shared.profiles[0], 0);
    for (std::size_t target = 0; target < kTargets.size(); ++target) CHECK(again.target_outcome(target) == first[target]);
}

TEST_CASE("the learned framework makes exactly the sandbox's moves for the same policy and seed") {
    const auto domain = generated_domain(5);
    struct Case {
        std::string mechanism;
        std::size_t seat;
        std::string opponent;
    };
    for (const auto& [mechanism, seat, opponent] :
         {Case{"saop", 0, "selfish"}, Case{"saop", 1, "selfish"}, Case{"saop", 0, "reciprocal"},
          Case{"saop", 1, "utilitarian"}, Case{"mediated", 0, "selfish"}, Case{"mediated", 1, "reciprocal"},
          Case{"rubinstein", 1, "selfish"}}) {
        for (const auto& rule : {learned_test::Rule(scripted), learned_test::conceding_rule()}) {
            for (std::uint64_t seed = 1; seed <= 4; ++seed) {
                CAPTURE(mechanism);
                CAPTURE(seat);
                CAPTURE(opponent);
                CAPTURE(seed);
                const auto trained = sandbox_episode(mechanism, domain, seat, opponent, rule, seed);
                const auto played = framework_episode(mechanism, domain, seat, opponent, rule, seed);
                REQUIRE_FALSE(trained.acts.empty());
                CHECK(played.acts == trained.acts);  // what it saw and did, act by act
                CHECK(played.figures == trained.figures);
            }
        }
    }
}

TEST_CASE("with reservation values 0 the guard changes nothing") {
    const auto domain = generated_domain(8);
    for (std::uint64_t seed = 1; seed <= 4; ++seed) {
        const auto trained = sandbox_episode("saop", domain, 0, "selfish", learned_test::conceding_rule(), seed);
        const auto guarded =
            framework_episode("saop", domain, 0, "selfish", learned_test::conceding_rule(), seed, "reservation");
        CHECK(guarded.acts == trained.acts);
        CHECK(guarded.figures == trained.figures);
    }
}

TEST_CASE("the guard keeps the reservation value: the policy chooses among the moves that keep it") {
    const auto shared = share(with_reservations(generated_domain(4), 0.55));
    // It would accept anything, and otherwise ask for the least.
    const learned_test::Rule greedy_for_agreement = [](std::span<const float>, const std::vector<bool>& legal) {
        if (legal[agents::kAcceptAction]) return agents::kAcceptAction;
        std::size_t lowest = legal.size() - 1;
        while (!legal[lowest]) --lowest;
        return lowest;
    };
    agents::provide_policy("guard:saop", std::make_shared<RulePolicy>("negotiation:saop", kTargets, greedy_for_agreement));
    auto guarded = learned().make({{"model", "guard:saop"}});
    auto unguarded = learned().make({{"model", "guard:saop"}, {"guard", "none"}});
    guarded->begin(setup_for(shared, 0, false));
    unguarded->begin(setup_for(shared, 0, false));
    const auto& profile = *shared.profiles[0];

    // Its offers: the lowest target that still gives it 0.55; unguarded the lowest of all.
    const auto offer = guarded->respond(respond_turn(0.1));
    REQUIRE(offer.type == MoveType::Offer);
    CHECK(profile.utility(offer.outcome) >= 0.55);
    CHECK(profile.utility(offer.outcome) < 0.7);
    const auto low = unguarded->respond(respond_turn(0.1));
    REQUIRE(low.type == MoveType::Offer);
    CHECK(profile.utility(low.outcome) < 0.55);

    // An offer worth less than 0.55 is not accepted, a better one is; unguarded, both are.
    worlds::Outcome poor;
    worlds::Outcome good;
    for (worlds::OutcomeIndex index = 0; index < shared.space->outcome_count(); ++index) {
        const auto outcome = shared.space->outcome_at(index);
        if (profile.utility(outcome) < 0.3) poor = outcome;
        if (profile.utility(outcome) > 0.8) good = outcome;
    }
    REQUIRE_FALSE(poor.empty());
    REQUIRE_FALSE(good.empty());
    CHECK(guarded->respond(respond_with(poor, 0.5)).type == MoveType::Offer);
    CHECK(guarded->respond(respond_with(good, 0.5)).type == MoveType::Accept);
    CHECK(unguarded->respond(respond_with(poor, 0.5)).type == MoveType::Accept);
    CHECK(guarded->respond(vote_turn(0.5, poor)).type == MoveType::Reject);
    CHECK(guarded->respond(vote_turn(0.5, good)).type == MoveType::Accept);
    CHECK(unguarded->respond(vote_turn(0.5, poor)).type == MoveType::Accept);

    // With no target that reaches the reservation value and nothing to accept, it ends, saying why.
    agents::provide_policy("guard:low", std::make_shared<RulePolicy>("negotiation:saop", std::vector<double>{0.2, 0.1},
                                                                    greedy_for_agreement));
    auto modest = learned().make({{"model", "guard:low"}});
    modest->begin(setup_for(shared, 0, false));
    const auto ended = modest->respond(respond_turn(0.1));
    CHECK(ended.type == MoveType::End);
    REQUIRE(ended.reason.has_value());
    CHECK(ended.reason->principle == "below_reservation");
}

TEST_CASE("when the policy gives no usable action it plays the safe move and says why") {
    const auto shared = share(generated_domain(6));
    auto policy = std::make_shared<RulePolicy>("negotiation:saop", kTargets, learned_test::conceding_rule());
    agents::provide_policy("fallback:saop", policy);
    auto party = learned().make({{"model", "fallback:saop"}});
    party->begin(setup_for(shared, 0, false));
    agents::LearnedNegotiation view(kTargets);
    view.begin(shared.space, shared.profiles[0], 0);

    // Worth 0.9 or more to it: at time 0.5 the conceding rule accepts it.
    const auto good = view.target_outcome(1);
    party->observe(offer_seen(1, good, 0.5));
    const auto chosen = party->respond(respond_with(good, 0.5));
    CHECK(chosen.type == MoveType::Accept);
    REQUIRE(chosen.reason.has_value());
    CHECK(chosen.reason->principle == "learned_policy");
    CHECK(chosen.reason->text.find("'accept'") != std::string::npos);

    // Its output no longer a number, the policy would answer with its first legal action, accept; the
    // framework asks for its highest target instead, and says so.
    policy->break_down();
    const auto safe = party->respond(respond_with(good, 0.5));
    CHECK(safe.type == MoveType::Offer);
    CHECK(safe.outcome == view.target_outcome(0));
    REQUIRE(safe.reason.has_value());
    CHECK(safe.reason->principle == "policy_fallback");
    CHECK(safe.reason->text.find("not a number") != std::string::npos);
    const auto vote = party->respond(vote_turn(0.5, good));
    CHECK(vote.type == MoveType::Reject);
    REQUIRE(vote.reason.has_value());
    CHECK(vote.reason->principle == "policy_fallback");
    if (auto problem = broken_rule(*shared.space, respond_with(good, 0.5), safe)) FAIL(*problem);
}

TEST_CASE("a policy that chooses an action it may not take gets the safe move too") {
    const auto shared = share(generated_domain(6));
    const learned_test::Rule always_accept = [](std::span<const float>, const std::vector<bool>&) {
        return agents::kAcceptAction;
    };
    agents::provide_policy("illegal:saop", std::make_shared<RulePolicy>("negotiation:saop", kTargets, always_accept));
    auto party = learned().make({{"model", "illegal:saop"}});
    party->begin(setup_for(shared, 0, false));
    const auto move = party->respond(respond_turn(0.2));  // nothing to accept
    CHECK(move.type == MoveType::Offer);
    REQUIRE(move.reason.has_value());
    CHECK(move.reason->principle == "policy_fallback");
}

TEST_CASE("a model for another mechanism, another world or other spaces is refused, saying why") {
    const auto shared = share(generated_domain(2));
    const auto conceding = learned_test::conceding_rule();

    // Without a model: the parameter is named.
    CHECK_THROWS_WITH_AS(learned().make({}), doctest::Contains("'model'"), std::invalid_argument);
    CHECK_THROWS_WITH_AS(learned().make({{"model", ""}}), doctest::Contains("'model'"), std::invalid_argument);
    CHECK_THROWS_WITH_AS(learned().make({{"model", "refusal:saop"}, {"guard", "sometimes"}}),
                         doctest::Contains("'guard'"), std::invalid_argument);

    // Trained under another mechanism: refused by the episode, naming both.
    agents::provide_policy("refusal:mediated",
                           std::make_shared<RulePolicy>("negotiation:mediated", kTargets, conceding));
    auto mediated = learned().make({{"model", "refusal:mediated"}});
    CHECK_THROWS_WITH_AS(mediated->begin(setup_for(shared, 0, false, 30, 1, "saop")),
                         doctest::Contains("trained for negotiation:mediated, not for negotiation:saop"),
                         std::invalid_argument);
    CHECK_NOTHROW(mediated->begin(setup_for(shared, 0, false, 30, 1, "mediated")));

    // Another world, other observations or actions that are not a negotiator's: refused when made.
    struct Bad {
        std::string key;
        std::shared_ptr<agents::ActionPolicy> policy;
        std::string says;
    };
    struct OtherSpaces final : agents::ActionPolicy {
        explicit OtherSpaces(agents::PolicySpaces spaces) : spaces_(std::move(spaces)) {}
        const agents::PolicySpaces& spaces() const override { return spaces_; }
        agents::PolicyDecision act(std::span<const float>, const std::vector<bool>&) override { return {}; }
        agents::PolicySpaces spaces_;
    };
    for (const auto& bad :
         {Bad{"refusal:ipd", std::make_shared<OtherSpaces>(agents::PolicySpaces{"ipd", 6, {"cooperate", "defect"}}),
              "trained for ipd, not for negotiation"},
          Bad{"refusal:size",
              std::make_shared<OtherSpaces>(agents::PolicySpaces{"negotiation:saop", 4, {"accept", "target 0.50"}}),
              "observations of 4 numbers"},
          Bad{"refusal:actions",
              std::make_shared<OtherSpaces>(agents::PolicySpaces{"negotiation:saop", 6, {"accept", "walk away"}}),
              "'target LEVEL', not 'walk away'"}}) {
        CAPTURE(bad.key);
        agents::provide_policy(bad.key, bad.policy);
        CHECK_THROWS_WITH_AS(learned().make({{"model", bad.key}}), doctest::Contains("'model'"), std::invalid_argument);
        CHECK_THROWS_WITH_AS(learned().make({{"model", bad.key}}), doctest::Contains(bad.says.c_str()),
                             std::invalid_argument);
    }
}

TEST_CASE("where models cannot be read, the model file's header is checked when made, and the episode refuses it") {
    // This process installs no loader (as the runner, which checks a scenario's parameters by making
    // each framework, and then starts the learned agents in parley-learned).
    REQUIRE_FALSE(agents::has_policy_loader());
    const std::string missing = "models/negotiator.pt";
    CHECK_THROWS_WITH_AS(learned().make({{"model", missing}}), doctest::Contains("'model'"), std::invalid_argument);
    CHECK_THROWS_WITH_AS(learned().make({{"model", missing}}), doctest::Contains("no such model file"),
                         std::invalid_argument);

    // A file whose header fits a negotiator of saop: accepted when made, refused when the episode begins.
    const learning::testing::TemporaryDirectory directory("negotiator-header");
    const auto file = directory.path / "negotiator.pt";
    const nlohmann::json metadata{{"world", "negotiation:saop"},
                                  {"observation_size", agents::kLearnedObservationSize},
                                  {"action_names", agents::learned_action_names(kTargets)}};
    agents::write_model_file(file, {metadata.dump(), "parameters no process here reads"});
    std::unique_ptr<agents::ValueFramework> party;
    REQUIRE_NOTHROW(party = learned().make({{"model", file.string()}}));
    CHECK_THROWS_WITH_AS(party->begin(setup_for(share(generated_domain(2)), 0, false)),
                         doctest::Contains("parley-learned"), std::invalid_argument);
    CHECK(learned().host == agents::kLearnedAgentExecutable);
    CHECK(learned().welfare.description.find("its own utility") != std::string::npos);
}
