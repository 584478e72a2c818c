#pragma once
// The written names of an enumeration's values, as one table per enumeration
// (message kinds, error codes, matching modes, ...): the one place a name is
// spelled, read both ways.

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace parley::core {

template <class Enum, std::size_t N>
using NameTable = std::array<std::pair<Enum, std::string_view>, N>;

// The name of `value`; nullopt for a value the table lacks.
template <class Enum, std::size_t N>
constexpr std::optional<std::string_view> name_in(const NameTable<Enum, N>& table, Enum value) {
    for (const auto& [named, name] : table) {
        if (named == value) return name;
    }
    return std::nullopt;
}

// The value named `name`; nullopt for a name the table lacks.
template <class Enum, std::size_t N>
constexpr std::optional<Enum> value_in(const NameTable<Enum, N>& table, std::string_view name) {
    for (const auto& [value, named] : table) {
        if (named == name) return value;
    }
    return std::nullopt;
}

// Every name of `table`, in its order.
template <class Enum, std::size_t N>
std::vector<std::string> names_in(const NameTable<Enum, N>& table) {
    std::vector<std::string> names;
    for (const auto& entry : table) names.emplace_back(entry.second);
    return names;
}

}  // namespace parley::core
