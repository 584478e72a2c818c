// 7. Codec: encode and decode time per message kind. The measuring is done by
// parley-codec-bench (bench/codec/, Google Benchmark), started here and read
// line by line: Google Benchmark stays out of every `parley` process.

#include "sections.hpp"

#include <sstream>

namespace parley::bench {

void bench_codec(const SectionContext& context, Report& report) {
    const std::string min_time = context.options.quick ? "0.005" : "0.2";
    const std::size_t rows = 40;  // 20 kinds, encoded and decoded
    const auto executable =
        companion_executable(context.options.executable, "parley-codec-bench", PARLEY_CODEC_BENCH_EXECUTABLE);
    auto child = spawn(executable, {"--lines", "--min-time", min_time}, true,
                       context.child_log);
    for (std::size_t row = 0; row < rows; ++row) {
        context.check_stop();
        std::istringstream line(expect_line(child, "", "parley-codec-bench", std::chrono::minutes(5)));
        std::string operation;
        std::string kind;
        std::size_t bytes = 0;
        double parley = 0;
        double baseline = 0;
        if (!(line >> operation >> kind >> bytes >> parley >> baseline)) {
            throw std::runtime_error("parley-codec-bench printed a line that is not 'operation kind bytes ns ns'");
        }
        report.add({"codec", operation + " " + kind + " (" + std::to_string(bytes) + " bytes)", "ns/msg", parley,
                    baseline,
                    std::string("msgpack-cxx ") + (operation == "encode" ? "pack" : "unpack") +
                        " of the same map, unchecked",
                    std::nullopt});
    }
    expect_success(child, "parley-codec-bench", std::chrono::minutes(1));
}

}  // namespace parley::bench
