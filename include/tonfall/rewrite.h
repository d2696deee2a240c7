// Rewriter: applies the automatic fixes of findings to the ORIGINAL text.
//
// Only rules marked `fix: auto` are applied, with their first suggestion, and
// only to findings whose span was linted as it stands in the input.
// Overlapping fixes are resolved deterministically: the fix that starts first
// wins; on the same start the more severe rule, then the longer span, then the
// smaller rule id. Bytes outside the replaced spans are never changed, so
// line ends, BOM and the Unicode form of untouched text stay as they were.
//
// Seams: suggestions come with their case fitted to the sentence position (see
// Finding); a replacement ending in . ! or ? drops that mark when the text
// goes on with one, unless either asks a question: then the replacement's mark
// replaces the text's („Verstanden?“ → „… anders.“). An empty replacement (a
// deletion) also takes one neighbouring space, and at a sentence start the
// next word's first letter, which it upper-cases, into its span („Tja – da
// kann …“ → „Da kann …“).
// Findings never offer a deletion that would leave the verb first.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tonfall/check.h"
#include "tonfall/engine.h"
#include "tonfall/finding.h"
#include "tonfall/source.h"

namespace tonfall {

// One replacement in the original text.
struct Edit {
  const Rule* rule;
  std::size_t offset;  // original bytes, half-open
  std::size_t length;
  std::size_t line;  // of `offset`, 1-based
  std::size_t column;
  std::string before;  // the original bytes of the span
  std::string after;   // what replaces them
  // Placeholders in `after` ({{kollege}}, [Name], …) that the original text
  // does not have: gaps the writer still has to fill.
  std::vector<std::string> new_placeholders;
};

// Which rules `fix` may apply (beyond `fix: auto`); all when empty.
using RuleFilter = std::function<bool(const Rule&)>;

// What to do with a fix that brings a placeholder the text did not have
// („Da kann Ihnen {{kollege}} weiterhelfen.“): apply it (a template the
// writer fills in later) or hold it back, leaving the finding for the writer.
enum class NewPlaceholders { apply, hold };

// The edit that replaces `finding`'s span by `replacement`, seams fitted as
// described above, with the placeholders it brings; it reaches no further back
// than `earliest_begin`.
Edit make_edit(const Finding& finding, std::string_view replacement, std::string_view original,
               std::size_t earliest_begin);

// `original` with `replacement` in place of `finding`'s span, seams fitted.
std::string with_replacement(const Finding& finding, std::string_view replacement, std::string_view original);

// The sentence (or sentences) of `finding` with `replacement` in place: what
// the writer would read, for a preview. Sentences end at . ! ? before a blank
// and at line ends.
std::string sentence_with_replacement(const Finding& finding, std::string_view replacement,
                                      std::string_view original);

// Picks the edits for `findings` of `original` (as check_source found them):
// sorted by offset, not overlapping, seams adjusted as described above. No
// sentence goes where all the sentences going would leave no reply.
std::vector<Edit> plan_edits(const std::vector<Finding>& findings, std::string_view original,
                             const RuleFilter& allowed,
                             NewPlaceholders placeholders = NewPlaceholders::apply);

// `original` with `edits` (sorted, not overlapping) applied.
std::string apply_edits(std::string_view original, const std::vector<Edit>& edits);

struct FixResult {
  std::string path;
  std::string original;
  std::string text;              // the rewritten text
  std::vector<Edit> applied;     // against `original`
  std::vector<Finding> remaining;  // findings in `text`, after fixing
  std::vector<std::string> new_placeholders;  // of all applied edits, each once
  std::optional<Error> error;
  // True when more results of the same text follow (fix_text_in_pieces).
  bool more = false;
};

// Checks `source` (read as `format`, a library's fields as `extract` says,
// with a project configuration's `settings`), applies what may be applied,
// and checks the result again the same way. A span with markup or escapes inside is never rewritten.
FixResult fix_source(Source source, const Engine& engine, const RuleFilter& allowed,
                     InputFormat format = InputFormat::text, const LintSettings& settings = {},
                     NewPlaceholders placeholders = NewPlaceholders::apply, const ExtractOptions& extract = {});

// Fixes the plain text `text` as fix_source does, piece by piece (pieces of
// about kPieceSize bytes, cut at natural breaks), so that a text of any size needs memory
// for one piece's findings only; each piece's result goes to `deliver`
// (FixResult::more on all but the last), with the piece's original and
// rewritten text, the edits' lines in the whole original and the remaining
// findings' positions in the whole rewritten text (each with its line as
// decoded_line). Invalid text gives one result with the error.
void fix_text_in_pieces(const std::string& path, std::string_view text, const Engine& engine,
                        const RuleFilter& allowed, const LintSettings& settings, NewPlaceholders placeholders,
                        const std::function<void(FixResult&&)>& deliver);

// A unified diff from `before` to `after`, both named `path` (for patch -p0
// and git apply -p0), with three lines of context; empty when equal.
std::string unified_diff(const std::string& path, std::string_view before, std::string_view after);

// Replaces the file at `path` with `bytes` without ever leaving it half
// written: writes a temporary file in the same directory, syncs it, gives it
// the file's mode, owner and group and renames it over the file. A symlink is
// followed: its target is replaced, the link stays. Refused, with the file
// unchanged: a file that differs from `read_as` (changed since it was read),
// a read-only file (no write permission bit, also for root), a file with
// several hard links (the rename would split them) and a file whose owner or
// group the temporary cannot take. Temporaries of this file that a killed
// run left behind (".NAME.tonfall-XXXXXX", older than ten minutes) are
// removed first.
std::optional<Error> write_file_atomically(const std::string& path, std::string_view bytes,
                                           const FileStamp& read_as);

}  // namespace tonfall
