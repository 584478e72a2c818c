// The test vectors of protocol/testdata/ are the contract other implementations
// check themselves against: the C++ codec must decode each file to its readable
// description, encode the description to the very same bytes, and refuse each
// invalid file with the error code the vector names.

#include <parley/protocol/codec.hpp>
#include <parley/protocol/json.hpp>

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>

using namespace parley::protocol;
using Json = nlohmann::ordered_json;

namespace {

const std::filesystem::path kTestData = std::filesystem::path(PARLEY_SOURCE_DIR) / "protocol" / "testdata";

std::string read_bytes(const std::filesystem::path& path) {
    std::ifstream file(path, std::ios::binary);
    REQUIRE_MESSAGE(file.good(), "cannot read " << path);
    return {std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
}

Json read_vectors() {
    std::ifstream file(kTestData / "vectors.json");
    REQUIRE_MESSAGE(file.good(), "cannot read vectors.json");
    return Json::parse(file);
}

}  // namespace

TEST_CASE("every valid vector decodes to its description and encodes to its bytes") {
    const auto vectors = read_vectors();
    REQUIRE(vectors["valid"].size() >= std::size(kAllKinds));
    std::set<std::string> kinds_seen;
    for (const auto& vector : vectors["valid"]) {
        const auto name = vector["name"].get<std::string>();
        CAPTURE(name);
        const auto bytes = read_bytes(kTestData / (name + ".msgpack"));

        auto decoded = decode(bytes);
        INFO((decoded.ok() ? std::string() : decoded.error().detail));
        REQUIRE(decoded.ok());
        CHECK(to_json(*decoded) == vector["message"]);
        kinds_seen.insert(std::string(kind_name(decoded->header.kind)));

        auto described = envelope_from_json(vector["message"]);
        REQUIRE(described.ok());
        CHECK(encode(*described) == bytes);
    }
    CHECK(kinds_seen.size() == std::size(kAllKinds));
}

TEST_CASE("every invalid vector is refused with the error it names") {
    const auto vectors = read_vectors();
    REQUIRE_FALSE(vectors["invalid"].empty());
    for (const auto& vector : vectors["invalid"]) {
        const auto name = vector["name"].get<std::string>();
        CAPTURE(name);
        auto decoded = decode(read_bytes(kTestData / vector["file"].get<std::string>()));
        REQUIRE_FALSE(decoded.ok());
        CHECK(error_code_name(decoded.error().code) == vector["error"].get<std::string>());
    }
}
