#include "framework_base.hpp"

#include <parley/core/determinism.hpp>

#include <parley/agents/concession.hpp>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <stdexcept>
#include <utility>

namespace parley::agents::frameworks {
namespace {

// Seeds derived from the party's seed, one per purpose (core::derive_seed).
constexpr std::uint64_t kPoolSeed = 1;
constexpr std::uint64_t kSearchSeed = 2;
constexpr std::uint64_t kModelSeedBase = 100;  // + party index

// Scores equal up to rounding count as reaching a target.
bool reaches(double score, double target) { return score >= target - 1e-12 * std::max(1.0, std::fabs(target)); }

protocol::Reason reason(std::string principle, std::string text) { return {std::move(principle), std::move(text)}; }

}  // namespace

FrameworkBase::FrameworkBase(std::string_view name, double (*welfare)(const worlds::WelfareInput&),
                             CommonSettings common, SearchMode mode)
    : name_(name), welfare_(welfare), common_(std::move(common)), mode_(mode) {
    if (welfare_ == nullptr) throw std::logic_error("framework '" + name_ + "' has no welfare function");
}

// ---- episode ----------------------------------------------------------------

void check_party_setup(std::string_view framework, const worlds::PartySetup& setup) {
    constexpr std::size_t kMaxParties = 64;
    auto refuse = [framework](const std::string& why) {
        throw std::invalid_argument("framework '" + std::string(framework) + "' cannot play this episode: " + why);
    };
    if (!setup.space) refuse("no outcome space");
    if (!setup.profile) refuse("no profile");
    if (!setup.profile->fits(*setup.space)) refuse("its profile does not fit the outcome space");
    if (setup.party_count < 1 || setup.party_count > kMaxParties) {
        refuse("the party count " + std::to_string(setup.party_count) + " is outside 1.." +
               std::to_string(kMaxParties));
    }
    if (setup.self >= setup.party_count) refuse("its position " + std::to_string(setup.self) + " is not a party");
    if (!setup.disclosed.empty() && setup.disclosed.size() != setup.party_count) {
        refuse("profiles are disclosed for " + std::to_string(setup.disclosed.size()) + " parties, not " +
               std::to_string(setup.party_count));
    }
    for (std::size_t party = 0; party < setup.disclosed.size(); ++party) {
        if (setup.disclosed[party] && !setup.disclosed[party]->fits(*setup.space)) {
            refuse("the disclosed profile of party " + std::to_string(party) + " does not fit the outcome space");
        }
    }
}

void FrameworkBase::begin(const worlds::PartySetup& setup) {
    check_party_setup(name_, setup);
    begun_ = false;  // until this episode is fully set up: a failure below leaves no half-begun state in use
    setup_ = setup;
    models_.clear();
    models_.resize(setup.party_count);
    reservations_.assign(setup.party_count, 0.0);
    for (worlds::PartyIndex party = 0; party < setup.party_count; ++party) {
        if (party == setup.self) {
            reservations_[party] = setup.profile->reservation_value();
        } else if (is_disclosed(party)) {
            models_[party] = make_disclosed_model(setup.disclosed[party]);
            reservations_[party] = setup.disclosed[party]->reservation_value();
        } else if (common_.model == "bayesian") {
            auto options = common_.bayesian;
            options.seed = core::derive_seed(setup.seed, kModelSeedBase + party);
            models_[party] = make_bayesian_model(*setup.space, options);
        } else {
            models_[party] = make_frequency_model(*setup.space, common_.frequency);
        }
    }
    std::mt19937_64 pool_engine(core::derive_seed(setup.seed, kPoolSeed));
    pool_ = CandidatePool::shared(*setup.space, utility_table(*setup.profile), common_.candidates, pool_engine);
    engine_.seed(core::derive_seed(setup.seed, kSearchSeed));
    extras_.clear();
    extra_own_utilities_.clear();
    utility_cache_.assign(pool_->size() * party_count(), 0.0);
    cache_stamp_.assign(pool_->size(), 0);
    best_score_.reset();
    begun_ = true;
    extras_revision_.reset();  // forces the first refresh
    refresh_extras();
    on_begin();
}

void FrameworkBase::observe(const worlds::Observation& observation) {
    if (!begun_ || observation.party >= party_count() || observation.party == self()) return;
    const auto& move = observation.move;
    // An offer outside the space is the runner's to refuse; here it teaches nothing.
    if (move.type != worlds::MoveType::Offer || !setup_.space->contains(move.outcome)) return;
    models_[observation.party]->observe_offer(move.outcome, observation.time);
    on_offer_observed(observation.party, move.outcome, observation.time);
}

worlds::Move FrameworkBase::respond(const worlds::Turn& turn) {
    if (!begun_) {
        auto why = reason("not_started", "I was not told of an episode");
        if (turn.ask == worlds::Ask::Vote) return {worlds::MoveType::Reject, {}, std::move(why)};
        return {worlds::MoveType::End, {}, std::move(why)};
    }
    refresh_extras();
    const double target = aspiration(turn);
    return turn.ask == worlds::Ask::Vote ? vote(turn, target) : answer(turn, target);
}

std::vector<double> FrameworkBase::estimated_utilities(const worlds::Outcome& outcome) const {
    if (!begun_) throw std::logic_error("framework '" + name_ + "': no episode has begun");
    if (!setup_.space->contains(outcome)) throw std::invalid_argument("the outcome is not in the outcome space");
    return assess(outcome).utilities;
}

// ---- a turn -----------------------------------------------------------------

bool FrameworkBase::valid_standing(const worlds::Turn& turn) const {
    return turn.standing && setup_.space->contains(*turn.standing);
}

worlds::Move FrameworkBase::vote(const worlds::Turn& turn, double target) {
    if (!valid_standing(turn)) {
        return {worlds::MoveType::Reject, {}, reason("invalid_outcome", "there is no valid outcome to vote on")};
    }
    const auto assessment = assess(*turn.standing);
    worlds::Move move;
    move.outcome = *turn.standing;
    if (accepts(*turn.standing, assessment, target)) {
        move.type = worlds::MoveType::Accept;
    } else {
        move.type = worlds::MoveType::Reject;
        move.reason = assessment.violation ? assessment.violation : shortfall_reason(assessment, target);
    }
    on_own_move(move, &assessment);
    return move;
}

worlds::Move FrameworkBase::answer(const worlds::Turn& turn, double target) {
    std::optional<protocol::Reason> refusal;  // why the standing offer was not accepted, if it broke a constraint
    const bool own_offer = turn.standing_by && *turn.standing_by == self();
    if (valid_standing(turn) && !own_offer) {
        const auto assessment = assess(*turn.standing);
        if (accepts(*turn.standing, assessment, target)) {
            worlds::Move accept{worlds::MoveType::Accept, *turn.standing, std::nullopt};
            on_own_move(accept, &assessment);
            return accept;
        }
        refusal = assessment.violation;
    }
    auto choice = choose_offer(target);
    if (!choice) {
        worlds::Move end{
            worlds::MoveType::End, {}, reason("no_permitted_outcome", "no outcome I know of meets my constraints")};
        on_own_move(end, nullptr);
        return end;
    }
    worlds::Move offer{worlds::MoveType::Offer, choice->outcome,
                       refusal ? refusal : offer_reason(choice->assessment, target)};
    on_own_move(offer, &choice->assessment);
    return offer;
}

// ---- defaults of the hooks ----------------------------------------------------

double FrameworkBase::score(std::span<const double> utilities) const {
    return welfare_(worlds::WelfareInput{utilities, reservations_, self()});
}

std::optional<FrameworkBase::Breach> FrameworkBase::breach(std::span<const double> utilities) const {
    if (utilities[self()] < reservations_[self()]) return Breach{"below_reservation", self(), reservations_[self()]};
    return std::nullopt;
}

protocol::Reason FrameworkBase::explain(const Breach& breach, std::span<const double> utilities) const {
    return reason(breach.principle, "it gives me " + format(utilities[breach.party]) +
                                        ", less than my reservation value " + format(breach.limit));
}

bool FrameworkBase::accepts(const worlds::Outcome&, const Assessment& assessment, double target) const {
    return assessment.permitted() && reaches(assessment.score, target);
}

std::optional<protocol::Reason> FrameworkBase::offer_reason(const Assessment&, double) const { return std::nullopt; }

protocol::Reason FrameworkBase::score_reason(std::string principle, const Assessment& offer) const {
    return {std::move(principle),
            score_name() + " would be " + format(offer.score) + " (" + std::string(knowledge_word()) + ")"};
}

protocol::Reason FrameworkBase::shortfall_reason(const Assessment& assessment, double target) const {
    return reason("below_aspiration",
                  score_name() + " would be " + format(assessment.score) + "; I ask for " + format(target) + " now");
}

// ---- knowledge ------------------------------------------------------------------

bool FrameworkBase::is_disclosed(worlds::PartyIndex party) const {
    return party < setup_.disclosed.size() && setup_.disclosed[party] != nullptr;
}

std::string_view FrameworkBase::knowledge_word() const {
    for (worlds::PartyIndex party = 0; party < party_count(); ++party) {
        if (party != self() && !is_disclosed(party)) return "estimated";
    }
    return "known";
}

double FrameworkBase::reservation(worlds::PartyIndex party) const { return reservations_.at(party); }

std::uint64_t FrameworkBase::knowledge_revision() const {
    std::uint64_t revision = 0;
    for (const auto& model : models_) {
        if (model) revision += model->revision();
    }
    return revision;
}

FrameworkBase::Assessment FrameworkBase::assess(const worlds::Outcome& outcome) const {
    Assessment assessment;
    assessment.utilities.resize(party_count());
    for (worlds::PartyIndex party = 0; party < party_count(); ++party) {
        assessment.utilities[party] = party == self() ? own_utility(outcome) : models_[party]->utility(outcome);
    }
    assessment.score = score(assessment.utilities);
    if (auto broken = breach(assessment.utilities)) assessment.violation = explain(*broken, assessment.utilities);
    return assessment;
}

double FrameworkBase::others_benefit(std::span<const double> utilities) const {
    double sum = 0.0;
    for (worlds::PartyIndex party = 0; party < utilities.size(); ++party) {
        if (party != self()) sum += utilities[party];
    }
    return sum;
}

double FrameworkBase::disagreement_score() const { return score(reservations_); }

double FrameworkBase::best_score() {
    const std::uint64_t revision = knowledge_revision();
    if (best_score_ && best_score_revision_ == revision) return *best_score_;
    std::optional<double> best;
    for (std::size_t k = 0; k < candidate_count(); ++k) {
        // The pool is sorted by own utility: for an own-utility score its first
        // permitted candidate is the best of the pool; the extras follow it.
        if (mode_ == SearchMode::OwnUtility && best && k < pool_->size()) k = pool_->size();
        if (k >= candidate_count()) break;
        const auto utilities = candidate_utilities(k);
        if (!permitted(utilities)) continue;
        const double candidate_score = score(utilities);
        if (!best || candidate_score > *best) best = candidate_score;
    }
    best_score_ = best.value_or(disagreement_score());
    best_score_revision_ = revision;
    return *best_score_;
}

double FrameworkBase::time_dependent_aspiration(const worlds::Turn& turn, double exponent) {
    const double best = best_score();
    return time_dependent_target(turn.time, best, std::min(disagreement_score(), best), exponent);
}

double FrameworkBase::band_fraction() const { return kBandFraction; }

double FrameworkBase::band_width() {
    const double best = best_score();
    const double range = best - std::min(disagreement_score(), best);
    return range > 0.0 ? band_fraction() * range : 0.0;
}

// ---- candidates -------------------------------------------------------------------

worlds::Outcome FrameworkBase::candidate_outcome(std::size_t k) const {
    return k < pool_->size() ? pool_->outcome(k) : extras_[k - pool_->size()];
}

std::span<const double> FrameworkBase::candidate_utilities(std::size_t k) {
    const std::size_t parties = party_count();
    double* row = utility_cache_.data() + k * parties;
    const std::uint64_t stamp = knowledge_revision() + 1;
    if (cache_stamp_[k] != stamp) {
        const bool in_pool = k < pool_->size();
        for (worlds::PartyIndex party = 0; party < parties; ++party) {
            if (party == self()) {
                row[party] = in_pool ? pool_->own_utility(k) : extra_own_utilities_[k - pool_->size()];
            } else if (in_pool) {
                row[party] = models_[party]->utility_of(pool_->values(k));
            } else {
                row[party] = models_[party]->utility(extras_[k - pool_->size()]);
            }
        }
        cache_stamp_[k] = stamp;
    }
    return {row, parties};
}

// In a large space, the outcomes that maximise a weighted sum of its own and
// the others' (estimated) utilities, from all-own to all-others': Pareto-optimal
// for what it knows, found issue by issue without looking at the outcomes.
void FrameworkBase::refresh_extras() {
    const std::uint64_t revision = knowledge_revision();
    if (pool_->exhaustive() || party_count() < 2) return;
    if (extras_revision_ &&
        revision < *extras_revision_ + std::clamp<std::uint64_t>(*extras_revision_, 1, kMaxExtrasRefreshInterval)) {
        return;
    }
    extras_revision_ = revision;
    std::vector<UtilityTable> estimates;
    for (const auto& model : models_) {
        if (model) estimates.push_back(model->table());
    }
    std::vector<const UtilityTable*> tables{&pool_->own_table()};
    for (const auto& estimate : estimates) tables.push_back(&estimate);
    const double others = static_cast<double>(tables.size() - 1);
    std::vector<double> lambdas(tables.size());
    extras_.clear();
    for (std::size_t step = 0; step <= kWeightedSumSteps; ++step) {
        const double own_weight = static_cast<double>(step) / static_cast<double>(kWeightedSumSteps);
        lambdas[0] = own_weight;
        std::fill(lambdas.begin() + 1, lambdas.end(), (1.0 - own_weight) / others);
        auto optimum = weighted_sum_optimum(tables, lambdas);
        if (std::find(extras_.begin(), extras_.end(), optimum) == extras_.end()) extras_.push_back(std::move(optimum));
    }
    extra_own_utilities_.clear();
    for (const auto& extra : extras_) extra_own_utilities_.push_back(own_utility(extra));
    utility_cache_.resize(candidate_count() * party_count());
    cache_stamp_.resize(candidate_count());
    std::fill(cache_stamp_.begin() + static_cast<std::ptrdiff_t>(pool_->size()), cache_stamp_.end(), 0);
}

// The rule of a turn (framework_base.hpp): among permitted candidates, the
// others' favourite in the band [target, target + band]; else the lowest score
// above the band; else the highest below the target. Ties go to the candidate
// offered first, so the result depends only on the order of the scan.
class FrameworkBase::Picker {
public:
    Picker(double target, double band) : target_(target), band_(band) {}

