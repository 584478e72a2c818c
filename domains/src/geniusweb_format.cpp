#include <parley/domains/text_input.hpp>

#include <parley/domains/domain_error.hpp>
#include <parley/domains/geniusweb_format.hpp>

#include <nlohmann/json.hpp>

#include <charconv>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace parley::worlds {
namespace {

// ordered_json keeps the issues in the order of the file.
using Json = nlohmann::ordered_json;
using detail::fail;

// Deeper than any GeniusWeb file; bounds what a hostile file can make us build.
constexpr std::size_t kMaxJsonDepth = 32;

std::string in_quotes(std::string_view text) { return "'" + std::string(text) + "'"; }

Json parse_json(std::string_view text, std::string_view source) {
    auto bound_depth = [source](int depth, Json::parse_event_t, Json&) {
        if (static_cast<std::size_t>(depth) > kMaxJsonDepth) {
            fail(source, "JSON nested deeper than " + std::to_string(kMaxJsonDepth) + " levels");
        }
        return true;
    };
    try {
        return Json::parse(text.begin(), text.end(), bound_depth);
    } catch (const Json::exception& error) {
        fail(source, std::string("not valid JSON: ") + error.what());
    }
}

const Json& member(const Json& object, const char* key, std::string_view source, const std::string& where) {
    if (!object.is_object()) fail(source, where + " is not a JSON object");
    auto found = object.find(key);
    if (found == object.end()) fail(source, where + " has no " + in_quotes(key));
    return *found;
}

const Json& object_member(const Json& object, const char* key, std::string_view source, const std::string& where) {
    const auto& value = member(object, key, source, where);
    if (!value.is_object()) fail(source, where + ": " + in_quotes(key) + " is not a JSON object");
    return value;
}

double number_in_unit_range(const Json& value, std::string_view source, const std::string& what) {
    if (!value.is_number()) fail(source, what + " is not a number");
    double number = value.get<double>();
    if (!(number >= 0.0 && number <= 1.0)) fail(source, what + " is outside [0, 1]");
    return number;
}

double number_member(const Json& object, const char* key, std::string_view source, const std::string& where) {
    const auto& value = member(object, key, source, where);
    if (!value.is_number()) fail(source, where + ": " + in_quotes(key) + " is not a number");
    return value.get<double>();
}

// mantissa * 10^exponent: GeniusWeb's numbers are decimals (BigDecimal), and a range is
// stepped through in decimal, so that 0.1 + 0.2 is 0.3.
struct Decimal {
    std::int64_t mantissa = 0;
    int exponent = 0;
};

// The decimal that the shortest text of `number` writes (the text of the file, for any
// number of up to 15 significant digits).
Decimal to_decimal(double number) {
    char text[64];
    auto end = std::to_chars(text, text + sizeof text, number, std::chars_format::scientific).ptr;
    std::string_view written(text, static_cast<std::size_t>(end - text));  // "-1.2345e+02"
    auto e = written.find('e');
    Decimal decimal;
    std::from_chars(written.data() + e + (written[e + 1] == '+' ? 2 : 1), written.data() + written.size(),
                    decimal.exponent);
    bool negative = written.front() == '-';
    int fraction_digits = 0;
    bool in_fraction = false;
    for (char c : written.substr(negative ? 1 : 0, e - (negative ? 1 : 0))) {
        if (c == '.') {
            in_fraction = true;
            continue;
        }
        decimal.mantissa = decimal.mantissa * 10 + (c - '0');  // at most 17 digits: no overflow
        if (in_fraction) ++fraction_digits;
    }
    if (negative) decimal.mantissa = -decimal.mantissa;
    decimal.exponent -= fraction_digits;
    return decimal;
}

// The mantissa of `decimal` written with the smaller `exponent`; nullopt when it does not fit.
std::optional<std::int64_t> rescaled(Decimal decimal, int exponent) {
    std::int64_t mantissa = decimal.mantissa;
    for (int e = decimal.exponent; e > exponent; --e) {
        if (__builtin_mul_overflow(mantissa, 10, &mantissa) || std::abs(mantissa) > 1'000'000'000'000'000'000) {
            return std::nullopt;
        }
    }
    return mantissa;
}

double to_double(std::int64_t mantissa, int exponent) {
    auto text = std::to_string(mantissa) + "e" + std::to_string(exponent);
    double number = 0.0;
    std::from_chars(text.data(), text.data() + text.size(), number);
    return number;
}

// {"low": l, "high": h, "step": s}: the values l, l + s, l + 2s, ... up to h, as GeniusWeb's Range.
std::vector<double> range_numbers(const Json& range, std::string_view source, const std::string& where) {
    double low = number_member(range, "low", source, where);
    double high = number_member(range, "high", source, where);
    double step = number_member(range, "step", source, where);
    if (!(step > 0.0)) fail(source, where + ": the step is not positive");
    if (low > high) fail(source, where + ": low is above high");
    Decimal decimals[] = {to_decimal(low), to_decimal(high), to_decimal(step)};
    int exponent = std::min({decimals[0].exponent, decimals[1].exponent, decimals[2].exponent});
    auto first = rescaled(decimals[0], exponent), last = rescaled(decimals[1], exponent);
    auto increment = rescaled(decimals[2], exponent);
    if (!first || !last || !increment) fail(source, where + ": low, high and step need too many digits together");
    auto count = static_cast<std::uint64_t>((*last - *first) / *increment) + 1;
    if (count > kMaxImportedIssueValues) {
        fail(source, where + " has more than " + std::to_string(kMaxImportedIssueValues) + " values");
    }
    std::vector<double> numbers;
    for (std::uint64_t k = 0; k < count; ++k) {
        numbers.push_back(to_double(*first + static_cast<std::int64_t>(k) * *increment, exponent));
    }
    return numbers;
}

// Issue's own errors (an empty name, a repeated value) name the file too.
template <class MakeIssue>
Issue issue_or_fail(MakeIssue make_issue, std::string_view source) {
    try {
        return make_issue();
    } catch (const DomainError& error) {
        fail(source, error.what());
    }
}

// {"values": [..]} gives a discrete issue, {"range": {..}} a number issue.
Issue read_issue(const std::string& issue_name, const Json& value_set, std::string_view source) {
    const std::string where = "issue " + in_quotes(issue_name);
    if (value_set.is_object() && value_set.contains("range")) {
        auto numbers = range_numbers(object_member(value_set, "range", source, where), source, where + ": the range");
        return issue_or_fail([&] { return Issue::numeric(issue_name, std::move(numbers)); }, source);
    }
    const auto& values = member(value_set, "values", source, where);
    if (!values.is_array()) fail(source, where + ": 'values' is not a list");
    std::vector<std::string> names;
    for (const auto& value : values) {
        if (!value.is_string()) fail(source, where + " has a value that is not a string");
        names.push_back(value.get<std::string>());
    }
    return issue_or_fail([&] { return Issue::discrete(issue_name, std::move(names)); }, source);
}

// {"name": .., "issuesValues": {issue: {"values": [..]} or {"range": {..}}}}
Domain read_domain(const Json& json, std::string_view source) {
    const auto& issues_values = object_member(json, "issuesValues", source, "the domain");
    std::vector<Issue> issues;
    for (const auto& [issue_name, value_set] : issues_values.items()) {
        issues.push_back(read_issue(issue_name, value_set, source));
    }
    if (issues.empty()) fail(source, "the domain has no issues");
    std::string name;
    if (auto found = json.find("name"); found != json.end() && found->is_string()) name = found->get<std::string>();
    try {
        return Domain{std::move(name), OutcomeSpace(std::move(issues)), {}};
    } catch (const DomainError& error) {
        fail(source, error.what());
    }
}

const Json& linear_additive_space(const Json& json, std::string_view source) {
    if (!json.is_object() || json.size() != 1 || !json.contains("LinearAdditiveUtilitySpace")) {
        std::string found = json.is_object() && !json.empty() ? in_quotes(json.begin().key()) : "no profile";
        fail(source, "expected {\"LinearAdditiveUtilitySpace\": {..}}, found " + found +
                         "; only linear additive profiles are supported");
    }
    const auto& space = json["LinearAdditiveUtilitySpace"];
    if (!space.is_object()) fail(source, "'LinearAdditiveUtilitySpace' is not a JSON object");
    return space;
}

// {"lowValue": .., "lowUtility": .., "highValue": .., "highUtility": ..}: GeniusWeb's
// NumberValueSetUtilities, linear from lowUtility at lowValue to highUtility at highValue,
// 0 outside [lowValue, highValue], rounded to 8 decimals as GeniusWeb rounds it.
std::vector<double> read_number_utilities(const Json& number_utilities, const Issue& issue, std::string_view source,
                                          const std::string& where) {
    double low_value = number_member(number_utilities, "lowValue", source, where);
    double high_value = number_member(number_utilities, "highValue", source, where);
    double low_utility = number_in_unit_range(member(number_utilities, "lowUtility", source, where), source,
                                              where + ": 'lowUtility'");
    double high_utility = number_in_unit_range(member(number_utilities, "highUtility", source, where), source,
                                               where + ": 'highUtility'");
    if (!(high_value > low_value)) fail(source, where + ": 'highValue' is not above 'lowValue'");
    std::vector<double> utilities;
    for (std::size_t v = 0; v < issue.size(); ++v) {
        double x = issue.number(v);
        double utility = x < low_value || x > high_value
                             ? 0.0
                             : low_utility + (high_utility - low_utility) * (x - low_value) / (high_value - low_value);
        utilities.push_back(std::round(utility * 1e8) / 1e8);
    }
    return utilities;
}

std::vector<double> read_value_utilities(const Json& issue_utilities, const Issue& issue, std::string_view source) {
    const std::string where = "the utilities of issue " + in_quotes(issue.name());
    const char* expected = issue.is_numeric() ? "numberutils" : "discreteutils";
    if (issue_utilities.is_object() && !issue_utilities.contains(expected) &&
        issue_utilities.contains(issue.is_numeric() ? "discreteutils" : "numberutils")) {
        fail(source, where + " are for a " + (issue.is_numeric() ? "discrete" : "number") + " issue, but the issue is " +
                         (issue.is_numeric() ? "a number range" : "discrete"));
    }
    if (issue.is_numeric()) {
        return read_number_utilities(object_member(issue_utilities, expected, source, where), issue, source, where);
    }
    const auto& discrete = object_member(issue_utilities, "discreteutils", source, where);
    const auto& by_value = object_member(discrete, "valueUtilities", source, where);
    std::vector<double> utilities(issue.size());
    std::vector<bool> seen(issue.size(), false);
    for (const auto& [value_name, utility] : by_value.items()) {
        auto value = issue.find_value(value_name);
        if (!value) fail(source, where + " name value " + in_quotes(value_name) + ", which the issue does not have");
        utilities[*value] = number_in_unit_range(utility, source, "the utility of value " + in_quotes(value_name) +
                                                                      " of issue " + in_quotes(issue.name()));
        seen[*value] = true;
    }
    for (std::size_t v = 0; v < issue.size(); ++v) {
        if (!seen[v]) fail(source, "value " + in_quotes(issue.value_name(v)) + " of issue " + in_quotes(issue.name()) +
                                       " has no utility");
    }
    return utilities;
}

// Every member of `by_issue` must name an issue of the space, and every issue must be named.
void check_names_issues(const Json& by_issue, const OutcomeSpace& space, std::string_view source,
                        const std::string& what) {
    for (const auto& [issue_name, ignored] : by_issue.items()) {
        if (!space.find_issue(issue_name)) fail(source, what + " name issue " + in_quotes(issue_name) +
                                                            ", which the domain does not have");
    }
    for (const auto& issue : space.issues()) {
        if (!by_issue.contains(issue.name())) fail(source, what + " do not name issue " + in_quotes(issue.name()));
    }
}

// A bid names a value of a discrete issue by its string, of a number issue by the number.
std::size_t bid_value(const Json& value, const Issue& issue, std::string_view source) {
    const std::string where = "the reservation bid's value of issue " + in_quotes(issue.name());
    if (issue.is_numeric()) {
        if (!value.is_number()) fail(source, where + " is not a number");
        double number = value.get<double>();
        for (std::size_t v = 0; v < issue.size(); ++v) {
            if (issue.number(v) == number) return v;
        }
        fail(source, where + ", " + value.dump() + ", is not a value of the range");
    }
    if (!value.is_string()) fail(source, where + " is not a string");
    auto index = issue.find_value(value.get<std::string>());
    if (!index) fail(source, "the reservation bid's value " + in_quotes(value.get<std::string>()) + " of issue " +
                                 in_quotes(issue.name()) + " is not in the domain");
    return *index;
}

// The reservation value is the utility of the reservation bid, which must name a value for every issue.
double reservation_value(const Json& profile, const OutcomeSpace& space, const std::vector<double>& weights,
                         const std::vector<std::vector<double>>& utilities, std::string_view source) {
    auto found = profile.find("reservationBid");
    if (found == profile.end() || found->is_null()) return 0.0;
    const auto& bid = object_member(*found, "issuevalues", source, "the reservation bid");
    check_names_issues(bid, space, source, "the values of the reservation bid");
    double sum = 0.0;
    for (std::size_t i = 0; i < space.issue_count(); ++i) {
        auto index = bid_value(bid[space.issue(i).name()], space.issue(i), source);
        sum += weights[i] * utilities[i][index];
    }
    return sum;
}

// A profile's copy of its domain must describe the same space (issue order may differ).
void check_domain_copy(const Json& profile, const OutcomeSpace& space, std::string_view source) {
    auto found = profile.find("domain");
    if (found == profile.end()) return;
    auto copy = read_domain(*found, source);
    bool same = copy.space.issue_count() == space.issue_count();
    for (const auto& issue : copy.space.issues()) {
        auto position = space.find_issue(issue.name());
        same = same && position && issue.size() == space.issue(*position).size();
        for (std::size_t v = 0; same && v < issue.size(); ++v) {
            same = space.issue(*position).find_value(issue.value_name(v)).has_value();
        }
    }
    if (!same) fail(source, "the profile's copy of the domain lists other issues or values than the domain");
}

LinearAdditiveProfile read_profile(const Json& json, std::string_view source, const OutcomeSpace& space) {
    const auto& profile = linear_additive_space(json, source);
    check_domain_copy(profile, space, source);
    const auto& issue_weights = object_member(profile, "issueWeights", source, "the profile");
    const auto& issue_utilities = object_member(profile, "issueUtilities", source, "the profile");
    check_names_issues(issue_weights, space, source, "the issue weights");
    check_names_issues(issue_utilities, space, source, "the issue utilities");
    std::vector<double> weights;
    std::vector<std::vector<double>> utilities;
    for (const auto& issue : space.issues()) {
        weights.push_back(number_in_unit_range(issue_weights[issue.name()], source,
                                               "the weight of issue " + in_quotes(issue.name())));
        utilities.push_back(read_value_utilities(issue_utilities[issue.name()], issue, source));
    }
    double reservation = reservation_value(profile, space, weights, utilities, source);
    std::string name = std::filesystem::path(source).stem().string();
    if (auto found = profile.find("name"); found != profile.end() && found->is_string()) {
        name = found->get<std::string>();
    }
    try {
        return LinearAdditiveProfile(std::move(name), std::move(weights), std::move(utilities), reservation);
    } catch (const DomainError& error) {
        fail(source, error.what());
    }
}

}  // namespace

