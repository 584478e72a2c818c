#pragma once
// Outcome spaces of multi-issue negotiation: a list of issues, each with a
// finite list of values. An outcome picks one value per issue and is written
// as the vector of the chosen value indices. Outcomes are numbered in mixed
// radix, the first issue being the most significant digit, so that index 0 is
// the outcome of all first values and the last issue changes fastest.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace parley::worlds {

using Outcome = std::vector<std::size_t>;  // one value index per issue
using OutcomeIndex = std::uint64_t;

// One issue: a name and the names of its values. A numeric issue is a range
// [low, high] discretised into evenly spaced values; it keeps the numbers, and
// its value names are the numbers written in their shortest exact form.
class Issue {
public:
    // Throws DomainError for an empty name, no values or repeated value names.
    static Issue discrete(std::string name, std::vector<std::string> values);
    // `count` values from `low` to `high` inclusive; count 1 gives just `low`.
    // Throws DomainError for non-finite bounds, low > high or count 0.
    static Issue numeric(std::string name, double low, double high, std::size_t count);
    // The given numbers as the values, in the order given.
    // Throws DomainError for no numbers, a number that is not finite, or
    // numbers that do not increase strictly.
    static Issue numeric(std::string name, std::vector<double> numbers);

    const std::string& name() const { return name_; }
    std::size_t size() const { return values_.size(); }
    const std::vector<std::string>& values() const { return values_; }
    const std::string& value_name(std::size_t value) const { return values_.at(value); }
    std::optional<std::size_t> find_value(std::string_view value_name) const;

    bool is_numeric() const { return !numbers_.empty(); }
    // The number of a value of a numeric issue; throws std::logic_error for a discrete issue.
    double number(std::size_t value) const;

private:
    Issue(std::string name, std::vector<std::string> values, std::vector<double> numbers);

    std::string name_;
    std::vector<std::string> values_;
    std::vector<double> numbers_;  // empty for a discrete issue
};

class OutcomeSpace {
public:
    // Throws DomainError for no issues, repeated issue names, or more outcomes
    // than an OutcomeIndex can count.
    explicit OutcomeSpace(std::vector<Issue> issues);

    const std::vector<Issue>& issues() const { return issues_; }
    const Issue& issue(std::size_t index) const { return issues_.at(index); }
    std::size_t issue_count() const { return issues_.size(); }
    std::optional<std::size_t> find_issue(std::string_view name) const;

    OutcomeIndex outcome_count() const { return outcome_count_; }

    // True when the outcome has one valid value index per issue.
    bool contains(const Outcome& outcome) const;
    // Throw std::out_of_range for an index >= outcome_count() or an outcome
    // that is not in the space.
    Outcome outcome_at(OutcomeIndex index) const;
    void outcome_at(OutcomeIndex index, Outcome& into) const;  // reuses `into`: no allocation in loops
    OutcomeIndex index_of(const Outcome& outcome) const;

    // "issue=value, issue=value" for messages and logs.
    std::string describe(const Outcome& outcome) const;

private:
    std::vector<Issue> issues_;
    std::vector<OutcomeIndex> strides_;  // place value of each issue's digit
    OutcomeIndex outcome_count_ = 1;
};

// True when both spaces have the same issues with the same values in the same order.
bool same_issues(const OutcomeSpace& a, const OutcomeSpace& b);

}  // namespace parley::worlds
