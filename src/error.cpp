#include "tonfall/error.h"

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/yaml.h>

namespace tonfall {

std::string Error::to_string() const {
  std::string out = path;
  if (line != 0) {
    out += ':' + std::to_string(line);
    if (column != 0) out += ':' + std::to_string(column);
  }
  if (!out.empty()) out += ": ";
  return out + message;
}

Error yaml_error(const std::string& path, const YAML::Exception& e) {
  // A null mark is -1 everywhere: no place, as 0.
  const auto line = static_cast<std::size_t>(e.mark.line + 1);
  const auto column = static_cast<std::size_t>(e.mark.column + 1);
  if (const auto* deep = dynamic_cast<const YAML::DeepRecursion*>(&e))
    return Error{path, line, column, "invalid YAML: nested too deeply (more than " + std::to_string(deep->depth()) + " levels)"};
  return Error{path, line, column, "invalid YAML: " + e.msg};
}

}  // namespace tonfall
