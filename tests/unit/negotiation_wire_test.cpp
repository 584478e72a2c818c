// The negotiation content of SPEC.md ("Negotiation content"): what the runner
// and the agents put in the payloads must survive the trip, and anything
// malformed from a peer must be refused with WireError, never crash.

#include <parley/protocol/json.hpp>
#include <parley/domains/domain_generator.hpp>
#include <parley/content/negotiation_wire.hpp>

#include <doctest/doctest.h>

using namespace parley::worlds;
using Json = nlohmann::ordered_json;

namespace {

Invitation sample_invitation() {
    auto space = std::make_shared<const OutcomeSpace>(std::vector<Issue>{
        Issue::discrete("price", {"low", "mid", "high"}), Issue::discrete("delivery", {"fast", "slow"})});
    auto mine = std::make_shared<const LinearAdditiveProfile>(
        "buyer", std::vector<double>{0.7, 0.3}, std::vector<std::vector<double>>{{1.0, 0.5, 0.0}, {1.0, 0.0}}, 0.2, 0.9);
    auto theirs = std::make_shared<const LinearAdditiveProfile>(
        "seller", std::vector<double>{0.6, 0.4}, std::vector<std::vector<double>>{{0.0, 0.5, 1.0}, {0.0, 1.0}}, 0.1, 1.0);
    Invitation invitation;
    invitation.setup.mechanism = "saop";
    invitation.setup.self = 0;
    invitation.setup.party_count = 2;
    invitation.setup.space = space;
    invitation.setup.profile = mine;
    invitation.setup.disclosed = {mine, theirs};
    invitation.setup.rounds = 50;
    invitation.setup.seed = 12345678901234567ULL;
    invitation.parties = {"buyer-1", "seller-1"};
    invitation.framework = "rawlsian";
    invitation.parameters = {{"exponent", "0.5"}};
    return invitation;
}

// Through MessagePack and back, as on the wire.
Json over_the_wire(const Json& json) { return parley::protocol::payload_to_json(parley::protocol::payload_from_json(json)); }

}  // namespace

TEST_CASE("an invitation arrives whole: space, own and disclosed profiles, seed, framework, parameters") {
    const auto sent = sample_invitation();
    const auto got = invitation_from_json(over_the_wire(invitation_to_json(sent)));
    CHECK(got.setup.mechanism == "saop");
    CHECK(got.setup.self == 0);
    CHECK(got.setup.party_count == 2);
    CHECK(same_issues(*got.setup.space, *sent.setup.space));
    CHECK(got.setup.profile->utility({0, 0}) == doctest::Approx(1.0));
    CHECK(got.setup.profile->reservation_value() == 0.2);
    CHECK(got.setup.profile->discount_factor() == 0.9);
    REQUIRE(got.setup.disclosed.size() == 2);
    CHECK(got.setup.disclosed[1]->utility({2, 1}) == doctest::Approx(1.0));
    CHECK(got.setup.rounds == 50);
    CHECK(got.setup.seed == 12345678901234567ULL);
    CHECK(got.parties == sent.parties);
    CHECK(got.framework == "rawlsian");
    CHECK(got.parameters == sent.parameters);
}

TEST_CASE("turns, moves and observations are written as SPEC.md shows them, byte for byte") {
    using parley::protocol::payload_from_json;
    // The JSON of SPEC.md ("Negotiation content"), converted as any JSON content is.
    Turn turn{Ask::Respond, 7, 0.35, Outcome{2, 1}, PartyIndex{1}};
    CHECK(turn_payload(turn) == payload_from_json(Json{{"ask", "respond"}, {"round", 7}, {"time", 0.35},
                                                       {"standing", {2, 1}}, {"standing_by", 1}}));
    Turn opening{Ask::Vote, 0, 0.0, std::nullopt, std::nullopt};
    CHECK(turn_payload(opening) == payload_from_json(Json{{"ask", "vote"}, {"round", 0}, {"time", 0.0}}));
    CHECK(move_payload(Move{MoveType::Offer, {1, 0}, std::nullopt}) == payload_from_json(Json{{"outcome", {1, 0}}}));
    CHECK(move_payload(Move{MoveType::End, {}, std::nullopt}) == payload_from_json(Json::object()));
    Observation seen{1, Move{MoveType::Offer, {300, 0}, std::nullopt}, 3, 1.0};
    CHECK(observation_payload(seen) == payload_from_json(Json{{"party", 1}, {"move", "offer"}, {"round", 3},
                                                              {"time", 1.0}, {"outcome", {300, 0}}}));
    // The moves a cfp carries: each an inform's content, with its mover's reason.
    Observation reasoned{1, Move{MoveType::Offer, {2, 0}, parley::protocol::Reason{"floor", "no less"}}, 6, 0.3};
    CHECK(turn_payload(turn, std::vector<Observation>{seen, reasoned}) ==
          payload_from_json(Json{{"ask", "respond"}, {"round", 7}, {"time", 0.35}, {"standing", {2, 1}},
                                 {"standing_by", 1},
                                 {"seen", {{{"party", 1}, {"move", "offer"}, {"round", 3}, {"time", 1.0},
                                            {"outcome", {300, 0}}},
                                           {{"party", 1}, {"move", "offer"}, {"round", 6}, {"time", 0.3},
                                            {"outcome", {2, 0}},
                                            {"reason", {{"principle", "floor"}, {"text", "no less"}}}}}}}));
    Observation ended{0, Move{MoveType::End, {}, std::nullopt}, 4, 0.5};
    CHECK(observation_payload(ended) ==
          payload_from_json(Json{{"party", 0}, {"move", "end"}, {"round", 4}, {"time", 0.5}}));
}

