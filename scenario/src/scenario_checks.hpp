#pragma once
// Internal to scenario/: the checks that the run makes on a world, made when the
// scenario loads, so that a scenario the validation accepts is one the run can
// play. Each uses the limit of the code it protects (the analysis's outcome
// limit, the protocol's limits as the broker and the agents decode a frame, the
// cells a population process reads) and says why, without the file and key:
// the scenario reader adds those.

#include <parley/domains/domain.hpp>
#include <parley/scenario/scenario.hpp>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace parley::worlds::detail {

// Nullopt when issues x values-per-issue outcomes fit the analysis the runner
// makes of every domain; otherwise why not.
std::optional<std::string> generated_outcomes_refusal(std::size_t issues, std::size_t values_per_issue);
// The same for a built domain's outcome space.
std::optional<std::string> outcomes_refusal(const OutcomeSpace& space);

// Why the invitation of some party of an episode over `domain` with these
// settings (mechanism, roster, matching, information) would not reach it or
// would be refused on receipt; nullopt when every one would be read. Measured
// by encoding the invitation as the runner sends it, with the fields that vary
// between episodes (agent names, session, seeds, message id) at their widest.
std::optional<std::string> invitation_refusal(const Domain& domain, const ScenarioSettings& settings);
// The same for the players of a game world, and for the reports of the
// stages of a round, which tell every player every move.
std::optional<std::string> game_messages_refusal(const ScenarioSettings& settings);

// The two message checks above, each made once for all the sweep points that
// send the same messages (measuring means encoding every invitation).
class MessageChecks {
public:
    // The invitation depends on the world's shape (`shape` names it, `build`
    // makes a domain of it), the information and who is invited.
    std::optional<std::string> invitation_refusal(const std::string& shape, const std::function<Domain()>& build,
                                                  const ScenarioSettings& settings);
    // What a match sends depends on the game, its settings and who plays.
    std::optional<std::string> game_messages_refusal(const ScenarioSettings& settings);

private:
    std::map<std::string, std::optional<std::string>> refusals_;  // by what the messages depend on
};

// The cells of the payoff matrix (roster entry against roster entry) that the
// population process of `settings` reads and that no match of the matching
// measures; empty without a population.
std::vector<std::pair<std::size_t, std::size_t>> unmeasured_population_cells(const ScenarioSettings& settings);

}  // namespace parley::worlds::detail
