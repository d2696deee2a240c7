// Finding: what tonfall reports. Turns the engine's hits, which live in the
// match view, into spans and positions of the ORIGINAL input.
//
// Positions: line and column are 1-based; a column counts Unicode code points
// of the line in NFC, so an NFD draft and its NFC twin report the same
// columns. A BOM is not part of line 1. LF and CRLF both end a line. End
// positions are exclusive. offset/length are bytes of the original input (a
// BOM included); utf16_offset/utf16_length count UTF-16 code units of the
// original text after its BOM, as editors and LanguageTool clients do.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tonfall/engine.h"
#include "tonfall/normalize.h"
#include "tonfall/rules.h"

namespace tonfall {

// A source line converted to UTF-8, with a finding's span on it.
struct DecodedLine {
  std::string text;        // the line without its line end
  std::size_t span_begin;  // bytes of `text`, half-open; a span that goes on
  std::size_t span_end;    // past the line end is cut there
};

// A finding's line is shown with at most this many bytes on either side of
// its span.
constexpr std::size_t kShownContext = 120;

// The line of `text` that holds the span at `span_begin` (bytes of `text`),
// cut to kShownContext bytes on either side of the span, at character
// boundaries; of a span longer than kShownContext (a gathered paragraph) at
// most 2 × kShownContext bytes are shown. For a line too long to show whole, and for the pieces
// of a streamed text, which are gone when the report is written.
DecodedLine line_around(std::string_view text, std::size_t span_begin, std::size_t span_length);

struct Finding {
  const Rule* rule;
  std::size_t offset;  // original bytes
  std::size_t length;
  std::size_t line;
  std::size_t column;
  std::size_t end_line;
  std::size_t end_column;
  std::size_t utf16_offset;
  std::size_t utf16_length;
  // The original bytes of the span; where they are not UTF-8 (an e-mail part
  // in Latin-1 or another charset), the span as its extractor decoded it.
  std::string text;
  // Groups filled in; upper-case at a sentence start; never a deletion that
  // would leave the verb first („Leider ist …“ → „Ist …“) or no text at all.
  std::vector<std::string> suggestions;
  bool verbatim = true;  // the span was linted as it stands (no markup or escapes inside)
  std::string entry;     // the library entry (id or title) the finding is in, if any
  // True when the positions count in a decoded part of the input (a base64
  // e-mail part), not in the input's bytes; `text` is then the decoded text.
  bool in_decoded_text = false;
  // Set when the input's bytes of the finding's line are not UTF-8 (an e-mail
  // part in another charset): the line as decoded, for reports to show in
  // place of those bytes. For an HTML part it is the line's prose.
  std::optional<DecodedLine> decoded_line;
  // The span is quoted speech (Hit::quoted): reported as info at most, and
  // never rewritten.
  bool quoted = false;
  bool auto_fix = false;  // Hit::auto_fix

  Severity severity() const { return quoted ? Severity::info : rule->severity; }
};

// Line starts of an original input, for turning byte offsets into positions.
// Columns and UTF-16 offsets are counted on from the offset asked for last
// when the next one lies after it (findings come in order, also across the
// entries of a library), so that a long line or a large library costs one
// pass, not one per finding. Not for use by several threads at once.
class LineIndex {
 public:
  LineIndex(std::string_view original, std::size_t bom_length);

  // 1-based line of the byte at `offset`.
  std::size_t line_of(std::size_t offset) const;

  // 1-based column (NFC code points) of `offset` on its line.
  std::size_t column_of(std::size_t offset) const;

  // UTF-16 code units from after the BOM to `offset`.
  std::size_t utf16_offset(std::size_t offset) const;

  // The byte offset where 1-based `line` starts (after a BOM on line 1).
  std::size_t line_start(std::size_t line) const { return starts_[line - 1]; }

  // The text of 1-based `line`, without its line end (and without a BOM).
  std::string_view line_text(std::size_t line) const;

  // False if 1-based `line` holds bytes that are not UTF-8 (a part of an
  // e-mail in another charset); worked out once per line.
  bool is_utf8(std::size_t line) const;

 private:
  std::string_view original_;
  std::vector<std::size_t> starts_;
  struct Counted {
    std::size_t offset;
    std::size_t count;
  };
  // NFC code points from the line start: one place for starts and one for
  // ends of spans, which each come in order.
  mutable Counted column_from_[2] = {{0, 0}, {0, 0}};
  mutable Counted utf16_from_{0, 0};   // UTF-16 units from the BOM
  // Places every kCheckpointBytes or so that a count has passed, ascending,
  // with their NFC column count and UTF-16 offset: a span that starts before
  // the places above (a sentence inside a long gathered one, the entries of
  // a one-line JSON library) is counted from the nearest of them, not from
  // the line start, so a long line costs one pass.
  struct Checkpoint {
    std::size_t offset;
    std::size_t column;  // NFC code points from its line start
    std::size_t utf16;   // UTF-16 units from the BOM
  };
  static constexpr std::size_t kCheckpointBytes = 16384;
  mutable std::vector<Checkpoint> checkpoints_;
  // The last checkpoint at or before `offset`, if any.
  const Checkpoint* checkpoint_before(std::size_t offset) const;
  // Leaves checkpoints between `from` (a place whose counts are known) and
  // `offset`, and returns the last of them, or `from` itself.
  Checkpoint count_towards(Checkpoint from, std::size_t offset) const;
  mutable std::vector<std::int8_t> utf8_;  // by line - 1: 1 yes, 0 no, -1 not known yet
};

// One finding per problem: of two findings in the same text whose spans
// overlap by at least half of the shorter one, the more severe stays; on a
// tie the one with a replacement, then the longer one. A finding with a
// replacement gives way only to another with one (the fix stays possible
// beside the advice of a more severe finding). Document rules and
// paragraph-gathered findings speak of a whole text or paragraph and are
// never merged. Keeps the order of `findings`.
void keep_one_per_problem(std::vector<Finding>& findings);

// Converts hits (sorted by position, as Engine::run returns them) into
// findings on `original`, the input, whose lines are `lines`. `text` was
// normalized from `linted`, which `to_input` maps to the input; with no map,
// `linted` is the input.
std::vector<Finding> locate_findings(const std::vector<Hit>& hits, const NormalizedText& text,
                                     std::string_view linted, const OffsetMap* to_input,
                                     std::string_view original, const LineIndex& lines);

}  // namespace tonfall
