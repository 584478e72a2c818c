// Importers of GENIUS XML and GeniusWeb JSON. Utilities are checked against
// values worked out by hand from the files in shared/domains (the arithmetic
// is in the comments); every shared domain must load with the outcome count
// that shared/domains/README.md gives; small files written here cover negative
// GENIUS evaluations and numeric issues (utilities as GENIUS and GeniusWeb
// compute them, worked out in the comments); bad input must give a DomainError
// that names its source, never a crash.

#include <parley/domains/domain.hpp>
#include <parley/domains/domain_error.hpp>
#include <parley/domains/genius_format.hpp>
#include <parley/domains/geniusweb_format.hpp>

#include <doctest/doctest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

using namespace parley::worlds;
namespace fs = std::filesystem;

namespace {

const fs::path kDomains = PARLEY_SHARED_DIR "/domains";

// A user's clone has no ../shared: the tests that read it then say so and pass.
bool have_shared_domains() { return fs::is_directory(kDomains); }
const std::string kSkipMessage = "skipped: " PARLEY_SHARED_DIR "/domains does not exist";

double utility_of(const Domain& domain, std::size_t profile, const std::vector<std::string>& values) {
    Outcome outcome;
    for (std::size_t issue = 0; issue < values.size(); ++issue) {
        auto value = domain.space.issue(issue).find_value(values[issue]);
        REQUIRE_MESSAGE(value.has_value(), "no value " << values[issue]);
        outcome.push_back(*value);
    }
    return domain.profiles.at(profile).utility(outcome);
}

doctest::Approx exactly(double value) { return doctest::Approx(value).epsilon(1e-12); }

// A scratch folder for files written by a test, removed afterwards.
class ScratchFolder {
public:
    ScratchFolder() : path_(fs::temp_directory_path() / ("parley-worlds-test-" + std::to_string(::getpid()))) {
        fs::create_directories(path_);
    }
    ~ScratchFolder() {
        std::error_code ignored;
        fs::remove_all(path_, ignored);
    }
    fs::path write(const std::string& name, const std::string& text) const {
        std::ofstream(path_ / name, std::ios::binary) << text;
        return path_ / name;
    }
    const fs::path& path() const { return path_; }

private:
    fs::path path_;
};

}  // namespace

// ---- GENIUS XML against hand-worked utilities ------------------------------------------------------

TEST_CASE("GENIUS Laptop: utilities worked out by hand") {
    if (!have_shared_domains()) { MESSAGE(kSkipMessage); return; }
    const fs::path folder = kDomains / "genius/Laptop";
    const std::vector<fs::path> profiles{folder / "Laptop-C-prof1.xml", folder / "Laptop-C-prof2.xml"};
    auto domain = load_domain(folder / "Laptop-C-domain.xml", profiles);

    CHECK(domain.name == "Laptop-C-domain");
    REQUIRE(domain.space.issue_count() == 3);
    CHECK(domain.space.issue(2).name() == "External Monitor");
    CHECK(domain.space.outcome_count() == 27);
    REQUIRE(domain.profiles.size() == 2);
    CHECK(domain.profiles[0].name() == "Laptop-C-prof1");
    CHECK(domain.profiles[0].reservation_value() == 0.0);
    CHECK(domain.profiles[0].discount_factor() == 1.0);

    // prof1: weights Laptop 0.4452125771655631, Harddisk 0.37808251708013424, Monitor 0.1767567099260568;
    // evaluations Laptop Dell 12 / Mac 20 / HP 30 (max 30), Harddisk 60 Gb 30 / 80 Gb 20 / 120 Gb 9 (max 30),
    // Monitor 19'' 30 / 20'' 10 / 23'' 20 (max 30).
    // (Dell, 80 Gb, 20'') = 0.4452125771655631 * 12/30 + 0.37808251708013424 * 20/30 + 0.1767567099260568 * 10/30
    //                     = 0.17808503086622526 + 0.2520550113867562 + 0.05891890330868559 = 0.489058945561667
    CHECK(utility_of(domain, 0, {"Dell", "80 Gb", "20'' LCD"}) == exactly(0.489058945561667));
    // (HP, 60 Gb, 19'') takes every best value: the sum of the weights, 1.000051804171754 (they do not sum to 1).
    CHECK(utility_of(domain, 0, {"HP", "60 Gb", "19'' LCD"}) == exactly(1.000051804171754));
    CHECK(domain.profiles[0].max_utility() == exactly(1.000051804171754));

    // prof2: weights Laptop 0.37808251708013424, Harddisk 0.1767567099260568, Monitor 0.4452125771655631;
    // Laptop Dell 12 / Mac 30 / HP 20 (max 30), Harddisk 60 Gb 20 / 80 Gb 30 / 120 Gb 9 (max 30),
    // Monitor 19'' 3 / 20'' 2 / 23'' 1 (max 3).
    // (Dell, 80 Gb, 20'') = 0.37808251708013424 * 12/30 + 0.1767567099260568 * 30/30 + 0.4452125771655631 * 2/3
    //                     = 0.15123300683205368 + 0.1767567099260568 + 0.2968083847770421 = 0.6247981015351526
    CHECK(utility_of(domain, 1, {"Dell", "80 Gb", "20'' LCD"}) == exactly(0.6247981015351526));
}

