#pragma once
// The registry entries of the built-in dilemma strategies (dilemma_strategy.hpp
// defines each of them).

#include <parley/agents/dilemma_strategy.hpp>

#include <vector>

namespace parley::agents::dilemmas {

// all_c, all_d, tit_for_tat, tit_for_two_tats, generous_tft, grudger, pavlov,
// random, alternator, joss, tester, zd_extort.
std::vector<DilemmaStrategyInfo> classic_strategies();
// selfish, reciprocal, utilitarian, rawlsian, nash, deontological, libertarian.
std::vector<DilemmaStrategyInfo> framework_policies();

// The documentation of the payoff parameters (reward, sucker, temptation,
// punishment) with the default payoffs, and their reading (finite numbers).
std::vector<ParameterInfo> payoff_parameters();

}  // namespace parley::agents::dilemmas
