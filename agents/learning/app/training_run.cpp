#include "training_run.hpp"

#include "exit_codes.hpp"
#include "progress_line.hpp"

#include <parley/agents/framework.hpp>
#include <parley/agents/model_file.hpp>
#include <parley/learning/policy.hpp>
#include <parley/learning/ppo_trainer.hpp>
#include <parley/runner/run.hpp>
#include <parley/sandbox/scenario_environment.hpp>
#include <parley/scenario/scenario.hpp>

#include <spdlog/spdlog.h>

#include <chrono>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <sstream>

namespace parley::learning {
namespace {

using Clock = std::chrono::steady_clock;

// Thrown where a training cannot start (bad scenario, model or checkpoint): exit 2.
struct Refused : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// A framework whose agents run a trained model (the learned ones).
bool plays_a_model(const std::string& name) {
    const auto* framework = agents::FrameworkRegistry::global().find(name);
    return framework != nullptr && !framework->host.empty();
}

// The run's vocabulary, but the roster's learned entries are not checked: the
// model they name may be the one this training is about to write. Opponents
// that play a model are checked when the training environment makes them.
worlds::ScenarioVocabulary training_vocabulary() {
    auto vocabulary = runner::scenario_vocabulary();
    vocabulary.check_framework_parameters = [check = vocabulary.check_framework_parameters](
                                                const std::string& framework, const worlds::ParameterMap& parameters) {
        if (!plays_a_model(framework)) check(framework, parameters);
    };
    vocabulary.check_strategy_parameters = [check = vocabulary.check_strategy_parameters](
                                               const std::string& game, const std::string& strategy,
                                               const worlds::ParameterMap& parameters) {
        if (!plays_a_model(strategy)) check(game, strategy, parameters);
    };
    return vocabulary;
}

worlds::Scenario load_training_scenario(const std::filesystem::path& file) {
    auto vocabulary = training_vocabulary();
    vocabulary.check_learning_parameters = [](const auto& ppo) { (void)config_from_settings(ppo); };
    auto scenario = worlds::load_scenario(file, vocabulary);
    if (!scenario.learning) throw Refused(file.string() + ": the scenario has no learning section (see scenarios/README.md, \"learning\")");
    return scenario;
}

// Episodes between checkpoints: a whole number of updates, so that a
// checkpoint never holds half a batch; by default ten over the training.
std::uint64_t checkpoint_period(const worlds::LearningSpec& spec, std::uint64_t episodes, std::size_t per_update) {
    const std::uint64_t wanted = spec.checkpoint_every ? spec.checkpoint_every : (episodes + 9) / 10;
    return std::max<std::uint64_t>(per_update, (wanted + per_update - 1) / per_update * per_update);
}

// The training log beside the model: one row per update. On resume, the rows
// after the checkpoint are dropped, so that the log ends as an uninterrupted
// training's does.
class TrainingLog {
public:
    TrainingLog(std::filesystem::path file, bool resume, std::uint64_t episodes_done) : file_(std::move(file)) {
        std::vector<std::string> kept;
        if (resume) {
            std::ifstream in(file_);
            std::string row;
            while (std::getline(in, row)) {
                if (kept.empty() || std::stoull(row.substr(0, row.find(','))) <= episodes_done) kept.push_back(row);
            }
        }
        out_.open(file_, std::ios::trunc);
        if (kept.empty()) kept.push_back("episodes,mean_return,policy_loss,value_loss,entropy");
        for (const auto& row : kept) out_ << row << '\n';
        check();
    }

    void add(const TrainingProgress& progress) {
        out_ << progress.episodes_done << ',' << std::setprecision(9) << progress.mean_return << ','
             << progress.policy_loss << ',' << progress.value_loss << ',' << progress.entropy << '\n';
        check();
    }

