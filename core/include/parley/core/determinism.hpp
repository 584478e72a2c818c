#pragma once
// Every seed and every random draw Parley makes, and the arithmetic that gives
// the same bits on every machine: what makes the same scenario and seed give
// byte-identical results anywhere (ARCHITECTURE.md, rule 1: determinism).
//
// One rule derives every seed: the scenario's episodes, the parties, the
// mechanisms, the games' own draws and the agents' draws. A seed for one
// purpose is derived from its parent, so draws for different purposes stay
// independent, and reordering one leaves the others unchanged.
//
// Draws take the output of std::mt19937_64, which the standard fixes, and
// never a std:: distribution, whose algorithm it does not. std::exp, std::log
// and std::pow are not required to be correctly rounded, and standard
// libraries differ in their last bits: the portable versions below use only
// +, -, *, / (IEEE-exact), frexp and ldexp (exact). Their accuracy is about
// 1e-15 relative: plenty for strategies; what matters is that every machine
// computes the same number.

#include <cstdint>
#include <random>

namespace parley::core {

// The stream-th output (0-based) of a splitmix64 generator started at parent:
// mix(parent + (stream + 1) * 0x9E3779B97F4A7C15) with the splitmix64 finalizer.
constexpr std::uint64_t derive_seed(std::uint64_t parent, std::uint64_t stream) {
    std::uint64_t z = parent + (stream + 1) * 0x9E3779B97F4A7C15ULL;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

// The seeds of an episode: its own from the master seed and its index, then
// the mechanism's (stream 0) and each party's (stream 1 + party) from it.
constexpr std::uint64_t episode_seed(std::uint64_t master_seed, std::uint64_t episode_index) {
    return derive_seed(master_seed, episode_index);
}
constexpr std::uint64_t mechanism_seed(std::uint64_t episode_seed) { return derive_seed(episode_seed, 0); }
constexpr std::uint64_t party_seed(std::uint64_t episode_seed, std::uint64_t party) {
    return derive_seed(episode_seed, 1 + party);
}

namespace portable {

// Uniform in [0, 1) from the top 53 bits of one draw.
double unit_draw(std::mt19937_64& engine);
// Uniform in [0, bound) for bound >= 1, without modulo bias: draws below
// 2^64 mod bound are rejected, so every residue is equally likely. It takes at
// least one draw even when bound is 1, so the length of a stream does not
// depend on the sizes drawn from.
std::uint64_t index_draw(std::mt19937_64& engine, std::uint64_t bound);
// The same with nothing to choose left out: 0 without a draw when bound <= 1.
inline std::uint64_t pick_index(std::mt19937_64& engine, std::uint64_t bound) {
    return bound <= 1 ? 0 : index_draw(engine, bound);
}

// e^x. Overflows to +inf above ~709.78, underflows to 0 below ~-745; NaN stays NaN.
double exp(double x);
// Natural logarithm for x > 0; -inf for 0, NaN for negative or NaN, +inf for +inf.
double log(double x);
// base^exponent for base >= 0 (0^e is 0 for e > 0, 1 for e == 0); NaN for a negative base.
double pow(double base, double exponent);

}  // namespace portable
}  // namespace parley::core
