#pragma once
// What a party believes of another party's preferences. The social value
// frameworks score outcomes by everybody's utility, and every framework
// prefers, among offers equally good for itself, the one the others like
// best; both need the others' utilities. A scenario may disclose them (full
// information); otherwise a model estimates them from the offers the party
// makes. Every estimate is a linear additive profile, the shape of the true
// ones: estimated utility(o) = sum over issues i of w_i * e_i(o_i), with
// weights w summing to 1 and value utilities e in [0, 1].
//
// Models:
//   - disclosed: the party's true profile, exactly.
//   - frequency (HardHeaded, van Krimpen et al. 2013): a value the party
//     offers often is a value it likes, (count + 1) / (largest count + 1); an
//     issue whose value it keeps from one offer to the next matters to it:
//     its weight grows by learning_rate / issues each time, then all weights
//     are renormalised.
//   - bayesian: a posterior over linear additive profiles, represented by
//     weighted hypotheses (particles). The party is assumed to offer like a
//     Boltzmann-rational proposer: outcome o with probability proportional to
//     exp(rationality * u(o)). The likelihood of an offer under hypothesis h
//     is exp(rationality * u_h(o)) / Z_h, where Z_h, a sum over the whole
//     space, factorises over the issues of an additive profile:
//         Z_h = prod over issues i of sum over values v of exp(rationality * w_i e_i(v)),
//     so it costs one pass over the values, never over the outcomes. The
//     prior draws weights uniformly from the simplex and value utilities
//     uniformly from [0, 1], in antithetic pairs (e and 1 - e) so that before
//     any offer the estimate prefers no value. When the posterior weights degenerate (effective
//     sample size below half) the particles are resampled (systematic) and
//     moved by Metropolis-Hastings steps on one issue at a time, whose
//     acceptance uses the counts of offered values (sufficient statistics).
//     The estimate is the posterior mean. All draws come from one seeded
//     std::mt19937_64 with portable arithmetic: the same seed and offers give
//     the same estimate bit for bit on every machine.
//
// Both models trust early offers more than late ones: a party that concedes
// over time offers worse and worse outcomes for itself, so what it offers late
// says less about what it likes. An offer at relative time t counts as
// offer_evidence(t) = 1 - 0.9 t of an offer (counts, issue bonuses and, for
// the bayesian model, a tempered likelihood: the log-likelihood times that
// weight, which keeps counts sufficient).
//
// Costs: observing an offer is O(issues + values) for frequency and
// O(hypotheses x (issues + values)) for bayesian; neither ever depends on the
// number of outcomes.

#include <parley/domains/linear_additive_profile.hpp>
#include <parley/domains/outcome_space.hpp>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

namespace parley::agents {

// How much an offer made at relative time `time` counts (see above); time is clamped into [0, 1].
double offer_evidence(double time);

// table[issue][value] = weight of the issue * utility of the value.
using UtilityTable = std::vector<std::vector<double>>;

// The table of a profile: its weighted value utilities.
UtilityTable utility_table(const worlds::LinearAdditiveProfile& profile);
// Sum of the table's entries for the outcome, from the first issue to the
// last (the order LinearAdditiveProfile::utility adds in, so a table of a
// profile gives the profile's utility bit for bit). The outcome must fit.
double table_utility(const UtilityTable& table, const worlds::Outcome& outcome);

class OpponentModel {
public:
    virtual ~OpponentModel() = default;

    virtual std::string_view kind() const = 0;  // "disclosed", "frequency", "bayesian"
    // An offer the modelled party made at relative time `time`. The caller
    // checks that the offer is in the space.
    virtual void observe_offer(const worlds::Outcome& offer, double time) = 0;
    // The current estimate, as rows scaled per issue:
    //     estimated utility(o) = sum over issues i of scales()[i] * rows()[i][o_i].
    // The split lets the frequency model update an offer in O(issues): one
    // entry per row and every scale change, never a whole row.
    virtual const UtilityTable& rows() const = 0;
    virtual std::span<const double> scales() const = 0;
    // Its reservation value: known when disclosed, else assumed 0.
    virtual double reservation_value() const = 0;

    // The estimated utility of value indices, one per issue (an Outcome or a
    // row of a CandidatePool), summed from the first issue to the last.
    template <typename Values>
    double utility_of(const Values& values) const {
        const auto& table = rows();
        const auto scale = scales();
        double sum = 0.0;
        for (std::size_t issue = 0; issue < table.size(); ++issue) {
            sum += scale[issue] * table[issue][static_cast<std::size_t>(values[issue])];
        }
        return sum;
    }
    double utility(const worlds::Outcome& outcome) const { return utility_of(outcome); }
    // The estimate as one table of weighted value utilities (O(values) to make).
    UtilityTable table() const;
    // Changes whenever the estimate may have changed, so that callers can cache
    // what they computed from it.
    std::uint64_t revision() const { return revision_; }

protected:
    void note_change() { ++revision_; }

private:
    std::uint64_t revision_ = 0;
};

struct FrequencyModelOptions {
    double learning_rate = 0.2;  // weight gained by an unchanged issue, times the number of issues
};

struct BayesianModelOptions {
    std::size_t hypotheses = 128;  // particles
    double rationality = 10.0;     // how sharply the party prefers its better outcomes
    std::uint64_t seed = 0;
};

std::unique_ptr<OpponentModel> make_disclosed_model(std::shared_ptr<const worlds::LinearAdditiveProfile> profile);
std::unique_ptr<OpponentModel> make_frequency_model(const worlds::OutcomeSpace& space,
                                                    FrequencyModelOptions options = {});
std::unique_ptr<OpponentModel> make_bayesian_model(const worlds::OutcomeSpace& space, BayesianModelOptions options);

}  // namespace parley::agents
