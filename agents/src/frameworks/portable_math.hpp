#pragma once
// Arithmetic that gives the same bits on every machine, for decisions that the
// same seed and messages must reproduce exactly (DESIGN.md, rule 1).
//
// std::exp, std::log and std::pow are not required to be correctly rounded,
// and standard libraries differ in their last bits; std:: distributions differ
// in their algorithms. Everything here uses +, -, *, / (IEEE-exact), frexp and
// ldexp (exact) and the output of std::mt19937_64 (fixed by the standard).
// Accuracy is about 1e-15 relative: plenty for strategies; what matters is
// that every machine computes the same number.

#include <parley/worlds/seeds.hpp>

#include <cstddef>
#include <cstdint>
#include <random>

namespace parley::agents::portable {

// e^x. Overflows to +inf above ~709.78, underflows to 0 below ~-745; NaN stays NaN.
double exp(double x);
// Natural logarithm for x > 0; -inf for 0, NaN for negative or NaN, +inf for +inf.
double log(double x);
// base^exponent for base >= 0 (0^e is 0 for e > 0, 1 for e == 0); NaN for a negative base.
double pow(double base, double exponent);

// Uniform in [0, 1) from the top 53 bits of one draw.
double unit_draw(std::mt19937_64& engine);
// Uniform in [0, bound) for bound >= 1, without modulo bias.
std::uint64_t index_draw(std::mt19937_64& engine, std::uint64_t bound);
// A seed for one purpose, derived from a party's seed (seeds.hpp).
using worlds::derive_seed;

}  // namespace parley::agents::portable
