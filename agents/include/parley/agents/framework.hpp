#pragma once
// Value frameworks: what a negotiating agent values and how it bargains. Each
// framework says how it scores an outcome (its welfare function, shared with
// the metrics), what it will never accept, how it concedes and when it accepts,
// and may give a reason with a proposal or rejection. One interface, one
// registry; `parley agent --framework NAME --param key=value` builds one.
// Pure strategy: no sockets. The negotiator behaviour connects it to the runner.

#include <parley/mechanisms/negotiation.hpp>
#include <parley/core/registry.hpp>

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace parley::agents {

// Parameters as given on the command line or in a scenario, by name.
using FrameworkParameters = std::map<std::string, std::string>;

class ValueFramework {
public:
    virtual ~ValueFramework() = default;

    // A new episode: the framework forgets the previous one.
    virtual void begin(const worlds::PartySetup& setup) = 0;
    // Another party moved.
    virtual void observe(const worlds::Observation& observation) = 0;
    // It is this party's turn. For Ask::Respond: Offer, Accept (only with a
    // standing offer) or End. For Ask::Vote: Accept or Reject.
    virtual worlds::Move respond(const worlds::Turn& turn) = 0;

    // Its estimate of every party's utility for an outcome (its own exact, the
    // others' disclosed or modelled), for metrics on opponent-model accuracy.
    virtual std::vector<double> estimated_utilities(const worlds::Outcome& outcome) const = 0;
};

struct ParameterInfo {
    std::string name;
    std::string default_value;
    std::string description;
};

struct FrameworkInfo {
    std::string name;
    std::string description;  // one line, for `parley frameworks`
    std::vector<ParameterInfo> parameters;
    // Throws std::invalid_argument naming the parameter when one is unknown or malformed.
    std::function<std::unique_ptr<ValueFramework>(const FrameworkParameters&)> make;
};

class FrameworkRegistry : public worlds::NamedRegistry<FrameworkInfo> {
public:
    FrameworkRegistry() : NamedRegistry("framework") {}
    // Every framework built into Parley.
    static const FrameworkRegistry& builtin();
    void add(FrameworkInfo info) { insert(std::move(info)); }
};

}  // namespace parley::agents
