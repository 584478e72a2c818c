#include "scenario_reader.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <set>
#include <stdexcept>
#include <system_error>

namespace parley::worlds::detail {
namespace {

std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> previous(b.size() + 1);
    std::vector<std::size_t> current(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) previous[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        current[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
            current[j] = std::min({previous[j] + 1, current[j - 1] + 1, substitution});
        }
        std::swap(previous, current);
    }
    return previous[b.size()];
}

std::string quoted(const std::string& text) {
    constexpr std::size_t kShown = 60;  // a hostile scalar must not flood the message
    return "\"" + (text.size() > kShown ? text.substr(0, kShown) + "..." : text) + "\"";
}

std::string format_number(double value) {
    char buffer[64];
    auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, value);
    return error == std::errc{} ? std::string(buffer, end) : std::to_string(value);
}

}  // namespace

std::optional<std::string> closest_name(std::string_view word, const std::vector<std::string>& names) {
    // A third of the word's length, at least 1 and at most 3: catches typos
    // without suggesting unrelated names for short words.
    const std::size_t tolerance = std::clamp<std::size_t>(word.size() / 3, 1, 3);
    std::optional<std::string> best;
    std::size_t best_distance = tolerance + 1;
    for (const auto& name : names) {
        const std::size_t distance = edit_distance(word, name);
        if (distance < best_distance) {
            best_distance = distance;
            best = name;
        }
    }
    return best;
}

std::string did_you_mean(std::string_view word, const std::vector<std::string>& names) {
    auto closest = closest_name(word, names);
    return closest ? " (did you mean '" + *closest + "'?)" : "";
}

std::string join_names(const std::vector<std::string>& names) {
    std::string text;
    for (std::size_t k = 0; k < names.size(); ++k) {
        if (k > 0) text += k + 1 == names.size() ? " or " : ", ";
        text += names[k];
    }
    return text;
}

std::string hint_or_listing(std::string_view word, const std::vector<std::string>& names, const std::string& listing) {
    const std::string hint = did_you_mean(word, names);
    return hint.empty() ? listing : hint;
}

namespace {

bool is_name_character(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
           c == '.';
}

}  // namespace

bool is_valid_name(std::string_view name) {
    return !name.empty() && name.size() <= kMaxNameLength && name.front() != '.' &&
           std::all_of(name.begin(), name.end(), is_name_character);
}

std::string describe_node(const YAML::Node& node) {
    if (!node.IsDefined() || node.IsNull()) return "nothing";
    if (node.IsSequence()) return "a list";
    if (node.IsMap()) return "a map";
    return quoted(node.Scalar());
}

std::string flow_yaml(const YAML::Node& node) {
    YAML::Emitter emitter;
    emitter << YAML::Flow << node;
    return emitter.c_str();
}

// ---- ScenarioContext ------------------------------------------------------------

void ScenarioContext::set_sweep_point(std::size_t index, std::vector<std::pair<std::string, std::string>> settings) {
    sweep_point_ = index;
    sweep_settings_ = std::move(settings);
}

std::string ScenarioContext::sweep_note(const std::string& key) const {
    if (!sweep_point_) return "";
    for (const auto& [swept, value] : sweep_settings_) {
        const bool inside = key == swept || key.starts_with(swept + ".") || key.starts_with(swept + "[");
        // A check of a whole section (a game's or a framework's parameters)
        // may fail because of one swept key inside it.
        const bool encloses = swept.starts_with(key + ".") || swept.starts_with(key + "[");
        if (inside || encloses) {
            return " (sweep point " + std::to_string(*sweep_point_) + ": " + swept + " = " + value + ")";
        }
    }
    return "";
}

void ScenarioContext::fail(const YAML::Mark& at, const std::string& key, const std::string& what,
                           const YAML::Mark& fallback) const {
    const YAML::Mark& mark = at.is_null() ? fallback : at;
    const std::string line = mark.is_null() ? "" : ":" + std::to_string(mark.line + 1);
    throw ScenarioError(source_ + line + ": " + key + ": " + what + sweep_note(key));
}

