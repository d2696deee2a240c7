// Library: the texts of a canned-response library (a help-desk export in
// JSON, a YAML file, a CSV sheet), each with the way back into the file.
//
// Each selected string becomes one Extract (see extract.h) whose text is the
// DECODED string (JSON escapes, YAML quoting and folding, CSV "" quotes
// resolved) and whose to_input map leads back into the library file through
// the escapes: a plain run of the string maps verbatim, an escape (`\n`,
// `\u00fc`, a surrogate pair, `''`, `""`, a folded YAML line break with the
// next line's indentation) maps as a whole to its bytes. So a finding gets the
// line and column INSIDE the library file, and Extract::entry names the entry.
//
// Selecting fields (ExtractOptions::fields):
//  - JSON and YAML: a JSON Pointer (RFC 6901, `~0` and `~1` escapes) whose
//    segments may be `*` (any member or element) and may carry one filter
//    `[key=value]`: the member or element must be an object whose `key` is the
//    string (or scalar) `value`. Example: `/macros/*/actions/*[field=comment_value]/value`.
//    Only strings are selected; a pointer that reaches an object, array,
//    number or missing member selects nothing. No field: every string value
//    of the document (keys are never linted).
//  - CSV: a column name of the header row. No field: every column.
//  - A field written `html:FIELD` is linted as HTML inside the string (tags,
//    entities and comments handled as for .html files); so is every JSON/YAML
//    string under a member whose name ends in `_html`.
// The entry (Extract::entry): for JSON/YAML the `id`, else `title`, else
// `name` of the nearest enclosing object that has one, else the pointer of
// the string; for CSV the `id`/`title`/`name` column (in this order,
// case-insensitive) if the sheet has one, else "row N" (N counts data rows
// from 1, the header not counted). Extracts come in file order.
// Extracts are not rewritable (Extract::rewritable): `tonfall fix` reports
// findings in libraries but does not rewrite them, since a replacement would
// need escaping for the file's syntax.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tonfall/error.h"
#include "tonfall/extract.h"

namespace tonfall {

// The selected strings of the JSON document `input` (valid UTF-8; RFC 8259,
// no comments, no trailing commas). Invalid JSON fails with the line and
// column (1-based, code points) of the first offending byte; so do a lone
// UTF-16 surrogate in a \u escape and nesting deeper than 512 levels. A
// `\u0000` escape becomes kFiller (never linted).
Expected<std::vector<Extract>> extract_json(std::string_view input, const ExtractOptions& options);

// The selected scalars of the YAML document `input` (parsed by yaml-cpp; the
// first document of a stream). Plain, single- and double-quoted scalars and
// literal (`|`) and folded (`>`) block scalars map exactly: the mapping is
// rebuilt by scanning the file from the scalar's start and is used only when
// it reproduces yaml-cpp's value byte for byte. Where it does not (an explicit
// indentation indicator, tabs in odd places, aliases), the extract maps as a
// whole to the first line of the scalar: positions are then approximate (the
// scalar's start). Invalid YAML fails with yaml-cpp's line and column.
Expected<std::vector<Extract>> extract_yaml(std::string_view input, const ExtractOptions& options);

// The selected columns of the CSV sheet `input` (RFC 4180: the first record
// is the header; quoted fields with "" escapes and line breaks inside; LF or
// CRLF). The delimiter is the one of `,`, `;` and TAB that occurs most often
// outside quotes in the header (`,` on a tie). Fails with line and column for
// an unclosed quote, a character after a closing quote, or a --field that
// names no column.
Expected<std::vector<Extract>> extract_csv(std::string_view input, const ExtractOptions& options);

// The fields a help-desk export preset stands for, or nullopt for an unknown
// name. "zendesk": Zendesk macros (`{"macros":[{"id","title","actions":[
// {"field":"comment_value","value":"text" or ["channel:all","text"]},
// {"field":"comment_value_html","value":"<p>…"}]}]}`, also a single
// `{"macro":{…}}`). "freshdesk": Freshdesk canned responses
// (`content_html` of `[{"id","title","content_html"}]`,
// `{"canned_responses":[…]}` or a single response object), linted as HTML.
std::optional<std::vector<std::string>> preset_fields(std::string_view name);

// The names preset_fields() knows, for help texts.
const std::vector<std::string>& preset_names();

}  // namespace tonfall
