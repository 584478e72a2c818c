// Round-robin tournaments of any repeated game: the schedule of groups,
// per-match seeds, and the standings (see tournament.hpp for the definitions).

#include <parley/core/determinism.hpp>
#include <parley/games/tournament.hpp>

#include <algorithm>
#include <limits>
#include <stdexcept>
#include <string>
#include <utility>

namespace parley::worlds {
namespace {

// What one entrant accumulated over a set of its samples.
struct Tally {
    std::size_t samples = 0;
    double score_per_round = 0.0;
    std::size_t cooperative_rounds = 0;
    std::size_t rounds = 0;
    std::size_t never_defected_first = 0;
    std::size_t opponents = 0;     // (sample, other player) pairs
    std::size_t good_partner = 0;  // of those, the pairs where it cooperated at least as often
};

// Every sample of an entrant, and apart those that are not self-interactions,
// whose scores are also kept by repetition for the median.
struct EntrantTally {
    Tally with_self_play;
    Tally against_others;
    std::vector<double> score_by_repetition;  // sums of score per round
    std::vector<std::size_t> samples_by_repetition;
};

double ratio(double numerator, double denominator) { return denominator > 0.0 ? numerator / denominator : 0.0; }

// The number of ways to choose `k` of `n` (n >= k), or nullopt above `limit`.
// Multiplying by (n - i) / (i + 1) keeps every intermediate a binomial
// coefficient, so the division is exact; with k <= n / 2 they only grow, so
// none passes the limit unless the result does.
std::optional<std::size_t> bounded_binomial(std::size_t n, std::size_t k, std::size_t limit) {
    k = std::min(k, n - k);
    std::size_t result = 1;
    for (std::size_t i = 0; i < k; ++i) {
        if (result > std::numeric_limits<std::size_t>::max() / (n - i)) return std::nullopt;
        result = result * (n - i) / (i + 1);
        if (result > limit) return std::nullopt;
    }
    return result;
}

// The number of groups of `size` among `entrants` (multisets with self-play), or nullopt above `limit`.
std::optional<std::size_t> group_count(std::size_t entrants, std::size_t size, bool self_play, std::size_t limit) {
    if (!self_play) return bounded_binomial(entrants, size, limit);
    if (entrants > std::numeric_limits<std::size_t>::max() - size) return std::nullopt;
    return bounded_binomial(entrants + size - 1, size, limit);
}

// The first group in lexicographic order: 0, 1, ..., size-1 (all 0 with self-play).
std::vector<std::size_t> first_group(std::size_t size, bool self_play) {
    std::vector<std::size_t> group(size, 0);
    if (!self_play) {
        for (std::size_t i = 0; i < size; ++i) group[i] = i;
    }
    return group;
}

// Advances `group` to the next in lexicographic order among strictly
// increasing indices below `entrants` (non-decreasing with self-play); false
// after the last.
bool next_group(std::vector<std::size_t>& group, std::size_t entrants, bool self_play) {
    const std::size_t size = group.size();
    for (std::size_t i = size; i-- > 0;) {
        const std::size_t highest = self_play ? entrants - 1 : entrants - size + i;
        if (group[i] < highest) {
            ++group[i];
            for (std::size_t j = i + 1; j < size; ++j) group[j] = self_play ? group[i] : group[j - 1] + 1;
            return true;
        }
    }
    return false;
}

void check_played(const PlayedMatch& played, std::size_t entrant_count) {
    const std::size_t players = played.match.entrants.size();
    for (std::size_t entrant : played.match.entrants) {
        if (entrant >= entrant_count) {
            throw std::invalid_argument("played match " + std::to_string(played.match.index) +
                                        " names an entrant that does not exist");
        }
    }
    // A schedule holds at most that many matches, so no repetition reaches it.
    if (played.match.repetition >= kMaxScheduledMatches) {
        throw std::invalid_argument("played match " + std::to_string(played.match.index) + " has repetition " +
                                    std::to_string(played.match.repetition) + ", beyond any schedule");
    }
    const GameResult& result = played.result;
    if (result.scores.size() != players || result.cooperative_rounds.size() != players ||
        result.never_defected_first.size() != players) {
        throw std::invalid_argument("played match " + std::to_string(played.match.index) + " has a result for " +
                                    std::to_string(result.scores.size()) + " players, not " + std::to_string(players));
    }
}

double score_per_round(const GameResult& result, PartyIndex player) {
    return ratio(result.scores[player], static_cast<double>(result.rounds_played));
}

void add_to_tally(const GameResult& result, PartyIndex player, double per_round, Tally& tally) {
    ++tally.samples;
    tally.score_per_round += per_round;
    tally.cooperative_rounds += result.cooperative_rounds[player];
    tally.rounds += result.rounds_played;
    if (result.never_defected_first[player]) ++tally.never_defected_first;
    for (PartyIndex other = 0; other < result.cooperative_rounds.size(); ++other) {
        if (other == player) continue;
        ++tally.opponents;
        if (result.cooperative_rounds[player] >= result.cooperative_rounds[other]) ++tally.good_partner;
    }
}

bool is_self_interaction(const std::vector<std::size_t>& group, PartyIndex player) {
    return std::count(group.begin(), group.end(), group[player]) > 1;
}

// Adds player `player` of `played` to its entrant's tallies and payoff row.
void add_sample(const PlayedMatch& played, PartyIndex player, std::vector<EntrantTally>& tallies,
                std::vector<std::vector<double>>& payoff_sums, std::vector<std::vector<std::size_t>>& payoff_counts) {
    const std::vector<std::size_t>& group = played.match.entrants;
    const GameResult& result = played.result;
    const std::size_t entrant = group[player];
    const double per_round = score_per_round(result, player);
    EntrantTally& tally = tallies[entrant];
    add_to_tally(result, player, per_round, tally.with_self_play);
    if (!is_self_interaction(group, player)) {
        add_to_tally(result, player, per_round, tally.against_others);
        const std::size_t repetition = played.match.repetition;
        if (tally.score_by_repetition.size() <= repetition) {
            tally.score_by_repetition.resize(repetition + 1, 0.0);
            tally.samples_by_repetition.resize(repetition + 1, 0);
        }
        tally.score_by_repetition[repetition] += per_round;
        ++tally.samples_by_repetition[repetition];
    }

    std::vector<std::size_t> met;  // the distinct entrants of the other players
    for (PartyIndex other = 0; other < group.size(); ++other) {
        const bool counted = std::find(met.begin(), met.end(), group[other]) != met.end();
        if (other != player && !counted) met.push_back(group[other]);
    }
    for (std::size_t opponent : met) {
        payoff_sums[entrant][opponent] += per_round;
        ++payoff_counts[entrant][opponent];
    }
}

double median(std::vector<double> values) {
    if (values.empty()) return 0.0;
    std::sort(values.begin(), values.end());
    const std::size_t middle = values.size() / 2;
    return values.size() % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2.0;
}

// The median over repetitions 0 .. repetitions-1 of the mean score per round
// in each, a repetition without samples counting 0 (the Axelrod library's
// normalised scores and their median).
double median_score(const EntrantTally& tally, std::size_t repetitions) {
    std::vector<double> normalised(repetitions, 0.0);
    for (std::size_t r = 0; r < tally.score_by_repetition.size(); ++r) {
        normalised[r] = ratio(tally.score_by_repetition[r], static_cast<double>(tally.samples_by_repetition[r]));
    }
    return median(std::move(normalised));
}

StrategyStanding standing_of(std::size_t entrant, const std::string& name, const EntrantTally& tally,
                             std::size_t repetitions) {
    const auto share = [](std::size_t part, std::size_t whole) {
        return ratio(static_cast<double>(part), static_cast<double>(whole));
    };
    StrategyStanding standing;
    standing.entrant = entrant;
    standing.name = name;
    const Tally& others = tally.against_others;
    standing.samples = others.samples;
    standing.median_score = median_score(tally, repetitions);
    standing.cooperation_rating = share(others.cooperative_rounds, others.rounds);
    standing.good_partner_rating = share(others.good_partner, others.opponents);
    const Tally& all = tally.with_self_play;
    standing.samples_with_self_play = all.samples;
    standing.mean_score_with_self_play = ratio(all.score_per_round, static_cast<double>(all.samples));
    standing.cooperation_rating_with_self_play = share(all.cooperative_rounds, all.rounds);
    standing.never_defected_first_with_self_play = share(all.never_defected_first, all.samples);
    return standing;
}

// The Axelrod library's ranking: by median score, ties in entrant order.
void rank(std::vector<StrategyStanding>& ranking) {
    std::stable_sort(ranking.begin(), ranking.end(), [](const StrategyStanding& a, const StrategyStanding& b) {
        return a.median_score > b.median_score;
    });
    for (std::size_t place = 0; place < ranking.size(); ++place) ranking[place].rank = place + 1;
}

}  // namespace

std::vector<ScheduledMatch> tournament_schedule(std::size_t entrant_count, const TournamentSettings& settings) {
    const std::size_t size = settings.match.players;
    if (size < 2) {
        throw std::invalid_argument("a tournament's matches need at least 2 players, not " + std::to_string(size));
    }
    const std::size_t needed = settings.self_play ? 1 : size;
    if (entrant_count < needed) {
        throw std::invalid_argument("a tournament of groups of " + std::to_string(size) + " needs at least " +
                                    std::to_string(needed) + " entrants, not " + std::to_string(entrant_count));
    }
    if (settings.repetitions == 0) throw std::invalid_argument("a tournament needs at least 1 repetition");
    const std::optional<std::size_t> groups =
        group_count(entrant_count, size, settings.self_play, kMaxScheduledMatches);
    if (!groups || *groups > kMaxScheduledMatches / settings.repetitions) {
        throw std::invalid_argument("a tournament may hold at most " + std::to_string(kMaxScheduledMatches) +
                                    " matches: fewer entrants, a smaller group or fewer repetitions");
    }
    std::vector<ScheduledMatch> schedule;
    schedule.reserve(*groups * settings.repetitions);
    for (std::size_t repetition = 0; repetition < settings.repetitions; ++repetition) {
        std::vector<std::size_t> group = first_group(size, settings.self_play);
        do {
            ScheduledMatch match;
            match.index = schedule.size();
            match.entrants = group;
            match.repetition = repetition;
            match.seed = core::derive_seed(settings.master_seed, match.index);
            schedule.push_back(std::move(match));
        } while (next_group(group, entrant_count, settings.self_play));
    }
    return schedule;
}

GameSettings scheduled_match_settings(const TournamentSettings& settings, const ScheduledMatch& match) {
    GameSettings game = settings.match;
    game.seed = core::mechanism_seed(match.seed);
    return game;
}

GameResult play_scheduled_match(const std::vector<GameEntrant>& entrants, const TournamentSettings& settings,
                                const ScheduledMatch& match) {
    if (match.entrants.size() != settings.match.players) {
        throw std::invalid_argument("scheduled match " + std::to_string(match.index) + " has " +
                                    std::to_string(match.entrants.size()) + " players, not " +
                                    std::to_string(settings.match.players));
    }
    std::vector<GameChooser> players;
    for (std::size_t player = 0; player < match.entrants.size(); ++player) {
        if (match.entrants[player] >= entrants.size()) {
            throw std::invalid_argument("scheduled match " + std::to_string(match.index) +
                                        " names an entrant that does not exist");
        }
        players.push_back(entrants[match.entrants[player]].make(core::party_seed(match.seed, player)));
    }
    return play_game(settings.game, scheduled_match_settings(settings, match), players);
}

TournamentResult summarize_tournament(const std::vector<std::string>& entrant_names, std::vector<PlayedMatch> matches) {
    const std::size_t n = entrant_names.size();
    std::sort(matches.begin(), matches.end(),
              [](const PlayedMatch& a, const PlayedMatch& b) { return a.match.index < b.match.index; });
    std::vector<EntrantTally> tallies(n);
    std::size_t repetitions = 0;
    std::vector<std::vector<double>> payoff_sums(n, std::vector<double>(n, 0.0));
    std::vector<std::vector<std::size_t>> payoff_counts(n, std::vector<std::size_t>(n, 0));
    for (const PlayedMatch& played : matches) {
        check_played(played, n);
        repetitions = std::max(repetitions, played.match.repetition + 1);
        for (PartyIndex player = 0; player < played.match.entrants.size(); ++player) {
            add_sample(played, player, tallies, payoff_sums, payoff_counts);
        }
    }

    TournamentResult result;
    result.matches = std::move(matches);
    result.payoff_matrix.assign(n, std::vector<double>(n, 0.0));
    for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t j = 0; j < n; ++j) {
            result.payoff_matrix[i][j] = ratio(payoff_sums[i][j], static_cast<double>(payoff_counts[i][j]));
        }
    }
    for (std::size_t i = 0; i < n; ++i) {
        result.ranking.push_back(standing_of(i, entrant_names[i], tallies[i], repetitions));
    }
    rank(result.ranking);
    return result;
}

TournamentResult play_round_robin(const std::vector<GameEntrant>& entrants, const TournamentSettings& settings) {
    GameRegistry::builtin().resolve(settings.game, settings.match);  // bad settings fail before any match
    std::vector<std::string> names;
    for (const GameEntrant& entrant : entrants) {
        if (!entrant.make) throw std::invalid_argument("tournament entrant '" + entrant.name + "' has no factory");
        names.push_back(entrant.name);
    }
    std::vector<PlayedMatch> played;
    for (const ScheduledMatch& match : tournament_schedule(entrants.size(), settings)) {
        played.push_back({match, play_scheduled_match(entrants, settings, match)});
    }
    return summarize_tournament(names, std::move(played));
}

}  // namespace parley::worlds
