// Population dynamics over a payoff matrix: discrete replicator dynamics and a
// Moran process, with focal and background strategies (see tournament.hpp).

#include <parley/core/determinism.hpp>
#include <parley/games/tournament.hpp>

#include <algorithm>
#include <cmath>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

namespace parley::worlds {
namespace {

using Matrix = std::vector<std::vector<double>>;

void check_matrix(const Matrix& payoffs, std::size_t strategies, const char* what) {
    if (strategies == 0) throw std::invalid_argument(std::string(what) + ": needs at least one strategy");
    if (payoffs.size() != strategies) {
        throw std::invalid_argument(std::string(what) + ": the payoff matrix has " + std::to_string(payoffs.size()) +
                                    " rows for " + std::to_string(strategies) + " strategies");
    }
    for (const auto& row : payoffs) {
        if (row.size() != strategies) throw std::invalid_argument(std::string(what) + ": the payoff matrix is not square");
        for (double value : row) {
            if (!std::isfinite(value)) throw std::invalid_argument(std::string(what) + ": a payoff is not finite");
        }
    }
}

PayoffCells empty_cells(std::size_t strategies) {
    return PayoffCells(strategies, std::vector<bool>(strategies, false));
}

// A process must not read a payoff nobody measured: the 0 of a pair that never
// met would pass for a payoff and change the outcome silently.
void check_measured(const PayoffCells& read, const PayoffCells& measured, const char* what) {
    if (measured.empty()) return;
    const auto missing = missing_cells(read, measured);
    if (missing.empty()) return;
    const auto [i, j] = missing.front();
    throw std::invalid_argument(std::string(what) + ": the payoff of strategy " + std::to_string(i) +
                                " against strategy " + std::to_string(j) + " was never measured (" +
                                std::to_string(missing.size()) +
                                " cells the process reads are missing); play every pair it needs, itself included");
}

std::vector<PopulationRole> roles_or_all_focal(const std::vector<PopulationRole>& roles, std::size_t strategies,
                                               const char* what) {
    if (roles.empty()) return std::vector<PopulationRole>(strategies, PopulationRole::Focal);
    if (roles.size() != strategies) {
        throw std::invalid_argument(std::string(what) + ": " + std::to_string(roles.size()) + " roles for " +
                                    std::to_string(strategies) + " strategies");
    }
    return roles;
}

// The focal strategy present when it is the only focal one present.
std::optional<std::size_t> sole_focal(const std::vector<double>& amounts, const std::vector<PopulationRole>& roles) {
    std::optional<std::size_t> present;
    for (std::size_t i = 0; i < amounts.size(); ++i) {
        if (roles[i] != PopulationRole::Focal || amounts[i] <= 0.0) continue;
        if (present) return std::nullopt;
        present = i;
    }
    return present;
}

std::vector<double> replicator_step(const Matrix& payoffs, const std::vector<double>& shares,
                                    const std::vector<PopulationRole>& roles) {
    const std::size_t n = shares.size();
    std::vector<double> fitness(n, 0.0);
    for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t j = 0; j < n; ++j) fitness[i] += payoffs[i][j] * shares[j];
    }
    double focal_share = 0.0;
    double focal_weighted = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
        if (roles[i] != PopulationRole::Focal || shares[i] <= 0.0) continue;
        if (!(fitness[i] > 0.0)) {
            throw std::invalid_argument("replicator dynamics: strategy " + std::to_string(i) +
                                        " has a fitness that is not positive; shift the payoffs by a constant");
        }
        focal_share += shares[i];
        focal_weighted += shares[i] * fitness[i];
    }
    std::vector<double> next = shares;
    if (focal_share <= 0.0) return next;
    const double mean_focal_fitness = focal_weighted / focal_share;
    for (std::size_t i = 0; i < n; ++i) {
        if (roles[i] == PopulationRole::Focal) next[i] = shares[i] * fitness[i] / mean_focal_fitness;
    }
    return next;
}

// The index whose cumulative weight first exceeds a uniform draw in [0, total).
std::size_t draw_weighted(std::mt19937_64& engine, const std::vector<double>& weights) {
    double total = 0.0;
    for (double weight : weights) total += weight;
    const double target = core::portable::unit_draw(engine) * total;
    double cumulative = 0.0;
    std::size_t last_positive = 0;
    for (std::size_t i = 0; i < weights.size(); ++i) {
        if (weights[i] <= 0.0) continue;
        cumulative += weights[i];
        last_positive = i;
        if (target < cumulative) return i;
    }
    return last_positive;  // rounding at the very top
}

std::vector<double> shares_of(const std::vector<std::size_t>& counts, std::size_t population) {
    std::vector<double> shares;
    for (std::size_t count : counts) shares.push_back(static_cast<double>(count) / static_cast<double>(population));
    return shares;
}