    void offer(std::size_t candidate, double candidate_score, double benefit) {
        if (reaches(candidate_score, target_) && candidate_score <= target_ + band_) {
            if (!in_band_ || benefit > in_band_benefit_) {
                in_band_ = candidate;
                in_band_benefit_ = benefit;
            }
        } else if (reaches(candidate_score, target_)) {
            if (!above_ || candidate_score < above_score_) {
                above_ = candidate;
                above_score_ = candidate_score;
            }
        } else if (!below_ || candidate_score > below_score_) {
            below_ = candidate;
            below_score_ = candidate_score;
        }
    }
    std::optional<std::size_t> chosen() const { return in_band_ ? in_band_ : (above_ ? above_ : below_); }
    bool has_in_band() const { return in_band_.has_value(); }

private:
    double target_;
    double band_;
    std::optional<std::size_t> in_band_, above_, below_;
    double in_band_benefit_ = 0.0;
    double above_score_ = 0.0;
    double below_score_ = 0.0;
};

std::optional<FrameworkBase::Choice> FrameworkBase::choose_offer(double target) {
    const double band = band_width();
    Picker picker(target, band);
    std::optional<worlds::Outcome> built;
    if (mode_ == SearchMode::OwnUtility) {
        pick_by_own_utility(picker, target, band);
        // In a large space the pool's rungs may miss a narrow band: an outcome built just above the target fits.
        if (!pool_->exhaustive() && !picker.has_in_band()) {
            built = pool_->construct_near(target, engine_);
            const auto assessment = assess(*built);
            if (assessment.permitted()) {
                picker.offer(kBuiltCandidate, assessment.score, others_benefit(assessment.utilities));
            }
        }
    } else {
        pick_by_score(picker);
    }
    const auto chosen = picker.chosen();
    if (!chosen) return std::nullopt;
    auto outcome = *chosen == kBuiltCandidate ? *built : candidate_outcome(*chosen);
    auto assessment = assess(outcome);
    return Choice{std::move(outcome), std::move(assessment)};
}

// The pool is sorted by own utility, which is the score here: the band is a
// run of it, found by binary search, and only its kMaxBandCandidates nearest
// the target are looked at; then the nearest permitted candidate above the
// band and below the target; then the few extras.
void FrameworkBase::pick_by_own_utility(Picker& picker, double target, double band) {
    auto consider = [&](std::size_t k) {
        const auto utilities = candidate_utilities(k);
        if (!permitted(utilities)) return false;
        picker.offer(k, score(utilities), others_benefit(utilities));
        return true;
    };
    const std::size_t at_least_target = pool_->count_at_least(target);
    const std::size_t above_band = pool_->count_at_least(target + band);
    for (std::size_t k = at_least_target; k > above_band && at_least_target - k < kMaxBandCandidates; --k) {
        consider(k - 1);
    }
    for (std::size_t k = above_band; k > 0; --k) {
        if (consider(k - 1)) break;
    }
    for (std::size_t k = at_least_target; k < pool_->size(); ++k) {
        if (consider(k)) break;
    }
    for (std::size_t k = pool_->size(); k < candidate_count(); ++k) consider(k);
}

void FrameworkBase::pick_by_score(Picker& picker) {
    for (std::size_t k = 0; k < candidate_count(); ++k) {
        const auto utilities = candidate_utilities(k);
        if (permitted(utilities)) picker.offer(k, score(utilities), others_benefit(utilities));
    }
}

std::string FrameworkBase::format(double value) {
    std::array<char, 64> buffer{};
    const auto [end, error] =
        std::to_chars(buffer.data(), buffer.data() + buffer.size(), value, std::chars_format::fixed, 3);
    if (error != std::errc()) return "?";
    return std::string(buffer.data(), end);
}

}  // namespace parley::agents::frameworks
