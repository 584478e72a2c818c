// The deontological framework: duties first, self-interest within them.

#include "framework_base.hpp"

#include <algorithm>
#include <limits>
#include <string>
#include <string_view>

namespace parley::agents::frameworks {
namespace {

// The default of its parameter "floor"; a scenario that sets another passes
// it to the welfare score in WelfareInput::parameters.
constexpr double kDefaultFloor = 0.1;

// Its welfare: own utility when every party gets at least the floor, else the
// violation score. (Its other duties, keeping its word and telling the truth,
// concern its conduct, not outcomes: no score can see them.)
double welfare_score(const worlds::WelfareInput& input) {
    const double own = worlds::own_utility(input);
    const double floor = worlds::welfare_parameter(input, "floor", kDefaultFloor);
    for (double utility : input.utilities) {
        if (utility < floor) return worlds::kViolationScore;
    }
    return own;
}

// Its duties, which no gain outweighs:
//   - no party below the floor: it never offers or accepts an outcome that
//     gives any party (itself included) less than `floor`, by the disclosed
//     profiles or, when a party's profile is not disclosed, by its estimate;
//   - no retraction: once it has offered or accepted an outcome, it accepts
//     that outcome, or anything at least as good for itself, whenever it comes
//     back, and it never asks for more than it asked before (its offers never
//     rise in its own utility);
//   - truthful disclosure: every reason it gives is its real reason, with the
//     real numbers, and says when a number is an estimate.
// Within them it is self-interested: a time-dependent concession on its own
// utility. Its score is its own utility; the floor is enforced as a
// constraint, so a scenario's floor parameter counts (its welfare score,
// which the metrics use, reads the floor from its parameters).
class DeontologicalFramework : public ConcedingFramework {
public:
    DeontologicalFramework(CommonSettings common, double floor, double exponent)
        : ConcedingFramework("deontological", &welfare_score, std::move(common), SearchMode::OwnUtility, exponent),
          floor_(floor) {}

protected:
    void on_begin() override {
        promised_ = std::numeric_limits<double>::infinity();
        last_asked_ = std::numeric_limits<double>::infinity();
    }

    double score(std::span<const double> utilities) const override { return utilities[self()]; }

    std::optional<Breach> breach(std::span<const double> utilities) const override {
        if (auto own = FrameworkBase::breach(utilities)) return own;
        for (worlds::PartyIndex party = 0; party < utilities.size(); ++party) {
            if (utilities[party] < floor_) return Breach{"below_floor", party, floor_};
        }
        return std::nullopt;
    }

    protocol::Reason explain(const Breach& breach, std::span<const double> utilities) const override {
        if (std::string_view(breach.principle) != "below_floor") return FrameworkBase::explain(breach, utilities);
        const auto party = breach.party;
        const std::string who = party == self() ? std::string("I") : "party " + std::to_string(party);
        const std::string source = party == self()       ? "my own profile"
                                   : is_disclosed(party) ? "its disclosed profile"
                                                         : "my estimate of its profile";
        return {"below_floor", who + " would get " + format(utilities[party]) + " by " + source + ", below the floor " +
                                   format(breach.limit) + " that no party may fall under"};
    }

    double aspiration(const worlds::Turn& turn) override {
        return std::min(ConcedingFramework::aspiration(turn), last_asked_);
    }

    bool accepts(const worlds::Outcome& outcome, const Assessment& assessment, double target) const override {
        if (!assessment.permitted()) return false;
        // A promise kept: what it offered or accepted before stays acceptable.
        return FrameworkBase::accepts(outcome, assessment, target) || assessment.score >= promised_;
    }

    void on_own_move(const worlds::Move& move, const Assessment* assessment) override {
        if (assessment == nullptr) return;
        if (move.type == worlds::MoveType::Offer) last_asked_ = std::min(last_asked_, assessment->score);
        if (move.type == worlds::MoveType::Offer || move.type == worlds::MoveType::Accept) {
            promised_ = std::min(promised_, assessment->score);
        }
    }

    std::optional<protocol::Reason> offer_reason(const Assessment& offer, double) const override {
        const double lowest = *std::min_element(offer.utilities.begin(), offer.utilities.end());
        return protocol::Reason{"within_duties", "every party gets at least " + format(lowest) + " (" +
                                                     std::string(knowledge_word()) + "), above the floor " +
                                                     format(floor_) + "; it gives me " + format(offer.score)};
    }

    protocol::Reason shortfall_reason(const Assessment& assessment, double target) const override {
        return {"below_aspiration", "it respects my duties but gives me " + format(assessment.score) + "; I ask for " +
                                        format(target) + " now"};
    }

private:
    double floor_;
    double promised_ = std::numeric_limits<double>::infinity();    // least own utility it has offered or accepted
    double last_asked_ = std::numeric_limits<double>::infinity();  // own utility of its latest offer
};

}  // namespace

// Its policy in each repeated game (deontological_games.cpp).
std::vector<GameStrategyInfo> deontological_games();

FrameworkInfo deontological_framework() {
    FrameworkInfo info = describe_framework(
        "deontological",
        "deontological: never below a floor for any party, never retracts, tells the truth; self-interested within",
        {{"floor", "0.1", "the least utility it lets any party get, itself included (0..1000)"},
         exponent_parameter("0.5")},
        [](const ParameterReader& reader) -> std::unique_ptr<ValueFramework> {
            const double floor = reader.number("floor", 0.0, 1000.0);
            const double exponent = read_exponent(reader);
            return std::make_unique<DeontologicalFramework>(read_common(reader), floor, exponent);
        });
    info.welfare = {"its own utility when every party gets at least the floor (0.1 unless set), else -1",
                    &welfare_score};
    info.games = deontological_games();
    return info;
}

}  // namespace parley::agents::frameworks
