#pragma once
// The exit statuses of `parley run`, one meaning each, so that a script (a
// Slurm job, a CI step) can tell a complete run from one to resume or to
// retry. README.md, "Exit status", documents them.

namespace parley::cli {

inline constexpr int kExitOk = 0;                 // every episode played and recorded as a result
inline constexpr int kExitError = 1;              // an error stopped the run (see the message)
inline constexpr int kExitScenarioError = 2;      // the scenario or the command line is invalid; nothing ran
inline constexpr int kExitPlatformFailures = 3;   // every episode recorded, some failed for a platform reason
inline constexpr int kExitWriteFailed = 4;        // a results file could not be written; the folder is resumable
inline constexpr int kExitBrokerGone = 5;         // the broker was lost for good; the folder is resumable
inline constexpr int kExitInterrupted = 130;      // interrupted (SIGINT, SIGTERM); the folder is resumable

}  // namespace parley::cli
