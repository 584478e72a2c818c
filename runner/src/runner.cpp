#include <parley/runner/runner.hpp>

#include <spdlog/spdlog.h>

#include <algorithm>
#include <random>
#include <stdexcept>

namespace parley::runner {

using protocol::Envelope;
using protocol::Kind;

namespace {

// How often the broker is asked which agents on probation have registered.
constexpr std::chrono::milliseconds kConfirmationPeriod{250};
// A directory query left unanswered this long is asked again.
constexpr std::chrono::milliseconds kDirectoryPatience{2000};

// 128 bits from the operating system's generator, as hexadecimal: a session
// id that another client of the broker cannot guess (protocol/SPEC.md,
// security considerations).
std::string unpredictable_token() {
    static thread_local std::random_device device;
    std::string token;
    for (int word = 0; word < 4; ++word) {
        const auto bits = device();
        for (int shift = 28; shift >= 0; shift -= 4) token += "0123456789abcdef"[(bits >> shift) & 0xfu];
    }
    return token;
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

Runner::Runner(agents::AgentClient& client, AgentPool pool, ResultsWriter& writer, RunnerOptions options,
               AgentSupervisor* supervisor)
    : client_(client), pool_(std::move(pool)), writer_(writer), options_(std::move(options)), supervisor_(supervisor) {
    options_.parallel = std::max<std::size_t>(1, options_.parallel);
    options_.attempts = std::max<std::size_t>(1, options_.attempts);
    client_.on_other([this](agents::AgentClient&, const Envelope& message) { dispatch(message); });
    client_.on_state([this](agents::ConnectionState state) { on_connection(state); });
    connected_ = client_.ready();
}

Runner::~Runner() {
    // The client outlives the runner and still changes state when it closes.
    client_.on_other({});
    client_.on_state({});
}

RunReport Runner::run(const std::vector<EpisodeJob>& jobs, const std::atomic<bool>& stop) {
    std::vector<std::uint64_t> order;
    for (const auto& job : jobs) {
        if (writer_.completed().contains(job.index)) continue;
        queue_.push_back(Play{&job, 1});
        order.push_back(job.index);
    }
    writer_.expect(order);
    total_ = order.size();
    began_ = agents::Clock::now();
    while (!stop.load() && (!queue_.empty() || !active_.empty())) {
        while (connected_ && active_.size() < options_.parallel && !queue_.empty() && start_episode(queue_.front())) {
            queue_.pop_front();
        }
        client_.poll(std::chrono::milliseconds(20));
        const auto now = agents::Clock::now();
        for (auto& [session, driver] : active_) driver->check_deadline(client_, now);
        supervise(now);
        confirm_agents(now);
        collect_finished();
        report_progress(false);
        if (!connected_ && now - disconnected_since_ > options_.broker_patience) {
            spdlog::error("the broker at {} was lost and did not come back within {} s", client_.options().endpoint,
                          std::chrono::duration_cast<std::chrono::seconds>(options_.broker_patience).count());
            report_.broker_gone = true;
            break;
        }
    }
    report_progress(true);
    return report_;
}

std::string Runner::new_session_id(std::uint64_t index) {
    // Named after this runner and the episode, to be readable in logs; the
    // random part makes it impossible to open first.
    return client_.name() + ":episode-" + std::to_string(index) + "-" + unpredictable_token();
}

bool Runner::start_episode(const Play& play) {
    const auto& job = *play.job;
    std::map<std::string, std::size_t> wanted;
    for (const auto& role : job.roles) ++wanted[role];
    std::map<std::string, std::vector<std::string>> candidates;
    for (const auto& [role, count] : wanted) {
        candidates[role] = playable_agents(role, count);
        if (candidates[role].empty()) return false;  // agents are coming back: wait for them
    }
    SessionPlan plan;
    plan.index = job.index;
    plan.session = new_session_id(job.index);
    plan.reply_timeout = job.reply_timeout;
    plan.time_limit = job.time_limit;
    // Spread episodes over the agents of each role; no agent plays two parties of one episode.
    std::map<std::string, std::size_t> used;
    for (const auto& role : job.roles) {
        const auto& agents = candidates[role];
        const auto taken = used[role]++;
        plan.agents.push_back(agents[(job.index + taken) % agents.size()]);
    }
    plan.game = job.make_game(plan.agents);
    auto driver = std::make_unique<SessionDriver>(std::move(plan));
    driver->start(client_, agents::Clock::now());
    play_of_[driver->session()] = play;
    active_[driver->session()] = std::move(driver);
    return true;
}

std::vector<std::string> Runner::playable_agents(const std::string& role, std::size_t wanted) const {
    const auto& all = pool_.at(role);
    std::vector<std::string> live;
    bool coming = false;
    for (const auto& name : all) {
        const bool lost = lost_agents_.contains(name);
        const bool waiting = probation_.contains(name);
        if (!lost && !waiting) live.push_back(name);
        coming = coming || waiting || (lost && supervisor_ != nullptr && supervisor_->will_replace(name));
    }
    if (live.size() >= wanted) return live;
    // Too few left and none coming back: play with all of them anyway; episodes
    // with a gone agent fail fast and are recorded.
    return coming ? std::vector<std::string>{} : all;
}

void Runner::mark_lost(const std::string& agent) {
    if (!lost_agents_.insert(agent).second) return;
    probation_.erase(agent);
    if (supervisor_ != nullptr) supervisor_->lost(agent);
}

void Runner::note_lost(const Envelope& message) {
    if (message.header.kind == Kind::SessionEvent) {
        const auto& event = std::get<protocol::SessionEventBody>(message.body);
        if (event.event == protocol::SessionEventType::Lost) mark_lost(event.member);
    } else if (message.header.kind == Kind::Error &&
               std::get<protocol::ErrorBody>(message.body).code == protocol::ErrorCode::UnknownRecipient) {
        // The broker names no agent in the error; the episode that sent the message knows whom it addressed.
        for (const auto& [session, driver] : active_) {
            if (auto agent = driver->recipient_of(message.header.in_reply_to.value_or(0))) mark_lost(*agent);
        }
    }
}

void Runner::on_connection(agents::ConnectionState state) {
    const auto now = agents::Clock::now();
    if (state != agents::ConnectionState::Ready) {
        if (!connected_) return;
        connected_ = false;
        disconnected_since_ = now;
        spdlog::warn("runner: lost the broker at {}; {} {} in flight will be played again", client_.options().endpoint,
                     active_.size(), options_.unit);
        for (auto& [session, driver] : active_) {
            driver->abandon(worlds::Failure::BrokerLost, "the runner lost the broker at " + client_.options().endpoint);
        }
        directory_query_ = 0;
        return;
    }
    if (connected_) return;
    connected_ = true;
    // A broker that came back knows none of the agents until they register
    // again: every one plays once it is listed.
    for (const auto& [role, names] : pool_) {
        for (const auto& name : names) probation_[name] = now;
    }
    spdlog::info("runner: registered with the broker again; waiting for the agents to return");
}

void Runner::supervise(agents::Clock::time_point now) {
    if (supervisor_ == nullptr) return;
    for (auto& replacement : supervisor_->supervise(now)) {
        auto& names = pool_.at(replacement.role);
        std::replace(names.begin(), names.end(), replacement.lost, replacement.replacement);
        lost_agents_.insert(replacement.lost);
        probation_[replacement.replacement] = now;
        ++report_.replacements;
    }
}

void Runner::confirm_agents(agents::Clock::time_point now) {
    // One that never registers is given up: episodes then fail fast with it and are recorded.
    for (auto it = probation_.begin(); it != probation_.end();) {
        if (now - it->second <= options_.broker_patience) {
            ++it;
            continue;
        }
        spdlog::warn("runner: agent '{}' did not register within {} s", it->first,
                     std::chrono::duration_cast<std::chrono::seconds>(options_.broker_patience).count());
        lost_agents_.insert(it->first);
        it = probation_.erase(it);
    }
    if (probation_.empty() || !connected_) return;
    if (directory_query_ != 0 && now - directory_query_sent_ < kDirectoryPatience) return;
    if (directory_query_ == 0 && now - directory_query_sent_ < kConfirmationPeriod) return;
    directory_query_ = client_.send(protocol::make_envelope(Kind::DirectoryQuery, client_.name(), protocol::DirectoryQueryBody{}));
    directory_query_sent_ = now;
}

void Runner::dispatch(const Envelope& message) {
    note_lost(message);
    if (message.header.kind == Kind::Directory && directory_query_ != 0 &&
        message.header.in_reply_to == directory_query_) {
        for (const auto& entry : std::get<protocol::DirectoryBody>(message.body).agents) {
            if (probation_.erase(entry.name) > 0) lost_agents_.erase(entry.name);
        }
        directory_query_ = 0;
        return;
    }
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
        const auto& driver = *it->second;
        const auto play = play_of_.at(it->first);
        const auto& failure = driver.failure();
        // A lost broker spoils every episode in flight through no fault of theirs: it uses up no attempt.
        const bool broker = failure == worlds::Failure::BrokerLost;
        if (failure && (broker || play.attempt < options_.attempts)) {
            spdlog::info("{} {}: {}; playing it again (attempt {} of {})", options_.unit, play.job->index,
                         driver.detail(), play.attempt + (broker ? 0 : 1), options_.attempts);
            queue_.push_front(Play{play.job, play.attempt + (broker ? 0 : 1)});
            ++report_.replayed;
        } else {
            writer_.add(play.job->make_record(driver));
            ++report_.written;
        }
        play_of_.erase(it->first);
        it = active_.erase(it);
        // Turning many finished sessions into rows takes a while: the broker must still hear from us.
        client_.keep_alive();
    }
}

void Runner::report_progress(bool final) {
    if (!options_.progress) return;
    RunProgress progress;
    progress.written = report_.written;
    progress.total = total_;
    progress.replayed = report_.replayed;
    progress.elapsed = std::chrono::duration<double>(agents::Clock::now() - began_).count();
    progress.final = final;
    options_.progress(progress);
}

}  // namespace parley::runner