Domain parse_geniusweb_domain(std::string_view json, std::string_view source) {
    auto domain = read_domain(parse_json(json, source), source);
    if (domain.name.empty()) domain.name = std::filesystem::path(source).stem().string();
    return domain;
}

ProfileWithIssues parse_geniusweb_profile(std::string_view json, std::string_view source) {
    auto parsed = parse_json(json, source);
    const auto& profile = linear_additive_space(parsed, source);
    if (!profile.contains("domain")) {
        fail(source, "the profile carries no copy of its domain; give the domain file as well");
    }
    auto domain = read_domain(profile["domain"], source);
    auto read = read_profile(parsed, source, domain.space);
    return ProfileWithIssues{std::move(domain.space), std::move(read), std::move(domain.name)};
}

LinearAdditiveProfile parse_geniusweb_profile(std::string_view json, std::string_view source,
                                              const OutcomeSpace& space) {
    return read_profile(parse_json(json, source), source, space);
}

Domain load_geniusweb_domain(const std::filesystem::path& domain_file,
                             std::span<const std::filesystem::path> profile_files) {
    auto domain = parse_geniusweb_domain(detail::read_domain_file(domain_file), domain_file.string());
    detail::append_profiles(domain, profile_files, &parse_geniusweb_profile);
    return domain;
}

Domain load_geniusweb_profiles(std::span<const std::filesystem::path> profile_files) {
    if (profile_files.empty()) throw DomainError("no GeniusWeb profile files were given");
    const auto& first_file = profile_files.front();
    auto first = parse_geniusweb_profile(detail::read_domain_file(first_file), first_file.string());
    Domain domain{std::move(first.domain_name), std::move(first.space), {std::move(first.profile)}};
    detail::append_profiles(domain, profile_files.subspan(1), &parse_geniusweb_profile);
    return domain;
}

}  // namespace parley::worlds