class MoranPopulation {
public:
    MoranPopulation(const MoranSettings& settings, std::vector<PopulationRole> roles)
        : settings_(settings), roles_(std::move(roles)), counts_(settings.counts), engine_(settings.seed) {
        for (std::size_t count : counts_) population_ += count;
        for (std::size_t i = 0; i < counts_.size(); ++i) {
            if (roles_[i] == PopulationRole::Focal) focal_population_ += counts_[i];
        }
    }

    std::size_t focal_population() const { return focal_population_; }
    std::size_t population() const { return population_; }
    const std::vector<std::size_t>& counts() const { return counts_; }

    // One birth and one death among the focal individuals.
    void step() {
        const std::size_t parent = draw_weighted(engine_, reproduction_weights());
        const std::size_t dying = individual_strategy(core::portable::index_draw(engine_, focal_population_));
        --counts_[dying];
        ++counts_[parent];
    }

private:
    // Fitness of one individual of each focal strategy times its count.
    std::vector<double> reproduction_weights() const {
        const std::size_t n = counts_.size();
        std::vector<double> weights(n, 0.0);
        for (std::size_t i = 0; i < n; ++i) {
            if (roles_[i] != PopulationRole::Focal || counts_[i] == 0) continue;
            double payoff_sum = -settings_.payoffs[i][i];  // it does not meet itself
            for (std::size_t j = 0; j < n; ++j) payoff_sum += settings_.payoffs[i][j] * static_cast<double>(counts_[j]);
            const double payoff = payoff_sum / static_cast<double>(population_ - 1);
            const double fitness = 1.0 - settings_.selection + settings_.selection * payoff;
            if (fitness < 0.0) {
                throw std::invalid_argument("moran process: strategy " + std::to_string(i) +
                                            " has a negative fitness; lower the selection or shift the payoffs");
            }
            weights[i] = fitness * static_cast<double>(counts_[i]);
        }
        double total = 0.0;
        for (double weight : weights) total += weight;
        if (total <= 0.0) {  // every fitness 0: birth uniform over the focal individuals
            for (std::size_t i = 0; i < n; ++i) {
                weights[i] = roles_[i] == PopulationRole::Focal ? static_cast<double>(counts_[i]) : 0.0;
            }
        }
        return weights;
    }

    // The strategy of the `index`-th focal individual (in strategy order).
    std::size_t individual_strategy(std::uint64_t index) const {
        for (std::size_t i = 0; i < counts_.size(); ++i) {
            if (roles_[i] != PopulationRole::Focal) continue;
            if (index < counts_[i]) return i;
            index -= counts_[i];
        }
        throw std::logic_error("moran process: an individual beyond the focal population");
    }

    const MoranSettings& settings_;
    std::vector<PopulationRole> roles_;
    std::vector<std::size_t> counts_;
    std::mt19937_64 engine_;
    std::size_t population_ = 0;
    std::size_t focal_population_ = 0;
};

std::vector<double> as_amounts(const std::vector<std::size_t>& counts) {
    std::vector<double> amounts;
    for (std::size_t count : counts) amounts.push_back(static_cast<double>(count));
    return amounts;
}

}  // namespace

PayoffCells measured_cells(std::size_t strategies, const std::vector<std::vector<std::size_t>>& matches) {
    PayoffCells measured = empty_cells(strategies);
    for (const auto& players : matches) {
        for (std::size_t entrant : players) {
            if (entrant >= strategies) {
                throw std::invalid_argument("measured cells: entrant " + std::to_string(entrant) + " of " +
                                            std::to_string(strategies) + " strategies");
            }
        }
        for (std::size_t a = 0; a < players.size(); ++a) {
            for (std::size_t b = 0; b < players.size(); ++b) {
                if (a != b) measured[players[a]][players[b]] = true;
            }
        }
    }
    return measured;
}

PayoffCells replicator_cells_read(const std::vector<double>& shares, const std::vector<PopulationRole>& roles) {
    const std::size_t n = shares.size();
    const auto all_roles = roles_or_all_focal(roles, n, "replicator dynamics");
    PayoffCells read = empty_cells(n);
    for (std::size_t i = 0; i < n; ++i) {
        if (all_roles[i] != PopulationRole::Focal || !(shares[i] > 0.0)) continue;
        for (std::size_t j = 0; j < n; ++j) read[i][j] = shares[j] > 0.0;
    }
    return read;
}

