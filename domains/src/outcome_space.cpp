#include <parley/domains/domain_error.hpp>
#include <parley/domains/outcome_space.hpp>

#include <charconv>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <unordered_set>
#include <utility>

namespace parley::worlds {
namespace {

// Shortest text that reads back as the same double, identical on every machine.
std::string number_name(double number) {
    char buffer[64];
    auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, number);
    if (error != std::errc{}) throw std::logic_error("cannot format a number");
    return {buffer, end};
}

void check_unique_values(const std::string& issue_name, const std::vector<std::string>& values) {
    std::unordered_set<std::string_view> seen;
    for (const auto& value : values) {
        if (!seen.insert(value).second) {
            throw DomainError("issue '" + issue_name + "': value '" + value + "' appears twice");
        }
    }
}

}  // namespace

Issue::Issue(std::string name, std::vector<std::string> values, std::vector<double> numbers)
    : name_(std::move(name)), values_(std::move(values)), numbers_(std::move(numbers)) {
    if (name_.empty()) throw DomainError("an issue has an empty name");
    if (values_.empty()) throw DomainError("issue '" + name_ + "' has no values");
    check_unique_values(name_, values_);
}

Issue Issue::discrete(std::string name, std::vector<std::string> values) {
    return Issue(std::move(name), std::move(values), {});
}

Issue Issue::numeric(std::string name, double low, double high, std::size_t count) {
    if (!std::isfinite(low) || !std::isfinite(high) || low > high) {
        throw DomainError("numeric issue '" + name + "': the range [" + number_name(low) + ", " + number_name(high) +
                          "] is not a finite range with low <= high");
    }
    if (count == 0) throw DomainError("numeric issue '" + name + "' must have at least one value");
    if (count > 1 && low == high) {
        throw DomainError("numeric issue '" + name + "': " + std::to_string(count) + " values need low < high");
    }
    std::vector<double> numbers(count);
    for (std::size_t k = 0; k < count; ++k) {
        // Interpolating from both ends (rather than adding a step) keeps `high` exact.
        double fraction = count == 1 ? 0.0 : static_cast<double>(k) / static_cast<double>(count - 1);
        numbers[k] = k + 1 == count && count > 1 ? high : low + (high - low) * fraction;
    }
    return numeric(std::move(name), std::move(numbers));
}

Issue Issue::numeric(std::string name, std::vector<double> numbers) {
    for (std::size_t k = 0; k < numbers.size(); ++k) {
        if (!std::isfinite(numbers[k])) throw DomainError("numeric issue '" + name + "': a value is not finite");
        if (k > 0 && !(numbers[k - 1] < numbers[k])) {
            throw DomainError("numeric issue '" + name + "': the values do not increase (" +
                              number_name(numbers[k - 1]) + ", then " + number_name(numbers[k]) + ")");
        }
    }
    std::vector<std::string> names;
    names.reserve(numbers.size());
    for (double number : numbers) names.push_back(number_name(number));
    return Issue(std::move(name), std::move(names), std::move(numbers));
}

std::optional<std::size_t> Issue::find_value(std::string_view value_name) const {
    for (std::size_t value = 0; value < values_.size(); ++value) {
        if (values_[value] == value_name) return value;
    }
    return std::nullopt;
}

double Issue::number(std::size_t value) const {
    if (!is_numeric()) throw std::logic_error("issue '" + name_ + "' is not numeric");
    return numbers_.at(value);
}

OutcomeSpace::OutcomeSpace(std::vector<Issue> issues) : issues_(std::move(issues)) {
    if (issues_.empty()) throw DomainError("an outcome space needs at least one issue");
    std::unordered_set<std::string_view> names;
    for (const auto& issue : issues_) {
        if (!names.insert(issue.name()).second) throw DomainError("issue '" + issue.name() + "' appears twice");
    }
    // Strides from the last issue (1) to the first; the count must fit an OutcomeIndex.
    strides_.assign(issues_.size(), 1);
    OutcomeIndex count = 1;
    for (std::size_t i = issues_.size(); i-- > 0;) {
        strides_[i] = count;
        OutcomeIndex size = issues_[i].size();
        if (count > std::numeric_limits<OutcomeIndex>::max() / size) {
            throw DomainError("the outcome space has more outcomes than can be counted (over 2^64)");
        }
        count *= size;
    }
    outcome_count_ = count;
}

std::optional<std::size_t> OutcomeSpace::find_issue(std::string_view name) const {
    for (std::size_t i = 0; i < issues_.size(); ++i) {
        if (issues_[i].name() == name) return i;
    }
    return std::nullopt;
}

bool OutcomeSpace::contains(const Outcome& outcome) const {
    if (outcome.size() != issues_.size()) return false;
    for (std::size_t i = 0; i < issues_.size(); ++i) {
        if (outcome[i] >= issues_[i].size()) return false;
    }
    return true;
}

Outcome OutcomeSpace::outcome_at(OutcomeIndex index) const {
    Outcome outcome;
    outcome_at(index, outcome);
    return outcome;
}

void OutcomeSpace::outcome_at(OutcomeIndex index, Outcome& into) const {
    if (index >= outcome_count_) throw std::out_of_range("outcome index out of range");
    into.resize(issues_.size());
    for (std::size_t i = 0; i < issues_.size(); ++i) {
        into[i] = static_cast<std::size_t>(index / strides_[i]);
        index %= strides_[i];
    }
}

OutcomeIndex OutcomeSpace::index_of(const Outcome& outcome) const {
    if (!contains(outcome)) throw std::out_of_range("outcome is not in the outcome space");
    OutcomeIndex index = 0;
    for (std::size_t i = 0; i < issues_.size(); ++i) index += outcome[i] * strides_[i];
    return index;
}

std::string OutcomeSpace::describe(const Outcome& outcome) const {
    if (!contains(outcome)) return "(not an outcome of this space)";
    std::string text;
    for (std::size_t i = 0; i < issues_.size(); ++i) {
        if (i > 0) text += ", ";
        text += issues_[i].name() + "=" + issues_[i].value_name(outcome[i]);
    }
    return text;
}

bool same_issues(const OutcomeSpace& a, const OutcomeSpace& b) {
    if (a.issue_count() != b.issue_count()) return false;
    for (std::size_t i = 0; i < a.issue_count(); ++i) {
        if (a.issue(i).name() != b.issue(i).name() || a.issue(i).values() != b.issue(i).values()) return false;
    }
    return true;
}

}  // namespace parley::worlds
