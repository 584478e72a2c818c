#pragma once
// The one exception type of domains/: a domain or profile
// that cannot be used (a bad file, inconsistent profiles, parameters out of
// range). Its message names the file (or other source) and what is wrong, so
// that a user can fix the input without reading the code.

#include <stdexcept>
#include <string>

namespace parley::worlds {

class DomainError : public std::runtime_error {
public:
    explicit DomainError(const std::string& message) : std::runtime_error(message) {}
};

}  // namespace parley::worlds