    void close() {
        out_.close();
        check();
    }

private:
    void check() {
        if (!out_) throw agents::ModelWriteError(file_.string() + ": cannot write the training log");
    }
    std::filesystem::path file_;
    std::ofstream out_;
};

std::filesystem::path with_suffix(const std::filesystem::path& model, const char* suffix) {
    auto file = model;
    file += suffix;
    return file;
}

int train(const TrainingRequest& request, const std::atomic<bool>& stop) {
    const auto scenario = load_training_scenario(request.scenario);
    const auto& spec = *scenario.learning;
    const auto model = request.model.value_or(spec.model);
    const auto checkpoint = with_suffix(model, ".checkpoint");
    const auto episodes = request.episodes.value_or(spec.episodes);
    const auto config = config_from_settings(spec.ppo);
    if (!model.parent_path().empty()) std::filesystem::create_directories(model.parent_path());

    const std::string self_play_key = "self-play:" + scenario.name;
    auto environment = sandbox::learning_environment(scenario, self_play_key);
    PpoTrainer trainer = request.resume ? PpoTrainer::resume(checkpoint, *environment)
                                        : PpoTrainer(*environment, config, spec.seed);
    if (request.resume && (trainer.metadata().training_seed != spec.seed ||
                           to_json(trainer.metadata()) != to_json([&] {
                               auto same = describe_environment(*environment, config, spec.seed);
                               same.episodes_done = trainer.episodes_done();
                               return same;
                           }()))) {
        throw Refused(checkpoint.string() + ": it was trained with another seed or other hyper-parameters than " +
                      request.scenario.string() + " gives; train anew without --resume");
    }
    const auto provide_self = [&] {
        if (spec.self_play) agents::provide_policy(self_play_key, greedy_action_policy(trainer.policy()));
    };
    provide_self();

    const auto per_update = config.episodes_per_update;
    const auto period = checkpoint_period(spec, episodes, per_update);
    TrainingLog log(with_suffix(model, ".training.csv"), request.resume, trainer.episodes_done());
    cli::ProgressLine line;
    const auto started = Clock::now();
    const auto resumed_at = trainer.episodes_done();
    std::uint64_t updates = 0;
    double last_return = 0.0;
    std::cout << "training " << environment->world() << " from seat " << spec.seat << " for " << episodes
              << " episodes (" << trainer.episodes_done() << " done), seed " << spec.seed << ", model " << model.string()
              << std::endl;
    const auto show = [&](bool final) {
        if (request.quiet) return;
        const double elapsed = std::chrono::duration<double>(Clock::now() - started).count();
        std::ostringstream extra;
        extra << std::fixed << std::setprecision(3) << ", mean return " << last_return;
        // The rate counts this session's episodes: a resumed run's earlier ones took no time here.
        line.show(trainer.episodes_done() - resumed_at, episodes - resumed_at, "episodes", elapsed, extra.str(), final);
    };
    while (trainer.episodes_done() < episodes) {
        if (stop.load()) {
            trainer.save_checkpoint(checkpoint);
            show(true);
            std::cout << "interrupted after " << trainer.episodes_done() << " episodes; the checkpoint " << checkpoint.string()
                      << " holds them: go on with --resume" << std::endl;
            return cli::kExitInterrupted;
        }
        const auto chunk = std::min<std::uint64_t>(per_update - trainer.episodes_done() % per_update,
                                                   episodes - trainer.episodes_done());
        trainer.train(*environment, chunk, [&](const TrainingProgress& progress) {
            ++updates;
            last_return = progress.mean_return;
            log.add(progress);
            provide_self();
        });
        if (trainer.episodes_done() % period == 0 || trainer.episodes_done() == episodes) {
            trainer.save_checkpoint(checkpoint);
            std::cout << "checkpoint: " << trainer.episodes_done() << " episodes in " << checkpoint.string() << std::endl;
        }
        show(false);
    }
    trainer.policy().save(model);
    log.close();
    show(true);
    const double seconds = std::chrono::duration<double>(Clock::now() - started).count();
    std::cout << "trained " << episodes << " episodes (" << updates << " updates in " << std::fixed << std::setprecision(1)
              << seconds << " s, " << (seconds > 0 ? static_cast<double>(updates) / seconds : 0.0)
              << " updates/s); last mean return " << std::setprecision(4) << last_return << "; model " << model.string()
              << std::endl;
    return cli::kExitOk;
}

}  // namespace

int run_training(const TrainingRequest& request, const std::atomic<bool>& stop) {
    try {
        return train(request, stop);
    } catch (const worlds::ScenarioError& error) {
        spdlog::error("{}", error.what());
        return cli::kExitScenarioError;
    } catch (const Refused& error) {
        spdlog::error("{}", error.what());
        return cli::kExitScenarioError;
    } catch (const agents::ModelWriteError& error) {
        spdlog::error("{}", error.what());
        return cli::kExitWriteFailed;
    } catch (const agents::PolicyLoadError& error) {  // a checkpoint that cannot be resumed from
        spdlog::error("{}", error.what());
        return cli::kExitScenarioError;
    } catch (const std::filesystem::filesystem_error& error) {
        spdlog::error("{}", error.what());
        return cli::kExitWriteFailed;
    } catch (const std::invalid_argument& error) {
        spdlog::error("{}: {}", request.scenario.string(), error.what());
        return cli::kExitScenarioError;
    }
}

}  // namespace parley::learning
