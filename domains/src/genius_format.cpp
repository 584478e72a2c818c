#include <parley/domains/text_input.hpp>

#include <parley/domains/domain_error.hpp>
#include <parley/domains/genius_format.hpp>

#include <pugixml.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace parley::worlds {
namespace {

using detail::fail;

// GENIUS discretises a real issue into this many evenly spaced values
// (IssueReal's default number of discretisation steps).
constexpr std::size_t kGeniusRealSteps = 21;
// GENIUS gives every value of a discrete issue utility 0 when the largest
// evaluation of the issue is below this.
constexpr double kGeniusSmallestBestEvaluation = 0.00001;

enum class IssueKind { discrete, integer, real };

const char* kind_name(IssueKind kind) {
    switch (kind) {
        case IssueKind::discrete: return "discrete";
        case IssueKind::integer: return "integer";
        case IssueKind::real: return "real";
    }
    return "?";
}

// The <evaluator> of an integer or real issue: utility as a function of the number x.
struct NumericEvaluator {
    enum class Shape { linear, constant, triangular };
    Shape shape = Shape::linear;
    double offset = 0.0;  // linear: the utility at `origin`; constant: the utility
    double slope = 0.0;
    double origin = 0.0;  // GENIUS measures an integer issue from its lower bound, a real one from 0
    double start = 0.0, end = 0.0, top = 0.0;  // triangular: 0 outside [start, end), 1 at top

