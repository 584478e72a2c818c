#pragma once
// Scenario files: what `parley run` plays. A scenario (YAML) names its world,
// its mechanism and deadline, its roster of value frameworks, how the roster
// is matched into episodes, repetitions, a master seed and a sweep (a grid over
// any scalar key). Loading validates everything before anything starts: every
// problem is a ScenarioError "FILE:LINE: KEY: what is wrong". Expansion turns a
// scenario into a dense, deterministic list of episodes whose seeds depend only
// on the master seed and the episode index (ARCHITECTURE.md, rule 1: determinism).
//
// Every key, its default and the matching semantics are documented for users
// in scenarios/README.md; keep the two in step.

#include <parley/domains/domain.hpp>
#include <parley/core/determinism.hpp>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace parley::worlds {

class ScenarioError : public std::runtime_error {
public:
    explicit ScenarioError(const std::string& message) : std::runtime_error(message) {}
};

// ---- what the loader may accept -------------------------------------------------

// A mechanism the caller can run, with the party counts it accepts.
struct MechanismName {
    std::string name;
    std::size_t min_parties = 2;
    std::size_t max_parties = 2;
};

// Parameters as scenario files give them: by name, values as written.
using ParameterMap = std::map<std::string, std::string>;

// The names a scenario may use. scenario/ must not depend on agents/, so the
// caller passes the framework names (the CLI: FrameworkRegistry::builtin(),
// tests: fixed lists). The optional checks let the caller refuse malformed
// parameters at load time: they throw std::invalid_argument with a readable
// message, which becomes a ScenarioError at the offending key.
struct ScenarioVocabulary {
    std::vector<std::string> frameworks;
    std::vector<MechanismName> mechanisms;
    std::function<void(const std::string& framework, const ParameterMap& parameters)> check_framework_parameters;
    std::function<void(const std::string& mechanism, const ParameterMap& parameters)> check_mechanism_parameters;
    // Games (world.game) are checked against GameRegistry::builtin(); their
    // rosters name strategies, which live in agents/: the strategies a game
    // can be played with (frameworks and classic strategies), and a check of
    // one strategy's parameters. Without them, any roster name is accepted.
    std::function<std::vector<std::string>(const std::string& game)> game_strategies;
    std::function<void(const std::string& game, const std::string& strategy, const ParameterMap& parameters)>
        check_strategy_parameters;
    // The learning section's hyper-parameters (learning.ppo), checked by the
    // trainer's own rules; throws std::invalid_argument naming the key. Without
    // it, the keys are read but not checked (parley run does not train).
    std::function<void(const std::vector<std::pair<std::string, std::string>>& ppo)> check_learning_parameters;
};

// The mechanisms of MechanismRegistry::builtin() with their party ranges.
std::vector<MechanismName> builtin_mechanism_names();

// ---- the model ----------------------------------------------------------------

// When a generated world draws a new domain (see scenarios/README.md, "Seeds").
enum class WorldVariation : std::uint8_t {
    PerRun,         // one domain for the whole run (the same for every sweep point with the same settings)
    PerRepetition,  // one domain per repetition, shared by all matches of that repetition
    PerEpisode,     // a new domain for every episode
};

struct GeneratedWorld {
    std::size_t issues = 3;
    std::size_t values_per_issue = 5;
    std::size_t parties = 2;  // always the number of parties of a match
    double opposition = 0.5;
    WorldVariation vary = WorldVariation::PerRepetition;
};

struct FileWorld {
    std::optional<std::filesystem::path> domain;  // absolute; none for profile files that carry their issues
    std::vector<std::filesystem::path> profiles;  // absolute, in profile order
};

struct PieWorld {
    std::size_t resolution = 100;
    double discount0 = 0.9;
    double discount1 = 0.9;
};

// A repeated game (GameRegistry::builtin(): ipd, public_goods, commons, race)
// instead of a negotiation domain: no mechanism, no profiles. Its players are
// the parties of a match (the matching's group size).
struct GameWorld {
    std::string game;
    std::uint32_t rounds = 10;
    std::map<std::string, double> parameters;  // as given; the game fills in the rest
    std::uint32_t reply_timeout_ms = 10'000;   // how long a player may take over one move
};

