#pragma once
// The pie world of Rubinstein bargaining: two parties divide one unit. The
// space has one numeric issue, "share", whose value v in 0..resolution gives
// party 0 the share v / resolution and party 1 the rest. Party 0's utility of
// v is v / resolution, party 1's is (resolution - v) / resolution; each party
// discounts by its own factor (LinearAdditiveProfile::discount_factor), once
// per rejected offer under the "rubinstein" mechanism. Reservation values are 0.

#include <parley/domains/domain.hpp>

#include <cstddef>

namespace parley::worlds {

inline constexpr std::size_t kMaxPieResolution = 1'000'000;

// The domain "pie" with profiles "party1" and "party2". Throws DomainError for
// a resolution outside 1..kMaxPieResolution or a discount factor outside (0, 1].
Domain make_pie_domain(std::size_t resolution, double discount0, double discount1);

}  // namespace parley::worlds
