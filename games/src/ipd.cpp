// The iterated prisoner's dilemma as a repeated game: rules, noise, length
// and metrics, as defined in ipd.hpp.

#include <parley/games/ipd.hpp>
#include <parley/core/determinism.hpp>

#include <array>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>

namespace parley::worlds {
namespace {

// Streams of the game's seed: the length and the noise draw from their own
// engines, so one never shifts the other's draws.
constexpr std::uint64_t kLengthStream = 0;
constexpr std::uint64_t kNoiseStream = 1;

// Rounds played when, after each round, another follows with probability w.
std::uint32_t draw_length(const GameSettings& settings) {
    const double continuation = settings.parameters.at("continuation");
    if (continuation >= 1.0) return settings.rounds;
    std::mt19937_64 engine(core::derive_seed(settings.seed, kLengthStream));
    std::uint32_t length = 1;
    while (length < settings.rounds && draw_chance(engine, continuation)) ++length;
    return length;
}

// A player index from the caller, not input: a wrong one is a bug.
void require_player(PartyIndex player) {
    if (player > 1) throw std::out_of_range("ipd: player " + std::to_string(player) + " is not 0 or 1");
}

// The index of an outcome from player 0's side: CC 0, CD 1, DC 2, DD 3.
std::size_t outcome_index(const GameRound& round) {
    return (realised_move(round, 0) == DilemmaMove::Defect ? 2u : 0u) +
           (realised_move(round, 1) == DilemmaMove::Defect ? 1u : 0u);
}

class IpdGame final : public RepeatedGame {
public:
    explicit IpdGame(GameSettings settings)
        : RepeatedGame(std::move(settings)),
          payoffs_(ipd_payoffs(this->settings())),
          noise_(this->settings().parameters.at("noise")),
          length_(draw_length(this->settings())),
          noise_engine_(core::derive_seed(this->settings().seed, kNoiseStream)) {}

    std::string_view name() const override { return "ipd"; }

protected:
    std::vector<StageSpec> stages() const override { return {{std::string(kIpdChoose), 1, 0.0, 1.0, true}}; }

    std::uint32_t length() const override { return length_; }
    // What a player sent is private: the other learns only the realised move (received).
    bool reports_stages() const override { return false; }

    std::optional<GameEnding> settle(GameRound& round) override {
        const StageMoves& choices = *round.stage(kIpdChoose);
        std::array<DilemmaMove, 2> realised{};
        for (PartyIndex player = 0; player < 2; ++player) {
            const DilemmaMove intended = dilemma_move_of(choices.moves[player][0]);
            // Always one draw per move, whatever the noise, so a seed's draws line up.
            const bool flipped = draw_chance(noise_engine_, noise_);
            realised[player] = flipped ? opposite(intended) : intended;
            round.received[player] = dilemma_move_value(realised[player]);
        }
        for (PartyIndex player = 0; player < 2; ++player) {
            round.payoffs[player] = payoffs_.payoff(realised[player], realised[1 - player]);
        }
        return std::nullopt;
    }

    bool cooperated(const GameRound& round, PartyIndex player) const override {
        return realised_move(round, player) == DilemmaMove::Cooperate;
    }

