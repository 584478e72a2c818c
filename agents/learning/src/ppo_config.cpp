#include "parley/learning/ppo_config.hpp"

#include <charconv>
#include <cmath>
#include <functional>
#include <map>
#include <stdexcept>
#include <string>

namespace parley::learning {
namespace {

void require(bool holds, const std::string& what) {
    if (!holds) throw std::invalid_argument("PPO configuration: " + what);
}

bool positive(double value) { return std::isfinite(value) && value > 0.0; }
bool in_unit_interval(double value) { return std::isfinite(value) && value >= 0.0 && value <= 1.0; }
bool non_negative(double value) { return std::isfinite(value) && value >= 0.0; }

template <class Number>
Number parse_number(const std::string& key, const std::string& text) {
    Number value{};
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc{} || end != text.data() + text.size()) {
        throw std::invalid_argument("PPO configuration: " + key + " is not a number: \"" + text + "\"");
    }
    return value;
}

std::vector<std::size_t> parse_sizes(const std::string& key, const std::string& text) {
    std::vector<std::size_t> sizes;
    std::size_t start = 0;
    while (start <= text.size()) {
        const auto comma = std::min(text.find(',', start), text.size());
        sizes.push_back(parse_number<std::size_t>(key, text.substr(start, comma - start)));
        start = comma + 1;
    }
    return sizes;
}

bool parse_flag(const std::string& key, const std::string& text) {
    if (text == "true") return true;
    if (text == "false") return false;
    throw std::invalid_argument("PPO configuration: " + key + " is true or false, not \"" + text + "\"");
}

using Setter = std::function<void(PpoConfig&, const std::string& key, const std::string& text)>;

template <class Number>
Setter number_of(Number PpoConfig::*member) {
    return [member](PpoConfig& config, const std::string& key, const std::string& text) {
        config.*member = parse_number<Number>(key, text);
    };
}

// Every key of PpoConfig, by its name in a scenario.
const std::map<std::string, Setter>& setters() {
    static const std::map<std::string, Setter> all = {
        {"hidden_sizes", [](PpoConfig& c, const std::string& k, const std::string& t) { c.hidden_sizes = parse_sizes(k, t); }},
        {"learning_rate", number_of(&PpoConfig::learning_rate)},
        {"adam_epsilon", number_of(&PpoConfig::adam_epsilon)},
        {"discount", number_of(&PpoConfig::discount)},
        {"gae_lambda", number_of(&PpoConfig::gae_lambda)},
        {"clip_range", number_of(&PpoConfig::clip_range)},
        {"value_coefficient", number_of(&PpoConfig::value_coefficient)},
        {"entropy_coefficient", number_of(&PpoConfig::entropy_coefficient)},
        {"max_grad_norm", number_of(&PpoConfig::max_grad_norm)},
        {"episodes_per_update", number_of(&PpoConfig::episodes_per_update)},
        {"epochs", number_of(&PpoConfig::epochs)},
        {"minibatch_size", number_of(&PpoConfig::minibatch_size)},
        {"normalize_advantages",
         [](PpoConfig& c, const std::string& k, const std::string& t) { c.normalize_advantages = parse_flag(k, t); }},
    };
    return all;
}

}  // namespace

PpoConfig config_from_settings(const std::vector<std::pair<std::string, std::string>>& settings) {
    PpoConfig config;
    for (const auto& [key, text] : settings) {
        const auto found = setters().find(key);
        if (found == setters().end()) {
            std::string known;
            for (const auto& [name, setter] : setters()) known += (known.empty() ? "" : ", ") + name;
            throw std::invalid_argument("PPO configuration: unknown key " + key + " (known: " + known + ")");
        }
        found->second(config, key, text);
    }
    check_config(config);
    return config;
}

void check_config(const PpoConfig& config) {
    require(!config.hidden_sizes.empty() && config.hidden_sizes.size() <= kMaxHiddenLayers,
            "hidden_sizes must hold 1 to " + std::to_string(kMaxHiddenLayers) + " layers");
    for (const auto size : config.hidden_sizes) {
        require(size >= 1 && size <= kMaxLayerSize,
                "every hidden layer must have 1 to " + std::to_string(kMaxLayerSize) + " units");
    }
    require(positive(config.learning_rate), "learning_rate must be positive");
    require(positive(config.adam_epsilon), "adam_epsilon must be positive");
    require(in_unit_interval(config.discount), "discount must be in [0, 1]");
    require(in_unit_interval(config.gae_lambda), "gae_lambda must be in [0, 1]");
    require(positive(config.clip_range) && config.clip_range < 1.0, "clip_range must be in (0, 1)");
    require(non_negative(config.value_coefficient), "value_coefficient must be non-negative");
    require(non_negative(config.entropy_coefficient), "entropy_coefficient must be non-negative");
    require(positive(config.max_grad_norm), "max_grad_norm must be positive");
    require(config.episodes_per_update >= 1, "episodes_per_update must be at least 1");
    require(config.epochs >= 1, "epochs must be at least 1");
    require(config.minibatch_size >= 1, "minibatch_size must be at least 1");
}

}  // namespace parley::learning