TEST_CASE("the payload readers read what the JSON readers read, and refuse what they refuse") {
    using parley::protocol::Payload;
    using parley::protocol::payload_from_json;
    Turn turn{Ask::Vote, 9, 0.75, Outcome{1, 0}, std::nullopt};
    Observation seen{0, Move{MoveType::Offer, {1, 0}, parley::protocol::Reason{"care", "for both"}}, 8, 0.7};
    const auto cfp = cfp_from_payload(turn_payload(turn, std::vector<Observation>{seen}));
    CHECK(cfp.turn.ask == Ask::Vote);
    CHECK(cfp.turn.round == 9);
    CHECK(cfp.turn.time == 0.75);
    CHECK(cfp.turn.standing == Outcome{1, 0});
    CHECK_FALSE(cfp.turn.standing_by.has_value());
    REQUIRE(cfp.seen.size() == 1);
    CHECK(cfp.seen[0].move.reason->text == "for both");
    CHECK(cfp.seen[0].time == 0.7);

    const auto observed = observation_from_payload(observation_payload(seen), std::nullopt);
    CHECK(observed.move.outcome == Outcome{1, 0});
    CHECK(observed.round == 8);
    const auto accepted = move_from_payload(parley::protocol::Kind::AcceptProposal, Payload{}, std::nullopt);
    CHECK(accepted.type == MoveType::Accept);
    CHECK(move_from_payload(parley::protocol::Kind::Propose, move_payload(seen.move), seen.move.reason).outcome ==
          Outcome{1, 0});

    // The same refusals as the JSON readers, as WireError.
    const std::vector<Json> bad_turns{Json{{"ask", "dance"}, {"round", 1}, {"time", 0.1}},
                                      Json{{"ask", "respond"}, {"round", -1}, {"time", 0.1}},
                                      Json{{"ask", "respond"}, {"round", 1}},
                                      Json{{"ask", "respond"}, {"round", 1}, {"time", "soon"}},
                                      Json{{"ask", "respond"}, {"round", 1}, {"time", 0.1}, {"standing", {1, -2}}},
                                      Json{{"ask", "respond"}, {"round", 1}, {"time", 0.1}, {"seen", 3}},
                                      Json::array()};
    for (const auto& bad : bad_turns) {
        CAPTURE(bad.dump());
        CHECK_THROWS_AS(turn_from_json(bad), WireError);
        CHECK_THROWS_AS(cfp_from_payload(payload_from_json(bad)), WireError);
    }
    CHECK_THROWS_AS(move_from_payload(parley::protocol::Kind::Propose, payload_from_json(Json::object()), std::nullopt),
                    WireError);
    CHECK_THROWS_AS(move_from_payload(parley::protocol::Kind::Propose, payload_from_json(Json(3)), std::nullopt),
                    WireError);
    CHECK_THROWS_AS(move_from_payload(parley::protocol::Kind::Inform, Payload{}, std::nullopt), WireError);
    CHECK_THROWS_AS(cfp_from_payload(Payload{std::string("\x92\x01")}), WireError);  // not one value
}