TEST_CASE("GENIUS ItexvsCypress: utilities worked out by hand") {
    if (!have_shared_domains()) { MESSAGE(kSkipMessage); return; }
    const fs::path folder = kDomains / "genius/ItexvsCypress";
    const std::vector<fs::path> profiles{folder / "ItexvsCypress_Itex.xml", folder / "ItexvsCypress_Cypress.xml"};
    auto domain = load_domain(folder / "ItexvsCypress_domain.xml", profiles);
    CHECK(domain.space.outcome_count() == 180);
    const std::vector<std::string> bid{"$4.37", "45 days", "30 days after delivery", "5% spoilage allowed"};
    // Itex gives each of these values its best evaluation (30/30, 20/20, 25/25, 30/30), so the utility is
    // the sum of its weights: 0.28812635027374 + 0.1915290482981283 + 0.24212575877553694 + 0.2782188426525948 = 1.
    CHECK(utility_of(domain, 0, bid) == exactly(1.0));
    // Cypress: Price $4.37 = 1/40, Delivery 45 days = 10/25, Payment 30 days after = 6/15, Returns 5% = 7/20:
    //   0.4700166576535899 * 1/40 + 0.1220816713696379 * 10/25 + 0.17727008190772825 * 6/15 + 0.2306315890690439 * 7/20
    //   = 0.011750416441339747 + 0.04883266854785516 + 0.07090803276309131 + 0.08072105617416536 = 0.21221217392645159
    CHECK(utility_of(domain, 1, bid) == exactly(0.21221217392645159));
}

TEST_CASE("GENIUS EnglandZimbabwe: utilities worked out by hand") {
    if (!have_shared_domains()) { MESSAGE(kSkipMessage); return; }
    const fs::path folder = kDomains / "genius/EnglandZimbabwe";
    const std::vector<fs::path> profiles{folder / "England.xml", folder / "Zimbabwe.xml"};
    auto domain = load_domain(folder / "EnglandZimbabwe_domain.xml", profiles);
    CHECK(domain.space.outcome_count() == 576);
    const std::vector<std::string> bid{"$50 Billion", "Reduction equal to half of fund size", "No agreement",
                                       "No agreement", "Creation of fund"};
    // England: 7/9, 6/8, 7/12, 6/10, 7/10 of weights 0.3031462333758278, 0.303346839835533, 0.049028952379678074,
    // 0.04904500802207314, 0.29543296638688804:
    //   0.23578040373675496 + 0.22751012987664976 + 0.02860022222147888 + 0.029427004813243885 + 0.2068030764708216
    //   = 0.7281208371189491
    CHECK(utility_of(domain, 0, bid) == exactly(0.7281208371189491));
    // Zimbabwe: 7/9, 5/8, 5/9, 9/19, 11/11 of weights 0.19707980311909024, 0.20134268816210074,
    // 0.15406697766287486, 0.15407719183124569, 0.29343333922468845:
    //   0.15328429131484797 + 0.12583918010131295 + 0.08559276536826381 + 0.07298393297269531 + 0.29343333922468845
    //   = 0.7311335089818085
    CHECK(utility_of(domain, 1, bid) == exactly(0.7311335089818085));
}

// ---- GeniusWeb JSON against hand-worked utilities ----------------------------------------------------

TEST_CASE("GeniusWeb Party: utilities and reservation values worked out by hand") {
    if (!have_shared_domains()) { MESSAGE(kSkipMessage); return; }
    const fs::path folder = kDomains / "geniusweb/Party";
    const std::vector<fs::path> profiles{folder / "party1.json", folder / "party2.json"};
    auto domain = load_domain(folder / "party.json", profiles);
    CHECK(domain.name == "party");
    CHECK(domain.space.outcome_count() == 3072);
    // Issues keep the order of the file.
    CHECK(domain.space.issue(0).name() == "Food");
    CHECK(domain.space.issue(5).name() == "Cleanup");
    CHECK(domain.profiles[0].name() == "party1");

    const std::vector<std::string> bid{"Chips and Nuts", "Beer Only", "Party Room", "Custom, Handmade", "DJ",
                                       "Specialized Materials"};
    // party1, weights 0.19 0.28 0.19 0.05 0.19 0.10:
    //   0.19*0.75 + 0.28*0.98 + 0.19*0.99 + 0.05*1 + 0.19*0.99 + 0.10*0.96
    //   = 0.1425 + 0.2744 + 0.1881 + 0.05 + 0.1881 + 0.096 = 0.9391
    CHECK(utility_of(domain, 0, bid) == exactly(0.9391));
    // party2, weights 0.095 0.228 0.109 0.214 0.108 0.246:
    //   0.095*0.24 + 0.228*0.22 + 0.109*0.99 + 0.214*0.12 + 0.108*0.32 + 0.246*0.36
    //   = 0.0228 + 0.05016 + 0.10791 + 0.02568 + 0.03456 + 0.08856 = 0.32967
    CHECK(utility_of(domain, 1, bid) == exactly(0.32967));

    // Reservation bid of party1: Handmade Food 0.51, Handmade Cocktails 0.672, Party Tent 0.52,
    // Custom Printed 0.48, Band 0.35, Special Equiment 0.32:
    //   0.0969 + 0.18816 + 0.0988 + 0.024 + 0.0665 + 0.032 = 0.50636
    CHECK(domain.profiles[0].reservation_value() == exactly(0.50636));
    // party2: Finger-Food 0.52, Non-Alcoholic 0.33, Party Tent 0.3, Photo 0.24, Band 0.64, Specialized Materials 0.36:
    //   0.0494 + 0.07524 + 0.0327 + 0.05136 + 0.06912 + 0.08856 = 0.36638
    CHECK(domain.profiles[1].reservation_value() == exactly(0.36638));
}

TEST_CASE("GeniusWeb Fitness: reservation values worked out by hand") {
    if (!have_shared_domains()) { MESSAGE(kSkipMessage); return; }
    const fs::path folder = kDomains / "geniusweb/Fitness";
    const std::vector<fs::path> profiles{folder / "fitness1.json", folder / "fitness2.json"};
    auto domain = load_domain(folder / "fitness.json", profiles);
    CHECK(domain.space.outcome_count() == 1280);
    // fitness1, reservation bid running 0.2, 3 hours 0.22, 40 km 0.25, bootcamp 0.14, $50 0.2,
    // weights 0.15 0.05 0.3 0.3 0.2: 0.03 + 0.011 + 0.075 + 0.042 + 0.04 = 0.198
    CHECK(domain.profiles[0].reservation_value() == exactly(0.198));
    // fitness2, reservation bid running 0.1, 30 min 0.15, 5 km 0.3, bootcamp 0.2, $5 0.18,
    // weights 0.3 0.1 0.2 0.1 0.3: 0.03 + 0.015 + 0.06 + 0.02 + 0.054 = 0.179
    CHECK(domain.profiles[1].reservation_value() == exactly(0.179));
    // (tennis, 1 hour, 1 km, training, $5) is fitness1's best bid: 0.15*0.9 + 0.05*0.8 + 0.3*1 + 0.3*1 + 0.2*1 = 0.975
    CHECK(utility_of(domain, 0, {"tennis", "1 hour", "1 km", "training", "$5"}) == exactly(0.975));
}

