// Fuzzes the Markdown and HTML extractors. The first byte picks the format
// (even: Markdown, odd: HTML), the rest is the input; only valid UTF-8 is
// extracted (the pipeline validates first). Properties of every extract that
// maps to the input: its map covers exactly its text; to_input begin and end
// are monotonic over the text's character boundaries and stay within the
// input; a non-empty text span maps to a span with begin <= end.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_util.h"
#include "tonfall/extract.h"
#include "tonfall/normalize.h"

using tonfall_fuzz::is_char_boundary;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const auto format = (data[0] & 1) ? tonfall::InputFormat::html : tonfall::InputFormat::markdown;
  const std::string_view input(reinterpret_cast<const char*>(data + 1), size - 1);
  if (tonfall::find_invalid_text(input)) return 0;
  auto extracts = tonfall::extract_prose(input, format);
  if (!extracts) return 0;
  for (const tonfall::Extract& extract : extracts.value()) {
    if (!extract.maps_to_input) continue;
    const tonfall::OffsetMap& map = extract.to_input;
    FUZZ_CHECK(map.view_size() == extract.text.size(), "map covers %zu of %zu text bytes",
               map.view_size(), extract.text.size());
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
  return 0;
}
