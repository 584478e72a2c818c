#pragma once
// The one shape every registry of Parley shares (mechanisms, games, value
// frameworks, strategies, behaviours): entries found by name, listed in name
// order, each added once. A registry derives from it and adds its own checks.

#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace parley::worlds {

// `Info` has a `name` and a `make` factory that converts to bool.
template <class Info>
class NamedRegistry {
public:
    // Null when nothing of that name is registered.
    const Info* find(std::string_view name) const {
        auto found = entries_.find(name);
        return found == entries_.end() ? nullptr : &found->second;
    }

    // In name order.
    std::vector<const Info*> list() const {
        std::vector<const Info*> infos;
        infos.reserve(entries_.size());
        for (const auto& [name, info] : entries_) infos.push_back(&info);
        return infos;
    }

    // "a, b, c": the known names, for messages about an unknown one.
    std::string names() const {
        std::string joined;
        for (const auto& [name, info] : entries_) joined += (joined.empty() ? "" : ", ") + name;
        return joined;
    }

protected:
    // `what` names an entry in messages: "mechanism", "framework", ...
    explicit NamedRegistry(std::string what) : what_(std::move(what)) {}

    // Throws std::invalid_argument when the name is empty, the factory is
    // missing or the name is taken: registering is a programming step, and a
    // mistake in it must not pass silently.
    void insert(Info info) {
        if (info.name.empty() || !info.make) throw std::invalid_argument("a " + what_ + " needs a name and a factory");
        std::string name = info.name;
        if (!entries_.emplace(name, std::move(info)).second) {
            throw std::invalid_argument("a " + what_ + " named '" + name + "' is already registered");
        }
    }

private:
    std::string what_;
    std::map<std::string, Info, std::less<>> entries_;
};

}  // namespace parley::worlds
