#pragma once
// The learning sandbox's one interface: an episode of a world (a negotiation
// under a mechanism, a repeated game) seen from one learner's seat, played in
// this process against opponents from the framework and strategy registries,
// with no broker. The rules are the worlds' own state machines (Mechanism,
// RepeatedGame), never a copy. Pure logic: no sockets, no clocks, no LibTorch;
// the learners (agents/learning) and the bench build on it.
//
// Observations are fixed-length vectors of floats (observation_size()), actions
// one of action_count() discrete choices; a mask says which are legal now.
// Determinism: reset(seed) fixes everything the episode draws (the world's
// seed, the opponents' seeds) from `seed` alone (ARCHITECTURE.md, rule 1), so
// the same seed and the same actions give the same episode.

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace parley::sandbox {

// The stream of an episode's seed that draws its opponent from a roster or a
// population (core::derive_seed(seed, kOpponentStream)), beside the runner's
// streams: the mechanism or game 0, the parties 1 + party, estimates 1000,
// the domain 2000.
inline constexpr std::uint64_t kOpponentStream = 3000;

struct Step {
    std::vector<float> observation;  // what the learner sees before its next action (empty when done)
    std::vector<bool> legal;         // per action: may it be chosen now (empty when done)
    double reward = 0.0;             // earned by the action just taken
    bool done = false;               // the episode has ended
};

// What an ended episode was, by name, in a fixed order per environment
// ("agreement", "utility", "welfare", ...; "cooperation_rate", "score", ...).
using EpisodeFigures = std::vector<std::pair<std::string, double>>;

class Environment {
public:
    virtual ~Environment() = default;

    // What it plays, for the model file and errors: "ipd", "negotiation:saop", ...
    virtual std::string world() const = 0;
    virtual std::size_t observation_size() const = 0;
    virtual std::size_t action_count() const = 0;
    // The names of the actions, in order ("cooperate", "defect"; "accept", "target 0.90", ...).
    virtual std::vector<std::string> action_names() const = 0;

    // A new episode; its first observation (with done false), or done at once
    // when the learner is never asked.
    virtual Step reset(std::uint64_t seed) = 0;
    // The learner's action (an index < action_count() that `legal` allows;
    // anything else throws std::invalid_argument and leaves the episode as it was).
    virtual Step step(std::size_t action) = 0;
    // After done: the episode's figures.
    virtual EpisodeFigures figures() const = 0;
};

}  // namespace parley::sandbox
