// The iterated prisoner's dilemma: rules, noise, length and per-match results.

#include <parley/worlds/ipd.hpp>
#include <parley/worlds/scenario.hpp>

#include <cmath>
#include <stdexcept>
#include <string>
#include <utility>

namespace parley::worlds {
namespace {

// Streams of the game's seed: the length and the noise draw from their own
// engines, so one never shifts the other's draws.
constexpr std::uint64_t kLengthStream = 0;
constexpr std::uint64_t kNoiseStream = 1;
constexpr std::uint32_t kMaxRounds = 1'000'000;

std::string describe_text(std::string_view text) {
    constexpr std::size_t kShown = 32;  // untrusted: never echo an unbounded text
    std::string shown(text.substr(0, kShown));
    for (char& c : shown) {
        if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7f) c = '?';
    }
    return "'" + shown + (text.size() > kShown ? "...'" : "'");
}

// Rounds played when, after each round, another follows with probability w.
std::uint32_t draw_length(const IpdSettings& settings) {
    if (settings.continuation >= 1.0) return settings.rounds;
    std::mt19937_64 engine(derive_seed(settings.seed, kLengthStream));
    std::uint32_t length = 1;
    while (length < settings.rounds && draw_chance(engine, settings.continuation)) ++length;
    return length;
}

}  // namespace

std::string_view dilemma_move_letter(DilemmaMove move) { return move == DilemmaMove::Cooperate ? "C" : "D"; }

std::optional<DilemmaMove> parse_dilemma_move(std::string_view text) {
    if (text == "C") return DilemmaMove::Cooperate;
    if (text == "D") return DilemmaMove::Defect;
    return std::nullopt;
}

DilemmaMove opposite(DilemmaMove move) {
    return move == DilemmaMove::Cooperate ? DilemmaMove::Defect : DilemmaMove::Cooperate;
}

double unit_draw(std::mt19937_64& engine) { return static_cast<double>(engine() >> 11) * 0x1.0p-53; }

bool draw_chance(std::mt19937_64& engine, double probability) { return unit_draw(engine) < probability; }

double IpdPayoffs::payoff(DilemmaMove mine, DilemmaMove other) const {
    if (mine == DilemmaMove::Cooperate) return other == DilemmaMove::Cooperate ? reward : sucker;
    return other == DilemmaMove::Cooperate ? temptation : punishment;
}

bool IpdPayoffs::is_prisoners_dilemma() const {
    return temptation > reward && reward > punishment && punishment > sucker && 2.0 * reward > temptation + sucker;
}

void validate(const IpdSettings& settings) {
    const IpdPayoffs& p = settings.payoffs;
    for (double value : {p.reward, p.sucker, p.temptation, p.punishment}) {
        if (!std::isfinite(value)) throw std::invalid_argument("ipd: every payoff (R, S, T, P) must be a finite number");
    }
    if (settings.rounds == 0 || settings.rounds > kMaxRounds) {
        throw std::invalid_argument("ipd: rounds must be in [1, " + std::to_string(kMaxRounds) + "], not " +
                                    std::to_string(settings.rounds));
    }
    if (!(settings.continuation > 0.0 && settings.continuation <= 1.0)) {
        throw std::invalid_argument("ipd: continuation must be a probability in (0, 1], not " +
                                    std::to_string(settings.continuation));
    }
    if (!(settings.noise >= 0.0 && settings.noise <= 0.5)) {
        throw std::invalid_argument("ipd: noise must be a probability in [0, 0.5], not " +
                                    std::to_string(settings.noise));
    }
}

std::vector<IpdView> views_of(std::span<const IpdRound> rounds, PartyIndex player) {
    if (player > 1) throw std::out_of_range("ipd: player " + std::to_string(player) + " is not 0 or 1");
    const PartyIndex other = 1 - player;
    std::vector<IpdView> views;
    views.reserve(rounds.size());
    for (const IpdRound& round : rounds) {
        views.push_back({round.realised[player], round.realised[other], round.payoffs[player]});
    }
    return views;
}

std::string_view ipd_end_reason_name(IpdEndReason reason) {
    switch (reason) {
        case IpdEndReason::Completed: return "completed";
        case IpdEndReason::Violation: return "violation";
        case IpdEndReason::Timeout: return "timeout";
        case IpdEndReason::AgentLost: return "agent_lost";
    }
    return "unknown";
}

double IpdResult::mean_score(PartyIndex player) const {
    return turns == 0 ? 0.0 : scores.at(player) / static_cast<double>(turns);
}

IpdGame::IpdGame(IpdSettings settings) : settings_(settings) {
    validate(settings_);
    length_ = draw_length(settings_);
    noise_engine_.seed(derive_seed(settings_.seed, kNoiseStream));
    history_.reserve(length_);
}

std::vector<IpdDirective> IpdGame::start() {
    if (started_) throw std::logic_error("ipd: start() called twice");
    started_ = true;
    return asks_for_current_round();
}

std::vector<IpdDirective> IpdGame::asks_for_current_round() const {
    std::vector<IpdDirective> asks;
    for (PartyIndex player = 0; player < 2; ++player) {
        IpdDirective ask;
        ask.type = IpdDirective::Type::Ask;
        ask.player = player;
        ask.round = round();
        asks.push_back(ask);
    }
    return asks;
}