// ---- MapReader ------------------------------------------------------------------

MapReader::MapReader(const ScenarioContext& context, const YAML::Node& node, std::string path,
                     const std::vector<std::string>& allowed, const YAML::Mark& fallback)
    : context_(context), node_(node), path_(std::move(path)), mark_(node.Mark().is_null() ? fallback : node.Mark()) {
    if (!node.IsDefined() || node.IsNull()) {
        node_ = YAML::Node(YAML::NodeType::Map);  // an empty section reads as one without keys
        return;
    }
    if (!node.IsMap()) context_.fail(mark_, path_, "must be a map of keys, got " + describe_node(node));
    std::set<std::string> seen;
    std::map<std::string, int> first_line;
    for (const auto& entry : node) {
        const YAML::Node& key_node = entry.first;
        if (!key_node.IsScalar()) context_.fail(key_node.Mark(), path_, "keys must be names", mark_);
        const std::string key = key_node.Scalar();
        if (!seen.insert(key).second) {
            context_.fail(key_node.Mark(), path_of(key),
                          "the key appears twice (first on line " + std::to_string(first_line[key] + 1) + ")", mark_);
        }
        first_line[key] = key_node.Mark().line;
        if (!allowed.empty() && std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
            const std::string hint = did_you_mean(key, allowed);
            context_.fail(key_node.Mark(), path_of(key),
                          "unknown key" + (hint.empty() ? "; known keys are " + join_names(allowed) : hint), mark_);
        }
        keys_.push_back(key);
    }
}

std::string MapReader::path_of(const std::string& key) const { return path_.empty() ? key : path_ + "." + key; }

bool MapReader::has(const std::string& key) const {
    return std::find(keys_.begin(), keys_.end(), key) != keys_.end();
}

YAML::Node MapReader::get(const std::string& key) const {
    if (!has(key)) return YAML::Node(YAML::NodeType::Undefined);
    const YAML::Node& map = node_;  // const access never inserts
    return map[key];
}

YAML::Node MapReader::require(const std::string& key) const {
    if (!has(key)) context_.fail(mark_, path_of(key), "required key is missing");
    return get(key);
}

YAML::Mark MapReader::mark_of(const YAML::Node& node) const {
    return node.Mark().is_null() ? mark_ : node.Mark();
}

std::uint64_t MapReader::to_unsigned(const YAML::Node& node, const std::string& key, std::uint64_t min,
                                     std::uint64_t max) const {
    const std::string kind = min >= 1 ? "a positive integer" : "a non-negative integer";
    if (!node.IsScalar()) context_.fail(mark_of(node), key, "must be " + kind + ", got " + describe_node(node));
    const std::string& text = node.Scalar();
    std::uint64_t value = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || error != std::errc{} || end != text.data() + text.size()) {
        const bool too_large = error == std::errc::result_out_of_range;
        context_.fail(mark_of(node), key,
                      too_large ? "must be at most " + std::to_string(max) + ", got " + quoted(text)
                                : "must be " + kind + ", got " + quoted(text));
    }
    if (value < min) {
        context_.fail(mark_of(node), key,
                      (min == 1 ? "must be a positive integer" : "must be at least " + std::to_string(min)) +
                          ", got " + quoted(text));
    }
    if (value > max) context_.fail(mark_of(node), key, "must be at most " + std::to_string(max) + ", got " + quoted(text));
    return value;
}

double MapReader::to_number(const YAML::Node& node, const std::string& key, double min, double max,
                            bool min_exclusive) const {
    const std::string range = std::string(min_exclusive ? "a number greater than " : "a number from ") +
                              format_number(min) + (min_exclusive ? " and at most " : " to ") + format_number(max);
    if (!node.IsScalar()) context_.fail(mark_of(node), key, "must be " + range + ", got " + describe_node(node));
    std::string_view text = node.Scalar();
    if (!text.empty() && text.front() == '+') text.remove_prefix(1);
    double value = 0.0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    const bool parsed = !text.empty() && error == std::errc{} && end == text.data() + text.size() && std::isfinite(value);
    const bool in_range = parsed && (min_exclusive ? value > min : value >= min) && value <= max;
    if (!in_range) context_.fail(mark_of(node), key, "must be " + range + ", got " + quoted(node.Scalar()));
    return value;
}

