// Extract: the prose of inputs that are more than prose (Markdown, HTML, ...),
// with the way back to the input's bytes.
//
// An extract's text keeps the prose bytes as they are, drops markup ("**",
// "[", "](url)", "# ", inline tags) so that words on both sides still meet,
// turns block-level breaks into line ends, decodes escapes (HTML entities),
// and replaces code, raw HTML, comments and front matter by a filler byte
// (0x1A) that the masker treats like a placeholder: never linted, never part
// of a span. Line ends of the input are kept. A map leads from every offset of
// the text back to the input, so findings point into the input file.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tonfall/error.h"
#include "tonfall/normalize.h"

namespace tonfall {

enum class InputFormat { text, markdown, html, email, json, yaml, csv };

// "text", "markdown" (or "md"), "html", "email" (or "eml"), "json", "yaml"
// (or "yml"), "csv"; nullopt for anything else.
std::optional<InputFormat> parse_input_format(std::string_view name);

// The format a file's extension suggests: .md/.markdown Markdown,
// .html/.htm HTML, .eml e-mail, .json/.yaml/.yml/.csv a canned-response
// library (see library.h), anything else (and standard input) plain text.
InputFormat input_format_for(std::string_view path);

// The byte that stands for text that is never linted.
inline constexpr char kFiller = '\x1A';

struct Extract {
  std::string text;
  OffsetMap to_input;  // offsets of `text` -> offsets of the input
  // The entry of a library (its id or title) the text belongs to; empty for
  // a whole document.
  std::string entry;
  // False when the text cannot be mapped into the input (a base64 part of an
  // e-mail): positions then count in `text` itself.
  bool maps_to_input = true;
  // False when a rewrite of the input's bytes at a finding's span would not
  // be the same rewrite of the text (an encoded or converted e-mail part, one
  // alternative of several): such findings are reported, never fixed.
  bool rewritable = true;
};

// What an extractor needs beyond the bytes.
struct ExtractOptions {
  // Libraries: the text fields, as JSON Pointers with * wildcards or CSV
  // column names.
  std::vector<std::string> fields;
};

// The prose of `input` (valid UTF-8) in `format`, one extract per document or
// library entry, in input order. Fails for input the format cannot parse.
Expected<std::vector<Extract>> extract_prose(std::string_view input, InputFormat format,
                                             const ExtractOptions& options = {});

// The prose of an e-mail draft (RFC 5322 / MIME, src/extract_email.cpp).
// `input` may be any bytes (an e-mail need not be UTF-8); every extract's
// text is valid UTF-8. The Subject (RFC 2047 encoded-words decoded) is the
// first extract; then the body: of a multipart/alternative the text/plain
// part, else the text/html part as HTML prose; of other multiparts every
// inline text part; attachments and other types are skipped. 7bit, 8bit and
// quoted-printable parts map into `input` (a decoded =XX, a converted
// non-UTF-8 character or an encoded-word maps as a whole to its bytes);
// base64 parts cannot, and have maps_to_input == false. Charsets are
// converted by ICU, undecodable bytes becoming U+FFFD. Fails with "invalid
// UTF-8 at byte N in the e-mail body" (N into `input`) for a part that
// declares UTF-8 (or no charset) and is not, and for an unknown charset;
// fails with "NUL byte at byte N in the e-mail" for a NUL in the Subject or a
// text part (binary data, not a draft; N counts in the decoded text of a
// base64 part).
Expected<std::vector<Extract>> extract_email(std::string_view input);

}  // namespace tonfall
