// The mediated single-text protocol (Klein et al. 2003): a mediator holds one
// text and improves it step by step with the parties' votes.
//
// Round 0 puts a random text to the vote; each later round proposes a
// mutation of the current text: one issue, chosen at random among those with
// more than one value, set to another value chosen at random. Every party votes
// on the proposal (Ask::Vote, standing = the proposal, standing_by = none):
// accept, reject or end. When all accept, the proposal becomes the current
// text; otherwise the current text stays. At the deadline the agreement is the
// last text all parties accepted, and there is none if they never all agreed.
// A party that ends walks away from the whole negotiation: no agreement.
//
// Each round is a ballot: the parties are asked to vote one after the other,
// in party order, each with its own Ask (so the runner awaits one answer at a
// time, as in SAOP). Votes are kept secret until the ballot closes: every vote
// is told to every other party only after the last vote (or an End) is in, so
// no party votes knowing another's vote of the same round. An invalid vote
// ends the episode at once, and its ballot is told to nobody.
//
// Relative time of round r: r / rounds. The discount exponent of an agreement
// is the time of the round in which its text was accepted.
//
// The mediator's draws come from std::mt19937_64 seeded with settings.seed
// and draw_below (uniform_draw.hpp): the same seed gives the same texts on
// every machine.

#include "mechanism_base.hpp"
#include <parley/core/determinism.hpp>

#include <parley/mechanisms/builtin_mechanisms.hpp>

#include <memory>
#include <random>
#include <stdexcept>

namespace parley::worlds::mechanisms {
namespace {

class MediatedMechanism : public MechanismBase {
public:
    explicit MediatedMechanism(const MechanismSettings& settings)
        : MechanismBase(settings), engine_(settings.seed) {}

    std::vector<Directive> start() override {
        if (started_) throw std::logic_error("an episode is started only once");
        started_ = true;
        if (finished()) return {};  // a party failed before the start
        current_text_ = random_text();
        proposal_ = current_text_;
        return {open_ballot()};
    }

    std::vector<Directive> on_move(PartyIndex party, const Move& move) override {
        if (!admit_move(party, move, started_, voter(), "vote", Ask::Vote, proposal_)) return {};
        votes_.push_back(move);
        if (move.type == MoveType::End) {
            auto directives = tell_votes();
            end_without_agreement(EndReason::PartyEnded, party,
                                  "party " + std::to_string(party) + " ended the negotiation");
            return directives;
        }
        if (votes_.size() < party_count()) return {ask(voter())};
        return close_ballot();
    }

private:
    PartyIndex voter() const { return votes_.size(); }
    double time_of_round() const { return relative_time(round_, deadline_rounds()); }

    Outcome random_text() {
        Outcome text(space().issue_count());
        for (std::size_t issue = 0; issue < text.size(); ++issue) {
            text[issue] = static_cast<std::size_t>(core::portable::index_draw(engine_, space().issue(issue).size()));
        }
        return text;
    }

    // The current text with one issue set to another value; the text itself
    // when no issue has a second value (a space of one outcome).
    Outcome mutation_of_current_text() {
        std::vector<std::size_t> changeable;
        for (std::size_t issue = 0; issue < space().issue_count(); ++issue) {
            if (space().issue(issue).size() > 1) changeable.push_back(issue);
        }
        Outcome text = current_text_;
        if (changeable.empty()) return text;
        const std::size_t issue = changeable[core::portable::index_draw(engine_, changeable.size())];
        // One of the other values: draw among size - 1 and skip the current one.
        auto value = static_cast<std::size_t>(core::portable::index_draw(engine_, space().issue(issue).size() - 1));
        if (value >= text[issue]) ++value;
        text[issue] = value;
        return text;
    }

    Directive ask(PartyIndex party) const {
        Directive directive;
        directive.type = Directive::Type::Ask;
        directive.party = party;
        directive.turn.ask = Ask::Vote;
        directive.turn.round = round_;
        directive.turn.time = time_of_round();
        directive.turn.standing = proposal_;  // standing_by stays empty: the mediator's text
        return directive;
    }

    Directive open_ballot() {
        note_round_begun(round_);
        votes_.clear();
        return ask(0);
    }

    // Every vote of the ballot, to every party but its voter.
    std::vector<Directive> tell_votes() const {
        std::vector<Directive> directives;
        for (PartyIndex party = 0; party < votes_.size(); ++party) {
            inform_others(directives, Observation{party, as_observed(votes_[party], proposal_), round_, time_of_round()});
        }
        return directives;
    }

    std::vector<Directive> close_ballot() {
        auto directives = tell_votes();
        if (all_accepted()) {
            current_text_ = proposal_;
            last_accepted_ = proposal_;
            last_accepted_time_ = time_of_round();
        }
        if (++round_ == deadline_rounds()) {
            end_at_deadline();
            return directives;
        }
        proposal_ = mutation_of_current_text();
        directives.push_back(open_ballot());
        return directives;
    }

    bool all_accepted() const {
        for (const auto& vote : votes_) {
            if (vote.type != MoveType::Accept) return false;
        }
        return true;
    }

    void end_at_deadline() override {
        if (last_accepted_) {
            end_with_agreement(*last_accepted_, last_accepted_time_);
        } else {
            end_without_agreement(EndReason::Deadline, std::nullopt,
                                  "the parties never all accepted a text, in " + rounds_text(rounds_begun()));
        }
    }

    std::mt19937_64 engine_;
    bool started_ = false;
    std::uint32_t round_ = 0;
    Outcome current_text_;  // the text mutations start from
    Outcome proposal_;      // the text being voted on
    std::optional<Outcome> last_accepted_;
    double last_accepted_time_ = 0.0;
    std::vector<Move> votes_;  // of the open ballot, in party order
};

}  // namespace
}  // namespace parley::worlds::mechanisms

namespace parley::worlds {

MechanismInfo mediated_mechanism_info() {
    return mechanisms::builtin_mechanism_info(
        "mediated",
        "single-text mediation: a mediator proposes one-issue changes to a text, adopted when all parties accept",
        mechanisms::kMaxParties, [](const MechanismSettings& settings) -> std::unique_ptr<Mechanism> {
            return std::make_unique<mechanisms::MediatedMechanism>(settings);
        });
}

}  // namespace parley::worlds