// ---- every shared domain --------------------------------------------------------------------------

TEST_CASE("every shared domain loads with its outcome count, with and without the domain file") {
    if (!have_shared_domains()) { MESSAGE(kSkipMessage); return; }
    struct Case {
        const char* folder;
        const char* domain_file;
        std::vector<const char*> profile_files;
        std::size_t issues;
        OutcomeIndex outcomes;
    };
    const std::vector<Case> cases{
        {"genius/Laptop", "Laptop-C-domain.xml", {"Laptop-C-prof1.xml", "Laptop-C-prof2.xml"}, 3, 27},
        {"genius/ItexvsCypress", "ItexvsCypress_domain.xml",
         {"ItexvsCypress_Cypress.xml", "ItexvsCypress_Itex.xml"}, 4, 180},
        {"genius/EnglandZimbabwe", "EnglandZimbabwe_domain.xml", {"England.xml", "Zimbabwe.xml"}, 5, 576},
        {"geniusweb/Party", "party.json", {"party1.json", "party2.json"}, 6, 3072},
        {"geniusweb/Fitness", "fitness.json", {"fitness1.json", "fitness2.json"}, 5, 1280},
    };
    for (const auto& test : cases) {
        CAPTURE(test.folder);
        const fs::path folder = kDomains / test.folder;
        std::vector<fs::path> profiles;
        for (const char* file : test.profile_files) profiles.push_back(folder / file);
        auto with_domain = load_domain(folder / test.domain_file, profiles);
        CHECK(with_domain.space.issue_count() == test.issues);
        CHECK(with_domain.space.outcome_count() == test.outcomes);
        REQUIRE(with_domain.profiles.size() == 2);

        // A profile carries its issues, so the profiles alone give the same space and utilities.
        auto from_profiles = load_domain_from_profiles(profiles);
        CHECK(same_issues(from_profiles.space, with_domain.space));
        for (std::size_t p = 0; p < 2; ++p) {
            for (OutcomeIndex index = 0; index < test.outcomes; index += 7) {
                auto outcome = with_domain.space.outcome_at(index);
                CHECK(from_profiles.profiles[p].utility(outcome) == with_domain.profiles[p].utility(outcome));
            }
            CHECK(from_profiles.profiles[p].reservation_value() == with_domain.profiles[p].reservation_value());
        }
    }
}

TEST_CASE("GENIUS profiles alone name the domain after their folder") {
    if (!have_shared_domains()) { MESSAGE(kSkipMessage); return; }
    const fs::path folder = kDomains / "genius/Laptop";
    const std::vector<fs::path> profiles{folder / "Laptop-C-prof1.xml"};
    CHECK(load_domain_from_profiles(profiles).name == "Laptop");
}

// ---- the format registry -----------------------------------------------------------------------------

TEST_CASE("formats are found by name and by extension") {
    CHECK(find_domain_format("genius").extension == ".xml");
    CHECK(find_domain_format("geniusweb").extension == ".json");
    CHECK(domain_format_of("a/b/party.JSON").name == "geniusweb");
    CHECK(domain_formats().size() == 2);
    CHECK_THROWS_WITH_AS(find_domain_format("negmas"), doctest::Contains("known formats: genius"), DomainError);
    CHECK_THROWS_WITH_AS(domain_format_of("domain.yaml"), doctest::Contains("domain.yaml"), DomainError);
}

// ---- bad GENIUS files ---------------------------------------------------------------------------------

namespace {

const char* const kGeniusDomain = R"(<negotiation_template><utility_space><objective name="root">
  <issue index="1" name="Price" type="discrete"><item index="1" value="low"/><item index="2" value="high"/></issue>
  <issue index="2" name="Time" type="discrete"><item index="1" value="soon"/><item index="2" value="late"/></issue>
</objective></utility_space></negotiation_template>)";

// A valid profile with `replace` substituted for `find` once.
std::string genius_profile(const std::string& find = "", const std::string& replace = "") {
    std::string xml = R"(<utility_space><objective name="root">
  <issue index="1" name="Price" type="discrete">
    <item index="1" value="low" evaluation="1"/><item index="2" value="high" evaluation="4"/></issue>
  <issue index="2" name="Time" type="discrete">
    <item index="1" value="soon" evaluation="2"/><item index="2" value="late" evaluation="1"/></issue>
  <weight index="1" value="0.75"/><weight index="2" value="0.25"/>
</objective><reservation value="0.1"/><discount_factor value="0.5"/></utility_space>)";
    if (!find.empty()) {
        auto at = xml.find(find);
        REQUIRE_MESSAGE(at != std::string::npos, "test profile has no " << find);
        xml.replace(at, find.size(), replace);
    }
    return xml;
}

}  // namespace

