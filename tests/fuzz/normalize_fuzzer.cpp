// Fuzzes the normalizer and its offset map. Properties, for every input that
// normalize() accepts:
// - the view is valid UTF-8 and the map covers exactly view and original;
// - every view character boundary maps (begin and end) to a UTF-8 character
//   boundary of the original;
// - to_original_begin and to_original_end are monotonic;
// - a non-empty view span [i, j) maps to a span with begin <= end.
// And normalize() fails exactly when find_invalid_text() reports an error.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_util.h"
#include "tonfall/normalize.h"

using tonfall_fuzz::is_char_boundary;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view original(reinterpret_cast<const char*>(data), size);
  auto normalized = tonfall::normalize(original);
  const bool invalid = tonfall::find_invalid_text(original).has_value();
  FUZZ_CHECK(normalized.ok() != invalid, "normalize ok=%d, find_invalid_text=%d",
             normalized.ok(), invalid);
  if (!normalized) return 0;

  const tonfall::NormalizedText& text = normalized.value();
  const tonfall::OffsetMap& map = text.map;
  FUZZ_CHECK(map.view_size() == text.view.size(), "%zu vs %zu", map.view_size(),
             text.view.size());
  FUZZ_CHECK(map.original_size() == original.size(), "%zu vs %zu", map.original_size(),
             original.size());
  FUZZ_CHECK(!tonfall::find_invalid_text(text.view).has_value(), "view is not valid UTF-8");

  std::vector<std::size_t> boundaries;
  for (std::size_t i = 0; i <= text.view.size(); ++i)
    if (is_char_boundary(text.view, i)) boundaries.push_back(i);

  std::size_t last_begin = 0, last_end = 0;
  for (std::size_t k = 0; k < boundaries.size(); ++k) {
    const std::size_t i = boundaries[k];
    const std::size_t begin = map.to_original_begin(i);
    const std::size_t end = map.to_original_end(i);
    FUZZ_CHECK(begin <= original.size() && end <= original.size(), "view %zu -> %zu, %zu", i,
               begin, end);
    FUZZ_CHECK(is_char_boundary(original, begin), "begin of view %zu -> %zu inside a character",
               i, begin);
    FUZZ_CHECK(is_char_boundary(original, end), "end of view %zu -> %zu inside a character", i,
               end);
    FUZZ_CHECK(begin >= last_begin, "begin not monotonic at view %zu: %zu < %zu", i, begin,
               last_begin);
    FUZZ_CHECK(end >= last_end, "end not monotonic at view %zu: %zu < %zu", i, end, last_end);
    if (k + 1 < boundaries.size()) {
      const std::size_t next_end = map.to_original_end(boundaries[k + 1]);
      FUZZ_CHECK(begin <= next_end, "span [%zu, %zu) maps to [%zu, %zu)", i, boundaries[k + 1],
                 begin, next_end);
    }
    last_begin = begin;
    last_end = end;
  }

  // The helpers that work on valid text must not trip on any of it.
  (void)tonfall::nfc_length(original);
  if (!tonfall::is_nfc(text.view)) {
    // The view is NFC by construction, apart from the folded characters.
  }
  const std::string nfd = tonfall::to_nfd(text.view);
  FUZZ_CHECK(!tonfall::find_invalid_text(nfd).has_value(), "to_nfd gave invalid UTF-8");
  return 0;
}
