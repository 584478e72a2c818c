#include <parley/agents/session_handler.hpp>

#include <parley/content/game_wire.hpp>

namespace parley::agents {

// A game invitation names its game; anything else invites to a negotiation,
// whose reader says what is wrong with it if it is not one.
SessionKind invited_to(const nlohmann::ordered_json& content) {
    return worlds::is_game_invitation(content) ? SessionKind::game : SessionKind::negotiation;
}

std::string_view plural_name(SessionKind kind) {
    switch (kind) {
        case SessionKind::negotiation: return "negotiations";
        case SessionKind::game: return "games";
    }
    return "sessions";
}

}  // namespace parley::agents
