#include "text_input.hpp"

#include <parley/worlds/domain_error.hpp>
#include <parley/worlds/genius_format.hpp>

#include <pugixml.hpp>

#include <algorithm>
#include <cstring>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace parley::worlds {
namespace {

using detail::fail;

// One issue as the file gives it; evaluations are empty in a domain file.
struct XmlIssue {
    std::string name;
    std::uint64_t index = 0;  // the `index` attribute, which weights refer to
    std::vector<std::string> values;
    std::vector<double> evaluations;
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

void check_discrete(pugi::xml_node issue, const std::string& name, std::string_view source) {
    for (const char* attribute : {"type", "vtype", "etype"}) {
        auto type = issue.attribute(attribute);
        if (type && std::strcmp(type.value(), "discrete") != 0) {
            fail(source, "issue " + in_quotes(name) + " has " + attribute + " " + in_quotes(type.value()) +
                             "; only discrete issues are supported");
        }
    }
}

XmlIssue read_issue(pugi::xml_node node, std::size_t position, std::string_view source, bool with_evaluations) {
    XmlIssue issue;
    issue.name = node.attribute("name").value();
    if (issue.name.empty()) fail(source, "issue number " + std::to_string(position + 1) + " has no name");
    check_discrete(node, issue.name, source);
    if (auto index = node.attribute("index")) {
        auto parsed = detail::parse_unsigned(index.value());
        if (!parsed) fail(source, "issue " + in_quotes(issue.name) + " has index " + in_quotes(index.value()));
        issue.index = *parsed;
    } else {
        issue.index = position + 1;
    }
    for (auto item : node.children("item")) {
        auto value = item.attribute("value");
        if (!value) fail(source, "an item of issue " + in_quotes(issue.name) + " has no 'value' attribute");
        issue.values.emplace_back(value.value());
        if (with_evaluations) {
            const std::string what = "item " + in_quotes(value.value()) + " of issue " + in_quotes(issue.name);
            double evaluation = number_attribute(item, "evaluation", source, what);
            if (evaluation < 0.0) fail(source, what + " has a negative evaluation");
            issue.evaluations.push_back(evaluation);
        }
    }
    if (issue.values.empty()) fail(source, "issue " + in_quotes(issue.name) + " has no items");
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

OutcomeSpace make_space(const std::vector<XmlIssue>& issues, std::string_view source) {
    std::vector<Issue> space_issues;
    try {
        for (const auto& issue : issues) space_issues.push_back(Issue::discrete(issue.name, issue.values));
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

std::vector<double> value_utilities(const XmlIssue& issue, std::string_view source) {
    double best = *std::max_element(issue.evaluations.begin(), issue.evaluations.end());
    if (best <= 0.0) fail(source, "issue " + in_quotes(issue.name) + ": no item has a positive evaluation");
    std::vector<double> utilities;
    for (double evaluation : issue.evaluations) utilities.push_back(evaluation / best);
    return utilities;
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
    XmlProfile profile;
    profile.issues = read_issues(objective, source, true);
    profile.weights = read_weights(objective, profile.issues, source);
    profile.reservation_value = optional_value(utility_space, "reservation", 0.0, source);
    profile.discount_factor = optional_value(utility_space, "discount_factor", 1.0, source);
    if (profile.discount_factor == 0.0) profile.discount_factor = 1.0;  // "no discount", not an error
    return profile;
}

LinearAdditiveProfile make_profile(std::string_view source, std::vector<double> weights,
                                   std::vector<std::vector<double>> utilities, const XmlProfile& profile) {
    try {
        return LinearAdditiveProfile(stem_of(source), std::move(weights), std::move(utilities),
                                     profile.reservation_value, profile.discount_factor);
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
    for (std::size_t p = 0; p < profile.issues.size(); ++p) {
        const auto& issue = profile.issues[p];
        auto position = space.find_issue(issue.name);
        if (!position) fail(source, "issue " + in_quotes(issue.name) + " is not an issue of the domain");
        const auto& domain_issue = space.issue(*position);
        if (issue.values.size() != domain_issue.size()) {
            fail(source, "issue " + in_quotes(issue.name) + " has " + std::to_string(issue.values.size()) +
                             " values, in the domain " + std::to_string(domain_issue.size()));
        }
        if (!utilities[*position].empty()) fail(source, "issue " + in_quotes(issue.name) + " appears twice");
        auto scaled = value_utilities(issue, source);
        std::vector<bool> seen(domain_issue.size(), false);
        utilities[*position].assign(domain_issue.size(), 0.0);
        for (std::size_t v = 0; v < issue.values.size(); ++v) {
            auto value = domain_issue.find_value(issue.values[v]);
            if (!value) {
                fail(source, "value " + in_quotes(issue.values[v]) + " of issue " + in_quotes(issue.name) +
                                 " is not in the domain");
            }
            if (seen[*value]) {
                fail(source,
                     "value " + in_quotes(issue.values[v]) + " of issue " + in_quotes(issue.name) + " appears twice");
            }
            seen[*value] = true;
            utilities[*position][*value] = scaled[v];
        }
        weights[*position] = profile.weights[p];
    }
    return make_profile(source, std::move(weights), std::move(utilities), profile);
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
    auto domain = parse_genius_domain(detail::read_text_file(domain_file, kMaxDomainFileBytes), domain_file.string());
    for (const auto& file : profile_files) {
        domain.profiles.push_back(
            parse_genius_profile(detail::read_text_file(file, kMaxDomainFileBytes), file.string(), domain.space));
    }
    return domain;
}

Domain load_genius_profiles(std::span<const std::filesystem::path> profile_files) {
    if (profile_files.empty()) throw DomainError("no GENIUS profile files were given");
    const auto& first_file = profile_files.front();
    auto first = parse_genius_profile(detail::read_text_file(first_file, kMaxDomainFileBytes), first_file.string());
    auto folder = std::filesystem::absolute(first_file).parent_path().filename().string();
    Domain domain{folder, std::move(first.space), {std::move(first.profile)}};
    for (const auto& file : profile_files.subspan(1)) {
        domain.profiles.push_back(
            parse_genius_profile(detail::read_text_file(file, kMaxDomainFileBytes), file.string(), domain.space));
    }
    return domain;
}

}  // namespace parley::worlds
