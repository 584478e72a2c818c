// The commons: a renewable resource with logistic regrowth, proportional
// rationing and collapse, as defined in commons.hpp.

#include <parley/games/commons.hpp>
#include <parley/games/ipd.hpp>
#include <parley/core/determinism.hpp>

#include <cmath>
#include <memory>
#include <random>
#include <stdexcept>
#include <string>
#include <utility>

namespace parley::worlds {
namespace {

constexpr std::uint64_t kShockStream = 0;
constexpr double kTolerance = 1e-9;

class CommonsGame final : public RepeatedGame {
public:
    explicit CommonsGame(GameSettings settings)
        : RepeatedGame(std::move(settings)),
          stock_(this->settings().parameters.at("stock")),
          capacity_(this->settings().parameters.at("capacity")),
          growth_(this->settings().parameters.at("growth")),
          max_harvest_(this->settings().parameters.at("max_harvest")),
          collapse_(this->settings().parameters.at("collapse")),
          shock_(this->settings().parameters.at("shock")),
          engine_(core::derive_seed(this->settings().seed, kShockStream)) {}

    std::string_view name() const override { return "commons"; }
    NamedNumbers state() const override { return {{std::string(kCommonsStock), stock_}}; }

protected:
    std::vector<StageSpec> stages() const override { return {{std::string(kCommonsHarvest), 1, 0.0, max_harvest_}}; }

    std::optional<GameEnding> settle(GameRound& round) override {
        const std::size_t n = settings().players;
        const StageMoves& requests = *round.stage(kCommonsHarvest);
        const double before = stock_;
        double asked = 0.0;
        for (const std::vector<double>& move : requests.moves) asked += move[0];
        double taken = 0.0;
        for (PartyIndex i = 0; i < n; ++i) {
            const double request = requests.moves[i][0];
            const double got = asked <= stock_ ? request : request * stock_ / asked;
            round.received[i] = got;
            round.payoffs[i] = got;
            taken += got;
        }
        double left = asked <= stock_ ? stock_ - taken : 0.0;
        if (left < 0.0) left = 0.0;
        // One draw every round, whatever the probability, so a seed's draws line up.
        const bool shocked = draw_chance(engine_, shock_);
        if (left < collapse_) {
            stock_ = 0.0;
            round.numbers = {{std::string(kCommonsStockBefore), before}, {std::string(kCommonsStockAfter), 0.0}};
            return GameEnding{GameEndReason::Collapsed, "the resource collapsed in round " + std::to_string(history().size())};
        }
        stock_ = shocked ? left : logistic_regrowth(left, capacity_, growth_);
        round.numbers = {{std::string(kCommonsStockBefore), before}, {std::string(kCommonsStockAfter), stock_}};
        return std::nullopt;
    }

    bool cooperated(const GameRound& round, PartyIndex player) const override {
        // The share that, asked by every player, keeps the stock where it was.
        const double share = stock_keeping_harvest(round.number(kCommonsStockBefore), capacity_, growth_) /
                             static_cast<double>(settings().players);
        return round.stage(kCommonsHarvest)->moves[player][0] <= share + kTolerance;
    }

    NamedNumbers game_metrics(std::span<const GameRound> history) const override {
        (void)history;  // the stock now says it all
        return {{std::string(kCommonsResourceLeft), stock_ / capacity_}};
    }

private:
    double stock_;
    double capacity_;
    double growth_;
    double max_harvest_;
    double collapse_;
    double shock_;
    std::mt19937_64 engine_;
};

}  // namespace

double logistic_regrowth(double stock, double capacity, double growth) {
    return stock + growth * stock * (1.0 - stock / capacity);
}

double sustainable_share(double stock, double capacity, double growth, std::size_t players) {
    const double regrowth = growth * stock * (1.0 - stock / capacity);
    return regrowth > 0.0 ? regrowth / static_cast<double>(players) : 0.0;
}

double stock_keeping_harvest(double stock, double capacity, double growth) {
    if (!(stock > 0.0) || !(growth > 0.0) || !(capacity > 0.0)) return 0.0;
    // (growth / capacity) x^2 - (1 + growth) x + stock = 0, the smaller root,
    // as 2 stock / (b + sqrt(b^2 - 4 a stock)) to avoid cancellation.
    const double a = growth / capacity;
    const double b = 1.0 + growth;
    const double discriminant = b * b - 4.0 * a * stock;
    if (discriminant < 0.0) return 0.0;  // stock above what any remainder regrows to
    const double kept = 2.0 * stock / (b + std::sqrt(discriminant));
    const double harvest = stock - kept;
    return harvest > 0.0 ? harvest : 0.0;
}

GameInfo commons_info() {
    GameInfo info;
    info.name = "commons";
    info.description =
        "a renewable resource with logistic regrowth; each round every player asks for a harvest; "
        "the resource collapses below a threshold";
    info.parameters = {
        {"stock", 50.0, 0.0, 1e9, "S0: the initial stock, collapse <= S0 <= capacity"},
        {"capacity", 100.0, 0.001, 1e9, "K: the carrying capacity of the logistic regrowth"},
        {"growth", 0.5, 0.0, 1.0, "g: the growth rate of the logistic regrowth, in (0, 1]"},
        {"max_harvest", 10.0, 0.0, 1e9, "the most a player may ask for in a round"},
        {"collapse", 5.0, 0.0, 1e9, "the collapse threshold: a stock below it after a harvest has collapsed"},
        {"shock", 0.0, 0.0, 1.0, "the probability that the regrowth fails in a round"},
    };
    info.stages = {{std::string(kCommonsHarvest), "ask for an amount of the resource"}};
    info.state = {{std::string(kCommonsStock), "the stock now"}};
    info.round_numbers = {
        {std::string(kCommonsStockBefore), "the stock at the start of the round"},
        {std::string(kCommonsStockAfter), "the stock after harvest and regrowth (0 after a collapse)"},
    };
    info.metrics = {{std::string(kCommonsResourceLeft), "the final stock / capacity", "resource left"}};
    info.check = [](const GameSettings& settings) {
        const auto& p = settings.parameters;
        if (!(p.at("growth") > 0.0)) throw std::invalid_argument("commons: growth must be in (0, 1], not 0");
        if (!(p.at("collapse") < p.at("capacity"))) {
            throw std::invalid_argument("commons: the collapse threshold must be below the capacity");
        }
        if (!(p.at("stock") >= p.at("collapse") && p.at("stock") <= p.at("capacity"))) {
            throw std::invalid_argument("commons: the initial stock must be in [collapse, capacity]");
        }
    };
    info.make = [](GameSettings settings) -> std::unique_ptr<RepeatedGame> {
        return std::make_unique<CommonsGame>(std::move(settings));
    };
    return info;
}

}  // namespace parley::worlds
