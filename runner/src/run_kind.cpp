#include <parley/runner/run_kind.hpp>

#include <parley/runner/game_run.hpp>
#include <parley/runner/negotiation_run.hpp>

namespace parley::runner {

const RunKindRegistry& RunKindRegistry::builtin() {
    static const RunKindRegistry registry = [] {
        RunKindRegistry built;
        built.add(game_run_kind());
        built.add(negotiation_run_kind());
        return built;
    }();
    return registry;
}

void RunKindRegistry::add(std::unique_ptr<RunKind> kind) { kinds_.push_back(std::move(kind)); }

const RunKind& RunKindRegistry::for_scenario(const worlds::Scenario& scenario) const {
    for (const auto& kind : kinds_) {
        if (kind->plays(scenario)) return *kind;
    }
    throw worlds::ScenarioError("scenario '" + scenario.name + "': no kind of run plays its world");
}

std::vector<const RunKind*> RunKindRegistry::list() const {
    std::vector<const RunKind*> kinds;
    for (const auto& kind : kinds_) kinds.push_back(kind.get());
    return kinds;
}

}  // namespace parley::runner
