// Shared helpers of the fuzz targets: abort with a message when a property
// fails, so that libFuzzer reports the input as a crash, and the properties
// that every extractor's output must have.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "tonfall/extract.h"

#define FUZZ_CHECK(condition, ...)                                                          \
  do {                                                                                      \
    if (!(condition)) {                                                                     \
      std::fprintf(stderr, "%s:%d: property failed: %s: ", __FILE__, __LINE__, #condition); \
      std::fprintf(stderr, __VA_ARGS__);                                                    \
      std::fputc('\n', stderr);                                                             \
      std::abort();                                                                         \
    }                                                                                       \
  } while (0)

namespace tonfall_fuzz {

// True if `offset` is a UTF-8 character boundary of `text` (its end counts).
inline bool is_char_boundary(std::string_view text, std::size_t offset) {
  if (offset > text.size()) return false;
  if (offset == text.size()) return true;
  return (static_cast<unsigned char>(text[offset]) & 0xC0) != 0x80;
}

// True if `text` is well-formed UTF-8 (no overlong forms, no surrogates,
// nothing above U+10FFFF). NUL counts as valid here.
inline bool is_valid_utf8(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    const auto lead = static_cast<unsigned char>(text[i]);
    std::size_t length;
    char32_t c;
    if (lead < 0x80) {
      ++i;
      continue;
    } else if (lead >= 0xC2 && lead <= 0xDF) {
      length = 2;
      c = lead & 0x1F;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      length = 3;
      c = lead & 0x0F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      length = 4;
      c = lead & 0x07;
    } else {
      return false;
    }
    if (i + length > text.size()) return false;
    for (std::size_t k = 1; k < length; ++k) {
      const auto next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xC0) != 0x80) return false;
      c = (c << 6) | (next & 0x3F);
    }
    if ((length == 3 && c < 0x800) || (length == 4 && (c < 0x10000 || c > 0x10FFFF)) ||
        (c >= 0xD800 && c <= 0xDFFF))
      return false;
    i += length;
  }
  return true;
}

// The properties of an extract that maps into `input`: its map covers
// exactly its text; to_input begin and end are monotonic over the text's
// character boundaries and stay within the input; a non-empty text span maps
// to a span with begin <= end.
inline void check_map_into_input(const tonfall::Extract& extract, std::string_view input) {
  const tonfall::OffsetMap& map = extract.to_input;
  FUZZ_CHECK(map.view_size() == extract.text.size(), "map covers %zu of %zu text bytes",
             map.view_size(), extract.text.size());
  FUZZ_CHECK(map.original_size() <= input.size(), "map covers %zu bytes of an input of %zu",
             map.original_size(), input.size());
  std::size_t last_begin = 0, last_end = 0, previous = 0;
  bool first = true;
  for (std::size_t i = 0; i <= extract.text.size(); ++i) {
    if (!is_char_boundary(extract.text, i)) continue;
    const std::size_t begin = map.to_original_begin(i);
    const std::size_t end = map.to_original_end(i);
    FUZZ_CHECK(begin <= input.size() && end <= input.size(),
               "text %zu -> [%zu, %zu) beyond input of %zu", i, begin, end, input.size());
    FUZZ_CHECK(begin >= last_begin, "begin not monotonic at text %zu: %zu < %zu", i, begin,
               last_begin);
    FUZZ_CHECK(end >= last_end, "end not monotonic at text %zu: %zu < %zu", i, end, last_end);
    if (!first) {
      const std::size_t previous_begin = map.to_original_begin(previous);
      FUZZ_CHECK(previous_begin <= end, "span [%zu, %zu) maps to [%zu, %zu)", previous, i,
                 previous_begin, end);
    }
    last_begin = begin;
    last_end = end;
    previous = i;
    first = false;
  }
}

// The property of an extract that `tonfall fix` may rewrite in place: each
// character of its text maps to exactly its own bytes in `input`, so that a
// replacement of a span of the text is the same replacement of the input.
inline void check_rewritable(const tonfall::Extract& extract, std::string_view input) {
  const tonfall::OffsetMap& map = extract.to_input;
  std::size_t from = 0;
  for (std::size_t i = 1; i <= extract.text.size(); ++i) {
    if (!is_char_boundary(extract.text, i)) continue;
    const std::size_t begin = map.to_original_begin(from);
    const std::size_t end = map.to_original_end(i);
    FUZZ_CHECK(
        end >= begin && input.substr(begin, end - begin) == extract.text.substr(from, i - from),
        "rewritable text [%zu, %zu) maps to other bytes [%zu, %zu)", from, i, begin, end);
    from = i;
  }
}

}  // namespace tonfall_fuzz