PayoffCells moran_cells_read(const std::vector<std::size_t>& counts, const std::vector<PopulationRole>& roles) {
    const std::size_t n = counts.size();
    const auto all_roles = roles_or_all_focal(roles, n, "moran process");
    std::size_t focal_population = 0;
    for (std::size_t i = 0; i < n; ++i) {
        if (all_roles[i] == PopulationRole::Focal) focal_population += counts[i];
    }
    PayoffCells read = empty_cells(n);
    for (std::size_t i = 0; i < n; ++i) {
        if (all_roles[i] != PopulationRole::Focal || counts[i] == 0) continue;
        for (std::size_t j = 0; j < n; ++j) read[i][j] = j == i ? focal_population >= 2 : counts[j] > 0;
    }
    return read;
}

std::vector<std::pair<std::size_t, std::size_t>> missing_cells(const PayoffCells& read, const PayoffCells& measured) {
    const std::size_t n = read.size();
    const auto square = [n](const PayoffCells& cells) {
        return cells.size() == n &&
               std::all_of(cells.begin(), cells.end(), [n](const std::vector<bool>& row) { return row.size() == n; });
    };
    if (!square(read) || !square(measured)) {
        throw std::invalid_argument("payoff cells: the cells read and measured are not square matrices of one size");
    }
    std::vector<std::pair<std::size_t, std::size_t>> missing;
    for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t j = 0; j < n; ++j) {
            if (read[i][j] && !measured[i][j]) missing.emplace_back(i, j);
        }
    }
    return missing;
}

std::vector<PopulationRole> population_roles(const std::vector<std::string>& background,
                                             const std::vector<std::string>& labels) {
    std::vector<PopulationRole> roles;
    for (const auto& label : labels) {
        const bool kept = std::find(background.begin(), background.end(), label) != background.end();
        roles.push_back(kept ? PopulationRole::Background : PopulationRole::Focal);
    }
    return roles;
}

std::vector<std::size_t> even_counts(std::size_t individuals, std::size_t strategies) {
    std::vector<std::size_t> counts;
    for (std::size_t k = 0; k < strategies; ++k) {
        counts.push_back(individuals / strategies + (k < individuals % strategies ? 1 : 0));
    }
    return counts;
}

PopulationRun replicator_dynamics(const ReplicatorSettings& settings) {
    const std::size_t n = settings.initial_shares.size();
    check_matrix(settings.payoffs, n, "replicator dynamics");
    const std::vector<PopulationRole> roles = roles_or_all_focal(settings.roles, n, "replicator dynamics");
    double total = 0.0;
    for (double share : settings.initial_shares) {
        if (!std::isfinite(share) || share < 0.0) {
            throw std::invalid_argument("replicator dynamics: every initial share must be a non-negative number");
        }
        total += share;
    }
    if (std::fabs(total - 1.0) > 1e-9) {
        throw std::invalid_argument("replicator dynamics: the initial shares sum to " + std::to_string(total) +
                                    ", not 1");
    }
    check_measured(replicator_cells_read(settings.initial_shares, roles), settings.measured, "replicator dynamics");
    PopulationRun run;
    run.shares.push_back(settings.initial_shares);
    for (std::size_t generation = 0; generation < settings.generations; ++generation) {
        run.shares.push_back(replicator_step(settings.payoffs, run.shares.back(), roles));
    }
    run.generations = settings.generations;
    run.final_shares = run.shares.back();
    run.fixated = sole_focal(run.final_shares, roles);
    return run;
}

PopulationRun moran_process(const MoranSettings& settings) {
    const std::size_t n = settings.counts.size();
    check_matrix(settings.payoffs, n, "moran process");
    if (!(settings.selection >= 0.0 && settings.selection <= 1.0)) {
        throw std::invalid_argument("moran process: the selection intensity must be in [0, 1], not " +
                                    std::to_string(settings.selection));
    }
    MoranPopulation population(settings, roles_or_all_focal(settings.roles, n, "moran process"));
    if (population.population() < 2) throw std::invalid_argument("moran process: needs at least 2 individuals");
    if (population.focal_population() == 0) throw std::invalid_argument("moran process: needs a focal individual");
    const std::vector<PopulationRole> roles = roles_or_all_focal(settings.roles, n, "moran process");
    check_measured(moran_cells_read(settings.counts, roles), settings.measured, "moran process");

    PopulationRun run;
    run.shares.push_back(shares_of(population.counts(), population.population()));
    run.fixated = sole_focal(as_amounts(population.counts()), roles);
    while (!run.fixated && run.generations < settings.max_generations) {
        for (std::size_t step = 0; step < population.focal_population() && !run.fixated; ++step) {
            population.step();
            run.fixated = sole_focal(as_amounts(population.counts()), roles);
        }
        ++run.generations;
        run.shares.push_back(shares_of(population.counts(), population.population()));
    }
    run.final_shares = run.shares.back();
    return run;
}

}  // namespace parley::worlds