TEST_CASE("turns, moves, observations and estimates survive the trip") {
    Turn turn{Ask::Respond, 7, 0.35, Outcome{2, 1}, PartyIndex{1}};
    auto back = turn_from_json(parley::protocol::payload_to_json(turn_payload(turn)));
    CHECK(back.ask == Ask::Respond);
    CHECK(back.round == 7);
    CHECK(back.time == 0.35);
    CHECK(back.standing == Outcome{2, 1});
    CHECK(back.standing_by == PartyIndex{1});

    Move offer{MoveType::Offer, {1, 0}, parley::protocol::Reason{"max_welfare", "best for all"}};
    auto move = move_from_message(move_kind(offer.type), parley::protocol::payload_to_json(move_payload(offer)), offer.reason);
    CHECK(move.type == MoveType::Offer);
    CHECK(move.outcome == Outcome{1, 0});
    CHECK(move.reason->principle == "max_welfare");
    CHECK(move_from_message(parley::protocol::Kind::End, Json(), std::nullopt).type == MoveType::End);

    const auto carried = seen_from_json(parley::protocol::payload_to_json(turn_payload(
        turn, std::vector<Observation>{{0, Move{MoveType::Offer, {1, 1}, offer.reason}, 6, 0.3}})));
    REQUIRE(carried.size() == 1);
    CHECK(carried[0].move.outcome == Outcome{1, 1});
    CHECK(carried[0].move.reason->principle == "max_welfare");
    CHECK(carried[0].round == 6);
    CHECK(seen_from_json(parley::protocol::payload_to_json(turn_payload(turn))).empty());
    CHECK_THROWS_AS(seen_from_json(Json{{"seen", {{{"party", 0}}}}}), WireError);

    Observation seen{1, Move{MoveType::Accept, {2, 1}, std::nullopt}, 3, 0.5};
    auto observed = observation_from_json(parley::protocol::payload_to_json(observation_payload(seen)), std::nullopt);
    CHECK(observed.party == 1);
    CHECK(observed.move.type == MoveType::Accept);
    CHECK(observed.move.outcome == Outcome{2, 1});
    CHECK(observed.round == 3);

    std::vector<Outcome> sample{{0, 0}, {2, 1}};
    Json end{{"reason", "agreement"}, {"estimate", estimate_request_to_json(sample)}};
    CHECK(estimate_request_from_json(over_the_wire(end)) == sample);
    CHECK(estimate_request_from_json(Json{{"reason", "deadline"}}).empty());
    auto rows = estimates_from_json(over_the_wire(estimates_to_json({{1.0, 0.0}, {0.2, 0.9}})), 2);
    CHECK(rows == std::vector<std::vector<double>>{{1.0, 0.0}, {0.2, 0.9}});
}

TEST_CASE("malformed content from a peer is refused with WireError") {
    auto invitation = invitation_to_json(sample_invitation());
    for (const char* key : {"mechanism", "self", "parties", "issues", "profile", "rounds", "seed", "framework"}) {
        CAPTURE(key);
        auto broken = invitation;
        broken.erase(key);
        CHECK_THROWS_AS(invitation_from_json(broken), WireError);
    }
    auto wrong_self = invitation;
    wrong_self["self"] = 5;
    CHECK_THROWS_AS(invitation_from_json(wrong_self), WireError);
    auto bad_profile = invitation;
    bad_profile["profile"]["utilities"][0][0] = 7.5;  // utilities live in [0, 1]
    CHECK_THROWS_AS(invitation_from_json(bad_profile), WireError);
    auto misfit = invitation;
    misfit["profile"]["weights"] = Json::array({1.0});
    CHECK_THROWS_AS(invitation_from_json(misfit), WireError);

    CHECK_THROWS_AS(turn_from_json(Json{{"ask", "dance"}, {"round", 1}, {"time", 0.1}}), WireError);
    CHECK_THROWS_AS(turn_from_json(Json{{"ask", "respond"}, {"round", -1}, {"time", 0.1}}), WireError);
    CHECK_THROWS_AS(move_from_message(parley::protocol::Kind::Propose, Json::object(), std::nullopt), WireError);
    CHECK_THROWS_AS(move_from_message(parley::protocol::Kind::Propose, Json{{"outcome", "cheap"}}, std::nullopt),
                    WireError);
    CHECK_THROWS_AS(move_from_message(parley::protocol::Kind::Inform, Json::object(), std::nullopt), WireError);
    CHECK_THROWS_AS(estimates_from_json(Json{{"estimates", Json::array({Json::array({1.0})})}}, 2), WireError);
    CHECK_THROWS_AS(estimates_from_json(Json{{"estimates", Json::array({Json::array({"x"})})}}, 1), WireError);
}
