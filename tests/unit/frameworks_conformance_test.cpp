// The conformance test every value framework passes (OpenSpiel style): one
// loop over the registry, the same checks for each, on generated domains and
// under every built-in mechanism.

#include "frameworks_test_support.hpp"

#include <parley/domains/domain_generator.hpp>
#include <parley/domains/pie.hpp>

#include <doctest/doctest.h>

#include <random>
#include <set>
#include <stdexcept>

using namespace parley::frameworks_test;
using parley::worlds::generate_domain;
using parley::worlds::GeneratorParameters;

namespace {

std::vector<std::string> framework_names() {
    std::vector<std::string> names;
    for (const auto* info : FrameworkRegistry::builtin().list()) names.push_back(info->name);
    return names;
}

SharedDomain generated(std::size_t issues, std::size_t values, std::size_t parties, double opposition,
                       std::uint64_t seed, double reservation = 0.0) {
    auto domain = generate_domain(GeneratorParameters{issues, values, parties, opposition, seed});
    for (auto& profile : domain.profiles) profile = with_reservation(profile, reservation);
    return share(domain);
}

// The domains every framework plays on: small and large spaces, two and three
// parties, with and without reservation values, and the pie.
struct NamedDomain {
    std::string name;
    SharedDomain domain;
};

std::vector<NamedDomain> conformance_domains() {
    return {
        {"3x5, 2 parties", generated(3, 5, 2, 0.5, 11)},
        {"3x5, 2 parties, reservation 0.35", generated(3, 5, 2, 0.8, 12, 0.35)},
        {"4x4, 3 parties, reservation 0.2", generated(4, 4, 3, 0.5, 13, 0.2)},
        {"7x10 (10^7 outcomes), 2 parties, reservation 0.2", generated(7, 10, 2, 0.6, 14, 0.2)},
        {"pie of 200 steps", share(parley::worlds::make_pie_domain(200, 0.95, 0.9))},
    };
}

// The utilities a party knows or estimates, as its welfare function scores
// them: its own exactly, the others' by its own estimate; reservation values
// its own and the disclosed ones.
double welfare_score(const std::string& framework, ValueFramework& party, const PartySetup& setup,
                     const Outcome& outcome) {
    const auto utilities = party.estimated_utilities(outcome);
    std::vector<double> reservations(setup.party_count, 0.0);
    for (PartyIndex p = 0; p < setup.party_count; ++p) {
        if (p == setup.self)
            reservations[p] = setup.profile->reservation_value();
        else if (!setup.disclosed.empty())
            reservations[p] = setup.disclosed[p]->reservation_value();
    }
    const auto* info = FrameworkRegistry::builtin().find(framework);
    REQUIRE(info != nullptr);
    return info->welfare.score({utilities, reservations, setup.self});
}

// Hard constraints, as far as the framework itself can know them: never below
// its own reservation value (true utility), and, for the frameworks whose
// welfare function marks violations with -1, never an outcome so marked.
void check_constraints(const std::string& framework, ValueFramework& party, const PartySetup& setup,
                       const Outcome& outcome, const std::string& what) {
    const double own = setup.profile->utility(outcome);
    CHECK_MESSAGE(own >= setup.profile->reservation_value(),
                  framework << " " << what << " " << describe(outcome) << " below its reservation value");
    CHECK_MESSAGE(welfare_score(framework, party, setup, outcome) > -1.0,
                  framework << " " << what << " " << describe(outcome) << ", which breaks its hard constraints");
}

struct Lineup {
    std::vector<std::unique_ptr<ValueFramework>> owned;
    std::vector<ValueFramework*> parties;
    std::vector<PartySetup> setups;
};

Lineup lineup(const std::vector<std::string>& names, const SharedDomain& domain, bool disclose,
              const FrameworkParameters& parameters, std::uint32_t rounds, std::uint64_t seed,
              const std::string& mechanism) {
    Lineup result;
    for (std::size_t p = 0; p < names.size(); ++p) {
        result.owned.push_back(make_framework(names[p], parameters, mechanism));
        result.setups.push_back(setup_for(domain, p, disclose, rounds, seed, mechanism));
        result.owned.back()->begin(result.setups.back());
        result.parties.push_back(result.owned.back().get());
    }
    return result;
}

// Checks each move as it is made, against what its party knew then.
MoveWatcher constraint_watcher(const std::vector<std::string>& names, Lineup& players) {
    return [&names, &players](PartyIndex party, const Turn& turn, const Move& move) {
        if (move.type == MoveType::Offer) {
            check_constraints(names[party], *players.parties[party], players.setups[party], move.outcome, "offered");
        }
        if (move.type == MoveType::Accept && turn.standing) {
            check_constraints(names[party], *players.parties[party], players.setups[party], *turn.standing, "accepted");
        }
    };
}

void check_episode(const Episode& episode) {
    for (const auto& problem : episode.problems) FAIL_CHECK(problem);
    CHECK_MESSAGE(episode.outcome.reason != parley::worlds::EndReason::Violation, episode.outcome.detail);
}

}  // namespace

