#pragma once
// A negotiation episode as a SessionGame: a mechanism (SAOP, Rubinstein,
// mediated) whose directives become cfp and inform messages, and whose end
// asks each party for its model of the others (opponent-model accuracy).

#include <parley/runner/session_game.hpp>

#include <parley/mechanisms/mechanism.hpp>
#include <parley/metrics/metrics.hpp>
#include <parley/content/negotiation_wire.hpp>

#include <memory>
#include <optional>
#include <vector>

namespace parley::runner {

class NegotiationSession final : public SessionGame {
public:
    // `estimate_sample`: outcomes on which each party is asked, at the end,
    // for its estimate of every party's utility; empty: ask nothing.
    NegotiationSession(std::unique_ptr<worlds::Mechanism> mechanism, std::vector<worlds::Invitation> invitations,
                       std::vector<worlds::Outcome> estimate_sample);

    std::size_t parties() const override { return invitations_.size(); }
    nlohmann::ordered_json invitation(std::size_t party) const override;
    std::vector<Outgoing> start() override;
    bool is_answer(protocol::Kind kind) const override;
    std::vector<Outgoing> on_answer(std::size_t party, const protocol::Envelope& message, std::string& problem) override;
    void on_failure(std::size_t party, worlds::Failure failure) override;
    void on_time_up() override;
    bool finished() const override { return mechanism_->finished(); }
    nlohmann::ordered_json end_content() const override;
    bool asks_at_end() const override { return !estimate_sample_.empty(); }
    void on_end_answer(std::size_t party, const nlohmann::ordered_json& content) override;

    // Valid once finished().
    worlds::EpisodeOutcome outcome() const { return mechanism_->outcome(); }
    // Each party's model of the others, when it answered the request.
    const std::vector<std::optional<worlds::OpponentModelEstimate>>& estimates() const { return estimates_; }

private:
    std::vector<Outgoing> messages_for(std::vector<worlds::Directive> directives) const;

    std::unique_ptr<worlds::Mechanism> mechanism_;
    std::vector<worlds::Invitation> invitations_;
    std::vector<worlds::Outcome> estimate_sample_;
    std::vector<std::optional<worlds::OpponentModelEstimate>> estimates_;
};

}  // namespace parley::runner
