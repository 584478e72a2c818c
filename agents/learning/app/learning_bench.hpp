#pragma once
// `parley-learned bench`: what only a process with LibTorch can measure, for
// the learning section of `parley bench`: PPO training speed and a learned
// agent's decision latency, each beside a baseline measured in the same run.
// One JSON object per line on standard output (benchmark, unit, parley,
// baseline, baseline_is), which `parley bench` reads into its table.

namespace parley::learning {

int run_learning_bench(bool quick);

}  // namespace parley::learning