bool MapReader::to_bool(const YAML::Node& node, const std::string& key) const {
    if (node.IsScalar() && (node.Scalar() == "true" || node.Scalar() == "false")) return node.Scalar() == "true";
    context_.fail(mark_of(node), key, "must be true or false, got " + describe_node(node));
}

std::string MapReader::to_string(const YAML::Node& node, const std::string& key) const {
    if (!node.IsScalar() || node.Scalar().empty()) {
        context_.fail(mark_of(node), key, "must be a non-empty text, got " + describe_node(node));
    }
    return node.Scalar();
}

std::string MapReader::to_choice(const YAML::Node& node, const std::string& key,
                                 const std::vector<std::string>& choices) const {
    if (!node.IsScalar()) {
        context_.fail(mark_of(node), key, "must be one of " + join_names(choices) + ", got " + describe_node(node));
    }
    const std::string& value = node.Scalar();
    if (std::find(choices.begin(), choices.end(), value) == choices.end()) {
        context_.fail(mark_of(node), key,
                      "must be one of " + join_names(choices) + ", got " + quoted(value) + did_you_mean(value, choices));
    }
    return value;
}

std::uint64_t MapReader::unsigned_value(const std::string& key, std::uint64_t min, std::uint64_t max,
                                        std::uint64_t fallback_value) const {
    return has(key) ? to_unsigned(get(key), path_of(key), min, max) : fallback_value;
}

std::uint64_t MapReader::required_unsigned(const std::string& key, std::uint64_t min, std::uint64_t max) const {
    return to_unsigned(require(key), path_of(key), min, max);
}

double MapReader::number_value(const std::string& key, double min, double max, double fallback_value,
                               bool min_exclusive) const {
    return has(key) ? to_number(get(key), path_of(key), min, max, min_exclusive) : fallback_value;
}

std::string MapReader::string_value(const std::string& key, const std::string& fallback_value) const {
    return has(key) ? to_string(get(key), path_of(key)) : fallback_value;
}

std::string MapReader::required_string(const std::string& key) const { return to_string(require(key), path_of(key)); }

std::string MapReader::choice_value(const std::string& key, const std::vector<std::string>& choices,
                                    const std::string& fallback_value) const {
    return has(key) ? to_choice(get(key), path_of(key), choices) : fallback_value;
}

// ---- parameters -----------------------------------------------------------------

ParameterMap read_parameters(const MapReader& parent) {
    ParameterMap parameters;
    if (!parent.has("parameters")) return parameters;
    MapReader map(parent.context(), parent.get("parameters"), parent.path_of("parameters"), {}, parent.mark());
    for (const auto& key : map.keys()) {
        const YAML::Node value = map.get(key);
        if (!value.IsScalar()) {
            parent.context().fail(value.Mark(), map.path_of(key), "must be a single value, got " + describe_node(value),
                                  map.mark());
        }
        parameters[key] = value.Scalar();
    }
    return parameters;
}

void check_parameters(const std::function<void(const std::string&, const ParameterMap&)>& check,
                      const std::string& name, const ParameterMap& parameters, const MapReader& parent) {
    if (!check) return;
    try {
        check(name, parameters);
    } catch (const std::exception& error) {
        const YAML::Node at = parent.has("parameters") ? parent.get("parameters") : YAML::Node();
        parent.context().fail(at.IsDefined() ? at.Mark() : parent.mark(), parent.path_of("parameters"), error.what(),
                              parent.mark());
    }
}

}  // namespace parley::worlds::detail