TEST_CASE("a small GENIUS profile reads as written") {
    auto read = parse_genius_profile(genius_profile(), "mine.xml");
    CHECK(read.profile.name() == "mine");
    CHECK(read.profile.reservation_value() == 0.1);
    CHECK(read.profile.discount_factor() == 0.5);
    // (high, soon) = 0.75 * 4/4 + 0.25 * 2/2 = 1; (low, late) = 0.75 * 1/4 + 0.25 * 1/2 = 0.3125
    CHECK(read.profile.utility({1, 0}) == 1.0);
    CHECK(read.profile.utility({0, 1}) == 0.3125);

    // Against a domain whose issues come in another order, values are matched by name.
    OutcomeSpace reordered({Issue::discrete("Time", {"late", "soon"}), Issue::discrete("Price", {"high", "low"})});
    auto fitted = parse_genius_profile(genius_profile(), "mine.xml", reordered);
    CHECK(fitted.utility({1, 0}) == 1.0);     // soon, high
    CHECK(fitted.utility({0, 1}) == 0.3125);  // late, low
    CHECK(parse_genius_domain(kGeniusDomain, "dir/trade.xml").space.outcome_count() == 4);
    // A discount factor of 0 is read as 1: not discounted.
    CHECK(parse_genius_profile(genius_profile("0.5\"/>", "0\"/>"), "p.xml").profile.discount_factor() == 1.0);
}

TEST_CASE("bad GENIUS files give a DomainError naming the file and the problem") {
    struct Case {
        const char* what;
        std::string xml;
        const char* message;
    };
    const std::vector<Case> cases{
        {"broken XML", "<utility_space><objective>", "not well-formed XML"},
        {"empty file", "", "not well-formed XML"},
        {"wrong root", "<html/>", "not a GENIUS file"},
        {"no objective", "<utility_space/>", "no <objective>"},
        {"integer issue without bounds",
         genius_profile(R"(name="Time" type="discrete")", R"(name="Time" type="integer")"), "no 'lowerbound'"},
        {"unknown issue type", genius_profile(R"(name="Time" type="discrete")", R"(name="Time" type="objective")"),
         "discrete, integer or real"},
        {"item without evaluation", genius_profile(R"(value="late" evaluation="1")", R"(value="late")"),
         "no 'evaluation' attribute"},
        {"evaluation not a number", genius_profile(R"(evaluation="4")", R"(evaluation="four")"), "not a number"},
        {"missing weight", genius_profile(R"(<weight index="2" value="0.25"/>)", ""), "has no weight"},
        {"weight of unknown issue", genius_profile(R"(<weight index="2")", R"(<weight index="7")"),
         "which no issue has"},
        {"negative weight", genius_profile(R"(value="0.25")", R"(value="-0.25")"), "negative"},
        {"repeated value", genius_profile(R"(value="late")", R"(value="soon")"), "appears twice"},
        {"item without value", genius_profile(R"(value="late" )", ""), "no 'value' attribute"},
        {"bad discount factor", genius_profile(R"(<discount_factor value="0.5")", R"(<discount_factor value="2")"),
         "discount factor"},
        {"reservation not a number", genius_profile(R"(<reservation value="0.1")", R"(<reservation value="")"),
         "not a number"},
        {"no issues", "<utility_space><objective/></utility_space>", "no issues"},
    };
    for (const auto& test : cases) {
        CAPTURE(test.what);
        CHECK_THROWS_WITH_AS(parse_genius_profile(test.xml, "bad.xml"), doctest::Contains("bad.xml: "), DomainError);
        CHECK_THROWS_WITH_AS(parse_genius_profile(test.xml, "bad.xml"), doctest::Contains(test.message), DomainError);
    }
}

TEST_CASE("a GENIUS profile that does not match its domain gives a DomainError") {
    auto domain = parse_genius_domain(kGeniusDomain, "trade.xml");
    CHECK_THROWS_WITH_AS(parse_genius_profile(genius_profile(R"(name="Time")", R"(name="Place")"), "p.xml",
                                              domain.space),
                         doctest::Contains("'Place' is not an issue of the domain"), DomainError);
    CHECK_THROWS_WITH_AS(parse_genius_profile(genius_profile(R"(value="late")", R"(value="never")"), "p.xml",
                                              domain.space),
                         doctest::Contains("'never' of issue 'Time' is not in the domain"), DomainError);
    OutcomeSpace three_issues({Issue::discrete("Price", {"low", "high"}), Issue::discrete("Time", {"soon", "late"}),
                               Issue::discrete("Place", {"here"})});
    CHECK_THROWS_WITH_AS(parse_genius_profile(genius_profile(), "p.xml", three_issues),
                         doctest::Contains("2 issues, the domain 3"), DomainError);
    CHECK_THROWS_WITH_AS(parse_genius_domain("<negotiation_template/>", "d.xml"),
                         doctest::Contains("no <utility_space>"), DomainError);
}

// ---- bad GeniusWeb files ------------------------------------------------------------------------------

namespace {

const std::string kGeniusWebDomain = R"({"name": "trade", "issuesValues": {)"
                                     R"("Price": {"values": ["low", "high"]}, "Time": {"values": ["soon", "late"]}}})";
const std::string kDomainCopy = R"("domain": )" + kGeniusWebDomain + ",";

std::string geniusweb_profile(const std::string& find = "", const std::string& replace = "") {
    std::string json = R"({"LinearAdditiveUtilitySpace": {
        "issueUtilities": {
            "Price": {"discreteutils": {"valueUtilities": {"low": 0.25, "high": 1}}},
            "Time": {"discreteutils": {"valueUtilities": {"soon": 1.0, "late": 0.5}}}},
        "issueWeights": {"Price": 0.75, "Time": 0.25},
        )" + kDomainCopy + R"(
        "name": "buyer",
        "reservationBid": {"issuevalues": {"Price": "low", "Time": "late"}}}})";
    if (!find.empty()) {
        auto at = json.find(find);
        REQUIRE_MESSAGE(at != std::string::npos, "test profile has no " << find);
        json.replace(at, find.size(), replace);
    }
    return json;
}

}  // namespace

