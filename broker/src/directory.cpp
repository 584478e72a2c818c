#include <parley/broker/directory.hpp>

namespace parley::broker {
namespace {

// The value stored under `key`, or nullptr; const for a const map.
template <class Map>
auto* value_at(Map& map, const std::string& key) {
    auto found = map.find(key);
    return found == map.end() ? nullptr : &found->second;
}

}  // namespace

AgentRecord* Directory::by_identity(const std::string& identity) {
    auto found = record_by_identity_.find(identity);
    return found == record_by_identity_.end() ? nullptr : found->second;
}

AgentRecord* Directory::by_name(const std::string& name) { return value_at(agents_, name); }

const AgentRecord* Directory::by_name(const std::string& name) const { return value_at(agents_, name); }

AgentRecord& Directory::add(AgentRecord record) {
    auto name = record.name;
    auto& added = agents_.insert_or_assign(std::move(name), std::move(record)).first->second;
    record_by_identity_[added.identity] = &added;
    return added;
}

void Directory::rebind(AgentRecord& record, const std::string& identity) {
    record_by_identity_.erase(record.identity);
    record.identity = identity;
    record_by_identity_[identity] = &record;
}

void Directory::remove(const std::string& name) {
    auto found = agents_.find(name);
    if (found == agents_.end()) return;
    for (const auto& session : std::set<std::string>(found->second.sessions)) leave(session, name);
    record_by_identity_.erase(found->second.identity);
    agents_.erase(found);
}

SessionRecord* Directory::session(const std::string& id) { return value_at(sessions_, id); }

const SessionRecord* Directory::session(const std::string& id) const { return value_at(sessions_, id); }

SessionRecord& Directory::open_session(const std::string& id) { return sessions_[id]; }

void Directory::close_if_empty(const std::string& id) {
    auto found = sessions_.find(id);
    if (found != sessions_.end() && found->second.empty()) sessions_.erase(found);
}

void Directory::invite(const std::string& session, const std::string& agent) {
    auto& record = sessions_[session];
    if (!record.members.contains(agent)) record.invited.insert(agent);
    if (auto* member = by_name(agent)) member->sessions.insert(session);
}

void Directory::join(const std::string& session, const std::string& agent) {
    auto& record = sessions_[session];
    record.invited.erase(agent);
    record.members.insert(agent);
    if (auto* member = by_name(agent)) member->sessions.insert(session);
}

void Directory::leave(const std::string& session, const std::string& agent) {
    if (auto* record = this->session(session)) {
        record->members.erase(agent);
        record->invited.erase(agent);
    }
    if (auto* member = by_name(agent)) member->sessions.erase(session);
    close_if_empty(session);
}

}  // namespace parley::broker