using WorldSpec = std::variant<GeneratedWorld, FileWorld, PieWorld, GameWorld>;

enum class Information : std::uint8_t { Private, Disclosed };

struct MechanismSpec {
    std::string name;
    std::uint32_t rounds = 100;
    std::optional<double> seconds;  // wall-clock deadline; the episode ends at whichever deadline comes first
    std::uint32_t reply_timeout_ms = 10'000;
    ParameterMap parameters;
};

struct RosterEntry {
    // The value framework; in a game world, the strategy: a framework's policy
    // or a classic strategy (written `framework:` or `strategy:`).
    std::string framework;
    std::size_t count = 1;
    ParameterMap parameters;
    std::string label;  // unique in the roster; the framework name by default
};

// all_groups: every combination of group_size participants, in lexicographic
// order (a tournament among N-player groups).
enum class MatchingMode : std::uint8_t { AllPairs, RoundRobin, FixedGroups, ProfileRotation, AllGroups };

struct MatchingSpec {
    MatchingMode mode = MatchingMode::AllPairs;
    std::size_t group_size = 2;  // resolved: 2 for the pair modes, all participants by default for groups
    std::optional<std::size_t> requested_group_size;  // as the file gave it, for the lock file
    // all_pairs and round_robin: also each participant against itself (two
    // agents playing the same roster entry), after the other matches.
    bool self_play = false;
};

// Population dynamics over a game tournament's payoff matrix (tournament.hpp),
// run once every match of a sweep point is played: which roster entries
// (strategies) grow, coexist or die out.
enum class PopulationDynamics : std::uint8_t { Replicator, Moran };

struct PopulationSpec {
    PopulationDynamics dynamics = PopulationDynamics::Replicator;
    std::size_t generations = 100;  // replicator: generations run; Moran: the most generations
    std::size_t size = 100;         // Moran: individuals in all, split evenly over the roster entries
    double selection = 1.0;         // Moran: the intensity of selection w in [0, 1]
    std::uint32_t runs = 1;         // Moran: independent runs (seeded from the master seed)
    std::vector<std::string> background;  // roster labels that keep their share (never evolve)
};

// Everything one sweep point plays.
struct ScenarioSettings {
    WorldSpec world = GeneratedWorld{};
    Information information = Information::Private;
    MechanismSpec mechanism;
    std::vector<RosterEntry> roster;
    MatchingSpec matching;
    std::uint32_t repetitions = 1;
    std::optional<PopulationSpec> population;  // games only
};

// One key of the sweep and its values, each as flow-style YAML text ("0.5", "[0.9, 0.8]").
struct SweepAxis {
    std::string key;
    std::vector<std::string> values;
};

struct SweepPoint {
    std::vector<std::pair<std::string, std::string>> settings;  // key = value, in axis order
    ScenarioSettings resolved;
};

// The `learning:` section: how `parley train` trains a policy for the
// scenario's world (its game, or its mechanism over its domain), from one seat
// of it. See scenarios/README.md, "learning".
struct LearningReward {
    // Each part: "own_utility" or a framework's name (its welfare score as the
    // learner's seat scores the outcome), with its weight; one part of weight 1
    // for a single name.
    std::vector<std::pair<std::string, double>> parts{{"own_utility", 1.0}};
};

struct LearningSpec {
    std::size_t seat = 0;  // the learner's seat: its profile in a negotiation, its player index in a game
    // Who plays the other seats: each episode draws one entry, with a
    // probability proportional to its count (a population; equal counts: a
    // roster). Empty with self_play.
    std::vector<RosterEntry> opponents;
    bool self_play = false;  // the other seats play the learner's own policy as it was after the last update
    LearningReward reward;   // negotiations only; a game's reward is the learner's payoff
    std::uint64_t episodes = 1000;
    std::uint64_t seed = 0;  // the training seed; the scenario's seed when not given
    std::uint64_t checkpoint_every = 0;  // episodes between checkpoints; 0: ten checkpoints over the run
    std::filesystem::path model;         // where the model goes; as written (relative to where `parley train` starts)
    std::vector<double> targets;  // negotiation: the target utility levels, one action each (empty: the default)
    std::size_t memory = 2;       // games: the rounds of moves the learner sees
    std::size_t levels = 5;       // games: the move levels per stage, one action each
    // The PPO hyper-parameters as written (key, value text; a list as "64,64"),
    // checked by ScenarioVocabulary::check_learning_parameters.
    std::vector<std::pair<std::string, std::string>> ppo;
};

