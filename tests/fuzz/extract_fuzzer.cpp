// Fuzzes the Markdown and HTML extractors. The first byte picks the format
// (even: Markdown, odd: HTML), the rest is the input; only valid UTF-8 is
// extracted (the pipeline validates first). Every extract that maps to the
// input has the properties of check_map_into_input (fuzz_util.h). The
// e-mail and library extractors have targets of their own (email_fuzzer.cpp,
// library_fuzzer.cpp).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_util.h"
#include "tonfall/extract.h"
#include "tonfall/normalize.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const auto format = (data[0] & 1) ? tonfall::InputFormat::html : tonfall::InputFormat::markdown;
  const std::string_view input(reinterpret_cast<const char*>(data + 1), size - 1);
  if (tonfall::find_invalid_text(input)) return 0;
  auto extracts = tonfall::extract_prose(input, format);
  if (!extracts) return 0;
  for (const tonfall::Extract& extract : extracts.value()) {
    if (extract.maps_to_input) tonfall_fuzz::check_map_into_input(extract, input);
  }
  return 0;
}
