// Fuzzes the e-mail extractor (RFC 5322 header, MIME body). The input is the
// .eml file as it is: any bytes, since an e-mail need not be UTF-8 (Latin-1
// parts), so nothing is filtered. Properties:
//  - every extract's text is valid UTF-8 without NUL (the pipeline lints each
//    text, and a NUL must be reported by the extractor with its place in the
//    file, not later with a place in the decoded text);
//  - an extract that maps to the input has the properties of
//    check_map_into_input (fuzz_util.h); one that does not (a base64 part) is
//    not rewritable;
//  - a rewritable extract maps each character to exactly its own bytes;
//  - an error that names a byte ("at byte N") names one inside the input.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "fuzz_util.h"
#include "tonfall/extract.h"

namespace {

// The N of "... at byte N ..." in `message`, or nullopt. Quoted input (a
// charset name) may hold such words itself, so look after the last quote.
std::optional<std::size_t> byte_named_in(const std::string& message) {
  constexpr std::string_view kAtByte = "at byte ";
  const std::size_t last_quote = message.rfind('"');
  const std::size_t at = message.find(kAtByte, last_quote == std::string::npos ? 0 : last_quote);
  if (at == std::string::npos) return std::nullopt;
  std::size_t value = 0;
  std::size_t i = at + kAtByte.size();
  if (i >= message.size() || message[i] < '0' || message[i] > '9') return std::nullopt;
  for (; i < message.size() && message[i] >= '0' && message[i] <= '9'; ++i)
    value = value * 10 + static_cast<std::size_t>(message[i] - '0');
  return value;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  auto extracts = tonfall::extract_email(input);
  if (!extracts) {
    const std::string& message = extracts.error().message;
    // A base64 part's offsets count in its decoded text.
    if (message.find("base64") != std::string::npos) return 0;
    if (const auto byte = byte_named_in(message))
      FUZZ_CHECK(*byte < input.size(), "error names byte %zu of an input of %zu: %s", *byte,
                 input.size(), message.c_str());
    return 0;
  }
  for (const tonfall::Extract& extract : extracts.value()) {
    FUZZ_CHECK(tonfall_fuzz::is_valid_utf8(extract.text), "text of %zu bytes is not UTF-8",
               extract.text.size());
    FUZZ_CHECK(extract.text.find('\0') == std::string::npos, "NUL at text byte %zu",
               extract.text.find('\0'));
    if (!extract.maps_to_input) {
      FUZZ_CHECK(!extract.rewritable, "an extract that does not map to the input is rewritable");
      continue;
    }
    tonfall_fuzz::check_map_into_input(extract, input);
    if (extract.rewritable) tonfall_fuzz::check_rewritable(extract, input);
  }
  return 0;
}