TEST_CASE("every framework is registered with documented, validated parameters") {
    CHECK(framework_names().size() >= 8);  // the built-in ones at least
    for (const auto* info : FrameworkRegistry::builtin().list()) {
        CAPTURE(info->name);
        CHECK_FALSE(info->description.empty());
        // Its welfare score, documented: its satisfaction in the metrics.
        CHECK(static_cast<bool>(info->welfare.score));
        CHECK_FALSE(info->welfare.description.empty());
        CHECK(FrameworkRegistry::builtin().welfare_lookup()(info->name) == &info->welfare);
        // The parameters it requires (documented without a default), with values that work here.
        const FrameworkParameters required = playable_parameters(*info, {});
        CHECK(info->make(required) != nullptr);
        const auto with_required = [&required](const std::string& name, const std::string& value) {
            auto parameters = required;
            parameters[name] = value;
            return parameters;
        };
        FrameworkParameters defaults = required;
        for (const auto& parameter : info->parameters) {
            CAPTURE(parameter.name);
            CHECK_FALSE(parameter.name.empty());
            CHECK_FALSE(parameter.description.empty());
            if (parameter.default_value.empty()) {
                // Required: refused when missing, naming it.
                auto missing = required;
                missing.erase(parameter.name);
                CHECK_THROWS_WITH_AS(info->make(missing), doctest::Contains(("'" + parameter.name + "'").c_str()),
                                     std::invalid_argument);
            } else {
                defaults[parameter.name] = parameter.default_value;
            }
            // A malformed value is refused, naming the parameter.
            CHECK_THROWS_WITH_AS(info->make(with_required(parameter.name, "bogus")),
                                 doctest::Contains(("'" + parameter.name + "'").c_str()), std::invalid_argument);
            CHECK_THROWS_AS(info->make(with_required(parameter.name, "")), std::invalid_argument);
        }
        CHECK(info->make(defaults) != nullptr);  // every documented default parses
        CHECK_THROWS_WITH_AS(info->make(with_required("no_such_parameter", "1")),
                             doctest::Contains("'no_such_parameter'"), std::invalid_argument);
    }
    // Ranges are checked, not only syntax.
    auto selfish = FrameworkRegistry::builtin().find("selfish");
    CHECK_THROWS_WITH_AS(selfish->make({{"exponent", "0"}}), doctest::Contains("'exponent'"), std::invalid_argument);
    CHECK_THROWS_WITH_AS(selfish->make({{"exponent", "nan"}}), doctest::Contains("'exponent'"), std::invalid_argument);
    CHECK_THROWS_WITH_AS(selfish->make({{"exponent", "2x"}}), doctest::Contains("'exponent'"), std::invalid_argument);
    CHECK_THROWS_WITH_AS(selfish->make({{"candidates", "-5"}}), doctest::Contains("'candidates'"),
                         std::invalid_argument);
    CHECK_THROWS_WITH_AS(selfish->make({{"model", "oracle"}}), doctest::Contains("'model'"), std::invalid_argument);
    CHECK_NOTHROW(selfish->make({{"exponent", "5"}, {"model", "bayesian"}, {"candidates", "64"}}));
}

