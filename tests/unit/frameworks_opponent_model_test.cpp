// The opponent models: they learn a party's preferences from its offers, and
// the Bayesian one does so identically on every run with the same seed.

#include "frameworks_test_support.hpp"

#include <parley/agents/opponent_model.hpp>
#include <parley/domains/domain_generator.hpp>

#include <doctest/doctest.h>

#include <random>

using namespace parley::frameworks_test;
using parley::agents::BayesianModelOptions;
using parley::agents::make_bayesian_model;
using parley::agents::make_disclosed_model;
using parley::agents::make_frequency_model;
using parley::agents::OpponentModel;

namespace {

SharedDomain learning_domain() { return share(parley::worlds::generate_domain({4, 5, 2, 0.5, 17})); }

// The offers a self-interested party 1 makes over an episode: a selfish
// framework (linear concession) that knows nothing of party 0.
std::vector<Outcome> offers_of_party_one(const SharedDomain& domain, std::size_t count) {
    auto opponent = make_framework("selfish", {{"exponent", "1"}});
    opponent->begin(setup_for(domain, 1, false, 100, 5));
    std::vector<Outcome> offers;
    for (std::size_t k = 0; k < count; ++k) {
        const auto move = opponent->respond(respond_turn(0.8 * static_cast<double>(k) / static_cast<double>(count)));
        REQUIRE(move.type == MoveType::Offer);
        offers.push_back(move.outcome);
    }
    return offers;
}

// How often the model orders two outcomes as the true profile does, over all
// pairs the truth does not tie; a tie in the model counts half. 0.5 is chance.
double ranking_agreement(const OpponentModel& model, const SharedDomain& domain, PartyIndex party) {
    std::vector<Outcome> outcomes;
    for (parley::worlds::OutcomeIndex i = 0; i < domain.space->outcome_count(); ++i) {
        outcomes.push_back(domain.space->outcome_at(i));
    }
    double agree = 0.0;
    double pairs = 0.0;
    for (std::size_t a = 0; a < outcomes.size(); ++a) {
        for (std::size_t b = a + 1; b < outcomes.size(); ++b) {
            const double truth =
                domain.profiles[party]->utility(outcomes[a]) - domain.profiles[party]->utility(outcomes[b]);
            if (truth == 0.0) continue;
            const double estimate = model.utility(outcomes[a]) - model.utility(outcomes[b]);
            pairs += 1.0;
            if (estimate == 0.0)
                agree += 0.5;
            else if ((estimate > 0.0) == (truth > 0.0))
                agree += 1.0;
        }
    }
    return agree / pairs;
}

std::unique_ptr<OpponentModel> make_model(const std::string& kind, const SharedDomain& domain, std::uint64_t seed = 3) {
    if (kind == "frequency") return make_frequency_model(*domain.space);
    BayesianModelOptions options;
    options.seed = seed;
    return make_bayesian_model(*domain.space, options);
}

}  // namespace

TEST_CASE("both models rank outcomes more like the truth as offers come in") {
    // Averaged over eight domains: one domain can be lucky or unlucky for a
    // sampling model; the trend must hold on average.
    constexpr int kDomains = 8;
    for (const std::string kind : {"frequency", "bayesian"}) {
        CAPTURE(kind);
        double before = 0.0, after_five = 0.0, after_twenty = 0.0, after_sixty = 0.0;
        for (int d = 0; d < kDomains; ++d) {
            const auto domain =
                share(parley::worlds::generate_domain({4, 5, 2, 0.5, 17 + static_cast<std::uint64_t>(d)}));
            const auto offers = offers_of_party_one(domain, 60);
            auto model = make_model(kind, domain);
            before += ranking_agreement(*model, domain, 1) / kDomains;
            for (std::size_t k = 0; k < offers.size(); ++k) {
                model->observe_offer(offers[k], 0.8 * static_cast<double>(k) / 60.0);
                if (k + 1 == 5) after_five += ranking_agreement(*model, domain, 1) / kDomains;
                if (k + 1 == 20) after_twenty += ranking_agreement(*model, domain, 1) / kDomains;
                if (k + 1 == 60) after_sixty += ranking_agreement(*model, domain, 1) / kDomains;
            }
            // Estimates stay those of a normalised profile: utilities in [0, 1].
            for (parley::worlds::OutcomeIndex i = 0; i < domain.space->outcome_count(); i += 37) {
                const double utility = model->utility(domain.space->outcome_at(i));
                CHECK(utility >= 0.0);
                CHECK(utility <= 1.0 + 1e-12);
            }
        }
        MESSAGE(kind << " mean ranking agreement: before " << before << ", after 5, 20, 60 offers " << after_five
                     << ", " << after_twenty << ", " << after_sixty);
        CHECK(before == doctest::Approx(0.5).epsilon(0.05));  // knows nothing yet: chance
        CHECK(after_five > before + 0.1);
        CHECK(after_twenty > after_five);
        CHECK(after_sixty > 0.7);
    }
}

