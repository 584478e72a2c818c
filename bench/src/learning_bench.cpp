// 5. Learning: the learning sandbox (parley::sandbox) plays the worlds in this
// process, with no broker, as fast as a learner can gain experience. The ipd
// against tit_for_tat with a random learner, beside the same matches played
// by the game alone (worlds::play_game with the random strategy in the
// learner's seat): what the sandbox adds to the game. The bilateral SAOP
// negotiations of the negotiation section (kBenchNegotiation) with a scripted
// Boulware-like learner against the same framework, beside those
// negotiations played over the broker by agent processes in this run. Then
// what only a process with LibTorch measures (`parley-learned bench`, beside
// the parley executable): PPO's training speed, and a learned negotiator's
// decision latency beside a scripted decision's and a move over the broker.

#include "processes.hpp"
#include "sections.hpp"

#include <parley/agents/process.hpp>

#include <nlohmann/json.hpp>

#include <parley/agents/game_strategy.hpp>
#include <parley/core/determinism.hpp>
#include <parley/sandbox/ipd_environment.hpp>
#include <parley/sandbox/negotiation_environment.hpp>

#include <spdlog/spdlog.h>

#include <random>

namespace parley::bench {
namespace {

constexpr std::uint32_t kIpdRounds = 200;
constexpr std::uint64_t kSeed = 2024;

struct SandboxRate {
    double seconds = 0;
    std::uint64_t episodes = 0;
    std::uint64_t steps = 0;   // the learner's actions
    std::uint64_t rounds = 0;  // as the world counts them
    double per_second(std::uint64_t count) const { return static_cast<double>(count) / seconds; }
};

using Policy = std::function<std::size_t(const sandbox::Step& step, std::mt19937_64& engine)>;

SandboxRate play_episodes(const SectionContext& context, sandbox::Environment& environment, std::uint64_t episodes,
                          const Policy& policy) {
    std::mt19937_64 engine(kSeed);
    SandboxRate rate;
    const auto began = Clock::now();
    for (std::uint64_t episode = 0; episode < episodes; ++episode) {
        if (episode % 64 == 0) context.check_stop();
        auto step = environment.reset(core::episode_seed(kSeed, episode));
        while (!step.done) {
            step = environment.step(policy(step, engine));
            ++rate.steps;
        }
        for (const auto& [name, value] : environment.figures()) {
            if (name == "rounds") rate.rounds += static_cast<std::uint64_t>(value);
        }
        ++rate.episodes;
    }
    rate.seconds = std::chrono::duration<double>(Clock::now() - began).count();
    return rate;
}

std::size_t random_legal(const sandbox::Step& step, std::mt19937_64& engine) {
    std::vector<std::size_t> legal;
    for (std::size_t action = 0; action < step.legal.size(); ++action) {
        if (step.legal[action]) legal.push_back(action);
    }
    return legal[core::portable::pick_index(engine, legal.size())];
}

// The game alone: the learner's seat played by the random strategy.
SandboxRate play_bare_ipd(const SectionContext& context, std::uint64_t episodes) {
    const auto& strategies = agents::GameStrategyRegistry::global();
    SandboxRate rate;
    const auto began = Clock::now();
    for (std::uint64_t episode = 0; episode < episodes; ++episode) {
        if (episode % 64 == 0) context.check_stop();
        const auto seed = core::episode_seed(kSeed, episode);
        worlds::GameSettings settings;
        settings.players = 2;
        settings.rounds = kIpdRounds;
        settings.seed = core::mechanism_seed(seed);
        const std::vector<worlds::GameChooser> players{
            agents::game_chooser(strategies, "ipd", "random", {}, core::party_seed(seed, 0)),
            agents::game_chooser(strategies, "ipd", "tit_for_tat", {}, core::party_seed(seed, 1))};
        const auto result = worlds::play_game("ipd", settings, players);
        rate.rounds += result.rounds_played;
        rate.steps += result.rounds_played;
        ++rate.episodes;
    }
    rate.seconds = std::chrono::duration<double>(Clock::now() - began).count();
    return rate;
}

// Concedes as the selfish agents do (Boulware, exponent 0.2) over the target
// levels, and accepts an offer that reaches its target of the moment.
std::size_t boulware(const sandbox::Step& step, const std::vector<double>& targets) {
    const double time = step.observation[0];
    const double wanted = 1.0 - core::portable::pow(time, 1.0 / 0.2);
    if (step.legal[0] && step.observation[2] >= wanted) return 0;
    std::size_t chosen = 1;
    for (std::size_t level = 0; level < targets.size(); ++level) {
        if (targets[level] >= wanted) chosen = 1 + level;
    }
    return chosen;
}

void log_rate(const char* side, const SandboxRate& rate) {
    spdlog::info("  {}: {} episodes, {} steps, {} rounds in {:.2f} s: {:.0f} episodes/s, {:.0f} steps/s", side,
                 rate.episodes, rate.steps, rate.rounds, rate.seconds, rate.per_second(rate.episodes),
                 rate.per_second(rate.steps));
}

void bench_ipd(const SectionContext& context, Report& report) {
    const std::uint64_t episodes = context.options.quick ? 100 : 2000;
    sandbox::IpdSettings settings;
    settings.opponent = "tit_for_tat";
    settings.rounds = kIpdRounds;
    sandbox::IpdEnvironment environment(settings);
    const auto sandboxed = play_episodes(context, environment, episodes, random_legal);
    log_rate("sandbox, ipd", sandboxed);
    const auto bare = play_bare_ipd(context, episodes);
    log_rate("the game alone, ipd", bare);
    const std::string what = "sandbox, ipd, " + std::to_string(kIpdRounds) + " rounds, random learner against "
                             "tit_for_tat, " + std::to_string(episodes) + " episodes";
    const std::string baseline = "worlds::play_game, random against tit_for_tat, in process";
    report.add({"learning", what + ": episodes/s", "1/s", sandboxed.per_second(sandboxed.episodes),
                bare.per_second(bare.episodes), baseline, std::nullopt});
    report.add({"learning", what + ": steps/s", "1/s", sandboxed.per_second(sandboxed.steps),
                bare.per_second(bare.steps), baseline, std::nullopt});
}

void bench_sandbox_negotiation(const SectionContext& context, Report& report, NegotiationMemo& memo) {
    const auto& broker = bilateral_negotiation_rate(context, memo);
    context.check_stop();
    sandbox::NegotiationSettings settings;
    settings.mechanism = "saop";
    settings.rounds = kBenchNegotiation.rounds;
    settings.domain = sandbox::generated_domains({.issues = kBenchNegotiation.issues,
                                                  .values_per_issue = kBenchNegotiation.values,
                                                  .parties = 2,
                                                  .opposition = 1.0});
    settings.opponent = kBenchNegotiation.framework;
    settings.opponent_parameters = {{"exponent", kBenchNegotiation.exponent}};
    sandbox::NegotiationEnvironment environment(settings);
    const auto targets = settings.targets;
    const auto learner = [&](const sandbox::Step& step, std::mt19937_64&) { return boulware(step, targets); };
    const auto sandboxed = play_episodes(context, environment, broker.negotiations, learner);
    log_rate("sandbox, SAOP", sandboxed);
    const std::string what = "sandbox, SAOP, 2 parties, 1000 outcomes, Boulware learner against " +
                             std::string(kBenchNegotiation.framework) + ", " + std::to_string(sandboxed.episodes) +
                             " negotiations";
    const std::string baseline = "the same negotiations over the broker, agent processes, this run";
    report.add({"learning", what + ": negotiations/s", "1/s", sandboxed.per_second(sandboxed.episodes),
                broker.negotiations_per_second(), baseline, std::nullopt});
    // A step is one party's move: beside the broker's moves of one party.
    report.add({"learning", what + ": steps/s", "1/s", sandboxed.per_second(sandboxed.steps),
                broker.moves_per_second() / 2.0, "one party's moves over the broker, this run", std::nullopt});
}

// The figures of `parley-learned bench`, one JSON object a line.
void bench_learned_agents(const SectionContext& context, Report& report, NegotiationMemo& memo) {
    const auto& broker = bilateral_negotiation_rate(context, memo);
    std::vector<std::string> args{"--log-level", "warn", "bench"};
    if (context.options.quick) args.push_back("--quick");
    const auto executable = agents::executable_beside("parley-learned");
    auto child = spawn(executable, args, /*capture_stdout=*/true, context.child_log);
    while (const auto line = child.read_line(std::chrono::minutes(10))) {
        const auto figure = nlohmann::json::parse(*line);
        report.add({"learning", figure.at("benchmark").get<std::string>(), figure.at("unit").get<std::string>(),
                    figure.at("parley").get<double>(), figure.at("baseline").get<double>(),
                    figure.at("baseline_is").get<std::string>(), std::nullopt});
        if (figure.at("unit") == "us") {
            // The same decision beside one move over the broker in this run.
            report.add({"learning", figure.at("benchmark").get<std::string>() + ", beside a move over the broker", "us",
                        figure.at("parley").get<double>(), 1e6 / broker.moves_per_second(),
                        "one move of the negotiation section over the broker, agent processes, this run", std::nullopt});
        }
    }
    const auto status = child.wait(std::chrono::seconds(10));
    if (!status || *status != 0) {
        throw std::runtime_error(executable + " bench failed: " + context.log_tail());
    }
}

}  // namespace

void bench_learning(const SectionContext& context, Report& report, NegotiationMemo& memo) {
    bench_ipd(context, report);
    context.check_stop();
    bench_sandbox_negotiation(context, report, memo);
    context.check_stop();
    bench_learned_agents(context, report, memo);
}

}  // namespace parley::bench
