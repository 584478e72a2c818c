// Expansion of a scenario into episodes, their seeds and their worlds. The
// order and the seeds are part of the results' meaning (ARCHITECTURE.md, rule 1: determinism):
// changing anything here changes every recorded run, so scenarios/README.md
// documents it and tests pin it down.

#include <parley/scenario/scenario.hpp>

#include <parley/domains/domain_generator.hpp>
#include <parley/domains/pie.hpp>
#include <parley/core/determinism.hpp>

#include "scenario_expansion.hpp"

#include <algorithm>
#include <charconv>
#include <numeric>
#include <stdexcept>

namespace parley::worlds {
namespace detail {
namespace {

// Each unordered pair {i, j}, i < j, twice: i as party 0 then j as party 0.
std::vector<Match> all_pairs(std::size_t n) {
    std::vector<Match> matches;
    for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t j = i + 1; j < n; ++j) {
            matches.push_back({{i, 0}, {j, 1}});
            matches.push_back({{j, 0}, {i, 1}});
        }
    }
    return matches;
}

// The circle method: participant 0 stays, the others rotate one place per
// round, so nobody plays twice in a round. With an odd count a "bye" seat
// fills the circle and its matches are skipped. Seat k plays seat m-1-k; the
// fixed participant moves first in even rounds and second in odd rounds.
std::vector<Match> round_robin(std::size_t n) {
    const std::size_t seats = n % 2 == 0 ? n : n + 1;  // seat n is the bye when n is odd
    std::vector<Match> matches;
    std::vector<std::size_t> others(seats - 1);
    std::iota(others.begin(), others.end(), std::size_t{1});
    for (std::size_t round = 0; round + 1 < seats; ++round) {
        std::vector<std::size_t> circle{0};
        for (std::size_t k = 0; k < others.size(); ++k) {
            circle.push_back(others[(k + others.size() - round % others.size()) % others.size()]);
        }
        for (std::size_t k = 0; k < seats / 2; ++k) {
            std::size_t first = circle[k];
            std::size_t second = circle[seats - 1 - k];
            if (first >= n || second >= n) continue;  // the bye
            if (k == 0 && round % 2 == 1) std::swap(first, second);
            matches.push_back({{first, 0}, {second, 1}});
        }
    }
    return matches;
}

// Consecutive groups in roster order; with rotation, each group plays once per
// rotation r, member p playing profile (p + r) mod g.
std::vector<Match> groups(std::size_t n, std::size_t group_size, bool rotate) {
    std::vector<Match> matches;
    const std::size_t rotations = rotate ? group_size : 1;
    for (std::size_t start = 0; start + group_size <= n; start += group_size) {
        for (std::size_t rotation = 0; rotation < rotations; ++rotation) {
            Match match;
            for (std::size_t p = 0; p < group_size; ++p) match.push_back({start + p, (p + rotation) % group_size});
            matches.push_back(std::move(match));
        }
    }
    return matches;
}

// Every combination of group_size participants, in lexicographic order:
// {0,1,2}, {0,1,3}, ..., {0,2,3}, ...; member p is party p with profile p.
std::vector<Match> all_groups(std::size_t n, std::size_t group_size) {
    std::vector<Match> matches;
    if (group_size == 0 || group_size > n) return matches;
    std::vector<std::size_t> members(group_size);
    std::iota(members.begin(), members.end(), std::size_t{0});
    while (true) {
        Match match;
        for (std::size_t p = 0; p < group_size; ++p) match.push_back({members[p], p});
        matches.push_back(std::move(match));
        // The last member that can still move right moves, the ones after it follow.
        std::size_t k = group_size;
        while (k > 0 && members[k - 1] == n - group_size + (k - 1)) --k;
        if (k == 0) return matches;
        ++members[k - 1];
        for (std::size_t q = k; q < group_size; ++q) members[q] = members[q - 1] + 1;
    }
}

// Each participant against itself: two agents of the same roster entry, as
// party 0 with profile 0 and party 1 with profile 1.
void append_self_play(std::vector<Match>& matches, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) matches.push_back({{i, 0}, {i, 1}});
}

