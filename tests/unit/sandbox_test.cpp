// The learning sandbox's environments: the ipd against a registered strategy
// and a bilateral negotiation against a registered framework, played through
// the worlds' own state machines; their determinism, their refusal of
// illegal actions, scores worked out by hand, and the rewards.

#include <parley/sandbox/ipd_environment.hpp>
#include <parley/sandbox/negotiation_environment.hpp>

#include <parley/agents/framework.hpp>

#include <doctest/doctest.h>

#include <functional>
#include <random>
#include <stdexcept>
#include <vector>

using namespace parley;
using sandbox::Environment;
using sandbox::EpisodeFigures;
using sandbox::Step;

namespace {

double figure(const EpisodeFigures& figures, const std::string& name) {
    for (const auto& [key, value] : figures) {
        if (key == name) return value;
    }
    FAIL("no figure " << name);
    return 0.0;
}

// What a policy saw and earned over one episode.
struct Played {
    std::vector<std::vector<float>> observations;
    std::vector<double> rewards;
    EpisodeFigures figures;
    double total_reward() const {
        double total = 0.0;
        for (double reward : rewards) total += reward;
        return total;
    }
};

using Policy = std::function<std::size_t(const Step& step)>;

Played play(Environment& environment, std::uint64_t seed, const Policy& policy) {
    Played played;
    auto step = environment.reset(seed);
    while (!step.done) {
        REQUIRE(step.observation.size() == environment.observation_size());
        REQUIRE(step.legal.size() == environment.action_count());
        played.observations.push_back(step.observation);
        const auto action = policy(step);
        REQUIRE(step.legal[action]);
        step = environment.step(action);
        played.rewards.push_back(step.reward);
    }
    played.figures = environment.figures();
    return played;
}

Policy always(std::size_t action) {
    return [action](const Step&) { return action; };
}

sandbox::IpdSettings ipd_against(const std::string& opponent, std::uint32_t rounds) {
    sandbox::IpdSettings settings;
    settings.opponent = opponent;
    settings.rounds = rounds;
    return settings;
}

// One issue of five values, fully opposed; the opponent will not go below 0.3.
worlds::Domain opposed_domain() {
    std::vector<std::string> values{"v0", "v1", "v2", "v3", "v4"};
    worlds::OutcomeSpace space({worlds::Issue::discrete("issue", values)});
    worlds::LinearAdditiveProfile learner("learner", {1.0}, {{0.0, 0.25, 0.5, 0.75, 1.0}});
    worlds::LinearAdditiveProfile opponent("opponent", {1.0}, {{1.0, 0.75, 0.5, 0.25, 0.0}}, 0.3);
    return worlds::Domain{"opposed", std::move(space), {learner, opponent}};
}

sandbox::NegotiationSettings generated_negotiation(std::size_t seat) {
    sandbox::NegotiationSettings settings;
    settings.domain = sandbox::generated_domains({.issues = 3, .values_per_issue = 5, .parties = 2, .opposition = 0.8});
    settings.learner_seat = seat;
    settings.rounds = 40;
    return settings;
}

// Accepts an offer worth at least 0.6 to it, else cycles through the targets.
std::size_t scripted(const Step& step) {
    if (step.legal[0] && step.observation[2] >= 0.6F) return 0;
    return 1 + static_cast<std::size_t>(step.observation[0] * 37.0F) % 10;
}

}  // namespace

TEST_CASE("ipd: always defect against tit for tat scores as worked out by hand") {
    sandbox::IpdEnvironment environment(ipd_against("tit_for_tat", 10));
    const auto played = play(environment, 1, always(1));
    // Round 1: D against C (T = 5, S = 0); rounds 2-10: D against D (P = 1).
    CHECK(figure(played.figures, "score") == doctest::Approx(5.0 + 9.0));
    CHECK(figure(played.figures, "opponent_score") == doctest::Approx(0.0 + 9.0));
    CHECK(figure(played.figures, "cooperation_rate") == doctest::Approx(0.0));
    CHECK(figure(played.figures, "opponent_cooperation_rate") == doctest::Approx(0.1));
    CHECK(figure(played.figures, "rounds") == doctest::Approx(10.0));
    CHECK(played.total_reward() == doctest::Approx(14.0));
    CHECK(played.rewards.front() == doctest::Approx(5.0));
}

TEST_CASE("ipd: always cooperate against tit for tat scores as worked out by hand") {
    sandbox::IpdEnvironment environment(ipd_against("tit_for_tat", 10));
    const auto played = play(environment, 1, always(0));
    CHECK(figure(played.figures, "score") == doctest::Approx(30.0));
    CHECK(figure(played.figures, "opponent_score") == doctest::Approx(30.0));
    CHECK(figure(played.figures, "cooperation_rate") == doctest::Approx(1.0));
    CHECK(played.total_reward() == doctest::Approx(30.0));
}

