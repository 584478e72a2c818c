// N-player repeated games in stages: the state machine shared by every game,
// the per-match metrics, the registry and the in-process driver.

#include <parley/games/commons.hpp>
#include <parley/games/ipd.hpp>
#include <parley/metrics/metrics.hpp>
#include <parley/games/public_goods.hpp>
#include <parley/games/race.hpp>
#include <parley/games/repeated_game.hpp>

#include <algorithm>
#include <cmath>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>

namespace parley::worlds {
namespace {

constexpr std::size_t kMaxPlayers = 1000;
constexpr std::uint32_t kMaxRounds = 1'000'000;

std::string number_text(double value) {
    std::ostringstream out;
    out.precision(17);
    out << value;
    return out.str();
}

// `inform` once for every one of `players`, each copy addressed to its player.
void inform_every_player(std::vector<GameDirective>& directives, GameDirective inform, std::size_t players) {
    for (PartyIndex player = 0; player < players; ++player) {
        inform.player = player;
        directives.push_back(inform);
    }
}

}  // namespace

std::optional<double> find_number(const NamedNumbers& numbers, std::string_view name) {
    for (const auto& [named, value] : numbers) {
        if (named == name) return value;
    }
    return std::nullopt;
}

double number_named(const NamedNumbers& numbers, std::string_view name) {
    if (const auto value = find_number(numbers, name)) return *value;
    throw std::out_of_range("no number named '" + std::string(name) + "'");
}

const StageInfo* GameInfo::stage(std::string_view stage_name) const {
    for (const StageInfo& info : stages) {
        if (info.name == stage_name) return &info;
    }
    return nullptr;
}

std::string_view game_end_reason_name(GameEndReason reason) {
    switch (reason) {
        case GameEndReason::Completed: return "completed";
        case GameEndReason::Collapsed: return "collapsed";
        case GameEndReason::Catastrophe: return "catastrophe";
        case GameEndReason::Violation: return "violation";
        case GameEndReason::Timeout: return "timeout";
        case GameEndReason::AgentLost: return "agent_lost";
        case GameEndReason::BrokerLost: return "broker_lost";
        case GameEndReason::SessionTaken: return "session_taken";
    }
    return "unknown";
}

const StageMoves* GameRound::stage(std::string_view name) const {
    for (const StageMoves& moves : stages) {
        if (moves.name == name) return &moves;
    }
    return nullptr;
}

double GameRound::number(std::string_view name) const { return number_named(numbers, name); }

double GameView::parameter(const std::string& name) const { return settings->parameters.at(name); }

RepeatedGame::RepeatedGame(GameSettings settings) : settings_(std::move(settings)) {
    pending_.resize(settings_.players);
}

StageSpec RepeatedGame::current_stage() const {
    return stage_index_ < stages_.size() ? stages_[stage_index_] : StageSpec{};
}

GameView RepeatedGame::view(PartyIndex player) const {
    GameView view;
    view.settings = &settings_;
    view.self = player;
    view.round = round();
    view.stage = current_stage();
    view.history = history_;
    view.current = current_.stages;
    view.state = state();
    return view;
}

std::vector<double> RepeatedGame::cooperation_rates(std::span<const GameRound> history) const {
    std::vector<double> rates(settings_.players, 0.0);
    if (history.empty()) return rates;
    for (const GameRound& played : history) {
        for (PartyIndex i = 0; i < settings_.players; ++i) {
            if (cooperated(played, i)) rates[i] += 1.0;
        }
    }
    for (double& rate : rates) rate /= static_cast<double>(history.size());
    return rates;
}

std::vector<GameDirective> RepeatedGame::start() {
    if (started_) throw std::logic_error(std::string(name()) + ": start() called twice");
    started_ = true;
    stages_ = stages();
    if (stages_.empty()) throw std::logic_error(std::string(name()) + ": a game needs at least one stage");
    for (const StageSpec& stage : stages_) {
        if (stage.per_player && stage.width != settings_.players) {
            throw std::logic_error(std::string(name()) + ": the per-player stage " + stage.name +
                                   " must ask one number per player");
        }
    }
    return asks();
}

std::vector<GameDirective> RepeatedGame::asks() const {
    std::vector<GameDirective> directives;
    for (PartyIndex player = 0; player < settings_.players; ++player) {
        GameDirective ask;
        ask.type = GameDirective::Type::Ask;
        ask.player = player;
        ask.round = round();
        ask.stage = current_stage();
        directives.push_back(std::move(ask));
    }
    return directives;
}

std::vector<GameDirective> RepeatedGame::on_move(PartyIndex player, double move) {
    return on_move(player, std::span<const double>(&move, 1));
}

std::vector<GameDirective> RepeatedGame::on_move(PartyIndex player, std::span<const double> move) {
    if (player >= settings_.players) {
        throw std::out_of_range(std::string(name()) + ": player " + std::to_string(player) + " is not in the game");
    }
    if (finished_) return {};
    if (!started_) throw std::logic_error(std::string(name()) + ": a move before start()");
    const StageSpec stage = current_stage();
    const std::string who = "player " + std::to_string(player);
    const std::string when =
        " in the " + stage.name + " stage of round " + std::to_string(round());
    if (pending_[player]) {
        end(GameEndReason::Violation, player, who + " moved twice" + when);
        return {};
    }
    if (move.size() != stage.width) {
        end(GameEndReason::Violation, player,
            who + " sent " + std::to_string(move.size()) + " numbers" + when + ", not " + std::to_string(stage.width));
        return {};
    }
    for (std::size_t i = 0; i < move.size(); ++i) {
        const double value = move[i];
        const std::string which = stage.width == 1 ? std::string() : " at position " + std::to_string(i);
        if (!std::isfinite(value)) {
            end(GameEndReason::Violation, player, who + " sent a number that is not finite" + which + when);
            return {};
        }
        if (value < stage.low || value > stage.high) {
            end(GameEndReason::Violation, player,
                who + " sent " + number_text(value) + which + when + ", outside [" + number_text(stage.low) + ", " +
                    number_text(stage.high) + "]");
            return {};
        }
        if (stage.whole && value != std::floor(value)) {
            end(GameEndReason::Violation, player, who + " sent " + number_text(value) + which + when + ", not a whole number");
            return {};
        }
        if (stage.per_player && i == player && value != 0.0) {
            end(GameEndReason::Violation, player, who + " assigned punishment points to itself" + when);
            return {};
        }
    }
    pending_[player] = std::vector<double>(move.begin(), move.end());
    for (const auto& pending : pending_) {
        if (!pending) return {};
    }
    return close_stage();
}

std::vector<GameDirective> RepeatedGame::close_stage() {
    StageMoves played;
    played.name = current_stage().name;
    for (auto& pending : pending_) {
        played.moves.push_back(std::move(*pending));
        pending.reset();
    }
    current_.stages.push_back(played);
    const std::uint32_t played_round = round();

    std::vector<GameDirective> directives;
    if (reports_stages()) {
        GameDirective stage_inform;
        stage_inform.type = GameDirective::Type::InformStage;
        stage_inform.round = played_round;
        stage_inform.moves = played;
        inform_every_player(directives, std::move(stage_inform), settings_.players);
    }
    ++stage_index_;
    if (stage_index_ < stages_.size()) {
        for (GameDirective& ask : asks()) directives.push_back(std::move(ask));
        return directives;
    }

    // The round is complete: settle it.
    GameRound settled = std::move(current_);
    current_ = GameRound{};
    stage_index_ = 0;
    settled.payoffs.assign(settings_.players, 0.0);
    settled.received.assign(settings_.players, 0.0);
    std::optional<GameEnding> ending = settle(settled);
    history_.push_back(settled);
    GameDirective round_inform;
    round_inform.type = GameDirective::Type::InformRound;
    round_inform.round = played_round;
    round_inform.settled = settled;
    inform_every_player(directives, std::move(round_inform), settings_.players);
    if (ending) {
        end(ending->reason, std::nullopt, std::move(ending->detail));
        return directives;
    }
    if (round() >= length()) {
        finished_ = true;
        reason_ = GameEndReason::Completed;
        return directives;
    }
    for (GameDirective& ask : asks()) directives.push_back(std::move(ask));
    return directives;
}

void RepeatedGame::on_failure(PartyIndex player, Failure failure) {
    if (player >= settings_.players) {
        throw std::out_of_range(std::string(name()) + ": player " + std::to_string(player) + " is not in the game");
    }
    if (finished_) return;
    const std::string who = "player " + std::to_string(player);
    switch (failure) {
        case Failure::Timeout:
            end(GameEndReason::Timeout, player, who + " did not move in time in round " + std::to_string(round()));
            return;
        case Failure::AgentLost:
            end(GameEndReason::AgentLost, player, who + " was lost in round " + std::to_string(round()));
            return;
        case Failure::BrokerLost:
            end(GameEndReason::BrokerLost, std::nullopt, "the runner lost the broker in round " + std::to_string(round()));
            return;
        case Failure::SessionTaken:
            end(GameEndReason::SessionTaken, std::nullopt, "another client held the match's session id first");
            return;
    }
}

void RepeatedGame::end(GameEndReason reason, std::optional<PartyIndex> offender, std::string detail) {
    finished_ = true;
    reason_ = reason;
    offender_ = offender;
    detail_ = std::move(detail);
}

GameResult RepeatedGame::result() const {
    if (!finished_)
        throw std::logic_error(std::string(name()) + ": the result is known only once the game has finished");
    const std::size_t n = settings_.players;
    GameResult result;
    result.game = std::string(name());
    result.reason = reason_;
    result.offender = offender_;
    result.detail = detail_;
    result.rounds_played = round();
    result.history = history_;
    result.scores.assign(n, 0.0);
    double positive_total = 0.0;
    double weighted_rounds = 0.0;
    std::size_t peaceful = 0;
    for (std::size_t t = 0; t < history_.size(); ++t) {
        const GameRound& played = history_[t];
        for (PartyIndex i = 0; i < n; ++i) {
            result.scores[i] += played.payoffs[i];
            const double positive = std::max(0.0, played.payoffs[i]);
            positive_total += positive;
            weighted_rounds += positive * static_cast<double>(t + 1);
        }
        for (PartyIndex i = 0; i < n; ++i) {
            if (at_peace(played, i)) ++peaceful;
        }
    }
    result.cooperation_rates = cooperation_rates(history_);
    result.cooperative_rounds = cooperative_rounds();
    result.never_defected_first = never_defected_first();
    if (!history_.empty()) {
        double sum = 0.0;
        for (double rate : result.cooperation_rates) sum += rate;
        result.cooperation_rate = sum / static_cast<double>(n);
        result.peace = static_cast<double>(peaceful) / static_cast<double>(n * history_.size());
    }
    for (double score : result.scores) result.efficiency += score;
    result.equality = 1.0 - gini(result.scores);
    if (positive_total > 0.0) {
        result.timing = weighted_rounds / (positive_total * static_cast<double>(settings_.rounds));
    }
    result.nash_welfare = 1.0;
    for (double score : result.scores) result.nash_welfare *= std::max(0.0, score);
    result.game_metrics = game_metrics(history_);
    return result;
}

bool RepeatedGame::at_peace(const GameRound& round, PartyIndex player) const {
    // Every round plays the stages in the order of stages_.
    for (std::size_t k = 0; k < round.stages.size() && k < stages_.size(); ++k) {
        if (!stages_[k].per_player) continue;
        const auto& moves = round.stages[k].moves;
        for (PartyIndex other = 0; other < moves.size(); ++other) {
            if (moves[player][other] > 0.0 || moves[other][player] > 0.0) return false;
        }
    }
    return true;
}

std::vector<std::uint32_t> RepeatedGame::cooperative_rounds() const {
    std::vector<std::uint32_t> counts(settings_.players, 0);
    for (const GameRound& played : history_) {
        for (PartyIndex player = 0; player < settings_.players; ++player) {
            if (cooperated(played, player)) ++counts[player];
        }
    }
    return counts;
}

std::vector<bool> RepeatedGame::never_defected_first() const {
    for (const GameRound& played : history_) {
        std::vector<bool> cooperators(settings_.players, true);
        bool someone_defected = false;
        for (PartyIndex player = 0; player < settings_.players; ++player) {
            cooperators[player] = cooperated(played, player);
            someone_defected = someone_defected || !cooperators[player];
        }
        if (someone_defected) return cooperators;
    }
    return std::vector<bool>(settings_.players, true);
}

// --- registry -----------------------------------------------------------------

GameSettings GameRegistry::resolve(const std::string& name, GameSettings settings) const {
    const GameInfo* info = find(name);
    if (!info) {
        throw std::invalid_argument("no game named '" + name + "' (known: " + names() + ")");
    }
    if (settings.players < 2 || settings.players > kMaxPlayers) {
        throw std::invalid_argument(name + ": players must be in [2, " + std::to_string(kMaxPlayers) + "], not " +
                                    std::to_string(settings.players));
    }
    if (settings.rounds == 0 || settings.rounds > kMaxRounds) {
        throw std::invalid_argument(name + ": rounds must be in [1, " + std::to_string(kMaxRounds) + "], not " +
                                    std::to_string(settings.rounds));
    }
    for (const auto& entry : settings.parameters) {
        const std::string& parameter = entry.first;  // not a structured binding: lambdas capture it
        const double value = entry.second;
        const auto documented = std::find_if(info->parameters.begin(), info->parameters.end(),
                                             [&](const GameParameterInfo& p) { return p.name == parameter; });
        if (documented == info->parameters.end()) {
            std::string names;
            for (const GameParameterInfo& p : info->parameters) names += (names.empty() ? "" : ", ") + p.name;
            throw std::invalid_argument(name + ": no parameter named '" + parameter + "' (known: " + names + ")");
        }
        if (!std::isfinite(value) || value < documented->low || value > documented->high) {
            throw std::invalid_argument(name + ": parameter " + parameter + " must be a finite number in [" +
                                        number_text(documented->low) + ", " + number_text(documented->high) +
                                        "], not " + number_text(value));
        }
    }
    for (const GameParameterInfo& p : info->parameters) settings.parameters.emplace(p.name, p.default_value);
    if (info->check) info->check(settings);
    return settings;
}

std::unique_ptr<RepeatedGame> GameRegistry::make(const std::string& name, GameSettings settings) const {
    GameSettings resolved = resolve(name, std::move(settings));
    return find(name)->make(std::move(resolved));
}

const GameRegistry& GameRegistry::builtin() {
    static const GameRegistry registry = [] {
        GameRegistry built;
        built.add(ipd_info());
        built.add(public_goods_info());
        built.add(commons_info());
        built.add(race_info());
        return built;
    }();
    return registry;
}

// --- the in-process driver ------------------------------------------------------

GameResult play_game(RepeatedGame& game, std::span<const GameChooser> players) {
    if (players.size() != game.settings().players) {
        throw std::invalid_argument("play_game: " + std::to_string(players.size()) + " choosers for " +
                                    std::to_string(game.settings().players) + " players");
    }
    game.start();
    while (!game.finished()) {
        // Every view of a stage is taken before any move of it: simultaneous moves.
        std::vector<std::vector<double>> moves;
        for (PartyIndex player = 0; player < players.size(); ++player)
            moves.push_back(players[player](game.view(player)));
        for (PartyIndex player = 0; player < players.size() && !game.finished(); ++player) {
            game.on_move(player, moves[player]);
        }
    }
    return game.result();
}

GameResult play_game(const std::string& name, const GameSettings& settings, std::span<const GameChooser> players) {
    std::unique_ptr<RepeatedGame> game = GameRegistry::builtin().make(name, settings);
    return play_game(*game, players);
}

}  // namespace parley::worlds
