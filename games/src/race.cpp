// The race: labs split effort between capability and safety, negotiate
// non-binding pacts, and risk a shared catastrophe, as defined in race.hpp.

#include <parley/games/ipd.hpp>
#include <parley/games/race.hpp>
#include <parley/core/determinism.hpp>

#include <algorithm>
#include <cmath>
#include <memory>
#include <random>
#include <stdexcept>
#include <string>
#include <utility>

namespace parley::worlds {
namespace {

constexpr std::uint64_t kCatastropheStream = 0;
constexpr double kTolerance = 1e-9;
constexpr double kMaxPactRounds = 10.0;

double invested_share(const GameRound& round, PartyIndex player) {
    return round.stage(kRaceInvest)->moves[player][0];
}

// "player 2" or "players 0, 1 and 3".
std::string players_text(const std::vector<PartyIndex>& players) {
    if (players.size() == 1) return "player " + std::to_string(players[0]);
    std::string text = "players ";
    for (std::size_t k = 0; k < players.size(); ++k) {
        if (k > 0) text += k + 1 == players.size() ? " and " : ", ";
        text += std::to_string(players[k]);
    }
    return text;
}

class RaceGame final : public RepeatedGame {
public:
    explicit RaceGame(GameSettings settings)
        : RepeatedGame(std::move(settings)),
          pact_rounds_(static_cast<std::size_t>(this->settings().parameters.at("pact_rounds"))),
          capability_rate_(this->settings().parameters.at("capability_rate")),
          safety_rate_(this->settings().parameters.at("safety_rate")),
          threshold_(this->settings().parameters.at("threshold")),
          hazard_(this->settings().parameters.at("hazard")),
          prize_(this->settings().parameters.at("prize")),
          catastrophe_cost_(this->settings().parameters.at("catastrophe_cost")),
          capability_(this->settings().players, 0.0),
          safety_(this->settings().players, 0.0),
          engine_(core::derive_seed(this->settings().seed, kCatastropheStream)) {}

    std::string_view name() const override { return "race"; }

protected:
    std::vector<StageSpec> stages() const override {
        std::vector<StageSpec> stages(pact_rounds_, StageSpec{std::string(kRaceTalk), 1, 0.0, 1.0});
        stages.push_back({std::string(kRaceInvest), 1, 0.0, 1.0});
        return stages;
    }

    std::optional<GameEnding> settle(GameRound& round) override {
        const std::uint32_t played = static_cast<std::uint32_t>(history().size());
        invest(round);
        const double chance = hazard_now();
        hazards_.push_back(chance);
        // One draw every round, whatever the probability, so a seed's draws line up.
        if (draw_chance(engine_, chance)) {
            catastrophe_ = true;
            for (double& payoff : round.payoffs) payoff = -catastrophe_cost_;
            return GameEnding{GameEndReason::Catastrophe, "a catastrophe struck in round " + std::to_string(played)};
        }
        return award_prize(round, played);
    }

    bool cooperated(const GameRound& round, PartyIndex player) const override {
        return race_cooperated(round, player, hazard_neutral_share(capability_rate_, safety_rate_));
    }

    NamedNumbers game_metrics(std::span<const GameRound> history) const override {
        const std::size_t n = settings().players;
        std::size_t pacts = 0;
        std::size_t bound = 0;  // lab-rounds under a pact
        std::size_t kept = 0;
        double shares = 0.0;
        double survival = 1.0;
        for (const GameRound& round : history) {
            const double pact = race_pact(round.stages);
            if (pact > 0.0) ++pacts;
            for (PartyIndex i = 0; i < n; ++i) {
                const double share = invested_share(round, i);
                shares += share;
                if (pact > 0.0) {
                    ++bound;
                    if (share >= pact - kTolerance) ++kept;
                }
            }
        }
        for (double chance : hazards_) survival *= 1.0 - chance;  // one per settled round
        const double rounds = static_cast<double>(history.size());
        return {
            {"pact_rate", history.empty() ? 0.0 : static_cast<double>(pacts) / rounds},
            {"pact_compliance", bound == 0 ? 1.0 : static_cast<double>(kept) / static_cast<double>(bound)},
            {"catastrophe", catastrophe_ ? 1.0 : 0.0},
            {"catastrophe_risk", 1.0 - survival},
            {"winners", static_cast<double>(winners_)},
            {"mean_safety_share", history.empty() ? 0.0 : shares / (rounds * static_cast<double>(n))},
        };
    }

private:
    // Adds each lab's capability and safety of this round; received = capability.
    void invest(GameRound& round) {
        for (PartyIndex i = 0; i < settings().players; ++i) {
            const double share = invested_share(round, i);
            capability_[i] += (1.0 - share) * capability_rate_;
            safety_[i] += share * safety_rate_;
            round.received[i] = capability_[i];
        }
    }

