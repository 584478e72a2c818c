#pragma once
// The classic strategies of the iterated prisoner's dilemma
// (dilemma_strategy.hpp defines each of them), and the shapes of policy a
// value framework declares for the ipd game.

#include <parley/agents/dilemma_strategy.hpp>

#include <span>
#include <string>
#include <vector>

namespace parley::agents::dilemmas {

inline constexpr worlds::DilemmaMove C = worlds::DilemmaMove::Cooperate;
inline constexpr worlds::DilemmaMove D = worlds::DilemmaMove::Defect;

// C first, then the other's last move: the classic tit_for_tat, and the move
// a payoff policy expects the other to play.
worlds::DilemmaMove tit_for_tat(std::span<const worlds::IpdView> history);

// all_c, all_d, tit_for_tat, suspicious_tit_for_tat, tit_for_two_tats,
// generous_tft, grudger, pavlov, random, alternator, joss, tester, zd_extort.
std::vector<DilemmaStrategyInfo> classic_strategies();

// The documentation of the payoff parameters (reward, sucker, temptation,
// punishment) with the default payoffs, and their reading (finite numbers):
// a strategy's own assumption about the payoffs (zd_extort).
std::vector<ParameterInfo> payoff_parameters();

// The value of a payoff parameter that stands for the game's own payoff.
inline constexpr const char* kGamePayoff = "game";
// The same parameters with the default kGamePayoff: a policy that reasons with
// the payoffs of the game it plays unless given its own.
std::vector<ParameterInfo> game_payoff_parameters();

// The classic strategy `strategy` under another name, described as
// "plays STRATEGY: WHY". Throws std::logic_error when there is no such strategy.
DilemmaStrategyInfo classic_alias(const std::string& strategy, std::string name, std::string why);

// A policy that plays the move with the better score for the round (ties to
// C), predicting that the other repeats its last move (C first). It reasons
// with the payoffs of the game it plays (the ipd game's parameters reward,
// sucker, temptation, punishment), so a scenario that changes the payoffs
// changes its choices; each of R, S, T, P may be given as a parameter
// instead, whose default, "game", stands for the game's own.
using RoundScore = double (*)(const worlds::IpdPayoffs& payoffs, std::span<const worlds::IpdView> history,
                              worlds::DilemmaMove mine, worlds::DilemmaMove other);
DilemmaStrategyInfo payoff_policy(std::string name, std::string description, RoundScore score);

}  // namespace parley::agents::dilemmas