    NamedNumbers game_metrics(std::span<const GameRound> history) const override {
        std::array<double, 4> outcomes{};  // CC, CD, DC, DD from player 0's side
        for (const GameRound& round : history) outcomes[outcome_index(round)] += 1.0;
        if (!history.empty()) {
            for (double& share : outcomes) share /= static_cast<double>(history.size());
        }
        return {{"cc_rate", outcomes[0]}, {"cd_rate", outcomes[1]}, {"dc_rate", outcomes[2]}, {"dd_rate", outcomes[3]}};
    }

private:
    IpdPayoffs payoffs_;
    double noise_;
    std::uint32_t length_;
    std::mt19937_64 noise_engine_;
};

void check_ipd(const GameSettings& settings) {
    if (settings.players != 2) {
        throw std::invalid_argument("ipd: the prisoner's dilemma has exactly 2 players, not " +
                                    std::to_string(settings.players));
    }
    if (!(settings.parameters.at("continuation") > 0.0)) {
        throw std::invalid_argument("ipd: continuation must be a probability in (0, 1], not 0: a game needs a round");
    }
}

}  // namespace

GameInfo ipd_info() {
    GameInfo info;
    info.name = "ipd";
    info.description =
        "the iterated prisoner's dilemma: 2 players cooperate (1) or defect (0) each round; optional noise and a "
        "random length";
    info.parameters = {
        {"reward", 3.0, -1e6, 1e6, "R: the payoff of mutual cooperation"},
        {"sucker", 0.0, -1e6, 1e6, "S: the payoff of cooperating against a defection"},
        {"temptation", 5.0, -1e6, 1e6, "T: the payoff of defecting against a cooperation"},
        {"punishment", 1.0, -1e6, 1e6, "P: the payoff of mutual defection"},
        {"noise", 0.0, 0.0, 0.5, "the probability that each move is flipped"},
        {"continuation", 1.0, 0.0, 1.0,
         "w in (0, 1]: another round follows each round with probability w (1: exactly `rounds` rounds; below 1: "
         "a geometric length with mean 1/(1-w), capped at `rounds`)"},
    };
    info.stages = {{std::string(kIpdChoose), "cooperate (1) or defect (0)"}};
    info.metrics = {
        {"cc_rate", "the share of rounds in which both cooperated (realised moves)", "cc_rate"},
        {"cd_rate", "the share of rounds in which player 0 cooperated and player 1 defected", "cd_rate"},
        {"dc_rate", "the share of rounds in which player 0 defected and player 1 cooperated", ""},
        {"dd_rate", "the share of rounds in which both defected", ""},
    };
    info.check = check_ipd;
    info.make = [](GameSettings settings) -> std::unique_ptr<RepeatedGame> {
        return std::make_unique<IpdGame>(std::move(settings));
    };
    return info;
}

std::string_view dilemma_move_letter(DilemmaMove move) { return move == DilemmaMove::Cooperate ? "C" : "D"; }

DilemmaMove opposite(DilemmaMove move) {
    return move == DilemmaMove::Cooperate ? DilemmaMove::Defect : DilemmaMove::Cooperate;
}

double dilemma_move_value(DilemmaMove move) { return move == DilemmaMove::Cooperate ? 1.0 : 0.0; }

DilemmaMove dilemma_move_of(double value) { return value == 1.0 ? DilemmaMove::Cooperate : DilemmaMove::Defect; }

bool draw_chance(std::mt19937_64& engine, double probability) { return core::portable::unit_draw(engine) < probability; }

double IpdPayoffs::payoff(DilemmaMove mine, DilemmaMove other) const {
    if (mine == DilemmaMove::Cooperate) return other == DilemmaMove::Cooperate ? reward : sucker;
    return other == DilemmaMove::Cooperate ? temptation : punishment;
}

bool IpdPayoffs::is_prisoners_dilemma() const {
    return temptation > reward && reward > punishment && punishment > sucker && 2.0 * reward > temptation + sucker;
}

IpdPayoffs ipd_payoffs(const GameSettings& settings) {
    IpdPayoffs payoffs;
    const auto read = [&settings](const char* name, double& value) {
        const auto found = settings.parameters.find(name);
        if (found != settings.parameters.end()) value = found->second;
    };
    read("reward", payoffs.reward);
    read("sucker", payoffs.sucker);
    read("temptation", payoffs.temptation);
    read("punishment", payoffs.punishment);
    return payoffs;
}

DilemmaMove intended_move(const GameRound& round, PartyIndex player) {
    require_player(player);
    const StageMoves* choices = round.stage(kIpdChoose);
    if (!choices || choices->moves.size() != 2 || choices->moves[player].size() != 1) {
        throw std::out_of_range("ipd: the round has no choice of player " + std::to_string(player));
    }
    return dilemma_move_of(choices->moves[player][0]);
}

DilemmaMove realised_move(const GameRound& round, PartyIndex player) {
    require_player(player);
    if (round.received.size() != 2) throw std::out_of_range("ipd: the round is not a settled ipd round");
    return dilemma_move_of(round.received[player]);
}

IpdView ipd_view(const GameRound& round, PartyIndex player) {
    require_player(player);
    if (round.payoffs.size() != 2) throw std::out_of_range("ipd: the round is not a settled ipd round");
    return {realised_move(round, player), realised_move(round, 1 - player), round.payoffs[player]};
}

std::vector<IpdView> ipd_history(std::span<const GameRound> rounds, PartyIndex player) {
    std::vector<IpdView> views;
    views.reserve(rounds.size());
    for (const GameRound& round : rounds) views.push_back(ipd_view(round, player));
    return views;
}

std::vector<IpdView> ipd_history(const GameView& view) { return ipd_history(view.history, view.self); }

}  // namespace parley::worlds