TEST_CASE("the bayesian model is deterministic: the same seed and offers give the same estimate, bit for bit") {
    const auto domain = learning_domain();
    const auto offers = offers_of_party_one(domain, 40);
    auto first = make_model("bayesian", domain, 11);
    auto second = make_model("bayesian", domain, 11);
    auto other_seed = make_model("bayesian", domain, 12);
    for (std::size_t k = 0; k < offers.size(); ++k) {
        const double time = static_cast<double>(k) / 40.0;
        first->observe_offer(offers[k], time);
        second->observe_offer(offers[k], time);
        other_seed->observe_offer(offers[k], time);
        CHECK(first->table() == second->table());
        CHECK(first->revision() == second->revision());
    }
    CHECK(first->table() != other_seed->table());  // the seed is really used
    CHECK(first->revision() == offers.size());
    CHECK(first->kind() == "bayesian");
}

TEST_CASE("the frequency model, worked out by hand") {
    // Two issues of three values. Offers (0, 0), (0, 1), (0, 2): issue 1 kept
    // twice, issue 2 never. Weights: 1/2 each, then +0.2/2 to issue 1 twice,
    // renormalised: (0.6/1.1, 0.5/1.1) = (6/11, 5/11), then (6/11 + 0.1, 5/11) / 1.1.
    const auto space = parley::worlds::OutcomeSpace(
        {parley::worlds::Issue::discrete("a", {"x", "y", "z"}), parley::worlds::Issue::discrete("b", {"x", "y", "z"})});
    auto model = make_frequency_model(space);
    CHECK(model->utility({1, 1}) == doctest::Approx(1.0));  // nothing seen: every value as good
    model->observe_offer({0, 0}, 0.0);
    model->observe_offer({0, 1}, 0.0);
    model->observe_offer({0, 2}, 0.0);
    const double w1 = (6.0 / 11.0 + 0.1) / 1.1;
    const double w2 = (5.0 / 11.0) / 1.1;
    CHECK(w1 + w2 == doctest::Approx(1.0));
    // Issue 1: value 0 seen 3 times (utility 1), the others never ((0 + 1) / (3 + 1)).
    // Issue 2: each value seen once: (1 + 1) / (1 + 1) = 1.
    CHECK(model->table()[0][0] == doctest::Approx(w1));
    CHECK(model->table()[0][1] == doctest::Approx(w1 * 0.25));
    CHECK(model->table()[1][2] == doctest::Approx(w2));
    CHECK(model->utility({0, 1}) == doctest::Approx(1.0));
    CHECK(model->utility({2, 1}) == doctest::Approx(w1 * 0.25 + w2));
    CHECK(model->revision() == 3);

    // Late offers count less: at t = 1 an offer is a tenth of one, so a value
    // offered once at the deadline rates (0.1 + 1) / (1 + 1) next to one offered at the start.
    auto late = make_frequency_model(space);
    late->observe_offer({0, 0}, 0.0);
    late->observe_offer({1, 0}, 1.0);
    CHECK(parley::agents::offer_evidence(1.0) == doctest::Approx(0.1));
    CHECK(parley::agents::offer_evidence(0.5) == doctest::Approx(0.55));
    CHECK(late->table()[0][1] / late->table()[0][0] == doctest::Approx(1.1 / 2.0));
}

TEST_CASE("a disclosed model is the profile itself") {
    const auto domain = learning_domain();
    auto model = make_disclosed_model(domain.profiles[1]);
    for (parley::worlds::OutcomeIndex i = 0; i < domain.space->outcome_count(); i += 11) {
        const auto outcome = domain.space->outcome_at(i);
        CHECK(model->utility(outcome) ==
              domain.profiles[1]->utility(outcome));  // the same additions, in the same order
    }
    model->observe_offer({0, 0, 0, 0}, 0.5);
    CHECK(model->revision() == 0);
    CHECK(ranking_agreement(*model, domain, 1) == 1.0);
}

TEST_CASE("a framework's estimates of the other improve as it negotiates") {
    const auto domain = learning_domain();
    for (const std::string kind : {"frequency", "bayesian"}) {
        CAPTURE(kind);
        auto party = make_framework("selfish", {{"model", kind}});
        party->begin(setup_for(domain, 0, false));
        // Its estimate of party 1, as the metrics would read it.
        auto agreement = [&] {
            std::vector<Outcome> outcomes;
            for (parley::worlds::OutcomeIndex i = 0; i < domain.space->outcome_count(); i += 3) {
                outcomes.push_back(domain.space->outcome_at(i));
            }
            double agree = 0.0, pairs = 0.0;
            for (std::size_t a = 0; a < outcomes.size(); ++a) {
                for (std::size_t b = a + 1; b < outcomes.size(); ++b) {
                    const double truth =
                        domain.profiles[1]->utility(outcomes[a]) - domain.profiles[1]->utility(outcomes[b]);
                    const double estimate =
                        party->estimated_utilities(outcomes[a])[1] - party->estimated_utilities(outcomes[b])[1];
                    if (truth == 0.0) continue;
                    pairs += 1.0;
                    agree += estimate == 0.0 ? 0.5 : ((estimate > 0.0) == (truth > 0.0) ? 1.0 : 0.0);
                }
            }
            return agree / pairs;
        };
        const double before = agreement();
        const auto offers = offers_of_party_one(domain, 40);
        for (std::size_t k = 0; k < offers.size(); ++k)
            party->observe(offer_seen(1, offers[k], static_cast<double>(k) / 50.0));
        const double after = agreement();
        MESSAGE(kind << " inside a framework: ranking agreement " << before << " before, " << after
                     << " after 40 offers");
        CHECK(after > 0.65);  // chance is 0.5
        if (kind == "frequency") CHECK(after > before + 0.15);
    }
}
