#include <parley/core/determinism.hpp>

#include <cmath>
#include <limits>

namespace parley::core::portable {
namespace {

// ln 2 split so that k * kLn2High is exact for |k| < 2^11 (Cody and Waite).
constexpr double kLn2High = 6.93147180369123816490e-01;
constexpr double kLn2Low = 1.90821492927058770002e-10;
constexpr double kInverseLn2 = 1.44269504088896338700e+00;
constexpr double kSqrtHalf = 0.70710678118654752440;

}  // namespace

double exp(double x) {
    if (std::isnan(x)) return x;
    if (x > 709.782712893384) return std::numeric_limits<double>::infinity();
    if (x < -745.2) return 0.0;
    // x = k ln 2 + r with |r| <= ln 2 / 2, so e^x = 2^k e^r.
    const double k = std::floor(x * kInverseLn2 + 0.5);
    const double r = (x - k * kLn2High) - k * kLn2Low;
    // Taylor series of e^r to r^17 / 17!: the next term is below 1e-19 for |r| <= 0.35.
    double sum = 1.0;
    for (int n = 17; n >= 1; --n) sum = 1.0 + sum * r / n;
    return std::ldexp(sum, static_cast<int>(k));
}

double log(double x) {
    if (std::isnan(x) || x < 0.0) return std::numeric_limits<double>::quiet_NaN();
    if (x == 0.0) return -std::numeric_limits<double>::infinity();
    if (std::isinf(x)) return x;
    // x = m 2^e with m in [sqrt(1/2), sqrt(2)), so ln x = e ln 2 + ln m.
    int exponent = 0;
    double mantissa = std::frexp(x, &exponent);  // in [0.5, 1)
    if (mantissa < kSqrtHalf) {
        mantissa *= 2.0;
        --exponent;
    }
    // ln m = 2 atanh(s) = 2 (s + s^3/3 + s^5/5 + ...), s = (m - 1) / (m + 1), |s| <= 0.172.
    const double s = (mantissa - 1.0) / (mantissa + 1.0);
    const double s2 = s * s;
    double series = 0.0;
    for (int n = 25; n >= 1; n -= 2) series = 1.0 / n + s2 * series;
    const double e = exponent;
    return e * kLn2High + (e * kLn2Low + 2.0 * s * series);
}

double pow(double base, double exponent) {
    if (std::isnan(base) || std::isnan(exponent) || base < 0.0) return std::numeric_limits<double>::quiet_NaN();
    if (exponent == 0.0 || base == 1.0) return 1.0;
    if (base == 0.0) return exponent > 0.0 ? 0.0 : std::numeric_limits<double>::infinity();
    return exp(exponent * log(base));
}

double unit_draw(std::mt19937_64& engine) { return static_cast<double>(engine() >> 11) * 0x1.0p-53; }

std::uint64_t index_draw(std::mt19937_64& engine, std::uint64_t bound) {
    const std::uint64_t rejected_below = (0 - bound) % bound;  // 2^64 mod bound
    for (;;) {
        const std::uint64_t draw = engine();
        if (draw >= rejected_below) return draw % bound;
    }
}

}  // namespace parley::core::portable
