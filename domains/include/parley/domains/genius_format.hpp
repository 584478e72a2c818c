#pragma once
// GENIUS XML domains and profiles (the format of the ANAC 2010-2018
// competitions). A domain file lists the issues under
// negotiation_template/utility_space/objective; a profile file is a
// utility_space whose issues carry their evaluations and whose objective
// carries one `weight` per issue (matched by the issue's `index`).
//
// Issues, by their `type` (else `vtype`, else `etype`; discrete without any):
//   discrete  <item value=".." evaluation=".."/> per value. GENIUS's value
//             utility is evaluation / the largest evaluation of the issue, or
//             0 for every value when that largest evaluation is below 1e-5.
//             Evaluations may be negative (ANAC 2010 Travel), and then so is
//             the utility.
//   integer   lowerbound=".." upperbound=".." (attributes, or a <range>
//             child): one value per integer, named "0", "1", ... A linear
//             <evaluator offset slope> (or parameter0, parameter1) gives
//             u(x) = clamp(offset + slope * (x - lowerbound), 0, 1).
//   real      <range lowerbound upperbound>: discretised as GENIUS does, into
//             21 values low + (high - low) * k / 20, k = 0..20 (one value when
//             low = high), named by their shortest exact decimal form. The
//             <evaluator ftype=..> is linear, u(x) = clamp(parameter0 +
//             parameter1 * x, 0, 1); constant, u(x) = parameter0; or
//             triangular, 0 outside [parameter0, parameter1), rising to 1 at
//             parameter2.
// GENIUS's utility is then U(bid) = sum_i w_i * u_i(value_i). Parley keeps
// every value utility in [0, 1]: an issue whose u_i reach below
// lo_i = min(0, min u_i) or above hi_i = max(1, max u_i) gets the value
// utilities (u_i - lo_i) / (hi_i - lo_i) and the weight w_i * (hi_i - lo_i),
// so Parley's utility is the shifted GENIUS utility
//     U_parley(bid) = U_genius(bid) - sum_i w_i * lo_i
// (the same constant for every bid; equal to GENIUS's when no utility leaves
// [0, 1]), and the reservation value is shifted by the same constant, so the
// same bids are acceptable. Weights are used as written (GENIUS does not
// normalise them either); GENIUS caps U at 1, Parley does not.
// Optional elements: <reservation value=".."/> (default 0) and
// <discount_factor value=".."/> (default 1; 0 is read as 1, not discounted,
// rather than refused). Nonlinear (hyper-rectangle) profiles are refused.
//
// `source` names the file in error messages; a profile's name is the stem of
// its source ("Laptop-C-prof1").

#include <parley/domains/domain.hpp>

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
