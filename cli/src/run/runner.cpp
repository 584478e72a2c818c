#include "runner.hpp"

#include <parley/worlds/scenario.hpp>

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <iomanip>
#include <iostream>
#include <stdexcept>

namespace parley::cli {

using protocol::Envelope;
using protocol::Kind;

namespace {

std::string format_duration(double seconds) {
    if (seconds < 60) return std::to_string(static_cast<int>(seconds + 0.5)) + "s";
    const auto minutes = static_cast<int>(seconds / 60);
    return std::to_string(minutes) + "m" + std::to_string(static_cast<int>(seconds) % 60) + "s";
}

}  // namespace

std::map<std::string, std::size_t> agents_needed(const std::vector<EpisodeJob>& jobs) {
    std::map<std::string, std::size_t> needed;
    for (const auto& job : jobs) {
        std::map<std::string, std::size_t> in_episode;
        for (const auto& role : job.roles) ++in_episode[role];
        for (const auto& [framework, count] : in_episode) needed[framework] = std::max(needed[framework], count);
    }
    return needed;
}

Runner::Runner(agents::AgentClient& client, AgentPool pool, ResultsWriter& writer, std::size_t parallel,
               std::string unit)
    : client_(client),
      pool_(std::move(pool)),
      writer_(writer),
      parallel_(std::max<std::size_t>(1, parallel)),
      unit_(std::move(unit)) {
    client_.on_other([this](agents::AgentClient&, const Envelope& message) { dispatch(message); });
}

std::size_t Runner::run(const std::vector<EpisodeJob>& jobs, const std::atomic<bool>& stop) {
    std::vector<const EpisodeJob*> todo;
    for (const auto& job : jobs) {
        if (!writer_.completed().contains(job.index)) todo.push_back(&job);
    }
    std::vector<std::uint64_t> order;
    for (const auto* job : todo) order.push_back(job->index);
    writer_.expect(order);
    total_ = todo.size();
    began_ = last_progress_ = agents::Clock::now();
    std::size_t next = 0;
    while (!stop.load() && (next < todo.size() || !active_.empty())) {
        while (active_.size() < parallel_ && next < todo.size()) start_episode(*todo[next++]);
        client_.poll(std::chrono::milliseconds(20));
        const auto now = agents::Clock::now();
        for (auto& [session, driver] : active_) driver->check_deadline(client_, now);
        collect_finished();
        show_progress(false);
    }
    show_progress(true);
    return written_;
}

void Runner::start_episode(const EpisodeJob& job) {
    SessionPlan plan;
    plan.index = job.index;
    // Named after this runner too: several runs may share one broker.
    plan.session = client_.name() + ":episode-" + std::to_string(job.index) + "-" + std::to_string(started_count_++);
    plan.reply_timeout = job.reply_timeout;
    plan.time_limit = job.time_limit;
    // Spread episodes over the agents of each role; no agent plays two parties of one episode.
    std::map<std::string, std::size_t> used;
    for (const auto& role : job.roles) {
        const auto agents = live_agents(role, job.roles);
        const auto taken = used[role]++;
        plan.agents.push_back(agents[(job.index + taken) % agents.size()]);
    }
    plan.game = job.make_game(plan.agents);
    auto driver = std::make_unique<SessionDriver>(std::move(plan));
    driver->start(client_, agents::Clock::now());
    job_of_[driver->session()] = &job;
    active_[driver->session()] = std::move(driver);
}

std::vector<std::string> Runner::live_agents(const std::string& role, const std::vector<std::string>& roles) const {
    const auto& all = pool_.at(role);
    std::vector<std::string> live;
    for (const auto& name : all) {
        if (!lost_agents_.contains(name)) live.push_back(name);
    }
    const auto wanted = static_cast<std::size_t>(std::count(roles.begin(), roles.end(), role));
    // Too few left: play with all of them anyway; episodes with a gone agent fail fast and are recorded.
    return live.size() >= wanted ? live : all;
}

void Runner::note_lost(const Envelope& message) {
    if (message.header.kind == Kind::SessionEvent) {
        const auto& event = std::get<protocol::SessionEventBody>(message.body);
        if (event.event == protocol::SessionEventType::Lost) lost_agents_.insert(event.member);
    } else if (message.header.kind == Kind::Error &&
               std::get<protocol::ErrorBody>(message.body).code == protocol::ErrorCode::UnknownRecipient) {
        // The broker names no agent in the error; the episode that sent the message knows whom it addressed.
        for (const auto& [session, driver] : active_) {
            if (auto agent = driver->recipient_of(message.header.in_reply_to.value_or(0))) lost_agents_.insert(*agent);
        }
    }
}

void Runner::dispatch(const Envelope& message) {
    note_lost(message);
    if (!message.header.session.empty()) {
        auto found = active_.find(message.header.session);
        if (found != active_.end()) found->second->on_message(client_, message, agents::Clock::now());
        return;
    }
    if (message.header.kind == Kind::Error && message.header.in_reply_to) {
        for (auto& [session, driver] : active_) {
            if (driver->sent(*message.header.in_reply_to)) {
                driver->on_broker_error(client_, message);
                return;
            }
        }
    }
    spdlog::debug("runner: ignoring {} from '{}'", protocol::kind_name(message.header.kind), message.header.sender);
}

void Runner::collect_finished() {
    for (auto it = active_.begin(); it != active_.end();) {
        if (!it->second->finished()) {
            ++it;
            continue;
        }
        const auto& job = *job_of_.at(it->first);
        writer_.add(job.make_record(*it->second));
        ++written_;
        job_of_.erase(it->first);
        it = active_.erase(it);
    }
}

void Runner::show_progress(bool final) {
    const auto now = agents::Clock::now();
    // A terminal gets a bar redrawn in place; a log file a plain line now and then.
    static const bool terminal = ::isatty(STDERR_FILENO) != 0;
    const auto period = terminal ? std::chrono::milliseconds(250) : std::chrono::milliseconds(5000);
    if (!final && now - last_progress_ < period) return;
    last_progress_ = now;
    const double elapsed = std::chrono::duration<double>(now - began_).count();
    const double rate = elapsed > 0 ? static_cast<double>(written_) / elapsed : 0.0;
    const auto left = total_ - std::min(total_, written_);
    constexpr int kWidth = 30;
    const int filled = total_ ? static_cast<int>(kWidth * written_ / total_) : kWidth;
    std::cerr << (terminal ? "\r[" : "[") << std::string(static_cast<std::size_t>(filled), '=')
              << std::string(static_cast<std::size_t>(kWidth - filled), ' ') << "] " << written_ << "/" << total_
              << " " << unit_ << ", " << std::fixed << std::setprecision(1) << rate << "/s"
              << (rate > 0 && left ? ", " + format_duration(static_cast<double>(left) / rate) + " left" : "")
              << "   " << (final || !terminal ? "\n" : "") << std::flush;
}

}  // namespace parley::cli
