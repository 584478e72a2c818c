#include <parley/runner/negotiation_run.hpp>

#include <parley/runner/negotiation_session.hpp>

#include <parley/metrics/metrics.hpp>
#include <parley/core/determinism.hpp>

#include <spdlog/spdlog.h>

#include <sstream>

namespace parley::runner {
namespace {

// Outcomes on which each party's model of the others is judged.
constexpr std::size_t kEstimateSample = 32;

struct Participant {
    std::string framework;
    std::map<std::string, std::string> parameters;
    std::string label;
    std::size_t profile = 0;  // which of the domain's profiles it plays
};

// What a negotiation job knows besides what the runner needs.
struct NegotiationEpisode {
    std::uint64_t index = 0;
    std::uint64_t seed = 0;
    std::string group;  // what summaries group by besides the pairing (sweep point)
    std::shared_ptr<const worlds::DomainMetrics> domain;
    std::string mechanism;
    std::uint32_t rounds = 100;
    std::map<std::string, std::string> mechanism_parameters;
    std::vector<Participant> participants;  // in party order
    bool disclosed = false;
};

std::string pairing(const NegotiationEpisode& episode) {
    std::string names;
    for (const auto& participant : episode.participants) names += (names.empty() ? "" : "+") + participant.framework;
    return names;
}

std::unique_ptr<SessionGame> make_session(const NegotiationEpisode& episode, const std::vector<std::string>& agents) {
    const auto& domain = *episode.domain;
    auto space = std::make_shared<const worlds::OutcomeSpace>(domain.space());
    std::vector<std::shared_ptr<const worlds::LinearAdditiveProfile>> profiles;
    for (const auto& profile : domain.profiles()) {
        profiles.push_back(std::make_shared<const worlds::LinearAdditiveProfile>(profile));
    }
    std::vector<worlds::Invitation> invitations;
    for (std::size_t party = 0; party < episode.participants.size(); ++party) {
        const auto& participant = episode.participants[party];
        worlds::Invitation invitation;
        invitation.setup.mechanism = episode.mechanism;
        invitation.setup.self = party;
        invitation.setup.party_count = episode.participants.size();
        invitation.setup.space = space;
        invitation.setup.profile = profiles.at(participant.profile);
        if (episode.disclosed) {
            for (const auto& other : episode.participants) invitation.setup.disclosed.push_back(profiles.at(other.profile));
        }
        invitation.setup.rounds = episode.rounds;
        invitation.setup.seed = core::party_seed(episode.seed, party);
        invitation.parties = agents;
        invitation.framework = participant.framework;
        invitation.parameters = participant.parameters;
        invitations.push_back(std::move(invitation));
    }
    worlds::MechanismSettings settings;
    settings.space = space;
    settings.party_count = episode.participants.size();
    settings.rounds = episode.rounds;
    settings.seed = core::mechanism_seed(episode.seed);
    settings.parameters = episode.mechanism_parameters;
    const auto* mechanism = worlds::MechanismRegistry::builtin().find(episode.mechanism);
    if (mechanism == nullptr) throw std::invalid_argument("unknown mechanism '" + episode.mechanism + "'");
    // The same sample for every party of the episode, drawn from its seed.
    auto sample = worlds::sample_outcomes(domain.space(), kEstimateSample, core::derive_seed(episode.seed, 1000));
    return std::make_unique<NegotiationSession>(mechanism->make(settings), std::move(invitations), std::move(sample));
}

worlds::EpisodeMetrics metrics_of(const NegotiationEpisode& episode, const NegotiationSession& session,
                                  const worlds::EpisodeOutcome& outcome) {
    std::vector<std::string> frameworks;
    std::vector<worlds::WelfareParameters> parameters;
    for (const auto& participant : episode.participants) {
        frameworks.push_back(participant.framework);
        parameters.push_back(worlds::numeric_parameters(participant.parameters));
    }
    try {
        // The runner judges on true profiles, in party order.
        return worlds::episode_metrics(*episode.domain, frameworks, outcome, session.estimates(), parameters);
    } catch (const std::invalid_argument& error) {
        // An agent's estimates are untrusted input: malformed ones are left out, the episode stays.
        spdlog::warn("episode {}: opponent-model estimates left out: {}", episode.index, error.what());
        return worlds::episode_metrics(*episode.domain, frameworks, outcome, {}, parameters);
    }
}

EpisodeRecord make_record(const NegotiationEpisode& episode, const SessionDriver& driver) {
    const auto& session = static_cast<const NegotiationSession&>(driver.game());
    auto outcome = session.outcome();
    // What the driver saw (a malformed answer, a lost agent) says more than the mechanism can.
    if (!driver.detail().empty()) outcome.detail = driver.detail();
    const auto m = metrics_of(episode, session, outcome);
    EpisodeRecord record;
    record.index = episode.index;
    record.events = driver.events();
    std::ostringstream episodes;
    std::ostringstream participants;
    for (std::size_t party = 0; party < episode.participants.size(); ++party) {
        const auto& who = episode.participants[party];
        const auto& metrics = m.parties.at(party);
        // Which agent process played is left out: it depends on scheduling, never on the result.
        participants << episode.index << ',' << party << ',' << csv_field(who.framework) << ',' << csv_field(who.label)
                     << ',' << who.profile << ',' << csv_number(metrics.utility) << ','
                     << csv_number(metrics.advantage) << ',' << csv_number(metrics.satisfaction) << ','
                     << (metrics.opponent_model ? csv_number(metrics.opponent_model->mean_absolute_error) : "") << ','
                     << (metrics.opponent_model ? csv_number(metrics.opponent_model->kendall_tau) : "") << '\n';
    }
    episodes << episode.index << ',' << episode.seed << ',' << csv_field(episode.group) << ','
             << csv_field(episode.mechanism) << ',' << csv_field(pairing(episode)) << ',' << (m.agreement ? 1 : 0)
             << ',' << m.rounds << ',' << worlds::end_reason_name(m.end_reason) << ','
             << (m.offender ? std::to_string(*m.offender) : "") << ',' << csv_number(m.social_welfare) << ','
             << csv_number(m.nash_product) << ',' << csv_number(m.minimum_utility) << ',' << csv_number(m.equality)
             << ',' << csv_number(m.distance_to_pareto) << ',' << csv_number(m.distance_to_nash) << ','
             << csv_number(m.distance_to_kalai) << ',' << csv_number(m.distance_to_max_welfare) << ','
             << csv_number(m.consensus) << ',' << csv_field(outcome.detail) << '\n';
    record.rows = {episodes.str(), participants.str()};
    return record;
}

std::string group_of(const worlds::EpisodeSpec& episode) {
    std::string group;
    for (const auto& [key, value] : episode.sweep_settings) group += (group.empty() ? "" : " ") + key + "=" + value;
    return group;
}

}  // namespace

ResultsLayout negotiation_layout() {
    return {{{"episodes.csv",
              "episode,seed,group,mechanism,frameworks,agreement,rounds,end_reason,offender,social_welfare,"
              "nash_product,minimum_utility,equality,distance_pareto,distance_nash,distance_kalai,"
              "distance_max_welfare,consensus,detail"},
             {"participants.csv",
              "episode,party,framework,label,profile,utility,advantage,satisfaction,model_error,model_tau"}}};
}

std::vector<EpisodeJob> negotiation_jobs(const std::vector<worlds::EpisodeSpec>& episodes) {
    std::map<std::string, std::shared_ptr<const worlds::DomainMetrics>> domains;
    std::vector<EpisodeJob> jobs;
    jobs.reserve(episodes.size());
    for (const auto& spec : episodes) {
        auto& domain = domains[worlds::domain_cache_key(spec)];
        if (!domain) {
            auto built = worlds::build_domain(spec);
            domain = std::make_shared<const worlds::DomainMetrics>(std::move(built.space), std::move(built.profiles));
        }
        auto episode = std::make_shared<NegotiationEpisode>();
        episode->index = spec.index;
        episode->seed = spec.seed;
        episode->group = group_of(spec);
        episode->domain = domain;
        episode->mechanism = spec.mechanism.name;
        episode->rounds = spec.mechanism.rounds;
        episode->mechanism_parameters = spec.mechanism.parameters;
        episode->disclosed = spec.information == worlds::Information::Disclosed;
        EpisodeJob job;
        job.index = spec.index;
        for (const auto& party : spec.parties) {
            episode->participants.push_back({party.framework, party.parameters, party.label, party.profile});
            job.roles.push_back(party.framework);
        }
        job.reply_timeout = std::chrono::milliseconds(spec.mechanism.reply_timeout_ms);
        if (spec.mechanism.seconds) {
            job.time_limit = std::chrono::milliseconds(static_cast<std::int64_t>(*spec.mechanism.seconds * 1000));
        }
        job.make_game = [episode](const std::vector<std::string>& agents) { return make_session(*episode, agents); };
        job.make_record = [episode](const SessionDriver& driver) { return make_record(*episode, driver); };
        jobs.push_back(std::move(job));
    }
    return jobs;
}

}  // namespace parley::runner

