// A value framework defined here only, registered at run time: it negotiates
// through a real mechanism, the metrics score its satisfaction with its own
// welfare function, and it plays the iterated prisoner's dilemma through the
// one registry of game strategies, with no other file knowing of it.

#include "frameworks_test_support.hpp"

#include <parley/agents/dilemma_strategy.hpp>
#include <parley/agents/game_strategy.hpp>
#include <parley/games/ipd.hpp>
#include <parley/metrics/metrics.hpp>

#include <doctest/doctest.h>

#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

using namespace parley::frameworks_test;
using parley::agents::DilemmaStrategy;
using parley::agents::DilemmaStrategyInfo;
using parley::agents::FrameworkInfo;
using parley::agents::GameStrategyRegistry;

namespace {

const std::string kName = "altruist";

// It accepts whatever is on the table and, with nothing there, offers the
// first outcome of the space; it votes for everything.
class Altruist final : public ValueFramework {
public:
    void begin(const PartySetup& setup) override { space_ = setup.space; }
    void observe(const parley::worlds::Observation&) override {}
    Move respond(const Turn& turn) override {
        if (turn.ask == Ask::Vote) return Move{MoveType::Accept, {}, std::nullopt};
        if (turn.standing) return Move{MoveType::Accept, {}, std::nullopt};
        return Move{MoveType::Offer, space_->outcome_at(0), std::nullopt};
    }
    std::vector<double> estimated_utilities(const Outcome&) const override { return {}; }

private:
    std::shared_ptr<const parley::worlds::OutcomeSpace> space_;
};

// Its welfare: the sum of the others' utilities.
double others_welfare(const parley::worlds::WelfareInput& input) {
    double sum = 0.0;
    for (std::size_t party = 0; party < input.utilities.size(); ++party) {
        if (party != input.self) sum += input.utilities[party];
    }
    return sum;
}

// In the ipd: C, except D in every third round.
class EveryThirdDefection final : public DilemmaStrategy {
public:
    void reset(std::uint64_t) override {}
    parley::worlds::DilemmaMove choose(std::span<const parley::worlds::IpdView> history,
                                       const parley::worlds::IpdPayoffs&) override {
        return history.size() % 3 == 2 ? parley::worlds::DilemmaMove::Defect : parley::worlds::DilemmaMove::Cooperate;
    }
};

FrameworkInfo altruist() {
    FrameworkInfo info;
    info.name = kName;
    info.description = "altruist: gives the others whatever they ask";
    info.make = [](const FrameworkParameters& given) -> std::unique_ptr<ValueFramework> {
        if (!given.empty())
            throw std::invalid_argument("altruist takes no parameter, not '" + given.begin()->first + "'");
        return std::make_unique<Altruist>();
    };
    info.welfare = {"the sum of the others' utilities", &others_welfare};
    DilemmaStrategyInfo ipd;
    ipd.name = kName;
    ipd.description = "cooperates, but defects in every third round";
    ipd.make = [](const FrameworkParameters&) -> std::unique_ptr<DilemmaStrategy> {
        return std::make_unique<EveryThirdDefection>();
    };
    info.games.push_back(parley::agents::ipd_strategy(std::move(ipd)));
    return info;
}

// Registers it once per process, whichever test comes first.
void register_altruist() {
    static const bool registered = [] {
        FrameworkRegistry::global().add(altruist());
        return true;
    }();
    (void)registered;
}

}  // namespace

TEST_CASE("a framework registered at run time is found like the built-in ones") {
    register_altruist();
    const auto* info = FrameworkRegistry::builtin().find(kName);
    REQUIRE(info != nullptr);
    CHECK(info->description == "altruist: gives the others whatever they ask");
    CHECK(FrameworkRegistry::builtin().welfare_lookup()(kName) == &info->welfare);
    bool listed = false;
    for (const auto* framework : FrameworkRegistry::builtin().list()) listed = listed || framework->name == kName;
    CHECK(listed);
    // Its policy is in the game registry, under its name; it has none for the other games.
    const GameStrategyRegistry& games = GameStrategyRegistry::builtin();
    REQUIRE(games.find("ipd", kName) != nullptr);
    CHECK(games.find("ipd", kName)->description == "cooperates, but defects in every third round");
    bool in_list = false;
    for (const auto* strategy : games.list("ipd")) in_list = in_list || strategy->name == kName;
    CHECK(in_list);
    CHECK(games.find("commons", kName) == nullptr);
    CHECK_THROWS_AS(games.make("commons", kName), std::invalid_argument);
}