TEST_CASE("a small GeniusWeb profile reads as written") {
    auto read = parse_geniusweb_profile(geniusweb_profile(), "buyer.json");
    CHECK(read.domain_name == "trade");
    CHECK(read.profile.name() == "buyer");
    // (high, soon) = 0.75 * 1 + 0.25 * 1 = 1; reservation (low, late) = 0.75 * 0.25 + 0.25 * 0.5 = 0.3125
    CHECK(read.profile.utility({1, 0}) == 1.0);
    CHECK(read.profile.reservation_value() == 0.3125);
    auto domain = parse_geniusweb_domain(kGeniusWebDomain, "trade.json");
    CHECK(domain.name == "trade");
    CHECK(parse_geniusweb_profile(geniusweb_profile(), "buyer.json", domain.space).utility({0, 1}) == 0.3125);
    // Without a reservation bid the reservation value is 0.
    auto no_bid = geniusweb_profile(R"(,
        "reservationBid": {"issuevalues": {"Price": "low", "Time": "late"}})", "");
    CHECK(parse_geniusweb_profile(no_bid, "b.json").profile.reservation_value() == 0.0);
}

TEST_CASE("bad GeniusWeb files give a DomainError naming the file and the problem") {
    std::string deep(200, '[');
    struct Case {
        const char* what;
        std::string json;
        const char* message;
    };
    const std::vector<Case> cases{
        {"broken JSON", "{\"LinearAdditiveUtilitySpace\": ", "not valid JSON"},
        {"empty file", "", "not valid JSON"},
        {"deep nesting", deep, "nested deeper"},
        {"other profile kind", R"({"SumOfGroupsUtilitySpace": {}})", "only linear additive profiles"},
        {"not an object", "[1, 2]", "only linear additive profiles"},
        {"no weights", geniusweb_profile(R"("issueWeights")", R"("weights")"), "no 'issueWeights'"},
        {"utility above 1", geniusweb_profile(R"("high": 1})", R"("high": 1.5})"), "outside [0, 1]"},
        {"utility not a number", geniusweb_profile(R"("high": 1})", R"("high": "1"})"), "not a number"},
        {"missing value utility", geniusweb_profile(R"(, "late": 0.5)", ""), "'late' of issue 'Time' has no utility"},
        {"unknown value", geniusweb_profile(R"("late": 0.5)", R"("later": 0.5)"), "'later'"},
        {"missing issue weight", geniusweb_profile(R"(, "Time": 0.25})", "}"), "do not name issue 'Time'"},
        {"unknown issue", geniusweb_profile(R"("Time": 0.25})", R"("Time": 0.25, "Place": 0})"),
         "issue 'Place', which the domain does not have"},
        {"number issue", geniusweb_profile(R"("Time": {"discreteutils")", R"("Time": {"numberutils")"),
         "number issue"},
        {"bad reservation bid value", geniusweb_profile(R"("Time": "late"})", R"("Time": "never"})"),
         "'never' of issue 'Time' is not in the domain"},
        {"partial reservation bid", geniusweb_profile(R"(, "Time": "late"})", "}"), "do not name issue 'Time'"},
        {"domain range issue without high",
         geniusweb_profile(R"("Time": {"values": ["soon", "late"]}}})", R"("Time": {"range": {"low": 1}}}})"),
         "the range has no 'high'"},
        {"no domain copy", geniusweb_profile(kDomainCopy, ""), "no copy of its domain"},
    };
    for (const auto& test : cases) {
        CAPTURE(test.what);
        CHECK_THROWS_WITH_AS(parse_geniusweb_profile(test.json, "bad.json"), doctest::Contains("bad.json: "),
                             DomainError);
        CHECK_THROWS_WITH_AS(parse_geniusweb_profile(test.json, "bad.json"), doctest::Contains(test.message),
                             DomainError);
    }
}

TEST_CASE("a GeniusWeb profile whose copy of the domain differs from the domain gives a DomainError") {
    OutcomeSpace other({Issue::discrete("Price", {"low", "high"}), Issue::discrete("Time", {"soon", "never"})});
    CHECK_THROWS_WITH_AS(parse_geniusweb_profile(geniusweb_profile(), "p.json", other),
                         doctest::Contains("copy of the domain lists other issues or values"), DomainError);
    CHECK_THROWS_WITH_AS(parse_geniusweb_domain(R"({"issuesValues": {}})", "d.json"), doctest::Contains("no issues"),
                         DomainError);
    CHECK_THROWS_WITH_AS(parse_geniusweb_domain(R"({"issuesValues": {"A": {"values": [1]}}})", "d.json"),
                         doctest::Contains("not a string"), DomainError);
}

// ---- GENIUS: negative evaluations, integer and real issues --------------------------------------------

namespace {

// Shaped like ANAC 2010 Travel: some evaluations are negative, and one issue has no positive one.
const char* const kNegativeProfile = R"(<utility_space><objective index="0" name="root" type="objective">
  <issue index="1" name="Place" type="discrete">
    <item value="x" evaluation="-1"/><item value="y" evaluation="2"/><item value="z" evaluation="4"/></issue>
  <issue index="2" name="Food" type="discrete"><item value="p" evaluation="3"/><item value="q" evaluation="1"/></issue>
  <issue index="3" name="Sport" type="discrete"><item value="a" evaluation="-2"/><item value="b" evaluation="0"/></issue>
  <weight index="1" value="0.5"/><weight index="2" value="0.3"/><weight index="3" value="0.2"/>
</objective><reservation value="-0.05"/></utility_space>)";

const char* const kNegativeDomain = R"(<negotiation_template><utility_space><objective index="0" name="root">
  <issue index="1" name="Place" type="discrete"><item value="x"/><item value="y"/><item value="z"/></issue>
  <issue index="2" name="Food" type="discrete"><item value="p"/><item value="q"/></issue>
  <issue index="3" name="Sport" type="discrete"><item value="a"/><item value="b"/></issue>
</objective></utility_space></negotiation_template>)";

// An integer, a real and a discrete issue, as in the ANAC 6issues and 2nd-hand car domains.
const char* const kNumericDomain = R"(<negotiation_template><utility_space><objective index="0" name="root">
  <issue index="1" name="Quantity" type="integer" vtype="integer" lowerbound="2" upperbound="6"/>
  <issue index="2" name="Price" type="real" vtype="real"><range lowerbound="10" upperbound="20"/></issue>
  <issue index="3" name="Colour" type="discrete"><item value="red"/><item value="blue"/></issue>