// C(n, k), saturated at `cap` so that no roster can overflow it.
std::size_t combinations(std::size_t n, std::size_t k, std::size_t cap) {
    if (k > n) return 0;
    k = std::min(k, n - k);
    std::size_t result = 1;
    for (std::size_t i = 1; i <= k; ++i) {
        // result * (n - k + i) / i is exact at every step (a binomial coefficient);
        // result <= cap and n <= kMaxRosterParticipants keep the product in range.
        result = result * (n - k + i) / i;
        if (result > cap) return cap;
    }
    return result;
}

std::string number_text(double value) {
    char buffer[64];
    auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, value);
    return error == std::errc{} ? std::string(buffer, end) : std::to_string(value);
}

}  // namespace

std::size_t participant_count(const std::vector<RosterEntry>& roster) {
    std::size_t count = 0;
    for (const auto& entry : roster) count += entry.count;
    return count;
}

namespace {

std::vector<Match> matches_without_self_play(const MatchingSpec& matching, std::size_t participants) {
    switch (matching.mode) {
        case MatchingMode::AllPairs:
            return all_pairs(participants);
        case MatchingMode::RoundRobin:
            return round_robin(participants);
        case MatchingMode::FixedGroups:
            return groups(participants, matching.group_size, false);
        case MatchingMode::ProfileRotation:
            return groups(participants, matching.group_size, true);
        case MatchingMode::AllGroups:
            return all_groups(participants, matching.group_size);
    }
    return {};
}

std::size_t count_without_self_play(const MatchingSpec& matching, std::size_t n) {
    const std::size_t g = matching.group_size;
    switch (matching.mode) {
        case MatchingMode::AllPairs:
            return n * (n - 1);
        case MatchingMode::RoundRobin:
            return n * (n - 1) / 2;
        case MatchingMode::FixedGroups:
            return n / g;
        case MatchingMode::ProfileRotation:
            return n / g * g;
        case MatchingMode::AllGroups:
            // Saturated just above the episode limit, which the loader then reports.
            return combinations(n, g, kMaxScenarioEpisodes + 1);
    }
    return 0;
}

}  // namespace

std::vector<Match> make_matches(const MatchingSpec& matching, std::size_t participants) {
    std::vector<Match> matches = matches_without_self_play(matching, participants);
    if (matching.self_play) append_self_play(matches, participants);
    return matches;
}

std::size_t match_count(const ScenarioSettings& settings) {
    const std::size_t n = participant_count(settings.roster);
    return count_without_self_play(settings.matching, n) + (settings.matching.self_play ? n : 0);
}

std::string file_world_key(const FileWorld& files) {
    std::string key = "files:domain=" + (files.domain ? files.domain->string() : std::string());
    for (const auto& profile : files.profiles) key += ";profile=" + profile.string();
    return key;
}

}  // namespace detail

// ---- seeds ------------------------------------------------------------------------

namespace {

// The stream of world seeds: "world" in ASCII, far above any episode index.
constexpr std::uint64_t kWorldStream = 0x776F726C64ULL;

std::uint64_t world_seed_of(const WorldSpec& world, std::uint64_t master_seed, std::uint64_t episode,
                            std::uint32_t repetition) {
    const auto* generated = std::get_if<GeneratedWorld>(&world);
    if (!generated) return 0;
    const std::uint64_t world_root = core::derive_seed(master_seed, kWorldStream);
    switch (generated->vary) {
        case WorldVariation::PerRun:
            return core::derive_seed(world_root, 0);
        case WorldVariation::PerRepetition:
            return core::derive_seed(world_root, 1 + std::uint64_t{repetition});
        case WorldVariation::PerEpisode:
            return core::derive_seed(episode, kWorldStream);
    }
    return 0;
}

// Participants in roster order, counts expanded.
std::vector<EpisodeParty> participants_of(const std::vector<RosterEntry>& roster) {
    std::vector<EpisodeParty> participants;
    for (std::size_t index = 0; index < roster.size(); ++index) {
        const RosterEntry& entry = roster[index];
        for (std::size_t copy = 0; copy < entry.count; ++copy) {
            EpisodeParty party;
            party.participant = participants.size();
            party.roster_index = index;
            party.framework = entry.framework;
            party.parameters = entry.parameters;
            party.label = entry.count == 1 ? entry.label : entry.label + "#" + std::to_string(copy + 1);
            participants.push_back(std::move(party));
        }
    }
    return participants;
}

}  // namespace