std::vector<IpdDirective> IpdGame::on_move(PartyIndex player, DilemmaMove move) {
    return on_move(player, dilemma_move_letter(move));
}

std::vector<IpdDirective> IpdGame::on_move(PartyIndex player, std::string_view move) {
    if (player > 1) throw std::out_of_range("ipd: player " + std::to_string(player) + " is not 0 or 1");
    if (finished_) return {};
    if (!started_) throw std::logic_error("ipd: a move before start()");
    const std::string who = "player " + std::to_string(player);
    const std::string when = " in round " + std::to_string(round());
    if (pending_[player]) {
        end(IpdEndReason::Violation, player, who + " moved twice" + when);
        return {};
    }
    const std::optional<DilemmaMove> parsed = parse_dilemma_move(move);
    if (!parsed) {
        end(IpdEndReason::Violation, player, who + " sent " + describe_text(move) + when + ", not C or D");
        return {};
    }
    pending_[player] = *parsed;
    if (!pending_[0] || !pending_[1]) return {};
    return realise_round();
}

std::vector<IpdDirective> IpdGame::realise_round() {
    IpdRound played;
    for (PartyIndex player = 0; player < 2; ++player) {
        played.intended[player] = *pending_[player];
        // Always one draw per move, whatever the noise, so a seed's draws line up.
        const bool flipped = draw_chance(noise_engine_, settings_.noise);
        played.realised[player] = flipped ? opposite(*pending_[player]) : *pending_[player];
        pending_[player].reset();
    }
    for (PartyIndex player = 0; player < 2; ++player) {
        played.payoffs[player] = settings_.payoffs.payoff(played.realised[player], played.realised[1 - player]);
    }
    const std::uint32_t played_round = round();
    history_.push_back(played);

    std::vector<IpdDirective> directives;
    for (PartyIndex player = 0; player < 2; ++player) {
        IpdDirective inform;
        inform.type = IpdDirective::Type::Inform;
        inform.player = player;
        inform.round = played_round;
        inform.view = {played.realised[player], played.realised[1 - player], played.payoffs[player]};
        directives.push_back(inform);
    }
    if (round() >= length_) {
        finished_ = true;
        reason_ = IpdEndReason::Completed;
        return directives;
    }
    for (const IpdDirective& ask : asks_for_current_round()) directives.push_back(ask);
    return directives;
}

void IpdGame::on_failure(PartyIndex player, Failure failure) {
    if (player > 1) throw std::out_of_range("ipd: player " + std::to_string(player) + " is not 0 or 1");
    if (finished_) return;
    const std::string who = "player " + std::to_string(player);
    if (failure == Failure::Timeout) {
        end(IpdEndReason::Timeout, player, who + " did not move in time in round " + std::to_string(round()));
    } else {
        end(IpdEndReason::AgentLost, player, who + " was lost in round " + std::to_string(round()));
    }
}

void IpdGame::end(IpdEndReason reason, PartyIndex offender, std::string detail) {
    finished_ = true;
    reason_ = reason;
    offender_ = offender;
    detail_ = std::move(detail);
}

IpdResult IpdGame::result() const {
    if (!finished_) throw std::logic_error("ipd: the result of a match is known only once it has finished");
    IpdResult result;
    result.reason = reason_;
    result.offender = offender_;
    result.detail = detail_;
    result.history = history_;
    result.turns = round();
    std::array<std::size_t, 4> outcomes{};  // CC, CD, DC, DD from player 0's side
    std::array<std::size_t, 2> cooperations{};
    for (const IpdRound& played : history_) {
        for (PartyIndex player = 0; player < 2; ++player) {
            result.scores[player] += played.payoffs[player];
            if (played.realised[player] == DilemmaMove::Cooperate) ++cooperations[player];
        }
        const std::size_t first_defected = played.realised[0] == DilemmaMove::Defect ? 2 : 0;
        const std::size_t second_defected = played.realised[1] == DilemmaMove::Defect ? 1 : 0;
        ++outcomes[first_defected + second_defected];
    }
    if (result.turns > 0) {
        const double turns = result.turns;
        for (PartyIndex player = 0; player < 2; ++player) {
            result.cooperation_rates[player] = static_cast<double>(cooperations[player]) / turns;
        }
        result.cc_rate = static_cast<double>(outcomes[0]) / turns;
        result.cd_rate = static_cast<double>(outcomes[1]) / turns;
        result.dc_rate = static_cast<double>(outcomes[2]) / turns;
        result.dd_rate = static_cast<double>(outcomes[3]) / turns;
    }
    return result;
}

IpdResult play_ipd_match(const IpdSettings& settings, const IpdChooser& player0, const IpdChooser& player1) {
    IpdGame game(settings);
    game.start();
    std::array<std::vector<IpdView>, 2> histories;
    const std::array<const IpdChooser*, 2> choosers{&player0, &player1};
    while (!game.finished()) {
        for (PartyIndex player = 0; player < 2 && !game.finished(); ++player) {
            for (const IpdDirective& directive : game.on_move(player, (*choosers[player])(histories[player]))) {
                if (directive.type == IpdDirective::Type::Inform) histories[directive.player].push_back(directive.view);
            }
        }
    }
    return game.result();
}

}  // namespace parley::worlds
