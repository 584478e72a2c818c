#pragma once
// Internal to scenario/: the written name of every value of the scenario's
// enumerations, one table each, which the section readers accept and
// scenario.cpp's *_name functions write.

#include <parley/core/name_table.hpp>
#include <parley/scenario/scenario.hpp>

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace parley::worlds::detail {

using core::NameTable;

// In the order error messages list them.
inline constexpr NameTable<MatchingMode, 5> kMatchingModeNames{{
    {MatchingMode::AllPairs, "all_pairs"},
    {MatchingMode::RoundRobin, "round_robin"},
    {MatchingMode::FixedGroups, "fixed_groups"},
    {MatchingMode::ProfileRotation, "profile_rotation"},
    {MatchingMode::AllGroups, "all_groups"},
}};

inline constexpr NameTable<WorldVariation, 3> kWorldVariationNames{{
    {WorldVariation::PerRun, "per_run"},
    {WorldVariation::PerRepetition, "per_repetition"},
    {WorldVariation::PerEpisode, "per_episode"},
}};

inline constexpr NameTable<Information, 2> kInformationNames{{
    {Information::Private, "private"},
    {Information::Disclosed, "disclosed"},
}};

// Every name of `table`, in its order: the choices a reader accepts.
template <class Enum, std::size_t N>
std::vector<std::string> names_of(const NameTable<Enum, N>& table) {
    return core::names_in(table);
}

// The name of `value`, or `fallback` for a value outside the enumeration.
template <class Enum, std::size_t N>
std::string_view name_of(const NameTable<Enum, N>& table, Enum value, std::string_view fallback) {
    return core::name_in(table, value).value_or(fallback);
}

// The value named `name`, or `fallback` for a name the table lacks (the
// readers check the name against names_of first).
template <class Enum, std::size_t N>
Enum value_named(const NameTable<Enum, N>& table, std::string_view name, Enum fallback) {
    return core::value_in(table, name).value_or(fallback);
}

}  // namespace parley::worlds::detail