TEST_CASE("ipd: the observation holds the last rounds' moves, one-hot, and the relative round") {
    auto settings = ipd_against("tit_for_tat", 4);
    settings.memory = 2;
    sandbox::IpdEnvironment environment(settings);
    CHECK(environment.observation_size() == 9);
    auto step = environment.reset(3);
    CHECK(step.observation == std::vector<float>(9, 0.0F));
    step = environment.step(1);  // D against C
    CHECK(step.observation == std::vector<float>{0, 1, 1, 0, 0, 0, 0, 0, 0.25F});
    step = environment.step(0);  // C against D
    CHECK(step.observation == std::vector<float>{1, 0, 0, 1, 0, 1, 1, 0, 0.5F});
}

TEST_CASE("ipd: the same seed and actions give the same episode, with noise and a random opponent") {
    auto settings = ipd_against("random", 50);
    settings.game_parameters = {{"noise", 0.1}, {"continuation", 0.98}};
    sandbox::IpdEnvironment first(settings);
    sandbox::IpdEnvironment second(settings);
    auto policy = [](const Step& step) { return step.observation[2] > 0.5F ? std::size_t{1} : std::size_t{0}; };
    const auto a = play(first, 42, policy);
    const auto b = play(second, 42, policy);
    const auto again = play(first, 42, policy);
    CHECK(a.figures == b.figures);
    CHECK(a.observations == b.observations);
    CHECK(a.rewards == b.rewards);
    CHECK(a.figures == again.figures);
}

TEST_CASE("ipd: an illegal action throws and leaves the episode as it was") {
    sandbox::IpdEnvironment environment(ipd_against("tit_for_tat", 3));
    environment.reset(5);
    CHECK_THROWS_AS(environment.step(2), std::invalid_argument);
    const auto step = environment.step(1);
    CHECK(step.reward == doctest::Approx(5.0));  // still the first round
    CHECK_THROWS_AS(sandbox::IpdEnvironment(ipd_against("no_such_strategy", 3)), std::invalid_argument);
}

TEST_CASE("negotiation: the same seed and actions give the same episode") {
    for (std::size_t seat : {0U, 1U}) {
        CAPTURE(seat);
        sandbox::NegotiationEnvironment first(generated_negotiation(seat));
        sandbox::NegotiationEnvironment second(generated_negotiation(seat));
        const auto a = play(first, 9, scripted);
        const auto b = play(second, 9, scripted);
        const auto again = play(first, 9, scripted);
        CHECK(a.figures == b.figures);
        CHECK(a.observations == b.observations);
        CHECK(a.rewards == b.rewards);
        CHECK(a.figures == again.figures);
    }
}

TEST_CASE("negotiation: accepting with no offer standing throws and leaves the episode as it was") {
    sandbox::NegotiationEnvironment environment(generated_negotiation(0));
    const auto first = environment.reset(11);
    REQUIRE_FALSE(first.done);
    CHECK_FALSE(first.legal[0]);  // the first mover has nothing to accept
    CHECK_THROWS_AS(environment.step(0), std::invalid_argument);
    CHECK_THROWS_AS(environment.step(environment.action_count()), std::invalid_argument);
    // The episode goes on exactly as one without the refused actions.
    auto step = environment.step(1);
    while (!step.done) step = environment.step(scripted(step));
    sandbox::NegotiationEnvironment fresh(generated_negotiation(0));
    auto clean = fresh.reset(11);
    clean = fresh.step(1);
    while (!clean.done) clean = fresh.step(scripted(clean));
    CHECK(environment.figures() == fresh.figures());
}

TEST_CASE("negotiation: accepting the first offer gets the opponent's first offer's utility") {
    sandbox::NegotiationEnvironment environment(generated_negotiation(1));
    const auto step = environment.reset(21);
    REQUIRE_FALSE(step.done);
    REQUIRE(step.legal[0]);
    const double offered = step.observation[2];
    CHECK(step.observation[3] == doctest::Approx(offered));  // the best received so far is that one
    const auto end = environment.step(0);
    REQUIRE(end.done);
    const auto figures = environment.figures();
    CHECK(figure(figures, "agreement") == 1.0);
    CHECK(figure(figures, "utility") == doctest::Approx(offered).epsilon(1e-6));
    CHECK(end.reward == doctest::Approx(figure(figures, "utility")));
    CHECK(figure(figures, "welfare") ==
          doctest::Approx(figure(figures, "utility") + figure(figures, "opponent_utility")));
}

