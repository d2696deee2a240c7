// Report: writes check results for people (text, like a compiler) or for
// programs (JSON, the versioned "tonfall/1" contract documented in README.md).
// Results are written as they come, so a long run shows output early.
#pragma once

#include <array>
#include <cstddef>
#include <memory>
#include <ostream>
#include <string_view>

#include "tonfall/check.h"
#include "tonfall/rewrite.h"
#include "tonfall/rules.h"

namespace tonfall {

// Counts over a whole run.
struct Summary {
  std::size_t files = 0;
  std::size_t files_with_findings = 0;
  std::size_t files_with_errors = 0;
  std::array<std::size_t, 3> by_severity{};  // indexed by Severity

  void add(const FileResult& result);
  std::size_t findings() const { return by_severity[0] + by_severity[1] + by_severity[2]; }
  // Findings of `threshold` or worse.
  std::size_t at_or_above(Severity threshold) const;
};

enum class Format { text, json };

struct ReportOptions {
  bool color = false;
  bool quiet = false;  // text: no output at all; the exit status tells
};

class Reporter {
 public:
  virtual ~Reporter() = default;
  // Writes one file's findings. Errors are reported on stderr by the caller;
  // the JSON report also carries them.
  virtual void add(const FileResult& result) = 0;
  // Writes the closing summary.
  virtual void finish(const Summary& summary) = 0;
};

// The reporter for `format`, writing to `out`, which must outlive it.
std::unique_ptr<Reporter> make_reporter(Format format, std::ostream& out,
                                        const ReportOptions& options);

// One line of JSON for one fixed input (schema tonfall/1):
// {"schema","path","text","applied":[{rule,line,column,offset,length,before,after}],
//  "remaining":[findings as in check], "error"?}.
void write_fix_json(std::ostream& out, const FixResult& result);

// For people: one line per applied fix, then the remaining findings as
// `check` shows them, then a German summary.
void write_fix_text(std::ostream& out, const FixResult& result, bool color);

// The German summary line, e.g. "2 Fehler, 1 Warnung und 3 Hinweise in 2 von 5 Dateien."
std::string summary_line(const Summary& summary);

// Columns a terminal uses to show `text`: tabs and wide characters aside,
// one per code point; combining marks and format characters take none.
std::size_t display_width(std::string_view text);

}  // namespace tonfall