TEST_CASE("a framework refuses a setup it cannot play, and answers before begin without breaking rules") {
    const auto domain = generated(3, 5, 2, 0.5, 3);
    for (const auto& name : framework_names()) {
        CAPTURE(name);
        auto party = make_framework(name);
        // Before begin: a vote gets Reject, a turn gets End; neither throws.
        CHECK(party->respond(vote_turn(0.1, {0, 0, 0})).type == MoveType::Reject);
        CHECK(party->respond(respond_turn(0.1, Outcome{0, 0, 0}, 1)).type == MoveType::End);

        auto setup = setup_for(domain, 0, false);
        setup.profile = nullptr;
        CHECK_THROWS_AS(party->begin(setup), std::invalid_argument);
        setup = setup_for(domain, 0, false);
        setup.self = 2;
        CHECK_THROWS_AS(party->begin(setup), std::invalid_argument);  // position 2 of 2 parties
        setup = setup_for(domain, 0, true);
        setup.disclosed.pop_back();
        CHECK_THROWS_AS(party->begin(setup), std::invalid_argument);  // disclosed for 1 of 2 parties
        setup = setup_for(split_domain(4), 0, false);
        setup.profile = domain.profiles[0];
        CHECK_THROWS_AS(party->begin(setup), std::invalid_argument);  // profile of another space
    }
}

TEST_CASE("votes are Accept or Reject, accepts need a valid standing offer, offers are valid and permitted") {
    for (const auto& named : conformance_domains()) {
        CAPTURE(named.name);
        const auto& domain = named.domain;
        for (const auto& name : framework_names()) {
            for (bool disclose : {false, true}) {
                CAPTURE(name);
                CAPTURE(disclose);
                auto party = make_framework(name);
                const auto setup = setup_for(domain, 0, disclose, 50, 5);
                party->begin(setup);
                std::mt19937_64 draws(99);
                auto random_outcome = [&] {
                    Outcome outcome;
                    for (const auto& issue : domain.space->issues()) outcome.push_back(draws() % issue.size());
                    return outcome;
                };
                for (int step = 0; step < 40; ++step) {
                    const double time = step / 40.0;
                    const auto other = random_outcome();
                    party->observe(offer_seen(1, other, time));
                    // Votes on valid, missing and invalid texts.
                    for (const auto& turn : {vote_turn(time, other), vote_turn(time, Outcome{}),
                                             vote_turn(time, Outcome(domain.space->issue_count(), 1u << 30))}) {
                        const auto move = party->respond(turn);
                        if (auto problem = broken_rule(*domain.space, turn, move)) FAIL_CHECK(*problem);
                        if (move.type == MoveType::Accept) check_constraints(name, *party, setup, other, "voted for");
                    }
                    Turn no_table = vote_turn(time, other);
                    no_table.standing.reset();
                    CHECK(party->respond(no_table).type == MoveType::Reject);
                    // Turns with the other's offer, with nothing, and with an invalid outcome on the table.
                    for (const auto& turn : {respond_turn(time, other, 1), respond_turn(time),
                                             respond_turn(time, Outcome(domain.space->issue_count(), 1u << 30), 1)}) {
                        const auto move = party->respond(turn);
                        if (auto problem = broken_rule(*domain.space, turn, move)) FAIL_CHECK(*problem);
                        if (move.type == MoveType::Accept) check_constraints(name, *party, setup, other, "accepted");
                        if (move.type == MoveType::Offer)
                            check_constraints(name, *party, setup, move.outcome, "offered");
                    }
                }
            }
        }
    }
}

