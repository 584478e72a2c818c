#pragma once
// What every built-in mechanism shares: the check of its settings, the checks
// of a move that do not depend on the protocol, the end of an episode, the
// handling of failures and the relative-time formula. Private to mechanisms/src.

#include <parley/mechanisms/mechanism.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace parley::worlds::mechanisms {

// The most parties a built-in mechanism accepts: the analysis behind the
// metrics (UtilityMatrix) handles at most this many.
inline constexpr std::size_t kMaxParties = 64;

// Throws std::invalid_argument when the settings do not suit the mechanism
// `info` describes: no space, a party count outside its range, a deadline of
// zero rounds, or any parameter (the built-in mechanisms take none).
void check_settings(const MechanismSettings& settings, const MechanismInfo& info);

// The registry entry of a built-in mechanism: `build` is called with settings
// that check_settings has accepted for this entry.
MechanismInfo builtin_mechanism_info(std::string name, std::string description, std::size_t max_parties,
                                     std::function<std::unique_ptr<Mechanism>(const MechanismSettings&)> build);

// Relative time of a turn: `turn` of `turns_in_deadline` equally long turns.
// In [0, 1) for every turn before the deadline.
double relative_time(std::uint64_t turn, std::uint64_t turns_in_deadline);

// "1 round", "3 rounds".
std::string rounds_text(std::uint32_t rounds);

// "[2, 0, 5]": an outcome as value indices, for details of violations.
std::string describe_indices(const Outcome& outcome);

class MechanismBase : public Mechanism {
public:
    void on_failure(PartyIndex party, Failure failure) final;
    void on_deadline() final {
        if (!finished_) end_at_deadline();
    }
    bool finished() const final { return finished_; }
    // Throws std::logic_error before the episode has finished.
    const EpisodeOutcome& outcome() const final;

protected:
    explicit MechanismBase(const MechanismSettings& settings);

    const OutcomeSpace& space() const { return *settings_.space; }
    std::size_t party_count() const { return settings_.party_count; }
    std::uint32_t deadline_rounds() const { return settings_.rounds; }

    // A party index the runner cannot have meant is the runner's bug, not a
    // party's misbehaviour: throws std::out_of_range.
    void require_party(PartyIndex party) const;

    // Whether `party` may move now: the episode has started and it is the one
    // asked (`expected`). When not, the episode ends with a violation naming
    // it; `asked_for` words what is awaited ("turn", "vote").
    bool accept_mover(PartyIndex party, bool started, PartyIndex expected, const char* asked_for);

    // What is wrong with `move` as `party`'s answer to `ask` with `standing` on
    // the table; nullopt when it is valid. Checks the move type against the
    // ask, the offered outcome against the space, that Accept has something to
    // accept, and that an outcome carried by Accept or Reject is the standing one.
    std::optional<std::string> find_violation(PartyIndex party, const Move& move, Ask ask,
                                              const std::optional<Outcome>& standing) const;

    // The checks every move passes before a mechanism applies it, in this
    // order: a real party (require_party), an episode not yet finished (a late
    // move changes nothing), the party asked (accept_mover), a valid answer
    // (find_violation, which ends the episode with a violation). False when
    // the move is not to be applied.
    bool admit_move(PartyIndex party, const Move& move, bool started, PartyIndex expected, const char* asked_for,
                    Ask ask, const std::optional<Outcome>& standing);

    // The move as the other parties are told of it: Accept and Reject carry the
    // outcome they refer to (the standing one), End carries none.
    static Move as_observed(const Move& move, const std::optional<Outcome>& standing);

    // Appends an Inform of `observation` for every party but the mover.
    void inform_others(std::vector<Directive>& directives, const Observation& observation) const;

    // Ends the episode as its deadline requires (at the last round, or early
    // when the runner's wall clock says so).
    virtual void end_at_deadline() = 0;

    void note_round_begun(std::uint32_t round) { outcome_.rounds = round + 1; }
    std::uint32_t rounds_begun() const { return outcome_.rounds; }

    void end_with_agreement(Outcome agreement, double discount_exponent);
    void end_without_agreement(EndReason reason, std::optional<PartyIndex> offender, std::string detail);
    void end_with_violation(PartyIndex offender, std::string detail) {
        end_without_agreement(EndReason::Violation, offender, std::move(detail));
    }

private:
    MechanismSettings settings_;
    EpisodeOutcome outcome_;
    bool finished_ = false;
};

}  // namespace parley::worlds::mechanisms
