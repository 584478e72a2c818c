#pragma once
// What every built-in value framework shares: checking the setup, knowing the
// others (disclosed profiles or opponent models), the candidate offers, and
// the shape of a turn. A framework then only says how it scores an outcome,
// what it never agrees to, what it asks for now and why.
//
// A turn, for every framework:
//   - Ask::Vote: Accept when the outcome on the table is permitted and scores
//     at least the aspiration, else Reject with the reason. Nothing else.
//   - Ask::Respond: Accept the standing offer on the same test (never one of
//     its own, never without one); otherwise offer the permitted candidate
//     whose score is in [aspiration, aspiration + band] and that the others
//     like best (the sum of their utilities as it knows or estimates them);
//     if none is in the band, the permitted one nearest above it; if none is
//     above, the best permitted one. When nothing is permitted: End, saying why.
// The band is 2% of the range of scores, from no agreement (every party at
// its reservation value) to the best permitted candidate; a framework may
// choose another width. Wide enough to choose an offer the others like among
// those about as good for it, narrow enough to concede on time.
//
// Offers are found in a CandidatePool (offer_search.hpp). Frameworks that
// score their own utility search it by binary search and look at no more than
// kMaxBandCandidates near the target. Frameworks that score everybody's
// utilities scan the pool, whose size is bounded whatever the space's. In a
// large space both also consider the weighted-sum optima of their own and the
// others' (estimated) utilities, Pareto-optimal for what they know, and the
// own-utility search, when no candidate falls in the band, an outcome built
// just above the target. Every estimate of a candidate is cached until the
// models change.

#include "parameters.hpp"

#include <parley/agents/framework.hpp>
#include <parley/agents/offer_search.hpp>
#include <parley/agents/opponent_model.hpp>
#include <parley/metrics/welfare.hpp>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <random>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace parley::agents::frameworks {

// Throws std::invalid_argument, naming `framework`, for a setup no framework
// can play: no space or profile, a profile that does not fit the space, a
// party count outside 1..64, a position that is not a party, profiles
// disclosed for another number of parties or that do not fit the space.
void check_party_setup(std::string_view framework, const worlds::PartySetup& setup);

// How a framework's offers are searched for.
enum class SearchMode {
    OwnUtility,  // its score is its own utility: binary search in the pool
    Score,       // its score depends on everybody's utilities: scan the pool
};

class FrameworkBase : public ValueFramework {
public:
    void begin(const worlds::PartySetup& setup) final;
    void observe(const worlds::Observation& observation) final;
    worlds::Move respond(const worlds::Turn& turn) final;
    std::vector<double> estimated_utilities(const worlds::Outcome& outcome) const final;

protected:
    // `welfare` is the framework's welfare score (FrameworkInfo::welfare).
    FrameworkBase(std::string_view name, double (*welfare)(const worlds::WelfareInput&), CommonSettings common,
                  SearchMode mode);

    // A hard constraint that some utilities break: which party would get less
    // than the least it may. Cheap to find (no text), for scans of many outcomes.
    struct Breach {
        const char* principle;  // "below_reservation", "below_floor", ...
        worlds::PartyIndex party;
        double limit;
    };

    // An outcome as this party sees it.
    struct Assessment {
        std::vector<double> utilities;              // every party's, known or estimated
        double score = 0.0;                         // the framework's score of them
        std::optional<protocol::Reason> violation;  // why it may never agree to it, if so
        bool permitted() const { return !violation; }
    };

    // ---- what a framework decides ----

    // Its score of every party's utilities. Default: its welfare function.
    virtual double score(std::span<const double> utilities) const;
    // The first hard constraint the utilities break, if any. Default: its own
    // utility below its reservation value (every framework keeps this one;
    // overrides check it first by calling this).
    virtual std::optional<Breach> breach(std::span<const double> utilities) const;
    // The words for a breach: principle and a truthful text.
    virtual protocol::Reason explain(const Breach& breach, std::span<const double> utilities) const;
    // The score it asks for in this turn.
    virtual double aspiration(const worlds::Turn& turn) = 0;
    // Whether it agrees to `outcome` (on the table) when asking for `target`.
    virtual bool accepts(const worlds::Outcome& outcome, const Assessment& assessment, double target) const;
    // What it says with an offer; nullopt for nothing.
    virtual std::optional<protocol::Reason> offer_reason(const Assessment& offer, double target) const;
    // What it says when it does not agree to an outcome that is permitted.
    virtual protocol::Reason shortfall_reason(const Assessment& assessment, double target) const;
    // The band of scores in which it picks the others' favourite, as a share
    // of its range of scores. Default kBandFraction.
    virtual double band_fraction() const;
    // "my utility", "the total utility", ...: for reasons.
    virtual std::string score_name() const { return "my utility"; }
    // "SCORE_NAME would be X (known)" under `principle`: what a framework
    // that scores everybody's utilities says with an offer.
    protocol::Reason score_reason(std::string principle, const Assessment& offer) const;

    virtual void on_begin() {}
    virtual void on_offer_observed(worlds::PartyIndex /*party*/, const worlds::Outcome& /*offer*/, double /*time*/) {}
    // After it chose its move; `assessment` is that of the outcome offered or accepted.
    virtual void on_own_move(const worlds::Move& /*move*/, const Assessment* /*assessment*/) {}

    // ---- what a framework may use ----

