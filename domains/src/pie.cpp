#include <parley/domains/domain_error.hpp>
#include <parley/domains/pie.hpp>

#include <string>
#include <utility>
#include <vector>

namespace parley::worlds {

Domain make_pie_domain(std::size_t resolution, double discount0, double discount1) {
    if (resolution < 1 || resolution > kMaxPieResolution) {
        throw DomainError("pie: the resolution is " + std::to_string(resolution) + ", must be in 1.." +
                          std::to_string(kMaxPieResolution));
    }
    OutcomeSpace space({Issue::numeric("share", 0.0, 1.0, resolution + 1)});
    // Both computed as integer / resolution, so that each share is the exactly
    // rounded quotient and party 1's is not 1 minus a rounded number.
    std::vector<double> first_share(resolution + 1);
    std::vector<double> second_share(resolution + 1);
    const auto total = static_cast<double>(resolution);
    for (std::size_t value = 0; value <= resolution; ++value) {
        first_share[value] = static_cast<double>(value) / total;
        second_share[value] = static_cast<double>(resolution - value) / total;
    }
    std::vector<LinearAdditiveProfile> profiles;
    // The profile constructor checks the discount factors (DomainError outside (0, 1]).
    profiles.emplace_back("party1", std::vector<double>{1.0}, std::vector<std::vector<double>>{first_share}, 0.0,
                          discount0);
    profiles.emplace_back("party2", std::vector<double>{1.0}, std::vector<std::vector<double>>{second_share}, 0.0,
                          discount1);
    return Domain{"pie", std::move(space), std::move(profiles)};
}

}  // namespace parley::worlds
