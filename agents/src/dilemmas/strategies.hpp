#pragma once
// The registry entries of the built-in dilemma strategies (dilemma_strategy.hpp
// defines each of them).

#include <parley/agents/dilemma_strategy.hpp>

#include <vector>

namespace parley::agents::dilemmas {

// all_c, all_d, tit_for_tat, suspicious_tit_for_tat, tit_for_two_tats,
// generous_tft, grudger, pavlov, random, alternator, joss, tester, zd_extort.
std::vector<DilemmaStrategyInfo> classic_strategies();
// selfish, reciprocal, utilitarian, rawlsian, nash, deontological, libertarian.
std::vector<DilemmaStrategyInfo> framework_policies();

// The documentation of the payoff parameters (reward, sucker, temptation,
// punishment) with the default payoffs, and their reading (finite numbers):
// a strategy's own assumption about the payoffs (zd_extort).
std::vector<ParameterInfo> payoff_parameters();

// The value of a payoff parameter that stands for the game's own payoff.
inline constexpr const char* kGamePayoff = "game";
// The same parameters with the default kGamePayoff: a policy that reasons with
// the payoffs of the game it plays unless given its own (utilitarian, rawlsian).
std::vector<ParameterInfo> game_payoff_parameters();

}  // namespace parley::agents::dilemmas