struct Scenario {
    std::string source;  // the file as named by the caller, for messages
    std::string name;
    std::uint64_t seed = 0;
    std::filesystem::path output;  // as written (relative to where `parley run` starts)
    std::vector<SweepAxis> sweep;
    std::vector<SweepPoint> points;  // the grid, last axis fastest; one point without a sweep
    std::optional<LearningSpec> learning;  // the `learning:` section, for `parley train`
};

// Bounds that keep a hostile or mistaken file from allocating without limit.
inline constexpr std::size_t kMaxScenarioFileBytes = 1024 * 1024;
inline constexpr std::size_t kMaxSweepPoints = 10'000;
inline constexpr std::size_t kMaxScenarioEpisodes = 10'000'000;
inline constexpr std::size_t kMaxRosterParticipants = 1'000;

// Throws ScenarioError "FILE:LINE: KEY: what" for the first problem found,
// including what the run would refuse later: a domain over the analysis's
// outcome limit, an invitation or a game's stage report that the protocol's
// limits refuse (encoded as the run encodes it), a population process that
// reads a pair the matching never plays. Relative file names in the scenario
// are taken from base_dir.
Scenario parse_scenario(std::string_view text, const std::string& source_name, const std::filesystem::path& base_dir,
                        const ScenarioVocabulary& vocabulary);
// Reads the file (bounded in size) and parses it with base_dir = its folder.
Scenario load_scenario(const std::filesystem::path& file, const ScenarioVocabulary& vocabulary);

// ---- expansion ----------------------------------------------------------------

// One party of an episode.
struct EpisodeParty {
    std::size_t participant = 0;   // index into the expanded roster (counts expanded, roster order)
    std::size_t roster_index = 0;  // the roster entry it comes from
    std::string framework;
    ParameterMap parameters;
    std::string label;         // unique per participant: the entry's label, "label#k" (1-based) when count > 1
    std::size_t profile = 0;   // the index of the domain profile it plays
};

struct EpisodeSpec {
    std::size_t index = 0;  // 0-based, dense
    std::uint64_t seed = 0;
    std::size_t sweep_point = 0;
    std::vector<std::pair<std::string, std::string>> sweep_settings;
    std::size_t match = 0;  // within its sweep point
    std::uint32_t repetition = 0;
    WorldSpec world;
    std::uint64_t world_seed = 0;  // for generated worlds; 0 otherwise
    Information information = Information::Private;
    MechanismSpec mechanism;
    std::vector<EpisodeParty> parties;  // in party order
};

// The number of episodes expand() gives, without building them.
std::size_t episode_count(const Scenario& scenario);

// Ordered by (sweep point, match, repetition). The seed override replaces the
// master seed and changes nothing but the seeds.
std::vector<EpisodeSpec> expand(const Scenario& scenario, std::optional<std::uint64_t> seed_override = std::nullopt);

// ---- worlds -------------------------------------------------------------------

// True when the episode plays a repeated game (GameWorld), not a negotiation.
bool is_game(const WorldSpec& world);
std::string_view population_dynamics_name(PopulationDynamics dynamics);

// Equal keys mean identical domains, so a runner can build each once.
std::string domain_cache_key(const EpisodeSpec& episode);
// Builds the domain through load_domain / generate_domain / make_pie_domain.
// Throws DomainError (files are read again and may have changed since loading).
Domain build_domain(const EpisodeSpec& episode);

// ---- lock file ----------------------------------------------------------------

// The resolved scenario (every default filled in, absolute paths, the master
// seed, the Parley version, the sweep grid) as YAML for scenario.lock.yaml.
// Loading it again gives the same episodes.
std::string resolved_yaml(const Scenario& scenario, std::uint64_t seed, std::string_view version);

// Names as written in scenario files.
std::string_view matching_mode_name(MatchingMode mode);
std::string_view world_variation_name(WorldVariation variation);
std::string_view information_name(Information information);

}  // namespace parley::worlds
