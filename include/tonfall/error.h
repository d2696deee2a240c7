// Errors as values, for failures that are part of normal operation: unreadable
// files, invalid UTF-8, broken rule packs. Exceptions are reserved for bugs.
#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <variant>

namespace YAML {
class Exception;
}

namespace tonfall {

// Where and why something failed. `line` and `column` are 1-based; 0 means
// "not applicable" (a whole file could not be read, for example).
struct Error {
  std::string path;
  std::size_t line = 0;
  std::size_t column = 0;
  std::string message;

  // Renders "path:line:col: message", leaving out the parts that are unknown.
  std::string to_string() const;
};

// The error of a YAML document in `path` that yaml-cpp could not read, at the
// place it names ("invalid YAML: …"). yaml-cpp stops at a fixed depth rather
// than overflow the stack, but calls that "bad file": it is said as it is.
Error yaml_error(const std::string& path, const YAML::Exception& e);

// A value or the Error that prevented it. A minimal stand-in for C++23's
// std::expected.
template <class T>
class Expected {
 public:
  Expected(T value) : state_(std::move(value)) {}
  Expected(Error error) : state_(std::move(error)) {}

  bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }

  // Valid only when ok().
  T& value() { return std::get<0>(state_); }
  const T& value() const { return std::get<0>(state_); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() { return value(); }

  // Valid only when !ok().
  const Error& error() const { return std::get<1>(state_); }

 private:
  std::variant<T, Error> state_;
};

}  // namespace tonfall