    const worlds::PartySetup& setup() const { return setup_; }
    worlds::PartyIndex self() const { return setup_.self; }
    std::size_t party_count() const { return setup_.party_count; }
    const worlds::LinearAdditiveProfile& own_profile() const { return *setup_.profile; }
    double own_utility(const worlds::Outcome& outcome) const { return pool_->own_utility(outcome); }
    bool is_disclosed(worlds::PartyIndex party) const;
    // "known" when every other party's profile is disclosed, else "estimated": for truthful reasons.
    std::string_view knowledge_word() const;
    // Own reservation value exactly; another's when disclosed, else 0.
    double reservation(worlds::PartyIndex party) const;
    Assessment assess(const worlds::Outcome& outcome) const;
    // The best score of a permitted candidate, and the score of no agreement
    // (every party at its reservation value), never above the best.
    double best_score();
    double disagreement_score() const;
    // time_dependent_target between those two.
    double time_dependent_aspiration(const worlds::Turn& turn, double exponent);
    std::string_view name() const { return name_; }

    // Fixed-point text for reasons: the same on every machine and locale.
    static std::string format(double value);

private:
    struct Choice {
        worlds::Outcome outcome;
        Assessment assessment;
    };
    // Keeps the best of the candidates offered to it by the rule of a turn.
    class Picker;
    static constexpr std::size_t kBuiltCandidate = static_cast<std::size_t>(-1);

    std::uint64_t knowledge_revision() const;
    // Candidate k: the pool's first, then the extra ones.
    std::size_t candidate_count() const { return pool_->size() + extras_.size(); }
    worlds::Outcome candidate_outcome(std::size_t k) const;
    std::span<const double> candidate_utilities(std::size_t k);
    bool permitted(std::span<const double> utilities) const { return !breach(utilities); }
    double others_benefit(std::span<const double> utilities) const;
    void refresh_extras();
    double band_width();

    std::optional<Choice> choose_offer(double target);
    void pick_by_own_utility(Picker& picker, double target, double band);
    void pick_by_score(Picker& picker);

    worlds::Move vote(const worlds::Turn& turn, double target);
    worlds::Move answer(const worlds::Turn& turn, double target);
    bool valid_standing(const worlds::Turn& turn) const;

    std::string name_;
    double (*welfare_)(const worlds::WelfareInput&);
    CommonSettings common_;
    SearchMode mode_;

    bool begun_ = false;
    worlds::PartySetup setup_;
    std::vector<std::unique_ptr<OpponentModel>> models_;  // per party; null for itself
    std::vector<double> reservations_;
    std::shared_ptr<const CandidatePool> pool_;  // shared by episodes of one domain (CandidatePool::shared)
    std::mt19937_64 engine_;  // for outcomes built during the episode

    std::vector<worlds::Outcome> extras_;  // weighted-sum optima, large spaces only
    std::vector<double> extra_own_utilities_;
    std::optional<std::uint64_t> extras_revision_;  // the knowledge they were found with
    std::vector<double> utility_cache_;             // candidate_count() x party_count()
    std::vector<std::uint64_t> cache_stamp_;        // knowledge revision + 1 the row was computed for; 0: never
    std::optional<double> best_score_;
    std::uint64_t best_score_revision_ = 0;
};

// A framework that concedes on its score over time: it asks for
// time_dependent_aspiration with its parameter `exponent`.
class ConcedingFramework : public FrameworkBase {
protected:
    ConcedingFramework(std::string_view name, double (*welfare)(const worlds::WelfareInput&), CommonSettings common,
                       SearchMode mode, double exponent)
        : FrameworkBase(name, welfare, std::move(common), mode), exponent_(exponent) {}

    double aspiration(const worlds::Turn& turn) override { return time_dependent_aspiration(turn, exponent_); }

private:
    double exponent_;
};

// The registry entry of a ConcedingFramework whose one parameter of its own
// is `exponent` (default `default_exponent`), made as Framework(common
// settings, exponent); the caller adds its welfare function and games.
template <class Framework>
FrameworkInfo describe_conceding_framework(std::string name, std::string description,
                                           const std::string& default_exponent) {
    return describe_framework(std::move(name), std::move(description), {exponent_parameter(default_exponent)},
                              [](const ParameterReader& reader) -> std::unique_ptr<ValueFramework> {
                                  const double exponent = read_exponent(reader);
                                  return std::make_unique<Framework>(read_common(reader), exponent);
                              });
}

// A framework that scores an outcome by its welfare function of every
// party's utilities (known or estimated) and concedes on that score over
// time, from the best score it can find down to the score of no agreement;
// in the band of scores it asks for, it offers what the others like best.
// With an offer it says score_reason(principle). Utilitarian, Nash and
// Rawlsian differ only in these.
struct WelfareMaximiser {
    std::string name;
    std::string description;       // FrameworkInfo::description
    std::string default_exponent;  // of its time-dependent concession
    worlds::WelfareFunction welfare;
    std::string score_name;  // "the total utility", ...: for reasons
    std::string principle;   // of the reason with its offers
    std::vector<GameStrategyInfo> games;
};
FrameworkInfo describe_welfare_maximiser(WelfareMaximiser maximiser);

inline constexpr double kBandFraction = 0.02;
// The number of candidates nearest the target that the own-utility search
// looks at: bounds the work of one offer.
inline constexpr std::size_t kMaxBandCandidates = 64;
// Weighted-sum optima per refresh, from all own to all others'.
inline constexpr std::size_t kWeightedSumSteps = 16;
// The weighted-sum optima are found again when the models have changed as
// many times as before the last search (after 1, 2, 4, 8, .. offers observed),
// and at least every kMaxExtrasRefreshInterval changes: estimates settle as
// offers accumulate, and each search costs O(values).
inline constexpr std::uint64_t kMaxExtrasRefreshInterval = 64;

}  // namespace parley::agents::frameworks
