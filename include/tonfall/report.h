// Report: writes check results for people (text, like a compiler), for
// programs (JSON, the versioned "tonfall/1" contract documented in README.md)
// or for CI systems (SARIF 2.1.0, GitHub workflow commands, JUnit XML,
// Checkstyle XML). Text, JSON, GitHub and Checkstyle output is written as
// results come, so a long run shows output early; SARIF and JUnit need counts
// and an index of rules up front and are written whole by finish().
//
// Every format carries, per finding, the rule id, the severity, the message
// and the first suggestion. The CI formats always write valid UTF-8: invalid
// bytes in a path become U+FFFD (in a SARIF uri they are percent-encoded).
#pragma once

#include <array>
#include <cstddef>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>

#include <nlohmann/json_fwd.hpp>

#include "tonfall/check.h"
#include "tonfall/error.h"
#include "tonfall/rewrite.h"
#include "tonfall/rules.h"

namespace tonfall {

// Counts over a whole run.
struct Summary {
  std::size_t files = 0;
  std::size_t files_with_findings = 0;
  std::size_t files_with_errors = 0;
  std::array<std::size_t, 3> by_severity{};  // indexed by Severity

  // Adds a result; the pieces of a streamed input (FileResult::more) count
  // as one file.
  void add(const FileResult& result);
  std::size_t findings() const { return by_severity[0] + by_severity[1] + by_severity[2]; }
  // Findings of `threshold` or worse.
  std::size_t at_or_above(Severity threshold) const;

 private:
  bool in_file_ = false;         // an earlier piece of the current file was added
  bool file_has_findings_ = false;
};

enum class Format {
  text,        // for people, like a compiler; the German summary at the end
  json,        // schema tonfall/1, see README.md
  sarif,       // SARIF 2.1.0: one run; results, the rules they refer to, and
               // files that could not be checked as tool execution notifications
  github,      // GitHub Actions workflow commands: one ::error/::warning/::notice
               // line per finding or unreadable file, then the summary line
  junit,       // JUnit XML: testsuite "tonfall", one testcase per input, a
               // <failure> per finding, an <error> for an unreadable input
  checkstyle,  // Checkstyle 4.3 XML: a <file> per input, an <error> per finding
};

// The format called `name` on the command line ("text", "json", "sarif",
// "github", "junit", "checkstyle"); nullopt for any other name.
std::optional<Format> parse_format(std::string_view name);

struct ReportOptions {
  // A constructor rather than an aggregate, so that callers written before
  // tool_version existed (`{color, quiet}`) stay free of warnings.
  ReportOptions(bool color = false, bool quiet = false, std::string tool_version = {})
      : color(color), quiet(quiet), tool_version(std::move(tool_version)) {}

  bool color;
  bool quiet;                // text: no output at all; the exit status tells
  std::string tool_version;  // sarif: tool.driver.version; left out when empty
};

class Reporter {
 public:
  virtual ~Reporter() = default;
  // Writes one file's findings. Errors are reported on stderr by the caller;
  // the JSON report and the CI formats also carry them.
  virtual void add(const FileResult& result) = 0;
  // Reports an input named by the user that could not be read at all and so
  // never became a FileResult (a path that does not exist, a folder that
  // cannot be walked). It is not counted in the Summary. The CI formats report
  // it like a file that could not be checked; text and JSON leave it to the
  // caller's message on stderr.
  virtual void add_input_error(const Error& /*error*/) {}
  // Writes the closing summary. Call it once, after the last add().
  virtual void finish(const Summary& summary) = 0;
};

// A suggestion as a writer reads it: an empty replacement deletes the span,
// and says so („„leider“ streichen“) instead of showing nothing; a long one
// is cut in the middle („…“).
std::string shown_suggestion(const Finding& finding, const std::string& suggestion);

// `text` safe to print on a terminal: control characters (escape sequences
// that set the title, clear the screen or write the clipboard, bells) shown
// as their Unicode pictures („␛“), one column each, line breaks and tabs kept.
std::string visible(std::string_view text);

// The reporter for `format`, writing to `out`, which must outlive it. The
// findings' rules need to live only during each add(): reporters that write at
// finish() copy what they need.
std::unique_ptr<Reporter> make_reporter(Format format, std::ostream& out,
                                        const ReportOptions& options);

// `findings` as one line of JSON: an array whose objects are exactly the
// finding objects of --format json (schema tonfall/1). For streaming modes
// such as `check --input-format jsonl`.
std::string findings_json(const std::vector<Finding>& findings);

// One line of JSON for one fixed input (schema tonfall/1):
// {"schema","path","text","applied":[{rule,line,column,offset,length,before,after}],
//  "remaining":[findings as in check], "error"?}. For a JSON Lines request
// (`request_id` given), the request's id (as JSON; empty: none) stands in
// place of the path.
void write_fix_json(std::ostream& out, const FixResult& result,
                    std::optional<std::string_view> request_id = std::nullopt);

// A finding as an object of the tonfall/1 JSON, and a fix's text, applied,
// new_placeholders and remaining as fix --format json writes them: for
// answers that embed them in a protocol of their own (tonfall mcp).
nlohmann::ordered_json finding_json(const Finding& finding);
nlohmann::ordered_json fix_json(const FixResult& result);

// For people: one line per applied fix, then the remaining findings as
// `check` shows them, then a German summary.
void write_fix_text(std::ostream& out, const FixResult& result, bool color);

// The same report for a text fixed piece by piece (fix_text_in_pieces): each
// piece's lines as it comes, the summary after the last.
class FixTextReport {
 public:
  FixTextReport(std::ostream& out, bool color);
  ~FixTextReport();
  void add(const FixResult& piece);

 private:
  std::ostream& out_;
  std::unique_ptr<Reporter> reporter_;
  Summary summary_;
  std::size_t applied_ = 0;
  std::vector<std::string> new_placeholders_;
};

// The German summary line, e.g. "2 Fehler, 1 Warnung und 3 Hinweise in 2 von 5 Dateien."
std::string summary_line(const Summary& summary);

// Columns a terminal uses to show `text`: tabs and wide characters aside,
// one per code point; combining marks and format characters take none.
std::size_t display_width(std::string_view text);

}  // namespace tonfall