</objective></utility_space></negotiation_template>)";

std::string numeric_profile(const std::string& price_evaluator = R"(ftype="linear" parameter0="2" parameter1="-0.1")") {
    return R"(<utility_space><objective index="0" name="root">
  <issue index="1" name="Quantity" type="integer" lowerbound="2" upperbound="6">
    <evaluator ftype="linear" offset="0.2" slope="0.3"/></issue>
  <issue index="2" name="Price" type="real"><range lowerbound="10" upperbound="20"/>
    <evaluator )" + price_evaluator + R"(/></issue>
  <issue index="3" name="Colour" type="discrete">
    <item value="red" evaluation="1"/><item value="blue" evaluation="3"/></issue>
  <weight index="1" value="0.5"/><weight index="2" value="0.3"/><weight index="3" value="0.2"/>
</objective></utility_space>)";
}

Outcome outcome_of(const OutcomeSpace& space, const std::vector<std::string>& values) {
    Outcome outcome;
    for (std::size_t issue = 0; issue < values.size(); ++issue) {
        auto value = space.issue(issue).find_value(values[issue]);
        REQUIRE_MESSAGE(value.has_value(), "no value " << values[issue]);
        outcome.push_back(*value);
    }
    return outcome;
}

}  // namespace

TEST_CASE("a GENIUS profile with negative evaluations gives GENIUS's utilities shifted by one constant") {
    auto domain = parse_genius_domain(kNegativeDomain, "travel.xml");
    auto fitted = parse_genius_profile(kNegativeProfile, "chox.xml", domain.space);
    auto alone = parse_genius_profile(kNegativeProfile, "chox.xml");
    REQUIRE(same_issues(alone.space, domain.space));
    // GENIUS: Place x -1/4, y 2/4, z 4/4; Food p 3/3, q 1/3; Sport's largest evaluation is 0 (below 1e-5), so
    // both its values are 0. Place reaches down to lo = -0.25: its utilities become (u + 0.25) / 1.25 = 0, 0.6, 1
    // and its weight 0.5 * 1.25 = 0.625, which adds 0.5 * 0.25 = 0.125 to every bid.
    for (const auto* profile : {&fitted, &alone.profile}) {
        CHECK(profile->issue_weight(0) == exactly(0.625));
        CHECK(profile->value_utility(0, 0) == 0.0);
        CHECK(profile->value_utility(0, 1) == exactly(0.6));
        CHECK(profile->issue_weight(1) == 0.3);
        CHECK(profile->value_utility(2, 0) == 0.0);
        CHECK(profile->value_utility(2, 1) == 0.0);
        // (x, p, a): GENIUS 0.5 * -0.25 + 0.3 * 1 + 0.2 * 0 = 0.175; Parley 0.175 + 0.125 = 0.3
        CHECK(profile->utility(outcome_of(domain.space, {"x", "p", "a"})) == exactly(0.3));
        // (z, q, b): GENIUS 0.5 * 1 + 0.3 * 1/3 + 0 = 0.6; Parley 0.725
        CHECK(profile->utility(outcome_of(domain.space, {"z", "q", "b"})) == exactly(0.725));
        // (y, p, b): GENIUS 0.5 * 0.5 + 0.3 = 0.55; Parley 0.675
        CHECK(profile->utility(outcome_of(domain.space, {"y", "p", "b"})) == exactly(0.675));
        // The reservation value moves with the bids: -0.05 + 0.125 = 0.075.
        CHECK(profile->reservation_value() == exactly(0.075));
    }
}

TEST_CASE("GENIUS integer and real issues load discretised as GENIUS does, with GENIUS's utilities") {
    auto domain = parse_genius_domain(kNumericDomain, "deal.xml");
    // Quantity: the integers 2..6; Price: 21 values 10 + 10 * k / 20; Colour: 2. 5 * 21 * 2 = 210 outcomes.
    CHECK(domain.space.outcome_count() == 210);
    const auto& quantity = domain.space.issue(0);
    const auto& price = domain.space.issue(1);
    CHECK(quantity.values() == std::vector<std::string>{"2", "3", "4", "5", "6"});
    REQUIRE(price.size() == 21);
    CHECK(price.value_name(0) == "10");
    CHECK(price.value_name(5) == "12.5");
    CHECK(price.value_name(20) == "20");
    CHECK(price.number(5) == 12.5);

    auto profile = parse_genius_profile(numeric_profile(), "buyer.xml", domain.space);
    // Quantity: clamp(0.2 + 0.3 * (x - 2), 0, 1) = 0.2, 0.5, 0.8, 1 (1.1 clamped), 1 (1.4 clamped).
    CHECK(profile.value_utility(0, 1) == exactly(0.5));
    CHECK(profile.value_utility(0, 4) == 1.0);
    // Price: clamp(2 - 0.1 * x, 0, 1): 10 gives 1, 12.5 gives 0.75, 15 gives 0.5, 20 gives 0.
    CHECK(profile.value_utility(1, 0) == 1.0);
    CHECK(profile.value_utility(1, 20) == exactly(0.0));
    // (3, 15, blue) = 0.5 * 0.5 + 0.3 * 0.5 + 0.2 * 3/3 = 0.25 + 0.15 + 0.2 = 0.6
    CHECK(profile.utility(outcome_of(domain.space, {"3", "15", "blue"})) == exactly(0.6));
    // (5, 12.5, red) = 0.5 * 1 + 0.3 * 0.75 + 0.2 * 1/3 = 0.5 + 0.225 + 0.0666... = 0.79166666666666663
    CHECK(profile.utility(outcome_of(domain.space, {"5", "12.5", "red"})) == exactly(0.79166666666666663));

    // The profile carries its bounds, so it gives the same space alone.
    auto alone = parse_genius_profile(numeric_profile(), "buyer.xml");
    CHECK(same_issues(alone.space, domain.space));
    CHECK(alone.profile.utility(outcome_of(domain.space, {"3", "15", "blue"})) == exactly(0.6));
}

