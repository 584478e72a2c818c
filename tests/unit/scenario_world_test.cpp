// The negotiation worlds (read_world.cpp, read_world_generate.cpp,
// read_world_files.cpp, read_world_pie.cpp): each kind's keys, and what the run
// would refuse in a world (its analysis, its messages), refused when the
// scenario loads.

#include "scenario_test_helpers.hpp"

#include <string>
#include <vector>

using namespace scenario_test;

TEST_CASE("worlds: invalid worlds name the file, the line and the key") {
    check_errors({
        {"opposition out of range", with("opposition: 0.5", "opposition: 1.5"),
         "test.yaml:6: world.generate.opposition: must be a number from 0 to 1, got \"1.5\""},
        {"two worlds", with("world:\n", "world:\n  pie: {resolution: 10}\n"),
         "test.yaml:4: world: give exactly one of generate, files, pie or game"},
        {"no world", with("world:\n  generate:\n    issues: 3\n    opposition: 0.5\n", ""),
         "test.yaml:1: world: required key is missing"},
        {"generated values as a list", with("issues: 3", "issues: 3\n    values: [2, 3, 4]"),
         "test.yaml:6: world.generate.values: must be one integer: the generator gives every issue the same number of "
         "values"},
        {"generated parties disagree with the matching", with("issues: 3", "issues: 3\n    parties: 3"),
         "test.yaml:6: world.generate.parties: must equal the number of parties of an episode (2 with this matching), "
         "got 3"},
    });
}

TEST_CASE("pie worlds: parties and discounts") {
    const std::string pie = R"(mechanism: {name: rubinstein}
roster: [{framework: selfish}, {framework: nash}]
world:
  pie:
    discounts: [0.9, 0]
)";
    CHECK(error_of(pie) ==
          "test.yaml:5: world.pie.discounts[1]: must be a number greater than 0 and at most 1, got \"0\"");
    std::string three = pie;
    three.replace(three.find("[0.9, 0]"), 8, "[0.9]");
    CHECK(error_of(three) == "test.yaml:5: world.pie.discounts: must be a list of 2 discount factors, got a list");
    const std::string groups = R"(mechanism: {name: saop}
roster: [{framework: selfish, count: 3}]
matching: fixed_groups
world:
  pie: {}
)";
    CHECK(error_of(groups) ==
          "test.yaml:5: world.pie: the pie is divided by 2 parties, but episodes have 3 with this matching");
}

TEST_CASE("domain files: missing files and files that do not load") {
    ScratchFolder folder("errors");
    const std::string text = R"(mechanism: {name: saop}
roster: [{framework: selfish}, {framework: nash}]
world:
  files:
    domain: domain.xml
    profiles: [a.xml, b.xml]
)";
    CHECK(error_of(text, folder.path()) ==
          "test.yaml:5: world.files.domain: no such file: " + (folder.path() / "domain.xml").string());
    folder.write("domain.xml", "<negotiation_template>");
    CHECK(error_of(text, folder.path()) ==
          "test.yaml:6: world.files.profiles[0]: no such file: " + (folder.path() / "a.xml").string());
    folder.write("a.xml", "not xml");
    folder.write("b.xml", "not xml");
    const std::string broken = error_of(text, folder.path());
    CHECK(broken.starts_with("test.yaml:5: world.files: cannot load the domain: "));
}

// ---- what the run refuses in a world, refused when the scenario loads -----------------------

