// The public goods game with optional cheap talk and costly punishment, as
// defined in public_goods.hpp.

#include <parley/games/public_goods.hpp>

#include <memory>
#include <stdexcept>
#include <string>
#include <utility>

namespace parley::worlds {
namespace {

class PublicGoodsGame final : public RepeatedGame {
public:
    explicit PublicGoodsGame(GameSettings settings)
        : RepeatedGame(std::move(settings)),
          endowment_(this->settings().parameters.at("endowment")),
          multiplier_(this->settings().parameters.at("multiplier")),
          talk_(this->settings().parameters.at("talk") == 1.0),
          punishment_(this->settings().parameters.at("punishment") == 1.0),
          cost_(this->settings().parameters.at("punish_cost")),
          fine_(this->settings().parameters.at("punish_fine")),
          max_points_(this->settings().parameters.at("max_points")) {}

    std::string_view name() const override { return "public_goods"; }

protected:
    std::vector<StageSpec> stages() const override {
        std::vector<StageSpec> stages;
        if (talk_) stages.push_back({std::string(kPublicGoodsTalk), 1, 0.0, endowment_});
        stages.push_back({std::string(kPublicGoodsContribute), 1, 0.0, endowment_});
        if (punishment_) {
            stages.push_back({std::string(kPublicGoodsPunish), settings().players, 0.0, max_points_, false, true});
        }
        return stages;
    }

    std::optional<GameEnding> settle(GameRound& round) override {
        const std::size_t n = settings().players;
        const StageMoves& contributions = *round.stage(kPublicGoodsContribute);
        double pot = 0.0;
        for (const std::vector<double>& move : contributions.moves) pot += move[0];
        const double share = multiplier_ * pot / static_cast<double>(n);
        for (PartyIndex i = 0; i < n; ++i) {
            round.received[i] = share;
            round.payoffs[i] = endowment_ - contributions.moves[i][0] + share;
        }
        if (const StageMoves* punish = round.stage(kPublicGoodsPunish)) {
            for (PartyIndex i = 0; i < n; ++i) {
                for (PartyIndex j = 0; j < n; ++j) {
                    const double points = punish->moves[i][j];
                    round.payoffs[i] -= cost_ * points;
                    round.payoffs[j] -= fine_ * points;
                }
            }
        }
        return std::nullopt;
    }

    // Giving at least half the endowment.
    bool cooperated(const GameRound& round, PartyIndex player) const override {
        return round.stage(kPublicGoodsContribute)->moves[player][0] >= endowment_ / 2.0;
    }

    std::vector<double> cooperation_rates(std::span<const GameRound> history) const override {
        std::vector<double> rates(settings().players, 0.0);
        if (history.empty()) return rates;
        for (const GameRound& round : history) {
            const StageMoves& contributions = *round.stage(kPublicGoodsContribute);
            for (PartyIndex i = 0; i < rates.size(); ++i) rates[i] += contributions.moves[i][0];
        }
        for (double& rate : rates) rate /= endowment_ * static_cast<double>(history.size());
        return rates;
    }

private:
    double endowment_;
    double multiplier_;
    bool talk_;
    bool punishment_;
    double cost_;
    double fine_;
    double max_points_;
};

void require_flag(const GameSettings& settings, const std::string& name) {
    const double value = settings.parameters.at(name);
    if (value != 0.0 && value != 1.0) {
        throw std::invalid_argument("public_goods: parameter " + name + " must be 0 or 1, not " +
                                    std::to_string(value));
    }
}

}  // namespace

GameInfo public_goods_info() {
    GameInfo info;
    info.name = "public_goods";
    info.description =
        "N players contribute from an endowment; the pot is multiplied and shared equally; optional "
        "cheap talk before and costly punishment after";
    info.parameters = {
        {"endowment", 20.0, 0.001, 1e6, "E: what each player may contribute each round"},
        {"multiplier", 1.6, 1.0, 1e6, "r: the pot is multiplied by r and shared; 1 < r < N"},
        {"talk", 0.0, 0.0, 1.0, "1: a cheap-talk stage (announce an intended contribution) before contributing"},
        {"punishment", 0.0, 0.0, 1.0, "1: a punishment stage after contributing"},
        {"punish_cost", 1.0, 0.0, 1e6, "c: what one punishment point costs the punisher"},
        {"punish_fine", 3.0, 0.0, 1e6, "f: what one punishment point costs the punished"},
        {"max_points", 10.0, 0.0, 1e6, "the most points a player may assign to each other player in a round"},
    };
    info.stages = {
        {std::string(kPublicGoodsTalk), "announce an intended contribution (cheap talk: not binding)"},
        {std::string(kPublicGoodsContribute), "give part of the endowment to the common pot"},
        {std::string(kPublicGoodsPunish), "assign costly punishment points to each other player", true},
    };
    info.check = [](const GameSettings& settings) {
        const double r = settings.parameters.at("multiplier");
        if (!(r > 1.0 && r < static_cast<double>(settings.players))) {
            throw std::invalid_argument(
                "public_goods: multiplier must satisfy 1 < r < N (N = " + std::to_string(settings.players) + "), not " +
                std::to_string(r) + ": otherwise there is no dilemma");
        }
        require_flag(settings, "talk");
        require_flag(settings, "punishment");
    };
    info.make = [](GameSettings settings) -> std::unique_ptr<RepeatedGame> {
        return std::make_unique<PublicGoodsGame>(std::move(settings));
    };
    return info;
}

}  // namespace parley::worlds