    // As GENIUS's EvaluatorInteger and EvaluatorReal compute it.
    double operator()(double x) const {
        switch (shape) {
            case Shape::linear: return std::clamp(offset + slope * (x - origin), 0.0, 1.0);
            case Shape::constant: return offset;
            case Shape::triangular:
                if (x < start) return 0.0;
                if (x < top) return (x - start) / (top - start);
                if (x < end) return 1.0 - (x - top) / (end - top);
                return 0.0;
        }
        return 0.0;
    }
};

// One issue as the file gives it; a domain file has no evaluations and no evaluators.
struct XmlIssue {
    std::string name;
    std::uint64_t index = 0;  // the `index` attribute, which weights refer to
    IssueKind kind = IssueKind::discrete;
    std::vector<std::string> values;  // discrete
    std::vector<double> evaluations;  // discrete, in a profile
    double lower_bound = 0.0;  // integer and real
    double upper_bound = 0.0;
    NumericEvaluator evaluator;  // integer and real, in a profile
};

std::string in_quotes(std::string_view text) { return "'" + std::string(text) + "'"; }

std::size_t line_of(std::string_view text, std::ptrdiff_t offset) {
    auto before = text.substr(0, static_cast<std::size_t>(std::max<std::ptrdiff_t>(offset, 0)));
    return 1 + static_cast<std::size_t>(std::count(before.begin(), before.end(), '\n'));
}

void load_xml(pugi::xml_document& document, std::string_view xml, std::string_view source) {
    auto result = document.load_buffer(xml.data(), xml.size());
    if (!result) {
        fail(source, std::string("not well-formed XML (") + result.description() + ") at line " +
                         std::to_string(line_of(xml, result.offset)));
    }
}

// GENIUS nests the issues as utility_space/objective/issue, and a domain file
// wraps that in a negotiation_template.
pugi::xml_node find_utility_space(const pugi::xml_document& document, std::string_view source) {
    auto root = document.document_element();
    if (std::strcmp(root.name(), "utility_space") == 0) return root;
    if (std::strcmp(root.name(), "negotiation_template") == 0) {
        if (auto space = root.child("utility_space")) return space;
        fail(source, "<negotiation_template> has no <utility_space> element");
    }
    fail(source, "the root element is <" + std::string(root.name()) +
                     ">, not <utility_space> or <negotiation_template>: not a GENIUS file");
}

pugi::xml_node find_objective(pugi::xml_node utility_space, std::string_view source) {
    auto objective = utility_space.child("objective");
    if (!objective) fail(source, "<utility_space> has no <objective> element");
    if (objective.child("objective")) fail(source, "nested objectives are not supported");
    return objective;
}

double number_attribute(pugi::xml_node node, const char* attribute, std::string_view source, const std::string& what) {
    auto text = node.attribute(attribute);
    if (!text) fail(source, what + " has no '" + attribute + "' attribute");
    auto number = detail::parse_number(text.value());
    if (!number) fail(source, what + ": '" + attribute + "' is " + in_quotes(text.value()) + ", not a number");
    return *number;
}

// GENIUS takes the kind from `type`, and from `vtype` or `etype` when there is no `type`.
IssueKind read_kind(pugi::xml_node node, const std::string& name, std::string_view source) {
    pugi::xml_attribute type;
    for (const char* attribute : {"type", "vtype", "etype"}) {
        if (!type) type = node.attribute(attribute);
    }
    if (!type) return IssueKind::discrete;
    for (auto kind : {IssueKind::discrete, IssueKind::integer, IssueKind::real}) {
        if (std::strcmp(type.value(), kind_name(kind)) == 0) return kind;
    }
    fail(source, "issue " + in_quotes(name) + " has type " + in_quotes(type.value()) +
                     "; GENIUS issues are discrete, integer or real");
}

void read_items(pugi::xml_node node, XmlIssue& issue, std::string_view source, bool with_evaluations) {
    for (auto item : node.children("item")) {
        auto value = item.attribute("value");
        if (!value) fail(source, "an item of issue " + in_quotes(issue.name) + " has no 'value' attribute");
        issue.values.emplace_back(value.value());
        if (with_evaluations) {
            const std::string what = "item " + in_quotes(value.value()) + " of issue " + in_quotes(issue.name);
            issue.evaluations.push_back(number_attribute(item, "evaluation", source, what));
        }
    }
    if (issue.values.empty()) fail(source, "issue " + in_quotes(issue.name) + " has no items");
}

// GENIUS gives an integer issue's bounds as attributes and a real issue's in a <range> child;
// either place is read for both.
void read_bounds(pugi::xml_node node, XmlIssue& issue, std::string_view source) {
    const std::string what = std::string(kind_name(issue.kind)) + " issue " + in_quotes(issue.name);
    auto holder = node.child("range") ? node.child("range") : node;
    issue.lower_bound = number_attribute(holder, "lowerbound", source, what);
    issue.upper_bound = number_attribute(holder, "upperbound", source, what);
    if (issue.lower_bound > issue.upper_bound) fail(source, what + ": lowerbound is above upperbound");
    if (issue.kind != IssueKind::integer) return;
    for (double bound : {issue.lower_bound, issue.upper_bound}) {
        if (bound != std::floor(bound) || std::abs(bound) > 1e15) {
            char text[32];
            std::snprintf(text, sizeof text, "%g", bound);
            fail(source, what + ": the bound " + text + " is not an integer");
        }
    }
    if (issue.upper_bound - issue.lower_bound + 1 > static_cast<double>(kMaxImportedIssueValues)) {
        fail(source, what + " has more than " + std::to_string(kMaxImportedIssueValues) + " values");
    }
}

// The first of `names` that the evaluator has, as a number.
double evaluator_parameter(pugi::xml_node evaluator, std::initializer_list<const char*> names,
                           std::string_view source, const std::string& what) {
    for (const char* name : names) {
        if (evaluator.attribute(name)) return number_attribute(evaluator, name, source, what);
    }
    fail(source, what + " has no '" + *names.begin() + "' attribute");
}

// GENIUS writes a linear evaluator's parameters as offset and slope or as parameter0 and parameter1.
NumericEvaluator read_evaluator(pugi::xml_node node, const XmlIssue& issue, std::string_view source) {
    const std::string what = "the evaluator of issue " + in_quotes(issue.name);
    auto evaluator = node.child("evaluator");
    if (!evaluator) fail(source, std::string(kind_name(issue.kind)) + " issue " + in_quotes(issue.name) +
                                     " has no <evaluator>");
    std::string_view ftype = evaluator.attribute("ftype").value();
    NumericEvaluator result;
    if (ftype.empty() || ftype == "linear") {
        result.offset = evaluator_parameter(evaluator, {"offset", "parameter0"}, source, what);
        result.slope = evaluator_parameter(evaluator, {"slope", "parameter1"}, source, what);
        if (issue.kind == IssueKind::integer) result.origin = issue.lower_bound;
        return result;
    }
    if (issue.kind == IssueKind::real && ftype == "constant") {
        result.shape = NumericEvaluator::Shape::constant;
        result.offset = evaluator_parameter(evaluator, {"parameter0"}, source, what);
        return result;
    }
    if (issue.kind == IssueKind::real && ftype == "triangular") {
        result.shape = NumericEvaluator::Shape::triangular;
        result.start = evaluator_parameter(evaluator, {"parameter0"}, source, what);
        result.end = evaluator_parameter(evaluator, {"parameter1"}, source, what);
        result.top = evaluator_parameter(evaluator, {"parameter2"}, source, what);
        return result;
    }
    fail(source, what + " has ftype " + in_quotes(ftype) + "; supported are linear (integer and real issues), " +
                     "constant and triangular (real issues)");
}

XmlIssue read_issue(pugi::xml_node node, std::size_t position, std::string_view source, bool with_evaluations) {
    XmlIssue issue;
    issue.name = node.attribute("name").value();
    if (issue.name.empty()) fail(source, "issue number " + std::to_string(position + 1) + " has no name");
    issue.kind = read_kind(node, issue.name, source);
    if (auto index = node.attribute("index")) {
        auto parsed = detail::parse_unsigned(index.value());
        if (!parsed) fail(source, "issue " + in_quotes(issue.name) + " has index " + in_quotes(index.value()));
        issue.index = *parsed;
    } else {
        issue.index = position + 1;
    }
    if (issue.kind == IssueKind::discrete) {
        read_items(node, issue, source, with_evaluations);
    } else {
        read_bounds(node, issue, source);
        if (with_evaluations) issue.evaluator = read_evaluator(node, issue, source);
    }
    return issue;
}

std::vector<XmlIssue> read_issues(pugi::xml_node objective, std::string_view source, bool with_evaluations) {
    std::vector<XmlIssue> issues;
    for (auto node : objective.children("issue")) {
        issues.push_back(read_issue(node, issues.size(), source, with_evaluations));
    }
    if (issues.empty()) fail(source, "the objective has no issues");
    return issues;
}

// An integer issue has every integer of its range; a real issue is discretised as GENIUS does.
Issue make_issue(const XmlIssue& issue) {
    switch (issue.kind) {
        case IssueKind::discrete: return Issue::discrete(issue.name, issue.values);
        case IssueKind::integer:
            return Issue::numeric(issue.name, issue.lower_bound, issue.upper_bound,
                                  static_cast<std::size_t>(issue.upper_bound - issue.lower_bound) + 1);
        case IssueKind::real:
            return Issue::numeric(issue.name, issue.lower_bound, issue.upper_bound,
                                  issue.lower_bound == issue.upper_bound ? 1 : kGeniusRealSteps);
    }
    return Issue::discrete(issue.name, issue.values);
}

OutcomeSpace make_space(const std::vector<XmlIssue>& issues, std::string_view source) {
    std::vector<Issue> space_issues;
    try {
        for (const auto& issue : issues) space_issues.push_back(make_issue(issue));
        return OutcomeSpace(std::move(space_issues));
    } catch (const DomainError& error) {
        fail(source, error.what());
    }
}

// Weights are listed apart from the issues and refer to them by index.
std::vector<double> read_weights(pugi::xml_node objective, const std::vector<XmlIssue>& issues,
                                 std::string_view source) {
    std::map<std::uint64_t, std::size_t> position_of_index;
    for (std::size_t i = 0; i < issues.size(); ++i) {
        if (!position_of_index.emplace(issues[i].index, i).second) {
            fail(source, "two issues have index " + std::to_string(issues[i].index));
        }
    }
    std::vector<std::optional<double>> weights(issues.size());
    for (auto node : objective.children("weight")) {
        auto index_text = node.attribute("index").value();
        auto index = detail::parse_unsigned(index_text);
        if (!index || !position_of_index.contains(*index)) {
            fail(source, "a weight refers to issue index " + in_quotes(index_text) + ", which no issue has");
        }
        auto& weight = weights[position_of_index[*index]];
        if (weight) fail(source, "issue index " + std::to_string(*index) + " has two weights");
        weight = number_attribute(node, "value", source, "the weight of issue index " + std::to_string(*index));
        if (*weight < 0.0) fail(source, "the weight of issue index " + std::to_string(*index) + " is negative");
    }
    std::vector<double> result;
    for (std::size_t i = 0; i < issues.size(); ++i) {
        if (!weights[i]) fail(source, "issue " + in_quotes(issues[i].name) + " has no weight");
        result.push_back(*weights[i]);
    }
    return result;
}

// GENIUS's utility of each value of a discrete issue, in the order of `domain_issue`: the
// evaluation divided by the largest evaluation of the issue (negative evaluations stay negative).
std::vector<double> discrete_utilities(const XmlIssue& issue, const Issue& domain_issue, std::string_view source) {
    if (domain_issue.is_numeric()) {
        fail(source, "issue " + in_quotes(issue.name) + " is discrete in the profile but numeric in the domain");
    }
    if (issue.values.size() != domain_issue.size()) {
        fail(source, "issue " + in_quotes(issue.name) + " has " + std::to_string(issue.values.size()) +
                         " values, in the domain " + std::to_string(domain_issue.size()));
    }
    double best = *std::max_element(issue.evaluations.begin(), issue.evaluations.end());
    std::vector<double> utilities(domain_issue.size(), 0.0);
    std::vector<bool> seen(domain_issue.size(), false);
    for (std::size_t v = 0; v < issue.values.size(); ++v) {
        auto value = domain_issue.find_value(issue.values[v]);
        if (!value) {
            fail(source, "value " + in_quotes(issue.values[v]) + " of issue " + in_quotes(issue.name) +
                             " is not in the domain");
        }
        if (seen[*value]) {
            fail(source, "value " + in_quotes(issue.values[v]) + " of issue " + in_quotes(issue.name) + " appears twice");
        }
        seen[*value] = true;
        utilities[*value] = best < kGeniusSmallestBestEvaluation ? 0.0 : issue.evaluations[v] / best;
    }
    return utilities;
}

// The profile's evaluator at each number of the domain's issue.
std::vector<double> numeric_utilities(const XmlIssue& issue, const Issue& domain_issue, std::string_view source) {
    if (!domain_issue.is_numeric()) {
        fail(source, "issue " + in_quotes(issue.name) + " is " + kind_name(issue.kind) +
                         " in the profile but discrete in the domain");
    }
    std::vector<double> utilities;
    for (std::size_t v = 0; v < domain_issue.size(); ++v) {
        double utility = issue.evaluator(domain_issue.number(v));
        if (!std::isfinite(utility)) {
            fail(source, "the evaluator of issue " + in_quotes(issue.name) + " gives no number at " +
                             domain_issue.value_name(v));
        }
        utilities.push_back(utility);
    }
    return utilities;
}

// Parley keeps value utilities in [0, 1]; GENIUS does not (a negative evaluation gives a negative
// utility, a constant evaluator any number). When an issue's utilities reach below lo = min(0, min u)
// or above hi = max(1, max u), they become (u - lo) / (hi - lo) and the weight w becomes w * (hi - lo):
// the issue then adds w * (u - lo) instead of w * u, the same for every bid up to the constant -w * lo.
// Returns that constant.
double fit_unit_range(double& weight, std::vector<double>& utilities) {
    auto [smallest, largest] = std::minmax_element(utilities.begin(), utilities.end());
    double lo = std::min(0.0, *smallest);
    double hi = std::max(1.0, *largest);
    if (lo == 0.0 && hi == 1.0) return 0.0;
    for (double& utility : utilities) utility = (utility - lo) / (hi - lo);
    double shift = -weight * lo;
    weight *= hi - lo;
    return shift;
}

double optional_value(pugi::xml_node utility_space, const char* element, double fallback, std::string_view source) {
    auto node = utility_space.child(element);
    if (!node) return fallback;
    return number_attribute(node, "value", source, std::string("<") + element + ">");
}

std::string stem_of(std::string_view source) { return std::filesystem::path(source).stem().string(); }

// Everything a profile file says, in the file's own issue order.
struct XmlProfile {
    std::vector<XmlIssue> issues;
    std::vector<double> weights;
    double reservation_value = 0.0;
    double discount_factor = 1.0;
};

XmlProfile read_profile(std::string_view xml, std::string_view source) {
    pugi::xml_document document;
    load_xml(document, xml, source);
    auto utility_space = find_utility_space(document, source);
    auto objective = find_objective(utility_space, source);
    if (std::strcmp(utility_space.attribute("type").value(), "nonlinear") == 0 || objective.child("utility") ||
        objective.child("utility_function")) {
        fail(source, "a nonlinear (hyper-rectangle) utility space; only linear additive profiles are supported");
    }
    XmlProfile profile;
    profile.issues = read_issues(objective, source, true);
    profile.weights = read_weights(objective, profile.issues, source);
    profile.reservation_value = optional_value(utility_space, "reservation", 0.0, source);
    profile.discount_factor = optional_value(utility_space, "discount_factor", 1.0, source);
    if (profile.discount_factor == 0.0) profile.discount_factor = 1.0;  // "no discount", not an error
    return profile;
}

LinearAdditiveProfile make_profile(std::string_view source, std::vector<double> weights,
                                   std::vector<std::vector<double>> utilities, double reservation_value,
                                   double discount_factor) {
    try {
        return LinearAdditiveProfile(stem_of(source), std::move(weights), std::move(utilities), reservation_value,
                                     discount_factor);
    } catch (const DomainError& error) {
        fail(source, error.what());
    }
}

// Reorders the file's issues and values into the order of `space`.
LinearAdditiveProfile fit_to_space(const XmlProfile& profile, std::string_view source, const OutcomeSpace& space) {
    if (profile.issues.size() != space.issue_count()) {
        fail(source, "the profile has " + std::to_string(profile.issues.size()) + " issues, the domain " +
                         std::to_string(space.issue_count()));
    }
    std::vector<double> weights(space.issue_count());
    std::vector<std::vector<double>> utilities(space.issue_count());
    double shift = 0.0;  // what fit_unit_range adds to every bid's utility
    for (std::size_t p = 0; p < profile.issues.size(); ++p) {
        const auto& issue = profile.issues[p];
        auto position = space.find_issue(issue.name);
        if (!position) fail(source, "issue " + in_quotes(issue.name) + " is not an issue of the domain");
        if (!utilities[*position].empty()) fail(source, "issue " + in_quotes(issue.name) + " appears twice");
        const auto& domain_issue = space.issue(*position);
        utilities[*position] = issue.kind == IssueKind::discrete ? discrete_utilities(issue, domain_issue, source)
                                                                 : numeric_utilities(issue, domain_issue, source);
        weights[*position] = profile.weights[p];
        shift += fit_unit_range(weights[*position], utilities[*position]);
    }
    // The reservation value moves with the bids, so that the same bids are acceptable as in GENIUS.
    return make_profile(source, std::move(weights), std::move(utilities), profile.reservation_value + shift,
                        profile.discount_factor);
}

}  // namespace

