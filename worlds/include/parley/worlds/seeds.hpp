#pragma once
// One rule for every seed Parley derives: the scenario's episodes, the parties,
// the mechanisms, the games' own draws and the agents' draws. A seed for one
// purpose is derived from its parent, so draws for different purposes stay
// independent and reordering one leaves the others unchanged.

#include <cstdint>

namespace parley::worlds {

// The stream-th output (0-based) of a splitmix64 generator started at parent:
// mix(parent + (stream + 1) * 0x9E3779B97F4A7C15) with the splitmix64 finalizer.
constexpr std::uint64_t derive_seed(std::uint64_t parent, std::uint64_t stream) {
    std::uint64_t z = parent + (stream + 1) * 0x9E3779B97F4A7C15ULL;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

}  // namespace parley::worlds
