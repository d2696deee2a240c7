// Check: the whole lint pipeline for one input, wiring the stages together:
// Source -> normalize -> mask -> Engine -> findings.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tonfall/engine.h"
#include "tonfall/error.h"
#include "tonfall/extract.h"
#include "tonfall/finding.h"
#include "tonfall/source.h"
#include "tonfall/suppress.h"

namespace re2 {
class RE2;
}

namespace tonfall {

// What a project configuration (.tonfall.yaml) adds to a check beyond its
// rules. The default adds nothing.
struct LintSettings {
  // Extra placeholder patterns, masked like the built-in ones (matched against
  // the match view); they must outlive the check.
  std::vector<const re2::RE2*> placeholders;
  // Findings in these library entries (Finding::entry) are dropped.
  std::vector<std::string> ignore_entries;
  // The rule unused inline suppressions are reported under, with the
  // configuration's severity; null when it is disabled. Must outlive the check.
  const Rule* unused_suppression = &unused_suppression_rule();
  // The brand's form of address (.tonfall.yaml `address`); when unset, each
  // text's own form (address_of) picks the form of the suggestions, and a
  // text that greets by first name and uses neither form gets those that
  // need none first.
  std::optional<Address> address;
  // Overlapping findings merged into one per problem (keep_one_per_problem);
  // off where each rule must be seen on its own (`rules test`).
  bool one_per_problem = true;
};

// How `view` addresses the customer: „du“ when its familiar forms (du, dich,
// dir, dein…) outnumber the polite ones (Sie, Ihnen, Ihr… in capitals),
// otherwise „Sie“.
Address address_of(std::string_view view);

struct FileResult {
  std::string path;
  std::string original;           // the input's bytes, for showing source lines
  std::vector<Finding> findings;  // sorted by position
  std::optional<Error> error;     // set when the input could not be checked
  // True when more results of the same input follow: a streamed input is
  // delivered piece by piece, each with the findings of its piece, the last
  // one with `more` false. Reporters and Summary treat them as one file.
  bool more = false;
  // A streamed input: its bytes checked so far, this piece included.
  std::size_t checked_bytes = 0;
};

// Checks one input, read as `format`. Invalid input (bad UTF-8, NUL bytes)
// gives a result with `error` set and no findings; it never throws for bad
// input. Inline suppressions in the input (see suppress.h) are applied last.
FileResult check_source(Source source, const Engine& engine,
                        InputFormat format = InputFormat::text, const ExtractOptions& options = {},
                        const LintSettings& settings = {});

// Checks the plain-text file at `path` piece by piece (pieces of about 256 KB,
// cut at natural breaks, see natural_cut), so that memory stays
// bounded for files of any size, and hands each piece's result to `deliver`
// (FileResult::more set on all but the last). Findings are as check_source
// finds them, except that document rules and suppression ranges see one piece
// at a time and a match cannot cross a cut. The results keep no original:
// each finding carries its line, cut around the span, as `decoded_line`. A
// file with invalid text gives one result with the error and no findings.
// Pieces are checked on up to `jobs` threads and delivered in order. check_paths
// streams plain-text files larger than two pieces.
void check_text_file_in_pieces(const std::string& path, const Engine& engine,
                               const LintSettings& settings,
                               const std::function<void(FileResult&&)>& deliver, unsigned jobs = 1);

// A large plain text is checked (and fixed) in pieces of about this many
// bytes, cut at natural breaks (natural_cut); a text of more than two pieces
// is streamed.
constexpr std::size_t kPieceSize = std::size_t{256} << 10;

// Where a piece of a text starts in the whole text.
struct PieceStart {
  std::size_t offset = 0;
  std::size_t line = 1;
  std::size_t column = 1;  // NFC code points, as Finding counts them
  std::size_t utf16 = 0;   // UTF-16 units after the BOM

  // Moves past `piece`, which starts here.
  void advance(std::string_view piece);
};

// The end of the next piece of `buffer` (which starts a piece): about
// kPieceSize bytes, all of it at the end of the text, and never just before
// a U+FEFF that the next piece would take for a byte order mark.
std::size_t piece_end(std::string_view buffer, bool at_end);

// Puts `finding`, found in `piece` checked on its own, where it is in the
// whole text; its line, cut around the span, goes with it (decoded_line), so
// that reports need not keep the whole text.
void place_in_whole(Finding& finding, std::string_view piece, const PieceStart& start);

// Reads and checks each of `paths` ("-" is standard input) as `format`, or as
// its extension suggests when `format` is empty, on up to `jobs` threads, and
// hands the results to `deliver` on the calling thread, in the order of
// `paths`, each as soon as it and all before it are done. A file that cannot
// be read gives a result with `error` set; a large plain-text file gives its
// results piece by piece (check_text_file_in_pieces), its pieces checked on
// the threads that fewer inputs than `jobs` leave free.
// `extract` selects the fields of canned-response libraries (library.h).
void check_paths(const std::vector<std::string>& paths, const Engine& engine, unsigned jobs,
                 std::optional<InputFormat> format, const std::function<void(FileResult&&)>& deliver,
                 const ExtractOptions& extract = {});

// The engine and settings one input is checked with; both must outlive the run.
struct CheckSetup {
  const Engine* engine;
  const LintSettings* settings;
};

// Like check_paths above, but paths[i] is checked with setup_for(i), so inputs
// under different project configurations run in one pass. `setup_for` is
// called on worker threads and must be safe to call concurrently.
void check_paths(const std::vector<std::string>& paths,
                 const std::function<CheckSetup(std::size_t)>& setup_for, unsigned jobs,
                 std::optional<InputFormat> format, const std::function<void(FileResult&&)>& deliver,
                 const ExtractOptions& extract = {});

}  // namespace tonfall
