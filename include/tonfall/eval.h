// Eval: scores the active rules against a labelled set of snippets, so that a
// rule author sees what a change to a pack gains and costs.
//
// The set is a UTF-8 TSV file: a header row names the columns, and the
// columns `id`, `label` (flag or clean), `category`, `text` and `span` are
// found by name, in any order; other columns (such as `better`) are ignored.
// There is no quoting: a field is everything between two tabs, taken as it
// stands. A line may end in LF or CRLF, a BOM before the header is skipped
// and blank lines are skipped. On a flag row `span` is a substring of `text`
// (its first occurrence counts): the words that carry the problem.
//
// Each row's text goes through the same pipeline as `tonfall check` of a
// plain-text draft (check_source), so normalization, masking and inline
// suppressions apply. Then:
//   - a flag row is found when a finding of any severity overlaps its span
//     (half-open byte ranges that intersect: a finding that ends exactly
//     where the span starts does not count); it is also counted as found at
//     warning+ when such a finding is a warning or an error;
//   - a clean row is a false alarm when it gets any finding at warning or
//     error level, wherever it lies; a clean row with an info finding counts
//     among the "infos on clean" rows (whether or not it is a false alarm).
// Flag rows are grouped by their category; all clean rows form one group,
// whatever their category column says.
#pragma once

#include <cstddef>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "tonfall/check.h"
#include "tonfall/engine.h"
#include "tonfall/error.h"
#include "tonfall/finding.h"

namespace tonfall {

enum class Label { flag, clean };

// One labelled snippet of the set.
struct EvalRow {
  std::string id;
  Label label = Label::clean;
  std::string category;
  std::string text;
  std::string span;            // flag rows: the words that carry the problem
  std::size_t span_begin = 0;  // flag rows: the span's first occurrence in
  std::size_t span_end = 0;    // `text`, bytes, half-open
  std::size_t line = 0;        // 1-based line of the row in the file
};

struct EvalSet {
  std::string path;           // as given; "-" for standard input
  std::vector<EvalRow> rows;  // in file order
};

// Parses `bytes`, the contents of the TSV file `path`. Fails with an Error
// naming path and line (`path:line: message`) on the first problem: invalid
// UTF-8 or a NUL byte, a required column missing from the header or named
// twice, a row whose number of fields differs from the header's, an empty
// id or an id used twice, a label other than flag or clean, a flag row
// without a category, and a flag row whose span is empty or not in its text.
// An empty text is an error too, since check rejects empty input.
Expected<EvalSet> parse_eval_set(std::string_view bytes, const std::string& path);

// Which rows to score, by the number an id ends in: a team tunes its rules on
// one half and checks how they carry over on the other.
enum class IdHalf { all, even, odd };

// "all", "even" or "odd"; nullopt for any other name.
std::optional<IdHalf> parse_id_half(std::string_view name);

// Whether `id` belongs to `half`: always for all; for even and odd, by the
// decimal digits `id` ends in ("s-0042" is even). nullopt when `half` is even
// or odd and `id` does not end in a digit.
std::optional<bool> id_in_half(std::string_view id, IdHalf half);

// Counts over a group of rows. A group holds flag rows (a category) or clean
// rows; totals hold both.
struct EvalCounts {
  std::size_t flag_rows = 0;
  std::size_t found = 0;          // flag rows with an overlapping finding
  std::size_t found_warning = 0;  // ... of which one is a warning or an error
  std::size_t clean_rows = 0;
  std::size_t false_alarms = 0;    // clean rows with a warning or an error
  std::size_t infos_on_clean = 0;  // clean rows with an info finding

  // found / flag_rows; nullopt without flag rows.
  std::optional<double> recall() const;
  // found_warning / flag_rows; nullopt without flag rows.
  std::optional<double> recall_warning() const;
  // false_alarms / clean_rows; nullopt without clean rows.
  std::optional<double> false_alarm_rate() const;

  EvalCounts& operator+=(const EvalCounts& other);
};

// A row of the set with what the rules found in its text.
struct EvalOutcome {
  const EvalRow* row;             // points into the EvalSet
  std::vector<Finding> findings;  // all findings in the text, by position
  bool found = false;             // flag rows: see EvalCounts
  bool found_warning = false;
  bool false_alarm = false;    // clean rows
  bool info_on_clean = false;  // clean rows
};

struct EvalGroup {
  std::string category;  // the flag rows' category; "clean" for the clean rows
  Label label;
  EvalCounts counts;
};

struct EvalResult {
  IdHalf half = IdHalf::all;
  std::vector<EvalOutcome> outcomes;  // the scored rows, in file order
  std::vector<EvalGroup> groups;      // flag categories by name, then clean
  EvalCounts totals;
};

// Whether a finding at byte range [offset, offset + length) overlaps the
// flag row's span [span_begin, span_end): the half-open ranges intersect.
bool finding_overlaps_span(const Finding& finding, const EvalRow& row);

// Whether the recall of `totals` (any severity) is at least `min_recall`, the
// gate of a CI job. False when there are no flag rows to measure.
bool meets_min_recall(const EvalCounts& totals, double min_recall);

// The limits a CI job sets on a score: recall at least `min_recall`, false
// alarms at most `max_false_alarms` (a share of the clean rows; true when
// there are none). Unset limits always hold.
struct EvalGate {
  std::optional<double> min_recall;
  std::optional<double> max_false_alarms;

  bool set() const { return min_recall || max_false_alarms; }
  bool recall_holds(const EvalCounts& totals) const;
  bool false_alarms_hold(const EvalCounts& totals) const;
  bool holds(const EvalCounts& totals) const { return recall_holds(totals) && false_alarms_hold(totals); }
};

// Scores the rows of `set` that fall in `half` with `engine` and `settings`
// (which, like the rules of the findings, must outlive the result, and `set`
// too, which the outcomes point into). Fails with `path:line` when a row's id
// has no number to split by, or when a text cannot be checked.
Expected<EvalResult> evaluate(const EvalSet& set, IdHalf half, const Engine& engine,
                              const LintSettings& settings = {});

// What the reports list beside the counts.
struct EvalShow {
  bool misses = true;        // flag rows not found at all
  bool false_alarms = true;  // clean rows with a warning or an error
  bool hits = false;         // flag rows found, with the findings that hit
  bool infos = false;        // clean rows with info findings
};

// For people: a table per category (rows, found, recall, found at warning+,
// false alarms), the totals, then the lists `show` asks for and, when
// `min_recall` is set, whether the total recall reaches it. Labels are German
// like check's summary; ratios in per cent with a decimal comma.
void write_eval_text(std::ostream& out, const EvalSet& set, const EvalResult& result,
                     const EvalShow& show, const EvalGate& gate);

// For programs: one JSON object, schema "tonfall.eval/1" (see README.md):
// {"schema","file","ids","totals","categories":[...]} and the lists `show`
// asks for ("misses", "false_alarms", "hits", "infos_on_clean"), plus
// "gate": {"min_recall","passed"} when `min_recall` is set.
void write_eval_json(std::ostream& out, const EvalSet& set, const EvalResult& result,
                     const EvalShow& show, const EvalGate& gate);

}  // namespace tonfall
