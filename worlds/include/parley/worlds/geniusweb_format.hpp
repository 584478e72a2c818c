#pragma once
// GeniusWeb JSON domains and LinearAdditiveUtilitySpace profiles.
//   domain:  {"name": .., "issuesValues": {issue: {"values": [value, ..]}, ..}}
//   profile: {"LinearAdditiveUtilitySpace": {
//              "issueUtilities": {issue: {"discreteutils": {"valueUtilities": {value: u, ..}}}},
//              "issueWeights": {issue: w, ..}, "name": .., "domain": {..optional copy..},
//              "reservationBid": {"issuevalues": {issue: value, ..}}  (optional)}}
// utility(bid) = sum_i w_i * u_i(value_i); the reservation value is the
// utility of the reservation bid (0 without one). Issues keep the order of
// the file. Only discrete issues are read ("discreteutils"); number issues are
// refused with a DomainError that says so.
//
// `source` names the file in error messages.

#include <parley/worlds/domain.hpp>

#include <filesystem>
#include <span>
#include <string_view>

namespace parley::worlds {

// A domain file: the space and its "name"; no profiles.
Domain parse_geniusweb_domain(std::string_view json, std::string_view source);
// A profile that carries its own copy of the domain; without one it is an error.
ProfileWithIssues parse_geniusweb_profile(std::string_view json, std::string_view source);
// A profile for a known space. Issues and values are matched by name; a copy
// of the domain inside the profile must list the same issues and values.
LinearAdditiveProfile parse_geniusweb_profile(std::string_view json, std::string_view source,
                                              const OutcomeSpace& space);

Domain load_geniusweb_domain(const std::filesystem::path& domain_file,
                             std::span<const std::filesystem::path> profile_files);
// Every profile must carry its domain; the domain of the first names the result.
Domain load_geniusweb_profiles(std::span<const std::filesystem::path> profile_files);

}  // namespace parley::worlds