Domain parse_genius_domain(std::string_view xml, std::string_view source) {
    pugi::xml_document document;
    load_xml(document, xml, source);
    auto objective = find_objective(find_utility_space(document, source), source);
    return Domain{stem_of(source), make_space(read_issues(objective, source, false), source), {}};
}

ProfileWithIssues parse_genius_profile(std::string_view xml, std::string_view source) {
    auto profile = read_profile(xml, source);
    auto space = make_space(profile.issues, source);
    return ProfileWithIssues{space, fit_to_space(profile, source, space), {}};
}

LinearAdditiveProfile parse_genius_profile(std::string_view xml, std::string_view source,
                                           const OutcomeSpace& space) {
    return fit_to_space(read_profile(xml, source), source, space);
}

Domain load_genius_domain(const std::filesystem::path& domain_file,
                          std::span<const std::filesystem::path> profile_files) {
    auto domain = parse_genius_domain(detail::read_domain_file(domain_file), domain_file.string());
    detail::append_profiles(domain, profile_files, &parse_genius_profile);
    return domain;
}

Domain load_genius_profiles(std::span<const std::filesystem::path> profile_files) {
    if (profile_files.empty()) throw DomainError("no GENIUS profile files were given");
    const auto& first_file = profile_files.front();
    auto first = parse_genius_profile(detail::read_domain_file(first_file), first_file.string());
    auto folder = std::filesystem::absolute(first_file).parent_path().filename().string();
    Domain domain{folder, std::move(first.space), {std::move(first.profile)}};
    detail::append_profiles(domain, profile_files.subspan(1), &parse_genius_profile);
    return domain;
}

}  // namespace parley::worlds