// ---- expansion --------------------------------------------------------------------

std::size_t episode_count(const Scenario& scenario) {
    std::size_t count = 0;
    for (const auto& point : scenario.points) count += detail::match_count(point.resolved) * point.resolved.repetitions;
    return count;
}

std::vector<EpisodeSpec> expand(const Scenario& scenario, std::optional<std::uint64_t> seed_override) {
    const std::uint64_t master_seed = seed_override.value_or(scenario.seed);
    std::vector<EpisodeSpec> episodes;
    episodes.reserve(episode_count(scenario));
    for (std::size_t point_index = 0; point_index < scenario.points.size(); ++point_index) {
        const SweepPoint& point = scenario.points[point_index];
        const ScenarioSettings& settings = point.resolved;
        const std::vector<EpisodeParty> participants = participants_of(settings.roster);
        const auto matches = detail::make_matches(settings.matching, participants.size());
        for (std::size_t match_index = 0; match_index < matches.size(); ++match_index) {
            for (std::uint32_t repetition = 0; repetition < settings.repetitions; ++repetition) {
                EpisodeSpec episode;
                episode.index = episodes.size();
                episode.seed = core::episode_seed(master_seed, episode.index);
                episode.sweep_point = point_index;
                episode.sweep_settings = point.settings;
                episode.match = match_index;
                episode.repetition = repetition;
                episode.world = settings.world;
                episode.world_seed = world_seed_of(settings.world, master_seed, episode.seed, repetition);
                episode.information = settings.information;
                episode.mechanism = settings.mechanism;
                for (const detail::Seat& seat : matches[match_index]) {
                    EpisodeParty party = participants[seat.participant];
                    party.profile = seat.profile;
                    episode.parties.push_back(std::move(party));
                }
                episodes.push_back(std::move(episode));
            }
        }
    }
    return episodes;
}

// ---- worlds -----------------------------------------------------------------------

bool is_game(const WorldSpec& world) { return std::holds_alternative<GameWorld>(world); }

std::string_view population_dynamics_name(PopulationDynamics dynamics) {
    return dynamics == PopulationDynamics::Moran ? "moran" : "replicator";
}

namespace {

// A game has rules and no domain: asking for one is a bug in the caller.
void refuse_game_world(const EpisodeSpec& episode, const char* function) {
    if (const auto* game = std::get_if<GameWorld>(&episode.world)) {
        throw std::logic_error(std::string(function) + ": episode " + std::to_string(episode.index) + " plays the game " +
                               game->game + ", which has no negotiation domain (check is_game first)");
    }
}

}  // namespace

std::string domain_cache_key(const EpisodeSpec& episode) {
    refuse_game_world(episode, "domain_cache_key");
    if (const auto* generated = std::get_if<GeneratedWorld>(&episode.world)) {
        return "generate:issues=" + std::to_string(generated->issues) +
               ";values=" + std::to_string(generated->values_per_issue) +
               ";parties=" + std::to_string(generated->parties) +
               ";opposition=" + detail::number_text(generated->opposition) +
               ";seed=" + std::to_string(episode.world_seed);
    }
    if (const auto* files = std::get_if<FileWorld>(&episode.world)) return detail::file_world_key(*files);
    const auto& pie = std::get<PieWorld>(episode.world);
    return "pie:resolution=" + std::to_string(pie.resolution) + ";discounts=" + detail::number_text(pie.discount0) +
           "," + detail::number_text(pie.discount1);
}

Domain build_domain(const EpisodeSpec& episode) {
    refuse_game_world(episode, "build_domain");
    if (const auto* generated = std::get_if<GeneratedWorld>(&episode.world)) {
        GeneratorParameters parameters;
        parameters.issues = generated->issues;
        parameters.values_per_issue = generated->values_per_issue;
        parameters.parties = generated->parties;
        parameters.opposition = generated->opposition;
        parameters.seed = episode.world_seed;
        return generate_domain(parameters);
    }
    if (const auto* files = std::get_if<FileWorld>(&episode.world)) {
        return files->domain ? load_domain(*files->domain, files->profiles) : load_domain_from_profiles(files->profiles);
    }
    const auto& pie = std::get<PieWorld>(episode.world);
    return make_pie_domain(pie.resolution, pie.discount0, pie.discount1);
}

}  // namespace parley::worlds