    double hazard_now() const {
        double capability_total = 0.0;
        double safety_total = 0.0;
        for (PartyIndex i = 0; i < settings().players; ++i) {
            capability_total += capability_[i];
            safety_total += safety_[i];
        }
        return race_hazard(capability_total, safety_total, settings().players, threshold_, hazard_);
    }

    // The labs at the threshold split the prize and end the game.
    std::optional<GameEnding> award_prize(GameRound& round, std::uint32_t played) {
        std::vector<PartyIndex> reached;
        for (PartyIndex i = 0; i < settings().players; ++i) {
            if (capability_[i] >= threshold_ * (1.0 - kTolerance)) reached.push_back(i);
        }
        if (reached.empty()) return std::nullopt;
        winners_ = reached.size();
        for (PartyIndex i : reached) round.payoffs[i] = prize_ / static_cast<double>(reached.size());
        const std::string outcome = reached.size() == 1 ? " and took the prize" : " and split the prize";
        return GameEnding{GameEndReason::Completed, players_text(reached) +
                                                        " reached the capability threshold in round " +
                                                        std::to_string(played) + outcome};
    }

    std::size_t pact_rounds_;
    double capability_rate_;
    double safety_rate_;
    double threshold_;
    double hazard_;
    double prize_;
    double catastrophe_cost_;
    std::vector<double> capability_;
    std::vector<double> safety_;
    std::vector<double> hazards_;  // the probability of a catastrophe in each settled round
    bool catastrophe_ = false;
    std::size_t winners_ = 0;
    std::mt19937_64 engine_;
};

}  // namespace

double hazard_neutral_share(double capability_rate, double safety_rate) {
    return capability_rate / (capability_rate + safety_rate);
}

double race_pact(std::span<const StageMoves> stages) {
    for (auto stage = stages.rbegin(); stage != stages.rend(); ++stage) {
        if (stage->name != kRaceTalk) continue;
        double least = 1.0;
        for (const std::vector<double>& proposal : stage->moves) least = std::min(least, proposal[0]);
        return least;
    }
    return 0.0;
}

bool race_cooperated(const GameRound& round, PartyIndex player, double neutral_share) {
    const double pact = race_pact(round.stages);
    const double floor = pact > 0.0 ? pact : neutral_share;
    return invested_share(round, player) >= floor - kTolerance;
}

double race_hazard(double capability_total, double safety_total, std::size_t players, double threshold,
                   double hazard) {
    const double unmatched = std::max(0.0, capability_total - safety_total);
    return std::clamp(hazard * unmatched / (static_cast<double>(players) * threshold), 0.0, 1.0);
}

GameInfo race_info() {
    GameInfo info;
    info.name = "race";
    info.description =
        "labs split effort between capability and safety; the first to a threshold takes a prize; unmatched "
        "capability risks a catastrophe for all; labs may negotiate a non-binding safety pact first";
    info.parameters = {
        {"pact_rounds", 2.0, 0.0, kMaxPactRounds,
         "talk stages per round in which labs propose a safety floor (a whole number; 0: no talk, no pact)"},
        {"capability_rate", 1.0, 0.001, 1e6, "the capability a lab gains per round from a full effort"},
        {"safety_rate", 1.0, 0.0, 1e6, "the safety a lab gains per round from a full effort"},
        {"threshold", 10.0, 0.001, 1e9, "the capability that wins the prize"},
        {"hazard", 0.25, 0.0, 1.0,
         "the catastrophe probability per round when unmatched capability per lab equals the threshold"},
        {"prize", 100.0, 0.0, 1e9, "what the first lab(s) to the threshold share"},
        {"catastrophe_cost", 40.0, 0.0, 1e9, "what a catastrophe costs every lab"},
    };
    info.stages = {
        {std::string(kRaceTalk), "propose a safety floor (repeated pact_rounds times; the pact is the least proposal)"},
        {std::string(kRaceInvest), "the share of effort put into safety, the rest into capability"},
    };
    info.metrics = {
        {"pact_rate", "the share of rounds in which a pact formed", "pact_rate"},
        {"pact_compliance", "the share of lab-rounds under a pact in which the lab kept it", "pact_compliance"},
        {"catastrophe", "1 if the game ended in a catastrophe, else 0", ""},
        {"catastrophe_risk", "the probability that the moves as played would end in a catastrophe", ""},
        {"winners", "the number of labs that won the prize", ""},
        {"mean_safety_share", "the mean safety share over labs and rounds", ""},
    };
    info.check = [](const GameSettings& settings) {
        const double pact_rounds = settings.parameters.at("pact_rounds");
        if (pact_rounds != std::floor(pact_rounds)) {
            throw std::invalid_argument("race: parameter pact_rounds must be a whole number, not " +
                                        std::to_string(pact_rounds));
        }
    };
    info.make = [](GameSettings settings) -> std::unique_ptr<RepeatedGame> {
        return std::make_unique<RaceGame>(std::move(settings));
    };
    return info;
}

}  // namespace parley::worlds
