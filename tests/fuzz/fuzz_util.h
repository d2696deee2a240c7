// Shared helpers of the fuzz targets: abort with a message when a property
// fails, so that libFuzzer reports the input as a crash.
#pragma once

#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#define FUZZ_CHECK(condition, ...)                                        \
  do {                                                                    \
    if (!(condition)) {                                                   \
      std::fprintf(stderr, "%s:%d: property failed: %s: ", __FILE__,      \
                   __LINE__, #condition);                                 \
      std::fprintf(stderr, __VA_ARGS__);                                  \
      std::fputc('\n', stderr);                                           \
      std::abort();                                                       \
    }                                                                     \
  } while (0)

namespace tonfall_fuzz {

// True if `offset` is a UTF-8 character boundary of `text` (its end counts).
inline bool is_char_boundary(std::string_view text, std::size_t offset) {
  if (offset > text.size()) return false;
  if (offset == text.size()) return true;
  return (static_cast<unsigned char>(text[offset]) & 0xC0) != 0x80;
}

}  // namespace tonfall_fuzz
