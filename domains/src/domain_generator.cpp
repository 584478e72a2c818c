#include <parley/domains/domain_error.hpp>
#include <parley/domains/domain_generator.hpp>
#include <parley/core/determinism.hpp>

#include <algorithm>
#include <cmath>
#include <random>
#include <string>
#include <utility>
#include <vector>

namespace parley::worlds {
namespace {

// Uniform draws in [0, 1) from the top 53 bits: exact, and the same everywhere.
class UnitDraws {
public:
    explicit UnitDraws(std::uint64_t seed) : engine_(seed) {}
    double next() { return core::portable::unit_draw(engine_); }
    // In [floor, 1 + floor): keeps weights and simplex shares away from zero.
    double next_at_least(double floor) { return floor + next(); }

private:
    std::mt19937_64 engine_;
};

using Table = std::vector<std::vector<double>>;  // [issue][value]

void check(const GeneratorParameters& parameters) {
    auto out_of_range = [](const std::string& what, std::size_t value, std::size_t max) {
        if (value < 1 || value > max) {
            throw DomainError("generator: " + what + " is " + std::to_string(value) + ", must be in 1.." +
                              std::to_string(max));
        }
    };
    out_of_range("the number of issues", parameters.issues, kMaxGeneratedIssues);
    out_of_range("the number of values per issue", parameters.values_per_issue, kMaxGeneratedValues);
    out_of_range("the number of parties", parameters.parties, kMaxGeneratedParties);
    if (!(parameters.opposition >= 0.0 && parameters.opposition <= 1.0)) {
        throw DomainError("generator: the opposition must be in [0, 1]");
    }
}

OutcomeSpace make_space(const GeneratorParameters& parameters) {
    std::vector<Issue> issues;
    for (std::size_t i = 0; i < parameters.issues; ++i) {
        std::vector<std::string> values;
        for (std::size_t v = 0; v < parameters.values_per_issue; ++v) values.push_back("v" + std::to_string(v + 1));
        issues.push_back(Issue::discrete("issue" + std::to_string(i + 1), std::move(values)));
    }
    return OutcomeSpace(std::move(issues));  // throws DomainError if the count overflows
}

Table draw_table(UnitDraws& draws, std::size_t issues, std::size_t values) {
    Table table(issues, std::vector<double>(values));
    for (auto& row : table) {
        for (auto& cell : row) cell = draws.next();
    }
    return table;
}

std::vector<double> draw_weights(UnitDraws& draws, std::size_t issues) {
    std::vector<double> weights(issues);
    for (auto& weight : weights) weight = draws.next_at_least(0.1);
    return weights;
}

// opposed[party][issue][value]: per value, the parties' shares of one unit.
std::vector<Table> draw_opposed(UnitDraws& draws, const GeneratorParameters& parameters) {
    const Table zeros(parameters.issues, std::vector<double>(parameters.values_per_issue));
    std::vector<Table> opposed(parameters.parties, zeros);
    std::vector<double> shares(parameters.parties);
    for (std::size_t i = 0; i < parameters.issues; ++i) {
        for (std::size_t v = 0; v < parameters.values_per_issue; ++v) {
            double total = 0.0;
            for (auto& share : shares) total += share = draws.next_at_least(0.01);
            for (std::size_t p = 0; p < parameters.parties; ++p) opposed[p][i][v] = shares[p] / total;
        }
    }
    return opposed;
}

double blend(double shared, double own, double t) { return (1.0 - t) * shared + t * own; }

// Rescales each issue's utilities to span [0, 1]; an issue whose values are all
// equal (one value, say) gets utility 1 for every value.
void rescale_rows(Table& table) {
    for (auto& row : table) {
        auto [low, high] = std::minmax_element(row.begin(), row.end());
        double min = *low;
        double span = *high - *low;
        for (auto& cell : row) cell = span > 0.0 ? (cell - min) / span : 1.0;
    }
}

void normalise_sum(std::vector<double>& weights) {
    double total = 0.0;
    for (double weight : weights) total += weight;
    for (auto& weight : weights) weight /= total;
}

}  // namespace

Domain generate_domain(const GeneratorParameters& parameters) {
    check(parameters);
    auto space = make_space(parameters);
    // The order of the draws is part of the format: changing it changes every generated domain.
    UnitDraws draws(parameters.seed);
    Table shared_values = draw_table(draws, parameters.issues, parameters.values_per_issue);
    const std::vector<double> shared_weights = draw_weights(draws, parameters.issues);
    std::vector<Table> opposed = draw_opposed(draws, parameters);
    // Both parts span [0, 1] before they are blended, so that t weighs them
    // evenly (a party's simplex shares alone span little with many parties).
    rescale_rows(shared_values);
    for (auto& table : opposed) rescale_rows(table);
    const double t = parameters.opposition;

    std::vector<LinearAdditiveProfile> profiles;
    for (std::size_t p = 0; p < parameters.parties; ++p) {
        const std::vector<double> own_weights = draw_weights(draws, parameters.issues);
        Table values = shared_values;
        std::vector<double> weights = shared_weights;
        for (std::size_t i = 0; i < parameters.issues; ++i) {
            for (std::size_t v = 0; v < parameters.values_per_issue; ++v) {
                values[i][v] = blend(shared_values[i][v], opposed[p][i][v], t);
            }
            weights[i] = blend(shared_weights[i], own_weights[i], t);
        }
        rescale_rows(values);
        normalise_sum(weights);
        profiles.emplace_back("party" + std::to_string(p + 1), std::move(weights), std::move(values));
    }
    return Domain{"generated", std::move(space), std::move(profiles)};
}

}  // namespace parley::worlds
