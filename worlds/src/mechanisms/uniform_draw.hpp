#pragma once
// Uniform integers from std::mt19937_64 with our own arithmetic: the engine's
// output is fixed by the standard, std::uniform_int_distribution's is not, so
// this gives the same draws with every standard library.

#include <cstdint>
#include <random>

namespace parley::worlds::mechanisms {

// Uniform in [0, bound) for bound >= 1, without modulo bias: draws below
// 2^64 mod bound are rejected, so every residue is equally likely.
inline std::uint64_t draw_below(std::mt19937_64& engine, std::uint64_t bound) {
    const std::uint64_t rejected_below = (0 - bound) % bound;  // (2^64 - bound) mod bound = 2^64 mod bound
    for (;;) {
        const std::uint64_t draw = engine();
        if (draw >= rejected_below) return draw % bound;
    }
}

}  // namespace parley::worlds::mechanisms
