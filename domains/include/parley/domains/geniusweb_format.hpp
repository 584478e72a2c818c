#pragma once
// GeniusWeb JSON domains and LinearAdditiveUtilitySpace profiles.
//   domain:  {"name": .., "issuesValues": {issue: {"values": [value, ..]}, ..}}
//            a number issue: {"range": {"low": l, "high": h, "step": s}}
//   profile: {"LinearAdditiveUtilitySpace": {
//              "issueUtilities": {issue: {"discreteutils": {"valueUtilities": {value: u, ..}}}},
//              a number issue: {"numberutils": {"lowValue": .., "lowUtility": ..,
//                                               "highValue": .., "highUtility": ..}}
//              "issueWeights": {issue: w, ..}, "name": .., "domain": {..optional copy..},
//              "reservationBid": {"issuevalues": {issue: value, ..}}  (optional)}}
// utility(bid) = sum_i w_i * u_i(value_i); the reservation value is the
// utility of the reservation bid (0 without one). Issues keep the order of
// the file.
// A number issue has the values l, l + s, l + 2s, ... up to h, stepped in
// decimal as GeniusWeb's BigDecimal does (so 0.1 + 0.2 is 0.3) and named by
// their shortest exact decimal text. Its utility is GeniusWeb's
// NumberValueSetUtilities: lowUtility + (highUtility - lowUtility) *
// (x - lowValue) / (highValue - lowValue), 0 outside [lowValue, highValue],
// rounded to 8 decimals. A bid gives a number issue's value as a number.
//
// `source` names the file in error messages.

#include <parley/domains/domain.hpp>

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
