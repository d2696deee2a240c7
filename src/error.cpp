#include "tonfall/error.h"

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

}  // namespace tonfall