TEST_CASE("GENIUS real issues take constant and triangular evaluators, integer bounds a <range>") {
    auto domain = parse_genius_domain(kNumericDomain, "deal.xml");
    // triangular: 0 below parameter0 = 10, rising to 1 at parameter2 = 15, falling to 0 at parameter1 = 20.
    auto triangular = parse_genius_profile(
        numeric_profile(R"(ftype="triangular" parameter0="10" parameter1="20" parameter2="15")"), "t.xml", domain.space);
    CHECK(triangular.value_utility(1, 0) == 0.0);              // 10
    CHECK(triangular.value_utility(1, 5) == exactly(0.5));     // 12.5
    CHECK(triangular.value_utility(1, 10) == 1.0);             // 15
    CHECK(triangular.value_utility(1, 15) == exactly(0.5));    // 17.5
    CHECK(triangular.value_utility(1, 20) == 0.0);             // 20
    auto constant = parse_genius_profile(numeric_profile(R"(ftype="constant" parameter0="0.4")"), "c.xml",
                                         domain.space);
    CHECK(constant.value_utility(1, 7) == 0.4);

    // The web_service files give an integer issue's bounds in a <range> and its line as parameter0, parameter1.
    const std::string in_range = R"(<utility_space><objective index="0" name="root">
      <issue index="1" name="Revenue" type="integer"><range lowerbound="0" upperbound="4"/>
        <evaluator ftype="linear" parameter0="1" parameter1="-0.25"/></issue>
      <weight index="1" value="1"/></objective></utility_space>)";
    auto revenue = parse_genius_profile(in_range, "a.xml");
    REQUIRE(revenue.space.issue(0).size() == 5);
    CHECK(revenue.profile.utility({3}) == exactly(0.25));  // 1 - 0.25 * 3
}

TEST_CASE("bad GENIUS integer and real issues give a DomainError naming the file and the problem") {
    auto profile = [](const std::string& find, const std::string& replace) {
        std::string xml = numeric_profile();
        auto at = xml.find(find);
        REQUIRE_MESSAGE(at != std::string::npos, "test profile has no " << find);
        return xml.replace(at, find.size(), replace);
    };
    struct Case {
        const char* what;
        std::string xml;
        const char* message;
    };
    const std::vector<Case> cases{
        {"bounds reversed", profile(R"(lowerbound="2" upperbound="6")", R"(lowerbound="6" upperbound="2")"),
         "lowerbound is above upperbound"},
        {"integer bound not an integer", profile(R"(upperbound="6")", R"(upperbound="6.5")"), "is not an integer"},
        {"too many integers", profile(R"(upperbound="6")", R"(upperbound="6000000")"), "more than 100000 values"},
        {"real without range", profile(R"(<range lowerbound="10" upperbound="20"/>)", ""), "no 'lowerbound'"},
        {"no evaluator", profile(R"(<evaluator ftype="linear" offset="0.2" slope="0.3"/>)", ""), "no <evaluator>"},
        {"evaluator without slope", profile(R"( slope="0.3")", ""), "no 'slope' attribute"},
        {"unknown ftype", profile(R"(ftype="linear" parameter0)", R"(ftype="faratin" parameter0)"), "'faratin'"},
        {"triangular integer", profile(R"(ftype="linear" offset)", R"(ftype="triangular" offset)"), "'triangular'"},
        {"nonlinear profile",
         profile(R"(<weight index="1")", R"(<utility maxutility="1"><ufun type="PlainUfun"/></utility><weight index="1")"),
         "nonlinear"},
    };
    for (const auto& test : cases) {
        CAPTURE(test.what);
        CHECK_THROWS_WITH_AS(parse_genius_profile(test.xml, "bad.xml"), doctest::Contains("bad.xml: "), DomainError);
        CHECK_THROWS_WITH_AS(parse_genius_profile(test.xml, "bad.xml"), doctest::Contains(test.message), DomainError);
    }
    // A numeric issue of the profile must be numeric in the domain, and the other way round.
    OutcomeSpace discrete_quantity({Issue::discrete("Quantity", {"2", "3", "4", "5", "6"}),
                                    Issue::numeric("Price", 10.0, 20.0, 21), Issue::discrete("Colour", {"red", "blue"})});
    CHECK_THROWS_WITH_AS(parse_genius_profile(numeric_profile(), "p.xml", discrete_quantity),
                         doctest::Contains("'Quantity' is integer in the profile but discrete in the domain"),
                         DomainError);
    CHECK_THROWS_WITH_AS(parse_genius_domain(R"(<negotiation_template><utility_space><objective>
        <issue index="1" name="Price" type="real"><range lowerbound="1" upperbound="x"/></issue>
        </objective></utility_space></negotiation_template>)", "d.xml"),
                         doctest::Contains("d.xml: real issue 'Price': 'upperbound' is 'x', not a number"), DomainError);
}

// ---- GeniusWeb number issues ---------------------------------------------------------------------------

namespace {

const std::string kNumberDomain = R"({"name": "deal", "issuesValues": {)"
                                  R"("price": {"range": {"low": 0.1, "high": 0.5, "step": 0.1}},)"
                                  R"("colour": {"values": ["red", "blue"]}}})";

std::string number_profile(const std::string& find = "", const std::string& replace = "") {
    std::string json = R"({"LinearAdditiveUtilitySpace": {
        "issueUtilities": {
            "price": {"numberutils": {"lowValue": 0.1, "lowUtility": 1, "highValue": 0.5, "highUtility": 0.2}},
            "colour": {"discreteutils": {"valueUtilities": {"red": 0.5, "blue": 1}}}},
        "issueWeights": {"price": 0.7, "colour": 0.3},
        "domain": )" + kNumberDomain + R"(,
        "reservationBid": {"issuevalues": {"price": 0.4, "colour": "red"}}}})";
    if (!find.empty()) {
        auto at = json.find(find);
        REQUIRE_MESSAGE(at != std::string::npos, "test profile has no " << find);
        json.replace(at, find.size(), replace);
    }
    return json;
}

}  // namespace

