#pragma once
// GENIUS XML domains and profiles (the format of the ANAC 2010-2018
// competitions). A domain file lists the issues under
// negotiation_template/utility_space/objective; a profile file is a
// utility_space whose items carry an `evaluation` and whose objective carries
// one `weight` per issue (matched by the issue's `index`). Value utility =
// evaluation / the largest evaluation of that issue, so
//     utility(bid) = sum_i weight_i * evaluation_i(value_i) / max evaluation_i.
// Optional elements: <reservation value=".."/> (default 0) and
// <discount_factor value=".."/> (default 1; 0 is read as 1, not discounted,
// rather than refused). Only discrete issues are read; integer and real issues
// are refused with a DomainError that says so.
//
// `source` names the file in error messages; a profile's name is the stem of
// its source ("Laptop-C-prof1").

#include <parley/worlds/domain.hpp>

#include <filesystem>
#include <span>
#include <string_view>

namespace parley::worlds {

// A domain file: the space, and the file's stem as the name; no profiles.
Domain parse_genius_domain(std::string_view xml, std::string_view source);
// A profile alone: its own issues give the space.
ProfileWithIssues parse_genius_profile(std::string_view xml, std::string_view source);
// A profile for a known space: issues and values are matched by name, so the
// profile may list them in another order; missing or extra ones are errors.
LinearAdditiveProfile parse_genius_profile(std::string_view xml, std::string_view source, const OutcomeSpace& space);

Domain load_genius_domain(const std::filesystem::path& domain_file,
                          std::span<const std::filesystem::path> profile_files);
// The domain is named after the folder of the first profile.
Domain load_genius_profiles(std::span<const std::filesystem::path> profile_files);

}  // namespace parley::worlds
