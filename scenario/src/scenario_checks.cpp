#include "scenario_checks.hpp"

#include "scenario_expansion.hpp"

#include <parley/protocol/codec.hpp>
#include <parley/protocol/json.hpp>
#include <parley/protocol/limits.hpp>
#include <parley/content/game_wire.hpp>
#include <parley/content/negotiation_wire.hpp>
#include <parley/games/tournament.hpp>
#include <parley/domains/utility_matrix.hpp>

#include <algorithm>
#include <functional>
#include <limits>
#include <memory>
#include <stdexcept>

namespace parley::worlds::detail {
namespace {

using Json = nlohmann::ordered_json;

const protocol::Limits& wire_limits() { return protocol::kDefaultLimits; }

// A name as long as the protocol allows: agent names differ between runs and
// brokers, so the check takes the longest any could be.
std::string widest_name() { return std::string(wire_limits().max_name_bytes, 'n'); }

std::vector<std::string> widest_names(std::size_t count) { return std::vector<std::string>(count, widest_name()); }

// A message of `kind` with the fields that vary between episodes at their
// widest: sender, recipient and session as long as the protocol allows, the
// largest message id and reply deadline.
protocol::Envelope widest_envelope(protocol::Kind kind, protocol::Body body) {
    auto envelope = protocol::make_envelope(kind, widest_name(), std::move(body));
    envelope.header.recipient = widest_name();
    envelope.header.session = std::string(wire_limits().max_session_bytes, 's');
    envelope.header.id = std::numeric_limits<std::uint64_t>::max();
    envelope.header.reply_by_ms = std::numeric_limits<std::uint64_t>::max();
    return envelope;
}

protocol::Payload encoded(const Json& content) { return protocol::payload_from_json(content); }

// Why `envelope` would not reach its recipient: the whole frame, envelope
// included, as the runner encodes it, decoded as the broker and the recipient
// decode it; then `read` reads the decoded message as the recipient does, and
// what it throws is why the recipient would refuse it. Nullopt when it arrives
// and is read.
std::optional<std::string> wire_refusal(const protocol::Envelope& envelope,
                                        const std::function<void(const protocol::Envelope&)>& read) {
    const std::string frame = protocol::encode(envelope);
    const std::string size = "is a message of " + std::to_string(frame.size()) + " bytes";
    const auto decoded = protocol::decode(frame, wire_limits());
    if (!decoded && frame.size() > wire_limits().max_frame_bytes) {
        return size + ", which the broker refuses: the protocol takes messages of at most " +
               std::to_string(wire_limits().max_frame_bytes) + " bytes";
    }
    if (!decoded) return size + ", which the broker refuses: " + decoded.error().detail;
    try {
        read(*decoded);
    } catch (const std::exception& error) {
        return std::string("would be refused by the agent that receives it: ") + error.what();
    }
    return std::nullopt;
}

// The same for a session_invite carrying `content`, which the invitee reads with `read_content`.
template <class Read>
std::optional<std::string> invitation_wire_refusal(const Json& content, Read read_content) {
    protocol::Payload payload;
    try {
        payload = encoded(content);
    } catch (const std::exception& error) {
        return std::string("cannot be encoded: ") + error.what();
    }
    const auto envelope =
        widest_envelope(protocol::Kind::SessionInvite, protocol::SessionInviteBody{widest_name(), std::move(payload)});
    return wire_refusal(envelope, [&read_content](const protocol::Envelope& decoded) {
        read_content(protocol::payload_to_json(std::get<protocol::SessionInviteBody>(decoded.body).content));
    });
}

// The report of a stage tells every player every player's move: `players`
// moves of the stage's width (the number of players in a punish stage).
std::optional<std::string> stage_report_refusal(std::uint32_t round, const StageSpec& stage, const GameInfo& game,
                                                std::size_t players) {
    const StageMoves moves{stage.name, std::vector<std::vector<double>>(players, std::vector<double>(stage.width, stage.low))};
    const auto envelope =
        widest_envelope(protocol::Kind::Inform, protocol::ActBody{encoded(stage_report_to_json(round, moves)), {}});
    auto refusal = wire_refusal(envelope, [&game, players](const protocol::Envelope& decoded) {
        (void)game_report_from_json(protocol::payload_to_json(std::get<protocol::ActBody>(decoded.body).content), game,
                                    players);
    });
    if (!refusal) return std::nullopt;
    return "the report of its " + stage.name + " stage (every player's move) " + *refusal;
}

// The messages of a round: the game is played in process through its first
// round, every player making the lowest move allowed, and the report of each
// stage is measured as the runner would send it (the size of a report depends
// on the number of players and the stage, never on the moves: every number
// travels as a float64). A stage whose moves are wider than one number (a
// punish stage) ends the probe once measured: its report grows as players^2,
// and closing it would copy that report once per player.
std::optional<std::string> round_messages_refusal(const std::string& game_name, const GameSettings& settings) {
    auto game = GameRegistry::builtin().make(game_name, settings);
    (void)game->start();
    while (!game->finished() && game->round() == 0) {
        const StageSpec stage = game->current_stage();
        if (auto refusal = stage_report_refusal(0, stage, *GameRegistry::builtin().find(game_name), settings.players)) {
            return refusal;
        }
        if (stage.width > 1) return std::nullopt;
        for (PartyIndex player = 0; player < settings.players; ++player) (void)game->on_move(player, stage.low);
    }
    return std::nullopt;
}

// The entry whose framework (or strategy) and parameters take the most room in
// an invitation: the rest of an invitation does not depend on who plays.
const RosterEntry& widest_entry(const std::vector<RosterEntry>& roster) {
    const RosterEntry* widest = &roster.front();
    std::size_t widest_bytes = 0;
    for (const auto& entry : roster) {
        Json parameters = Json::object();
        for (const auto& [name, value] : entry.parameters) parameters[name] = value;
        const std::size_t bytes =
            protocol::payload_from_json(Json{{"framework", entry.framework}, {"parameters", parameters}}).msgpack.size();
        if (bytes > widest_bytes) {
            widest = &entry;
            widest_bytes = bytes;
        }
    }
    return *widest;
}

std::string outcome_limit_text() {
    return "more than the " + std::to_string(kDefaultMaxAnalysedOutcomes) +
           " outcomes the analysis of a domain takes (Pareto frontier, bargaining solutions, metrics)";
}

}  // namespace

std::optional<std::string> generated_outcomes_refusal(std::size_t issues, std::size_t values_per_issue) {
    std::uint64_t outcomes = 1;
    for (std::size_t issue = 0; issue < issues; ++issue) {
        if (outcomes > kDefaultMaxAnalysedOutcomes / values_per_issue) {
            return std::to_string(issues) + " issues of " + std::to_string(values_per_issue) + " values give " +
                   outcome_limit_text();
        }
        outcomes *= values_per_issue;
    }
    return std::nullopt;
}

std::optional<std::string> outcomes_refusal(const OutcomeSpace& space) {
    if (space.outcome_count() <= kDefaultMaxAnalysedOutcomes) return std::nullopt;
    return "the domain has " + std::to_string(space.outcome_count()) + " outcomes, " + outcome_limit_text();
}

std::optional<std::string> invitation_refusal(const Domain& domain, const ScenarioSettings& settings) {
    const std::size_t parties = settings.matching.group_size;
    auto space = std::make_shared<const OutcomeSpace>(domain.space);
    std::vector<std::shared_ptr<const LinearAdditiveProfile>> profiles;
    for (const auto& profile : domain.profiles) profiles.push_back(std::make_shared<const LinearAdditiveProfile>(profile));
    const RosterEntry& entry = widest_entry(settings.roster);
    // Profiles differ in size (files), so every one is tried; who plays it does not matter.
    for (std::size_t profile = 0; profile < profiles.size(); ++profile) {
        Invitation invitation;
        invitation.setup.mechanism = settings.mechanism.name;
        invitation.setup.self = profile % parties;
        invitation.setup.party_count = parties;
        invitation.setup.space = space;
        invitation.setup.profile = profiles[profile];
        if (settings.information == Information::Disclosed) invitation.setup.disclosed = profiles;
        invitation.setup.rounds = settings.mechanism.rounds;
        invitation.setup.seed = std::numeric_limits<std::uint64_t>::max();
        invitation.parties = widest_names(parties);
        invitation.framework = entry.framework;
        invitation.parameters = entry.parameters;
        auto refusal = invitation_wire_refusal(invitation_to_json(invitation),
                                               [](const Json& content) { (void)invitation_from_json(content); });
        if (refusal) {
            return "the invitation of profile " + std::to_string(profile) + " (" + domain.profiles[profile].name() +
                   ", information " + std::string(information_name(settings.information)) + ") " + *refusal;
        }
    }
    return std::nullopt;
}

std::optional<std::string> game_messages_refusal(const ScenarioSettings& settings) {
    const auto& world = std::get<GameWorld>(settings.world);
    const std::size_t players = settings.matching.group_size;
    GameInvitation invitation;
    invitation.game = world.game;
    invitation.self = 0;
    invitation.parties = widest_names(players);
    invitation.rounds = world.rounds;
    const GameSettings resolved =
        GameRegistry::builtin().resolve(world.game, GameSettings{players, world.rounds, 0, world.parameters});
    invitation.parameters = resolved.parameters;
    invitation.seed = std::numeric_limits<std::uint64_t>::max();
    const RosterEntry& entry = widest_entry(settings.roster);
    invitation.strategy = entry.framework;
    invitation.strategy_parameters = entry.parameters;
    auto refusal = invitation_wire_refusal(game_invitation_to_json(invitation),
                                           [](const Json& content) { (void)game_invitation_from_json(content); });
    if (refusal) return "the invitation of a player " + *refusal;
    return round_messages_refusal(world.game, resolved);
}

std::vector<std::pair<std::size_t, std::size_t>> unmeasured_population_cells(const ScenarioSettings& settings) {
    if (!settings.population) return {};
    const auto& population = *settings.population;
    const std::size_t entries = settings.roster.size();
    std::vector<std::size_t> entry_of;  // by participant
    for (std::size_t entry = 0; entry < entries; ++entry) entry_of.insert(entry_of.end(), settings.roster[entry].count, entry);
    std::vector<std::vector<std::size_t>> matches;
    for (const Match& match : make_matches(settings.matching, entry_of.size())) {
        auto& players = matches.emplace_back();
        for (const Seat& seat : match) players.push_back(entry_of.at(seat.participant));
    }
    std::vector<std::string> labels;
    for (const auto& entry : settings.roster) labels.push_back(entry.label);
    const auto roles = population_roles(population.background, labels);
    const PayoffCells read = population.dynamics == PopulationDynamics::Moran
                                 ? moran_cells_read(even_counts(population.size, entries), roles)
                                 : replicator_cells_read(std::vector<double>(entries, 1.0 / static_cast<double>(entries)),
                                                         roles);
    return missing_cells(read, measured_cells(entries, matches));
}

}  // namespace parley::worlds::detail