TEST_CASE("GeniusWeb number issues load with every value of the range and GeniusWeb's utilities") {
    auto domain = parse_geniusweb_domain(kNumberDomain, "deal.json");
    CHECK(domain.space.outcome_count() == 10);
    const auto& price = domain.space.issue(0);
    // Stepped in decimal, as GeniusWeb's BigDecimal does: 0.1 + 0.2 is "0.3", not 0.30000000000000004.
    CHECK(price.values() == std::vector<std::string>{"0.1", "0.2", "0.3", "0.4", "0.5"});
    CHECK(price.number(2) == 0.3);

    auto read = parse_geniusweb_profile(number_profile(), "buyer.json");
    CHECK(same_issues(read.space, domain.space));
    // price: linear from 1 at 0.1 to 0.2 at 0.5: u(0.3) = 1 - 0.8 * 0.2 / 0.4 = 0.6, u(0.4) = 0.4.
    CHECK(read.profile.value_utility(0, 2) == exactly(0.6));
    // (0.3, blue) = 0.7 * 0.6 + 0.3 * 1 = 0.72
    CHECK(read.profile.utility(outcome_of(domain.space, {"0.3", "blue"})) == exactly(0.72));
    // The reservation bid names the number: (0.4, red) = 0.7 * 0.4 + 0.3 * 0.5 = 0.43
    CHECK(read.profile.reservation_value() == exactly(0.43));
    CHECK(parse_geniusweb_profile(number_profile(), "b.json", domain.space).reservation_value() == exactly(0.43));

    // Outside [lowValue, highValue] the utility is 0; the last value is the last step not above high.
    auto narrower = parse_geniusweb_profile(number_profile(R"("highValue": 0.5)", R"("highValue": 0.45)"), "n.json");
    CHECK(narrower.profile.value_utility(0, 4) == 0.0);
    auto stepped = parse_geniusweb_domain(
        R"({"issuesValues": {"n": {"range": {"low": 1, "high": 2, "step": 0.3}}}})", "s.json");
    CHECK(stepped.space.issue(0).values() == std::vector<std::string>{"1", "1.3", "1.6", "1.9"});
}

TEST_CASE("bad GeniusWeb number issues give a DomainError naming the file and the problem") {
    struct Case {
        const char* what;
        std::string json;
        const char* message;
    };
    const std::vector<Case> cases{
        {"zero step", number_profile(R"("step": 0.1)", R"("step": 0)"), "the step is not positive"},
        {"low above high", number_profile(R"("low": 0.1)", R"("low": 0.9)"), "low is above high"},
        {"too many values", number_profile(R"("step": 0.1)", R"("step": 0.000001)"), "more than 100000 values"},
        {"high not a number", number_profile(R"("high": 0.5)", R"("high": "0.5")"), "'high' is not a number"},
        {"utilities not rising", number_profile(R"("highValue": 0.5)", R"("highValue": 0.1)"),
         "'highValue' is not above 'lowValue'"},
        {"utility above 1", number_profile(R"("lowUtility": 1)", R"("lowUtility": 2)"), "outside [0, 1]"},
        {"discrete utilities for a number issue",
         number_profile(R"({"numberutils": {"lowValue": 0.1, "lowUtility": 1, "highValue": 0.5, "highUtility": 0.2}})",
                        R"({"discreteutils": {"valueUtilities": {"0.1": 1}}})"),
         "are for a discrete issue, but the issue is a number range"},
        {"reservation number not in the range", number_profile(R"("price": 0.4,)", R"("price": 0.45,)"),
         "0.45, is not a value of the range"},
        {"reservation number as a string", number_profile(R"("price": 0.4,)", R"("price": "0.4",)"),
         "is not a number"},
    };
    for (const auto& test : cases) {
        CAPTURE(test.what);
        CHECK_THROWS_WITH_AS(parse_geniusweb_profile(test.json, "bad.json"), doctest::Contains("bad.json: "),
                             DomainError);
        CHECK_THROWS_WITH_AS(parse_geniusweb_profile(test.json, "bad.json"), doctest::Contains(test.message),
                             DomainError);
    }
}

// ---- files ------------------------------------------------------------------------------------------

TEST_CASE("missing, unreadable, oversized and unknown files give a DomainError naming the file") {
    ScratchFolder scratch;
    CHECK_THROWS_WITH_AS(load_domain(scratch.path() / "absent.xml", {}), doctest::Contains("absent.xml: no such file"),
                         DomainError);
    auto folder_named_xml = scratch.path() / "folder.xml";
    fs::create_directories(folder_named_xml);
    CHECK_THROWS_WITH_AS(load_domain(folder_named_xml, {}), doctest::Contains("not a regular file"), DomainError);

    auto huge = scratch.write("huge.json", "");
    fs::resize_file(huge, kMaxDomainFileBytes + 1);  // sparse: costs no disk space
    CHECK_THROWS_WITH_AS(load_domain(huge, {}), doctest::Contains("more than the"), DomainError);

    auto text = scratch.write("notes.txt", "hello");
    CHECK_THROWS_AS(load_domain(text, {}), DomainError);
    CHECK_THROWS_AS(load_domain_from_profiles({}), DomainError);

    // A good domain with a profile that is not: the error names the profile file.
    auto domain = scratch.write("trade.xml", kGeniusDomain);
    auto bad_profile = scratch.write("buyer.xml", genius_profile(R"(evaluation="4")", R"(evaluation="x")"));
    const std::vector<fs::path> profiles{bad_profile};
    CHECK_THROWS_WITH_AS(load_domain(domain, profiles), doctest::Contains("buyer.xml: "), DomainError);
    auto good_profile = scratch.write("seller.xml", genius_profile());
    const std::vector<fs::path> good{good_profile};
    CHECK(load_domain(domain, good).profiles.at(0).name() == "seller");
}
