#pragma once
// The broker's bookkeeping: which agents are registered under which routing
// identity, and which agents belong to or are invited into which session.
// Pure data, no sockets, so that every rule can be tested on its own.

#include <chrono>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

namespace parley::broker {

using Clock = std::chrono::steady_clock;

struct AgentRecord {
    std::string name;
    std::string identity;  // ZeroMQ routing identity of its socket
    std::string framework;
    std::vector<std::string> capabilities;
    std::string instance;
    Clock::time_point last_heard;
    Clock::time_point last_sent;
    std::set<std::string> sessions;  // sessions it is a member of or invited into
};

struct SessionRecord {
    std::set<std::string> members;
    std::set<std::string> invited;
    bool empty() const { return members.empty() && invited.empty(); }
};

class Directory {
public:
    AgentRecord* by_identity(const std::string& identity);
    AgentRecord* by_name(const std::string& name);
    const AgentRecord* by_name(const std::string& name) const;
    const std::map<std::string, AgentRecord>& agents() const { return agents_; }

    AgentRecord& add(AgentRecord record);
    // Points the name at a new socket, as when an agent reconnects.
    void rebind(AgentRecord& record, const std::string& identity);
    void remove(const std::string& name);

    SessionRecord* session(const std::string& id);
    const SessionRecord* session(const std::string& id) const;
    SessionRecord& open_session(const std::string& id);
    // Forgets a session once it has neither members nor pending invitations.
    void close_if_empty(const std::string& id);
    std::size_t session_count() const { return sessions_.size(); }

    void invite(const std::string& session, const std::string& agent);
    void join(const std::string& session, const std::string& agent);
    // Removes the agent from the session, whether member or only invited.
    void leave(const std::string& session, const std::string& agent);

private:
    std::map<std::string, AgentRecord> agents_;  // ordered: directory answers are deterministic
    // Points into agents_: a std::map never moves its elements, and an entry
    // goes with its record. One lookup per frame instead of two.
    std::unordered_map<std::string, AgentRecord*> record_by_identity_;
    std::unordered_map<std::string, SessionRecord> sessions_;
};

}  // namespace parley::broker
