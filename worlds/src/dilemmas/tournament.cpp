// Round-robin tournaments of the iterated prisoner's dilemma: the schedule,
// per-match seeds, and the standings (see tournament.hpp for the definitions).

#include <parley/worlds/scenario.hpp>
#include <parley/worlds/tournament.hpp>

#include <algorithm>
#include <stdexcept>
#include <string>
#include <utility>

namespace parley::worlds {
namespace {

// What one strategy accumulated over its samples.
struct Tally {
    std::size_t samples = 0;
    double score_per_round = 0.0;
    std::size_t cooperations = 0;
    std::size_t moves = 0;
    std::size_t nice_samples = 0;
};

// True when `player` never defected first: in the first round with a realised
// D it played C (or there was no D at all).
bool never_defected_first(const IpdResult& result, PartyIndex player) {
    for (const IpdRound& round : result.history) {
        const bool someone_defected =
            round.realised[0] == DilemmaMove::Defect || round.realised[1] == DilemmaMove::Defect;
        if (someone_defected) return round.realised[player] == DilemmaMove::Cooperate;
    }
    return true;
}

void add_sample(Tally& tally, const IpdResult& result, PartyIndex player) {
    ++tally.samples;
    tally.score_per_round += result.mean_score(player);
    for (const IpdRound& round : result.history) {
        if (round.realised[player] == DilemmaMove::Cooperate) ++tally.cooperations;
    }
    tally.moves += result.history.size();
    if (never_defected_first(result, player)) ++tally.nice_samples;
}

double ratio(double numerator, double denominator) { return denominator > 0.0 ? numerator / denominator : 0.0; }

}  // namespace

std::vector<ScheduledMatch> tournament_schedule(std::size_t entrant_count, const TournamentSettings& settings) {
    const std::size_t needed = settings.self_play ? 1 : 2;
    if (entrant_count < needed) {
        throw std::invalid_argument("a tournament needs at least " + std::to_string(needed) + " entrants, not " +
                                    std::to_string(entrant_count));
    }
    if (settings.repetitions == 0) throw std::invalid_argument("a tournament needs at least 1 repetition");
    std::vector<ScheduledMatch> schedule;
    for (std::size_t repetition = 0; repetition < settings.repetitions; ++repetition) {
        for (std::size_t first = 0; first < entrant_count; ++first) {
            for (std::size_t second = settings.self_play ? first : first + 1; second < entrant_count; ++second) {
                ScheduledMatch match;
                match.index = schedule.size();
                match.first = first;
                match.second = second;
                match.repetition = repetition;
                match.seed = derive_seed(settings.master_seed, match.index);
                schedule.push_back(match);
            }
        }
    }
    return schedule;
}

IpdResult play_scheduled_match(const std::vector<IpdEntrant>& entrants, const TournamentSettings& settings,
                               const ScheduledMatch& match) {
    if (match.first >= entrants.size() || match.second >= entrants.size()) {
        throw std::invalid_argument("a scheduled match names an entrant that does not exist");
    }
    IpdSettings game = settings.match;
    game.seed = mechanism_seed(match.seed);
    const IpdChooser first = entrants[match.first].make(party_seed(match.seed, 0));
    const IpdChooser second = entrants[match.second].make(party_seed(match.seed, 1));
    return play_ipd_match(game, first, second);
}

TournamentResult summarize_tournament(const std::vector<IpdEntrant>& entrants, std::vector<PlayedMatch> matches) {
    const std::size_t n = entrants.size();
    std::sort(matches.begin(), matches.end(),
              [](const PlayedMatch& a, const PlayedMatch& b) { return a.match.index < b.match.index; });
    std::vector<Tally> tallies(n);
    std::vector<std::vector<double>> payoff_sums(n, std::vector<double>(n, 0.0));
    std::vector<std::vector<std::size_t>> payoff_counts(n, std::vector<std::size_t>(n, 0));
    for (const PlayedMatch& played : matches) {
        const std::size_t first = played.match.first;
        const std::size_t second = played.match.second;
        if (first >= n || second >= n) throw std::invalid_argument("a played match names an entrant that does not exist");
        add_sample(tallies[first], played.result, 0);
        add_sample(tallies[second], played.result, 1);
        payoff_sums[first][second] += played.result.mean_score(0);
        ++payoff_counts[first][second];
        payoff_sums[second][first] += played.result.mean_score(1);
        ++payoff_counts[second][first];
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
        StrategyStanding standing;
        standing.entrant = i;
        standing.name = entrants[i].name;
        standing.samples = tallies[i].samples;
        const auto samples = static_cast<double>(tallies[i].samples);
        standing.mean_score = ratio(tallies[i].score_per_round, samples);
        standing.cooperation_rating =
            ratio(static_cast<double>(tallies[i].cooperations), static_cast<double>(tallies[i].moves));
        standing.good_partner_rating = ratio(static_cast<double>(tallies[i].nice_samples), samples);
        result.ranking.push_back(standing);
    }
    std::sort(result.ranking.begin(), result.ranking.end(), [](const StrategyStanding& a, const StrategyStanding& b) {
        if (a.mean_score != b.mean_score) return a.mean_score > b.mean_score;
        if (a.name != b.name) return a.name < b.name;
        return a.entrant < b.entrant;
    });
    for (std::size_t place = 0; place < result.ranking.size(); ++place) result.ranking[place].rank = place + 1;
    return result;
}

TournamentResult play_round_robin(const std::vector<IpdEntrant>& entrants, const TournamentSettings& settings) {
    validate(settings.match);
    for (const IpdEntrant& entrant : entrants) {
        if (!entrant.make) throw std::invalid_argument("tournament entrant '" + entrant.name + "' has no factory");
    }
    std::vector<PlayedMatch> played;
    for (const ScheduledMatch& match : tournament_schedule(entrants.size(), settings)) {
        played.push_back({match, play_scheduled_match(entrants, settings, match)});
    }
    return summarize_tournament(entrants, std::move(played));
}

}  // namespace parley::worlds
