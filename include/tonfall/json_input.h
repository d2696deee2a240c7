// JSON read from outside (JSON Lines requests, MCP messages, the HTTP
// server's bodies): a guard against deep nesting, and parse errors worded for
// people.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace tonfall {

// True if the arrays and objects of `json` nest deeper than `limit` (brackets
// inside strings do not count; the text need not be valid JSON). A message
// that nests deeper is refused before it is parsed: parsing and writing a
// JSON value recurse, and 100,000 levels end the process.
bool nests_deeper_than(std::string_view json, std::size_t limit);

// How deep a JSON message read by a long-lived process (JSON Lines, MCP, the
// HTTP server) may nest.
inline constexpr std::size_t kMaxMessageDepth = 64;

// A JSON parser's message without its exception tag: "parse error at line 1,
// column 3: …" of "[json.exception.parse_error.101] parse error at …".
std::string parse_error_text(std::string_view what);

}  // namespace tonfall
