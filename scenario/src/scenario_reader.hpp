#pragma once
// Reading untrusted scenario YAML: every failure is a ScenarioError
// "FILE:LINE: KEY: what", where KEY is the dotted path of the key
// ("roster[1].count") and LINE the line of the offending node. Internal to
// scenario/: yaml-cpp stays out of the public headers.

#include <parley/scenario/scenario.hpp>

#include <yaml-cpp/yaml.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace parley::worlds::detail {

// The closest of `names` to `word`, when it is close enough to be a likely typo.
std::optional<std::string> closest_name(std::string_view word, const std::vector<std::string>& names);
// " (did you mean 'x'?)" or "".
std::string did_you_mean(std::string_view word, const std::vector<std::string>& names);
// "a, b or c"
std::string join_names(const std::vector<std::string>& names);
// did_you_mean(word, names) when it suggests a name, otherwise `listing`
// ("; known games are a, b or c").
std::string hint_or_listing(std::string_view word, const std::vector<std::string>& names, const std::string& listing);

// Names end up in folder and file names: letters, digits, "_", "-", "." only,
// at most kMaxNameLength characters, not starting with ".".
inline constexpr std::size_t kMaxNameLength = 100;
bool is_valid_name(std::string_view name);

// How a node looks to a user: "\"two\"", "a list", "a map", "nothing".
std::string describe_node(const YAML::Node& node);
// A node as one line of flow-style YAML, for sweep settings.
std::string flow_yaml(const YAML::Node& node);

// Where errors go: the source name and the sweep point being read, so that an
// error in a swept key says which point of the grid it comes from.
class ScenarioContext {
public:
    explicit ScenarioContext(std::string source) : source_(std::move(source)) {}

    const std::string& source() const { return source_; }
    void set_sweep_point(std::size_t index, std::vector<std::pair<std::string, std::string>> settings);

    // `at` gives the line; when it has none (a node made by a sweep), `fallback` does.
    [[noreturn]] void fail(const YAML::Mark& at, const std::string& key, const std::string& what,
                           const YAML::Mark& fallback = YAML::Mark::null_mark()) const;
    [[noreturn]] void fail(const YAML::Node& at, const std::string& key, const std::string& what) const {
        fail(at.Mark(), key, what);
    }

private:
    std::string sweep_note(const std::string& key) const;

    std::string source_;
    std::optional<std::size_t> sweep_point_;
    std::vector<std::pair<std::string, std::string>> sweep_settings_;
};

// A YAML map whose keys are checked on construction: each a scalar, none
// twice, each one of `allowed` (an empty list allows any name).
class MapReader {
public:
    MapReader(const ScenarioContext& context, const YAML::Node& node, std::string path,
              const std::vector<std::string>& allowed, const YAML::Mark& fallback = YAML::Mark::null_mark());

    bool has(const std::string& key) const;
    // The value, or an undefined node when the key is absent.
    YAML::Node get(const std::string& key) const;
    YAML::Node require(const std::string& key) const;
    // The dotted path of a key of this map.
    std::string path_of(const std::string& key) const;
    const std::string& path() const { return path_; }
    YAML::Mark mark() const { return mark_; }
    const ScenarioContext& context() const { return context_; }
    // The keys in file order.
    const std::vector<std::string>& keys() const { return keys_; }
    // Where an error about `key` points: its value, or the map when the key is absent.
    YAML::Mark mark_of_key(const std::string& key) const { return has(key) ? get(key).Mark() : mark_; }

    // Typed values of keys. `fallback_value` when the key is absent.
    std::uint64_t unsigned_value(const std::string& key, std::uint64_t min, std::uint64_t max,
                                 std::uint64_t fallback_value) const;
    std::uint64_t required_unsigned(const std::string& key, std::uint64_t min, std::uint64_t max) const;
    double number_value(const std::string& key, double min, double max, double fallback_value,
                        bool min_exclusive = false) const;
    std::string string_value(const std::string& key, const std::string& fallback_value) const;
    std::string required_string(const std::string& key) const;
    std::string choice_value(const std::string& key, const std::vector<std::string>& choices,
                             const std::string& fallback_value) const;

    // Conversions of one node, shared with lists.
    std::uint64_t to_unsigned(const YAML::Node& node, const std::string& key, std::uint64_t min,
                              std::uint64_t max) const;
    double to_number(const YAML::Node& node, const std::string& key, double min, double max,
                     bool min_exclusive = false) const;
    std::string to_string(const YAML::Node& node, const std::string& key) const;
    // `true` or `false`.
    bool to_bool(const YAML::Node& node, const std::string& key) const;
    std::string to_choice(const YAML::Node& node, const std::string& key,
                          const std::vector<std::string>& choices) const;

private:
    YAML::Mark mark_of(const YAML::Node& node) const;

    const ScenarioContext& context_;
    YAML::Node node_;
    std::string path_;
    YAML::Mark mark_;
    std::vector<std::string> keys_;
};

// `parameters:` of a mechanism or a roster entry (absent: none), each a single value.
ParameterMap read_parameters(const MapReader& parent);

// Runs a caller's check of the parameters of `name` (a ScenarioVocabulary
// check; none: nothing to check), turning its complaint into a ScenarioError
// at `parent`'s parameters.
void check_parameters(const std::function<void(const std::string&, const ParameterMap&)>& check,
                      const std::string& name, const ParameterMap& parameters, const MapReader& parent);

}  // namespace parley::worlds::detail
