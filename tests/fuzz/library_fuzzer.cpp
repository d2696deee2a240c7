// Fuzzes the canned-response library extractors (JSON, YAML, CSV) and their
// field selection. The first byte picks the format (its value modulo 3:
// '0' JSON, '1' YAML, '2' CSV); the rest of the first line is the list of
// --field values, separated by TAB (none: every string); the lines after it
// are the library file, which must be valid UTF-8 (the pipeline validates
// first). Without a line end after the format byte there are no fields and
// the rest is the file. Properties:
//  - every extract maps into the file with the properties of
//    check_map_into_input (fuzz_util.h), its text is valid UTF-8 without NUL
//    (the pipeline lints each text), it names its entry and is not
//    rewritable;
//  - JSON and CSV extracts come in file order and do not overlap;
//  - a JSON extract's map ends at the closing quote of its string and, where
//    no string is HTML, its text is what nlohmann-json decodes from the
//    string's bytes (U+0000 as the filler byte);
//  - where no column is HTML, a CSV extract's text is its field's bytes, with
//    "" read as " in a quoted field, and its map ends where the field ends;
//  - with fields, every extract is also one of the extracts of every string
//    (every column): selecting never invents a string.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_util.h"
#include "tonfall/extract.h"
#include "tonfall/library.h"
#include "tonfall/normalize.h"

namespace {

using tonfall::Extract;
using tonfall::InputFormat;

std::vector<std::string> split_fields(std::string_view line) {
  std::vector<std::string> fields;
  if (line.empty()) return fields;
  for (std::size_t at = 0;;) {
    const std::size_t tab = line.find('\t', at);
    fields.emplace_back(line.substr(at, tab == std::string_view::npos ? tab : tab - at));
    if (tab == std::string_view::npos) return fields;
    at = tab + 1;
  }
}

std::string replace_all(std::string text, std::string_view from, std::string_view to) {
  for (std::size_t at = text.find(from); at != std::string::npos;
       at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
  return text;
}

// The text of a JSON string's bytes `quoted` (quotes included) as
// nlohmann-json decodes it, NUL written as the filler byte.
std::string decoded_by_nlohmann(std::string_view quoted) {
  const nlohmann::json value = nlohmann::json::parse(quoted, nullptr, false);
  FUZZ_CHECK(value.is_string(), "nlohmann-json does not read the bytes %.*s as a string",
             static_cast<int>(quoted.size()), quoted.data());
  std::string text = value.get<std::string>();
  std::replace(text.begin(), text.end(), '\0', tonfall::kFiller);
  return text;
}

void check_json_extract(const Extract& extract, std::string_view input, bool no_html) {
  const std::size_t end = extract.to_input.original_size();
  FUZZ_CHECK(end < input.size() && input[end] == '"', "JSON extract ends at %zu, not at a quote",
             end);
  if (!no_html) return;
  const std::size_t begin = extract.to_input.to_original_begin(0);
  FUZZ_CHECK(begin > 0 && begin <= end && input[begin - 1] == '"',
             "JSON extract begins at %zu, not after a quote", begin);
  FUZZ_CHECK(decoded_by_nlohmann(input.substr(begin - 1, end - begin + 2)) == extract.text,
             "JSON string at %zu decodes differently", begin);
}

void check_csv_extract(const Extract& extract, std::string_view input) {
  const std::size_t begin = extract.to_input.to_original_begin(0);
  const std::size_t end = extract.to_input.original_size();
  FUZZ_CHECK(begin <= end, "CSV extract maps to [%zu, %zu)", begin, end);
  const std::string raw(input.substr(begin, end - begin));
  const bool quoted = begin > 0 && input[begin - 1] == '"';
  if (quoted) {
    FUZZ_CHECK(end < input.size() && input[end] == '"', "quoted CSV field ends at %zu", end);
    FUZZ_CHECK(replace_all(raw, "\"\"", "\"") == extract.text, "quoted CSV field at %zu differs",
               begin);
  } else {
    FUZZ_CHECK(end == input.size() ||
                   std::string_view(",;\t\r\n").find(input[end]) != std::string_view::npos,
               "unquoted CSV field ends at %zu before a %02x byte", end,
               static_cast<unsigned>(static_cast<unsigned char>(input[end])));
    FUZZ_CHECK(raw == extract.text, "unquoted CSV field at %zu differs", begin);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  static constexpr InputFormat kFormats[] = {InputFormat::json, InputFormat::yaml,
                                             InputFormat::csv};
  const InputFormat format = kFormats[data[0] % 3];
  std::string_view rest(reinterpret_cast<const char*>(data + 1), size - 1);
  tonfall::ExtractOptions options;
  if (const std::size_t newline = rest.find('\n'); newline != std::string_view::npos) {
    options.fields = split_fields(rest.substr(0, newline));
    rest.remove_prefix(newline + 1);
  }
  const std::string_view input = rest;
  if (tonfall::find_invalid_text(input)) return 0;

  auto extracts = tonfall::extract_prose(input, format, options);
  if (!extracts) return 0;
  bool no_html = input.find("_html") == std::string_view::npos;
  for (const std::string& field : options.fields) no_html = no_html && field.rfind("html:", 0) != 0;

  std::size_t previous_end = 0;
  for (const Extract& extract : extracts.value()) {
    FUZZ_CHECK(extract.maps_to_input, "a library extract does not map to the file");
    FUZZ_CHECK(!extract.rewritable, "a library extract is rewritable");
    FUZZ_CHECK(!extract.entry.empty(), "a library extract names no entry");
    FUZZ_CHECK(!tonfall::find_invalid_text(extract.text), "text of %zu bytes: %s",
               extract.text.size(), tonfall::find_invalid_text(extract.text)->message.c_str());
    tonfall_fuzz::check_map_into_input(extract, input);
    if (format == InputFormat::yaml) continue;
    const std::size_t begin = extract.to_input.to_original_begin(0);
    FUZZ_CHECK(begin >= previous_end, "extract at %zu overlaps the one before, which ends at %zu",
               begin, previous_end);
    previous_end = extract.to_input.original_size();
    if (format == InputFormat::json) check_json_extract(extract, input, no_html);
    if (format == InputFormat::csv && no_html) check_csv_extract(extract, input);
  }

  if (options.fields.empty()) return 0;
  auto all = tonfall::extract_prose(input, format);
  FUZZ_CHECK(all.ok(), "the file reads with fields but not without: %s",
             all.error().message.c_str());
  std::set<std::size_t> string_ends;
  for (const Extract& extract : all.value()) string_ends.insert(extract.to_input.original_size());
  for (const Extract& extract : extracts.value())
    FUZZ_CHECK(string_ends.count(extract.to_input.original_size()) == 1,
               "a selected string ending at %zu is not among all strings",
               extract.to_input.original_size());
  return 0;
}