// A name taken, a missing welfare score, a policy for no game, two for one game,
// or one named as a classic strategy of its game.
TEST_CASE("registration refuses an inconsistent framework") {
    register_altruist();
    CHECK_THROWS_AS(FrameworkRegistry::global().add(altruist()), std::invalid_argument);
    FrameworkInfo unscored = altruist();
    unscored.name = "unscored";
    unscored.welfare.score = nullptr;
    CHECK_THROWS_AS(FrameworkRegistry::global().add(unscored), std::invalid_argument);
    FrameworkInfo impostor = altruist();
    impostor.name = "tit_for_tat";
    CHECK_THROWS_AS(FrameworkRegistry::global().add(impostor), std::invalid_argument);
    FrameworkInfo twice = altruist();
    twice.name = "twice";
    twice.games.push_back(twice.games.front());
    CHECK_THROWS_AS(FrameworkRegistry::global().add(twice), std::invalid_argument);
    FrameworkInfo lost = altruist();
    lost.name = "lost";
    lost.games.front().world = "no_such_game";
    CHECK_THROWS_AS(FrameworkRegistry::global().add(lost), std::invalid_argument);
    CHECK(FrameworkRegistry::builtin().find("lost") == nullptr);
    CHECK(FrameworkRegistry::builtin().find("unscored") == nullptr);
    CHECK(FrameworkRegistry::builtin().find("tit_for_tat") == nullptr);
    CHECK(FrameworkRegistry::builtin().find("twice") == nullptr);
}

TEST_CASE("it negotiates through a mechanism, and the metrics score it by its own welfare") {
    register_altruist();
    const auto domain = split_domain(10);
    auto selfish = make_framework("selfish");
    auto giver = make_framework(kName);
    selfish->begin(setup_for(domain, 0, true));
    giver->begin(setup_for(domain, 1, true));
    const Episode episode = play("saop", domain, {selfish.get(), giver.get()}, 50);
    for (const auto& problem : episode.problems) FAIL_CHECK(problem);
    REQUIRE(episode.outcome.reason == parley::worlds::EndReason::Agreement);

    std::vector<parley::worlds::LinearAdditiveProfile> profiles;
    for (const auto& profile : domain.profiles) profiles.push_back(*profile);
    const parley::worlds::DomainMetrics metrics_domain(*domain.space, profiles);
    const std::vector<std::string> frameworks{"selfish", kName};
    const auto metrics = parley::worlds::episode_metrics(
        metrics_domain, frameworks, FrameworkRegistry::builtin().welfare_lookup(), episode.outcome);
    // The others' utility, from 0 (everything to itself, or no deal) to 1: what party 0 got.
    REQUIRE(metrics.parties[1].satisfaction.has_value());
    CHECK(*metrics.parties[1].satisfaction == doctest::Approx(metrics.parties[0].utility));
    CHECK(metrics.parties[0].utility > 0.5);  // a selfish party facing a giver does well
}

TEST_CASE("it plays the iterated prisoner's dilemma through the game registry") {
    register_altruist();
    parley::worlds::GameSettings settings;
    settings.players = 2;
    settings.rounds = 9;
    const std::vector<parley::worlds::GameChooser> players{
        parley::agents::game_chooser(GameStrategyRegistry::builtin(), "ipd", kName, {}, 1),
        parley::agents::game_chooser(GameStrategyRegistry::builtin(), "ipd", "tit_for_tat", {}, 2)};
    const auto result = parley::worlds::play_game("ipd", settings, players);
    REQUIRE(result.reason == parley::worlds::GameEndReason::Completed);
    std::string own;
    std::string other;
    for (const auto& round : result.history) {
        own += parley::worlds::dilemma_move_letter(parley::worlds::realised_move(round, 0));
        other += parley::worlds::dilemma_move_letter(parley::worlds::realised_move(round, 1));
    }
    CHECK(own == "CCDCCDCCD");
    CHECK(other == "CCCDCCDCC");  // tit for tat answers each defection
}
