// A guard for JSON read from outside: parsing and writing a JSON value
// recurse, and 100,000 levels of nesting end the process.
#pragma once

#include <cstddef>
#include <string_view>

namespace tonfall {

// True if the arrays and objects of `json` nest deeper than `limit` (brackets
// inside strings do not count; the text need not be valid JSON). A message
// that nests deeper is refused before it is parsed.
bool nests_deeper_than(std::string_view json, std::size_t limit);

// How deep a JSON message read by a long-lived process (JSON Lines, MCP, the
// HTTP server) may nest.
inline constexpr std::size_t kMaxMessageDepth = 64;

}  // namespace tonfall