TEST_CASE("negotiation: a learner that never accepts reaches the deadline without agreement") {
    sandbox::NegotiationSettings settings;
    settings.domain = sandbox::fixed_domain(opposed_domain());
    settings.rounds = 20;
    sandbox::NegotiationEnvironment environment(settings);
    CHECK(environment.action_names().at(1) == "target 1.00");
    const auto played = play(environment, 4, always(1));  // always its best outcome, worth 0 to the opponent
    CHECK(figure(played.figures, "agreement") == 0.0);
    CHECK(figure(played.figures, "rounds") == doctest::Approx(20.0));
    CHECK(figure(played.figures, "utility") == 0.0);
    CHECK(figure(played.figures, "opponent_utility") == doctest::Approx(0.3));  // its reservation
    CHECK(played.rewards.back() == 0.0);
    // The first turn has no offer of its own behind it; every later one its best.
    CHECK(played.observations.front()[1] == 0.0F);
    for (std::size_t turn = 1; turn < played.observations.size(); ++turn) {
        CHECK(played.observations[turn][1] == doctest::Approx(1.0));
    }
}

TEST_CASE("negotiation: a framework's welfare score as the reward is that framework's function") {
    const std::vector<double> utilities{0.7, 0.2};
    const std::vector<double> reservations{0.1, 0.3};
    for (const char* name : {"utilitarian", "rawlsian", "nash", "selfish", "deontological"}) {
        CAPTURE(name);
        const auto* framework = agents::FrameworkRegistry::global().find(name);
        REQUIRE(framework != nullptr);
        const auto reward = sandbox::framework_welfare_reward(name);
        for (std::size_t seat : {0U, 1U}) {
            const worlds::WelfareInput input{utilities, reservations, seat, nullptr};
            CHECK(reward(input) == framework->welfare.score(input));
        }
    }
    const auto mix = sandbox::weighted_reward({{0.5, sandbox::framework_welfare_reward("utilitarian")},
                                               {0.5, sandbox::own_utility_reward()}});
    const worlds::WelfareInput input{utilities, reservations, 1, nullptr};
    const auto* utilitarian = agents::FrameworkRegistry::global().find("utilitarian");
    CHECK(mix(input) == doctest::Approx(0.5 * utilitarian->welfare.score(input) + 0.5 * 0.2));
    CHECK_THROWS_AS(sandbox::framework_welfare_reward("nihilist"), std::invalid_argument);

    // In an episode: the last reward is the score of the outcome's utilities.
    sandbox::NegotiationSettings settings;
    settings.domain = sandbox::fixed_domain(opposed_domain());  // reservations 0 and 0.3
    settings.learner_seat = 1;
    settings.reward = sandbox::framework_welfare_reward("rawlsian");
    sandbox::NegotiationEnvironment environment(settings);
    const auto played = play(environment, 21, always(0));
    const std::vector<double> result{figure(played.figures, "opponent_utility"), figure(played.figures, "utility")};
    const auto* rawlsian = agents::FrameworkRegistry::global().find("rawlsian");
    const std::vector<double> domain_reservations{0.0, 0.3};
    CHECK(figure(played.figures, "agreement") == 1.0);
    const worlds::WelfareInput judged{result, domain_reservations, 1, nullptr};
    CHECK(played.rewards.back() == rawlsian->welfare.score(judged));
}

TEST_CASE("negotiation: every bilateral mechanism of the registry plays to its end with a random learner") {
    for (const auto* mechanism : worlds::MechanismRegistry::builtin().list()) {
        if (mechanism->min_parties > 2 || mechanism->max_parties < 2) continue;
        for (std::size_t seat : {0U, 1U}) {
            CAPTURE(mechanism->name);
            CAPTURE(seat);
            auto settings = generated_negotiation(seat);
            settings.mechanism = mechanism->name;
            sandbox::NegotiationEnvironment environment(settings);
            CHECK(environment.world() == "negotiation:" + mechanism->name);
            std::mt19937_64 engine(seat);
            const auto random_legal = [&engine](const Step& step) {
                std::vector<std::size_t> legal;
                for (std::size_t action = 0; action < step.legal.size(); ++action) {
                    if (step.legal[action]) legal.push_back(action);
                }
                return legal[engine() % legal.size()];
            };
            const auto played = play(environment, 13, random_legal);
            const double agreement = figure(played.figures, "agreement");
            CHECK((agreement == 0.0 || agreement == 1.0));
            CHECK(figure(played.figures, "rounds") <= 40.0);
            CHECK(played.rewards.back() == doctest::Approx(figure(played.figures, "utility")));
        }
    }
}