TEST_CASE("every framework plays every mechanism by the rules, within its constraints, deterministically") {
    const auto names = framework_names();
    for (const auto& named : conformance_domains()) {
        CAPTURE(named.name);
        const std::size_t parties = named.domain.profiles.size();
        for (const std::string mechanism : {"saop", "mediated", "rubinstein"}) {
            if (mechanism == "rubinstein" && parties != 2) continue;
            for (std::size_t first = 0; first < names.size(); ++first) {
                // Each framework against the next ones in the registry's order.
                std::vector<std::string> cast;
                for (std::size_t p = 0; p < parties; ++p) cast.push_back(names[(first + p) % names.size()]);
                for (bool disclose : {false, true}) {
                    for (const std::string model : {"frequency", "bayesian"}) {
                        CAPTURE(mechanism);
                        CAPTURE(cast[0]);
                        CAPTURE(cast[1]);
                        CAPTURE(disclose);
                        CAPTURE(model);
                        const FrameworkParameters parameters{{"model", model}};
                        auto players = lineup(cast, named.domain, disclose, parameters, 30, 21, mechanism);
                        const auto episode =
                            play(mechanism, named.domain, players.parties, 30, 4, constraint_watcher(cast, players));
                        check_episode(episode);
                        // The same seeds and messages give the same moves, reasons included.
                        auto again = lineup(cast, named.domain, disclose, parameters, 30, 21, mechanism);
                        CHECK(play(mechanism, named.domain, again.parties, 30, 4).transcript == episode.transcript);
                        // begin() forgets the previous episode: replaying in the same objects changes nothing.
                        for (std::size_t p = 0; p < parties; ++p) players.parties[p]->begin(players.setups[p]);
                        CHECK(play(mechanism, named.domain, players.parties, 30, 4).transcript == episode.transcript);
                    }
                }
            }
        }
    }
}

TEST_CASE("every pair of frameworks agrees before the deadline on a cooperative domain") {
    const auto domain = generated(3, 6, 2, 0.2, 31);
    const auto names = framework_names();
    for (bool disclose : {false, true}) {
        for (const auto& first : names) {
            for (const auto& second : names) {
                CAPTURE(first);
                CAPTURE(second);
                CAPTURE(disclose);
                const std::vector<std::string> cast{first, second};
                auto players = lineup(cast, domain, disclose, {}, 60, 3, "saop");
                const auto episode = play("saop", domain, players.parties, 60, 1, constraint_watcher(cast, players));
                check_episode(episode);
                CHECK_MESSAGE(episode.outcome.reason == parley::worlds::EndReason::Agreement,
                              "no agreement: " << episode.outcome.detail);
            }
        }
    }
}

TEST_CASE("a framework alone in an episode still plays by the rules") {
    const auto domain = generated(3, 4, 1, 0.5, 6);
    for (const auto& name : framework_names()) {
        CAPTURE(name);
        auto party = make_framework(name);
        party->begin(setup_for(domain, 0, false));
        const auto move = party->respond(respond_turn(0.5));
        CHECK(move.type == MoveType::Offer);
        CHECK(domain.space->contains(move.outcome));
        CHECK(party->estimated_utilities(move.outcome).size() == 1);
    }
}

TEST_CASE("a framework's estimates: its own utility exactly, one value per party") {
    const auto domain = generated(4, 4, 3, 0.5, 8);
    for (const auto& name : framework_names()) {
        CAPTURE(name);
        auto party = make_framework(name);
        CHECK_THROWS_AS(party->estimated_utilities({0, 0, 0, 0}), std::logic_error);  // no episode yet
        party->begin(setup_for(domain, 1, false));
        const Outcome outcome{1, 2, 3, 0};
        const auto estimate = party->estimated_utilities(outcome);
        REQUIRE(estimate.size() == 3);
        CHECK(estimate[1] == domain.profiles[1]->utility(outcome));
        CHECK_THROWS_AS(party->estimated_utilities({9, 9, 9, 9}), std::invalid_argument);
        party->begin(setup_for(domain, 1, true));
        const auto known = party->estimated_utilities(outcome);
        for (std::size_t p = 0; p < 3; ++p) CHECK(known[p] == domain.profiles[p]->utility(outcome));
    }
}