namespace parley::runner {

SummaryCounts write_negotiation_summary(const std::filesystem::path& folder, std::ostream& table) {
    return write_summary_by_pairing(read_csv(folder / "episodes.csv"), "frameworks", "end_reason", "episodes",
                             {{"agreement", "agreement", "agreement"},
                              {"social_welfare", "social_welfare", "welfare"},
                              {"nash_product", "nash_product", "nash"},
                              {"minimum_utility", "minimum_utility", "min util"},
                              {"equality", "equality", "equality"},
                              {"distance_pareto", "distance_pareto", ""},
                              {"consensus", "consensus", "consensus"}},
                             folder / "summary.csv", table);
}

}  // namespace parley::runner

namespace parley::runner {
namespace {

class NegotiationRun final : public RunKind {
public:
    std::string name() const override { return "negotiation"; }
    // Whatever is not a game is a negotiation.
    bool plays(const worlds::Scenario& scenario) const override {
        return scenario.points.empty() || !worlds::is_game(scenario.points.front().resolved.world);
    }
    std::string unit() const override { return "episodes"; }
    ResultsLayout layout(const worlds::Scenario&) const override { return negotiation_layout(); }
    std::vector<EpisodeJob> jobs(const worlds::Scenario&,
                                 const std::vector<worlds::EpisodeSpec>& episodes) const override {
        return negotiation_jobs(episodes);
    }
    SummaryCounts write_summary(const worlds::Scenario&, std::uint64_t, const std::filesystem::path& folder,
                                std::ostream& table) const override {
        return write_negotiation_summary(folder, table);
    }
};

}  // namespace

std::unique_ptr<RunKind> negotiation_run_kind() { return std::make_unique<NegotiationRun>(); }

}  // namespace parley::runner