namespace {

// A GENIUS domain of `issues` issues of `values` values each and its two
// profiles, written into `folder`; value names of 70 characters or more.
void write_genius(const ScratchFolder& folder, std::size_t issues, std::size_t values) {
    std::string domain = "<negotiation_template><utility_space number_of_issues=\"" + std::to_string(issues) +
                         "\"><objective index=\"0\" etype=\"objective\" type=\"objective\" name=\"root\">\n";
    std::string profile = "<utility_space><objective index=\"0\" etype=\"objective\" type=\"objective\" name=\"root\">\n";
    for (std::size_t issue = 1; issue <= issues; ++issue) {
        const std::string head = "<issue index=\"" + std::to_string(issue) + "\" etype=\"discrete\" type=\"discrete\" "
                                 "vtype=\"discrete\" name=\"issue" + std::to_string(issue) + "\">\n";
        domain += head;
        profile += head;
        for (std::size_t value = 1; value <= values; ++value) {
            const std::string item = "<item index=\"" + std::to_string(value) + "\" value=\"" + std::string(60, 'v') + "-" +
                                     std::to_string(value) + "\"";
            domain += item + "/>\n";
            profile += item + " evaluation=\"" + std::to_string(value) + "\"/>\n";
        }
        domain += "</issue>\n";
        profile += "</issue>\n";
    }
    for (std::size_t issue = 1; issue <= issues; ++issue) {
        profile += "<weight index=\"" + std::to_string(issue) + "\" value=\"" + std::to_string(1.0 / static_cast<double>(issues)) + "\"/>\n";
    }
    folder.write("domain.xml", domain + "</objective></utility_space></negotiation_template>\n");
    profile += "</objective><reservation value=\"0\"/></utility_space>\n";
    folder.write("a.xml", profile);
    folder.write("b.xml", profile);
}

// A GeniusWeb profile that carries its domain: one issue of `values` values
// with names of 70 characters or more.
std::string geniusweb_profile(const std::string& name, std::size_t values) {
    std::string names;
    std::string utilities;
    for (std::size_t value = 1; value <= values; ++value) {
        const std::string text = "\"" + std::string(60, 'v') + "-" + std::to_string(value) + "\"";
        names += (value > 1 ? "," : "") + text;
        utilities += (value > 1 ? "," : "") + text + ":" + std::to_string(1.0 / static_cast<double>(value));
    }
    return R"({"LinearAdditiveUtilitySpace": {"name": ")" + name +
           R"(", "issueUtilities": {"size": {"discreteutils": {"valueUtilities": {)" + utilities +
           R"(}}}}, "issueWeights": {"size": 1}, "domain": {"name": "big", "issuesValues": {"size": {"values": [)" +
           names + "]}}}}}";
}

const std::string kFiles = R"(mechanism: {name: saop}
roster: [{framework: selfish}, {framework: nash}]
world:
  files:
    domain: domain.xml
    profiles: [a.xml, b.xml]
)";

}  // namespace

TEST_CASE("a pie whose invitation is over the protocol's message limit is refused at its resolution") {
    const std::string pie = R"(mechanism: {name: rubinstein}
roster: [{framework: selfish}, {framework: nash}]
world:
  pie:
    resolution: 100000
)";
    const std::string message = error_of(pie);
    CAPTURE(message);
    CHECK(message.starts_with("test.yaml:5: world.pie.resolution: a pie of resolution 100000: the invitation of "
                              "profile 0 (party1, information private) is a message of "));
    CHECK(message.ends_with(" bytes, which the broker refuses: the protocol takes messages of at most 1048576 bytes; "
                            "lower the resolution"));
    // The largest resolutions that fit (scenarios/README.md), and one more.
    CHECK(error_of(replaced(pie, "100000", "37065")) == "");
    CHECK(error_of(replaced(pie, "100000", "37066")).starts_with("test.yaml:5: world.pie.resolution: "));
    const std::string disclosed = pie + "information: disclosed\n";
    CHECK(error_of(replaced(disclosed, "100000", "22641")) == "");
    CHECK(error_of(replaced(disclosed, "100000", "22642"))
              .starts_with("test.yaml:5: world.pie.resolution: a pie of resolution 22642: the invitation of "
                           "profile 0 (party1, information disclosed) is a message of "));
}

TEST_CASE("a generated world is refused when the run could not analyse it or send it") {
    const std::string outcomes = "test.yaml:5: world.generate: 4 issues of 100 values give more than the 20000000 "
                                 "outcomes the analysis of a domain takes (Pareto frontier, bargaining solutions, "
                                 "metrics); lower issues or values";
    CHECK(error_of(with("    issues: 3", "    issues: 4\n    values: 100")) == outcomes);
    CHECK(error_of(with("    issues: 3", "    issues: 50\n    values: 100")) ==
          replaced(outcomes, "4 issues", "50 issues"));
    CHECK(error_of(with("    issues: 3", "    issues: 3\n    values: 100")) == "");  // 10^6 outcomes
    // 64 parties, each told every profile: 65 profiles of 2000 values in one invitation.
    const std::string crowd = R"(mechanism: {name: saop}
roster: [{framework: selfish, count: 64}]
matching: fixed_groups
information: disclosed
world:
  generate: {issues: 2, values: 1000}
)";
    const std::string message = error_of(crowd);
    CAPTURE(message);
    CHECK(message.starts_with("test.yaml:6: world.generate: the invitation of profile 0 (party1, information "
                              "disclosed) is a message of "));
    CHECK(message.ends_with(" bytes, which the broker refuses: the protocol takes messages of at most 1048576 bytes; "
                            "lower issues or values"));
    CHECK(error_of(replaced(crowd, "information: disclosed\n", "")) == "");
}

TEST_CASE("domain files are refused when the run could not analyse them or send them") {
    ScratchFolder folder("limits");
    write_genius(folder, 5, 30);  // 30^5 = 24,300,000 outcomes
    CHECK(error_of(kFiles, folder.path()) ==
          "test.yaml:5: world.files: the domain has 24300000 outcomes, more than the 20000000 outcomes the analysis "
          "of a domain takes (Pareto frontier, bargaining solutions, metrics)");
    write_genius(folder, 1, 15000);  // one issue whose names and utilities take more than a message
    const std::string message = error_of(kFiles, folder.path());
    CAPTURE(message);
    CHECK(message.starts_with("test.yaml:5: world.files: the invitation of profile 0 ("));
    CHECK(message.ends_with(" bytes, which the broker refuses: the protocol takes messages of at most 1048576 bytes"));
    write_genius(folder, 2, 100);
    CHECK(error_of(kFiles, folder.path()) == "");

    // GeniusWeb profiles that carry their issues.
    const std::string geniusweb = R"(mechanism: {name: saop}
roster: [{framework: selfish}, {framework: nash}]
world:
  files:
    profiles: [a.json, b.json]
)";
    folder.write("a.json", geniusweb_profile("a", 100));
    folder.write("b.json", geniusweb_profile("b", 100));
    CHECK(error_of(geniusweb, folder.path()) == "");
    folder.write("a.json", geniusweb_profile("a", 15000));
    folder.write("b.json", geniusweb_profile("b", 15000));
    const std::string refused = error_of(geniusweb, folder.path());
    CAPTURE(refused);
    CHECK(refused.starts_with("test.yaml:5: world.files: the invitation of profile 0 (a, information private) is a "
                              "message of "));
    CHECK(refused.ends_with(" bytes, which the broker refuses: the protocol takes messages of at most 1048576 bytes"));
}
