#include "tonfall/report.h"

#include "tonfall/normalize.h"

#include <fmt/format.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <cctype>
#include <map>
#include <nlohmann/json.hpp>
#include <utility>

namespace tonfall {

void Summary::add(const FileResult& result) {
  if (!in_file_) file_has_findings_ = false;
  file_has_findings_ = file_has_findings_ || !result.findings.empty();
  for (const Finding& finding : result.findings)
    ++by_severity[static_cast<std::size_t>(finding.severity())];
  in_file_ = result.more;
  if (result.more) return;
  ++files;
  if (result.error) ++files_with_errors;
  if (file_has_findings_) ++files_with_findings;
}

std::size_t Summary::at_or_above(Severity threshold) const {
  std::size_t count = 0;
  for (std::size_t s = static_cast<std::size_t>(threshold); s < by_severity.size(); ++s)
    count += by_severity[s];
  return count;
}

namespace {

// A long text cut in the middle, so that a report line stays readable (a
// whole paragraph turned into the other address form); the JSON report
// and `tonfall fix` carry all of it.
std::string shortened(std::string_view text) {
  constexpr std::size_t kHead = 160, kTail = 80;  // bytes, moved back to the start of a character
  if (text.size() <= kHead + kTail + 20) return std::string(text);
  auto start_of_character = [&](std::size_t at) {
    while (at > 0 && (static_cast<unsigned char>(text[at]) & 0xC0) == 0x80) --at;
    return at;
  };
  return std::string(text.substr(0, start_of_character(kHead))) + " … " +
         std::string(text.substr(start_of_character(text.size() - kTail)));
}

}  // namespace

std::string shown_suggestion(const Finding& finding, const std::string& suggestion) {
  return shortened(suggestion.empty() ? "„" + finding.text + "“ streichen" : suggestion);
}

namespace {

std::size_t code_point_width(UChar32 c) {
  const auto category = U_GET_GC_MASK(c);
  if (category & (U_GC_MN_MASK | U_GC_ME_MASK | U_GC_CF_MASK)) return 0;
  const int width = u_getIntPropertyValue(c, UCHAR_EAST_ASIAN_WIDTH);
  return width == U_EA_WIDE || width == U_EA_FULLWIDTH ? 2 : 1;
}

}  // namespace

std::string visible(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
  const auto n = static_cast<int32_t>(text.size());
  for (int32_t i = 0; i < n;) {
    const int32_t at = i;
    UChar32 c;
    U8_NEXT(bytes, i, n, c);
    if (c == '\t' || c == '\n' || !(c < 0x20 || (c >= 0x7F && c <= 0x9F))) {
      out.append(text.substr(static_cast<std::size_t>(at), static_cast<std::size_t>(i - at)));
      continue;
    }
    // U+2400… „␛“ for the C0 controls, „␡“ for DEL, „�“ for the C1 controls
    // and bytes that are no UTF-8:
    // one column each, as the character they stand for counts in padding_for.
    const UChar32 picture = c >= 0 && c < 0x20 ? 0x2400 + c : c == 0x7F ? 0x2421 : 0xFFFD;
    char buffer[4];
    int32_t length = 0;
    U8_APPEND_UNSAFE(buffer, length, picture);
    out.append(buffer, static_cast<std::size_t>(length));
  }
  return out;
}

namespace {

// Blanks that put the next character under the one after `prefix` on screen:
// tabs are kept, so the terminal expands them the same way in both lines.
std::string padding_for(std::string_view prefix) {
  std::string pad;
  const auto* bytes = reinterpret_cast<const uint8_t*>(prefix.data());
  for (int32_t i = 0; i < static_cast<int32_t>(prefix.size());) {
    UChar32 c;
    U8_NEXT(bytes, i, static_cast<int32_t>(prefix.size()), c);
    if (c == '\t')
      pad += '\t';
    else
      pad.append(code_point_width(c), ' ');
  }
  return pad;
}

std::string plural(std::size_t n, const char* one, const char* many) {
  return fmt::format("{} {}", n, n == 1 ? one : many);
}

// Where a finding is, as "PATH:LINE:COLUMN" for editors and terminals; only
// "PATH" for one in a decoded part, whose line and column count there, not
// in the file (said in words beside it).
std::string file_position(std::string_view path, const Finding& finding) {
  if (finding.in_decoded_text) return std::string(path);
  return fmt::format("{}:{}:{}", path, finding.line, finding.column);
}

class TextReporter : public Reporter {
 public:
  TextReporter(std::ostream& out, const ReportOptions& options) : out_(out), options_(options) {}

  void add(const FileResult& result) override {
    if (options_.quiet || result.findings.empty()) return;
    const std::size_t bom = result.original.rfind("\xEF\xBB\xBF", 0) == 0 ? 3 : 0;
    const LineIndex lines(result.original, bom);
    for (const Finding& finding : result.findings) write(result.path, finding, lines);
    out_.flush();
  }

  void finish(const Summary& summary) override {
    if (options_.quiet) return;
    out_ << paint("1", summary_line(summary)) << '\n';
    out_.flush();
  }

 private:
  std::string paint(const char* code, std::string_view text) const {
    return options_.color ? fmt::format("\x1b[{}m{}\x1b[0m", code, text) : std::string(text);
  }

  void write(const std::string& path, const Finding& finding, const LineIndex& lines) {
    static constexpr const char* kSeverityColor[] = {"1;36", "1;35", "1;31"};
    const Rule& rule = *finding.rule;
    out_ << paint("1", file_position(visible(path), finding) + ":") << ' '
         << paint(kSeverityColor[static_cast<int>(finding.severity())], to_string(finding.severity())) << ": "
         << rule.message << ' ' << paint("2", "[" + rule.id + "]");
    if (!finding.entry.empty()) out_ << paint("2", " (Eintrag: " + visible(finding.entry) + ")");
    out_ << '\n';
    if (finding.in_decoded_text) {
      // The position counts in a decoded part, not in the file's lines.
      out_ << fmt::format("   im dekodierten Teil, dort Zeile {} Spalte {}: „{}“\n", finding.line, finding.column,
                          visible(finding.text));
      write_help("   ", finding);
      return;
    }

    // A line in another charset (a Latin-1 e-mail part) is shown decoded, as
    // a terminal expects UTF-8; a very long line (a library on one line) is
    // shown around the span.
    std::optional<DecodedLine> cut;
    const DecodedLine* decoded = finding.decoded_line ? &*finding.decoded_line : nullptr;
    if (!decoded && lines.line_text(finding.line).size() > 4 * kShownContext) {
      const std::string_view whole = lines.line_text(finding.line);
      cut = line_around(whole, finding.offset - lines.line_start(finding.line), finding.length);
      decoded = &*cut;
    }
    const std::string_view line = decoded ? decoded->text : lines.line_text(finding.line);
    const std::string number = std::to_string(finding.line);
    const std::string gutter(number.size(), ' ');
    // The span on this line, as byte offsets into `line`.
    const std::size_t begin_in_line =
        decoded ? decoded->span_begin : finding.offset - lines.line_start(finding.line);
    const std::size_t end_in_line =
        decoded ? decoded->span_end : std::min(line.size(), begin_in_line + finding.length);
    const std::size_t span_width = std::max<std::size_t>(
        1, display_width(line.substr(begin_in_line, end_in_line - begin_in_line)));
    out_ << ' ' << number << " | " << visible(line) << '\n';
    out_ << ' ' << gutter << " | " << padding_for(line.substr(0, begin_in_line))
         << paint("1;32", "^" + std::string(span_width - 1, '~')) << '\n';
    write_help(' ' + gutter + "   ", finding);
  }

  // The rule's advice, then the replacements on offer.
  void write_help(const std::string& indent, const Finding& finding) {
    if (!finding.rule->advice.empty())
      out_ << indent << paint("1;36", "Tipp:") << ' ' << finding.rule->advice << '\n';
    for (const std::string& suggestion : finding.suggestions)
      out_ << indent << paint("1;32", "Vorschlag:") << ' ' << shown_suggestion(finding, suggestion) << '\n';
  }

  std::ostream& out_;
  ReportOptions options_;
};


std::string dump(const nlohmann::ordered_json& value) {
  return value.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

class JsonReporter : public Reporter {
 public:
  explicit JsonReporter(std::ostream& out) : out_(out) {
    out_ << R"({"schema":"tonfall/1","files":[)";
  }

  // Writes {"path","error"?,"findings":[...]} as the pieces of a file come;
  // an error known only at the last piece of a streamed file follows the
  // findings.
  void add(const FileResult& result) override {
    if (!in_file_) {
      out_ << (first_ ? "\n" : ",\n") << R"({"path":)" << dump(result.path);
      if (result.error) out_ << R"(,"error":)" << dump(result.error->to_string());
      out_ << R"(,"findings":[)";
      first_ = false;
      first_finding_ = true;
    }
    for (const Finding& finding : result.findings) {
      out_ << (first_finding_ ? "" : ",") << dump(finding_json(finding));
      first_finding_ = false;
    }
    if (!result.more) {
      out_ << ']';
      if (in_file_ && result.error) out_ << R"(,"error":)" << dump(result.error->to_string());
      out_ << '}';
    }
    in_file_ = result.more;
    out_.flush();
  }

  void finish(const Summary& summary) override {
    nlohmann::ordered_json counts;
    counts["files"] = summary.files;
    counts["files_with_findings"] = summary.files_with_findings;
    counts["files_with_errors"] = summary.files_with_errors;
    counts["findings"] = summary.findings();
    counts["error"] = summary.by_severity[static_cast<std::size_t>(Severity::error)];
    counts["warning"] = summary.by_severity[static_cast<std::size_t>(Severity::warning)];
    counts["info"] = summary.by_severity[static_cast<std::size_t>(Severity::info)];
    out_ << "\n],\"summary\":" << dump(counts) << "}\n";
    out_.flush();
  }

 private:
  std::ostream& out_;
  bool first_ = true;
  bool in_file_ = false;  // the findings array of a streamed file is open
  bool first_finding_ = true;
};

// --- shared by the CI formats ---

// The finding's message, its advice and its first suggestion, as the
// CI formats show them in one line.
std::string message_with_suggestion(const Finding& finding) {
  std::string text = finding.rule->message;
  // Its line and column count in the decoded part (a base64 body), not in
  // the file: said in words, and the CI formats point at the file only.
  if (finding.in_decoded_text)
    text = fmt::format("Im dekodierten Teil, dort Zeile {} Spalte {}: „{}“. ", finding.line, finding.column,
                       visible(finding.text)) + text;
  if (!finding.rule->advice.empty()) text += " Tipp: " + finding.rule->advice;
  if (!finding.suggestions.empty()) text += " Vorschlag: " + shown_suggestion(finding, finding.suggestions.front());
  return text;
}


// `text` escaped for XML 1.0 content and attribute values alike: the five
// markup characters as entities, tab and line ends as character references
// (so attribute normalization keeps them), other characters XML forbids (C0
// controls, U+FFFE, U+FFFF) dropped, invalid UTF-8 as U+FFFD.
std::string xml_escape(std::string_view text) {
  const std::string valid = valid_utf8(text);
  std::string out;
  out.reserve(valid.size());
  const auto* bytes = reinterpret_cast<const uint8_t*>(valid.data());
  const auto size = static_cast<int32_t>(valid.size());
  for (int32_t i = 0; i < size;) {
    const int32_t start = i;
    UChar32 c;
    U8_NEXT(bytes, i, size, c);
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      case '\t':
        out += "&#9;";
        break;
      case '\n':
        out += "&#10;";
        break;
      case '\r':
        out += "&#13;";
        break;
      default:
        if (c < 0x20 || c == 0xFFFE || c == 0xFFFF) break;
        out.append(valid, start, i - start);
    }
  }
  return out;
}

// GitHub workflow commands: the message ("data") escapes %, CR and LF; a
// property value also : and , which would end it.
std::string github_escape(std::string_view text, bool property) {
  std::string out;
  for (const char c : valid_utf8(text)) {
    switch (c) {
      case '%':
        out += "%25";
        break;
      case '\r':
        out += "%0D";
        break;
      case '\n':
        out += "%0A";
        break;
      case ':':
        out += property ? "%3A" : ":";
        break;
      case ',':
        out += property ? "%2C" : ",";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// A path as a SARIF artifact URI: a relative path stays a relative reference,
// an absolute one becomes a file:// URI. Bytes outside RFC 3986's unreserved
// characters, sub-delimiters, '@' and '/' are percent-encoded (':' too, so a
// first segment is never read as a scheme).
std::string path_to_uri(std::string_view path) {
  static constexpr std::string_view kKept = "-._~!$&'()*+,;=@/";
  std::string out = path.starts_with('/') ? "file://" : "";
  for (const char c : path) {
    const auto byte = static_cast<unsigned char>(c);
    if (std::isalnum(byte) && byte < 0x80)
      out += c;
    else if (kKept.find(c) != std::string_view::npos)
      out += c;
    else
      out += fmt::format("%{:02X}", byte);
  }
  return out;
}

// --- SARIF 2.1.0 ---

std::string_view sarif_level(Severity severity) {
  switch (severity) {
    case Severity::error:
      return "error";
    case Severity::warning:
      return "warning";
    case Severity::info:
      return "note";
  }
  return "none";
}

// The documentation of a rule, as `tonfall explain` gives it in short.
std::string sarif_help(const Rule& rule) {
  std::string help = rule.message;
  if (!rule.rationale.empty()) help += "\n\n" + rule.rationale;
  if (!rule.suggestions.empty()) {
    help += "\n\nVorschläge:";
    for (const std::string& suggestion : rule.suggestions) help += "\n- " + suggestion;
  }
  if (!rule.source.empty()) help += "\n\nQuelle: " + rule.source;
  return help + "\n\nMehr dazu: tonfall explain " + rule.id;
}

nlohmann::ordered_json sarif_rule(const Rule& rule) {
  nlohmann::ordered_json descriptor;
  descriptor["id"] = rule.id;
  descriptor["shortDescription"]["text"] = rule.message;
  if (!rule.rationale.empty()) descriptor["fullDescription"]["text"] = rule.rationale;
  descriptor["help"]["text"] = sarif_help(rule);
  descriptor["defaultConfiguration"]["level"] = sarif_level(rule.severity);
  descriptor["properties"]["category"] = rule.category;
  descriptor["properties"]["tags"] = nlohmann::ordered_json::array({rule.category});
  return descriptor;
}

nlohmann::ordered_json sarif_artifact(std::string_view path) {
  nlohmann::ordered_json location;
  location["uri"] = path_to_uri(path);
  return location;
}

class SarifReporter : public Reporter {
 public:
  SarifReporter(std::ostream& out, std::string tool_version)
      : out_(out), tool_version_(std::move(tool_version)) {}

  void add(const FileResult& result) override {
    if (result.error) add_input_error(*result.error);
    for (const Finding& finding : result.findings) add(result.path, finding);
  }

  void add_input_error(const Error& error) override {
    nlohmann::ordered_json notification;
    notification["level"] = "error";
    notification["message"]["text"] = error.to_string();
    nlohmann::ordered_json location;
    location["physicalLocation"]["artifactLocation"] = sarif_artifact(error.path);
    if (error.line != 0) {
      location["physicalLocation"]["region"]["startLine"] = error.line;
      if (error.column != 0) location["physicalLocation"]["region"]["startColumn"] = error.column;
    }
    notification["locations"] = nlohmann::ordered_json::array({location});
    notifications_.push_back(std::move(notification));
  }

  void finish(const Summary& /*summary*/) override {
    nlohmann::ordered_json driver;
    driver["name"] = "tonfall";
    if (!tool_version_.empty()) driver["version"] = tool_version_;
    driver["rules"] = std::move(rules_);

    nlohmann::ordered_json invocation;
    invocation["executionSuccessful"] = notifications_.empty();
    if (!notifications_.empty())
      invocation["toolExecutionNotifications"] = std::move(notifications_);

    nlohmann::ordered_json run;
    run["tool"]["driver"] = std::move(driver);
    run["invocations"] = nlohmann::ordered_json::array({std::move(invocation)});
    // tonfall's columns count the code points of the line in NFC.
    run["columnKind"] = "unicodeCodePoints";
    run["results"] = std::move(results_);

    nlohmann::ordered_json log;
    log["$schema"] =
        "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/"
        "sarif-schema-2.1.0.json";
    log["version"] = "2.1.0";
    log["runs"] = nlohmann::ordered_json::array({std::move(run)});
    out_ << log.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << '\n';
    out_.flush();
  }

 private:
  void add(const std::string& path, const Finding& finding) {
    const Rule& rule = *finding.rule;
    auto [entry, added] = rule_index_.try_emplace(rule.id, rules_.size());
    if (added) rules_.push_back(sarif_rule(rule));

    nlohmann::ordered_json region;
    region["startLine"] = finding.line;
    region["startColumn"] = finding.column;
    region["endLine"] = finding.end_line;
    region["endColumn"] = finding.end_column;
    // Byte offsets are exactly tonfall's; SARIF's charOffset would count
    // UTF-16 code units or code points of the whole file, so it is left out.
    region["byteOffset"] = finding.offset;
    region["byteLength"] = finding.length;
    region["snippet"]["text"] = finding.text;

    nlohmann::ordered_json location;
    location["physicalLocation"]["artifactLocation"] = sarif_artifact(path);
    if (!finding.in_decoded_text) location["physicalLocation"]["region"] = std::move(region);

    nlohmann::ordered_json item;
    item["ruleId"] = rule.id;
    item["ruleIndex"] = entry->second;
    item["level"] = sarif_level(finding.severity());
    item["message"]["text"] = message_with_suggestion(finding);
    item["locations"] = nlohmann::ordered_json::array({std::move(location)});
    if (!finding.suggestions.empty()) item["properties"]["suggestions"] = finding.suggestions;
    // Quoted words are reported as a note, whatever the rule's level.
    if (finding.quoted) item["properties"]["quoted"] = true;
    results_.push_back(std::move(item));
  }

  std::ostream& out_;
  std::string tool_version_;
  nlohmann::ordered_json rules_ = nlohmann::ordered_json::array();
  std::map<std::string, std::size_t> rule_index_;  // rule id -> index in rules_
  nlohmann::ordered_json results_ = nlohmann::ordered_json::array();
  nlohmann::ordered_json notifications_ = nlohmann::ordered_json::array();
};

// --- GitHub Actions workflow commands ---

class GithubReporter : public Reporter {
 public:
  explicit GithubReporter(std::ostream& out) : out_(out) {}

  void add(const FileResult& result) override {
    if (result.error) add_input_error(*result.error);
    for (const Finding& finding : result.findings) {
      static constexpr const char* kCommand[] = {"notice", "warning", "error"};
      out_ << "::" << kCommand[static_cast<int>(finding.severity())] << " file=" << github_escape(result.path, true);
      // A finding in a decoded part marks the file as a whole: its lines are
      // not the file's. GitHub accepts columns only within one line.
      if (!finding.in_decoded_text) {
        out_ << ",line=" << finding.line;
        if (finding.end_line == finding.line)
          out_ << ",col=" << finding.column << ",endLine=" << finding.end_line << ",endColumn=" << finding.end_column;
        else
          out_ << ",endLine=" << finding.end_line;
      }
      out_ << ",title=" << github_escape(finding.rule->id, true)
           << "::" << github_escape(message_with_suggestion(finding), false) << '\n';
    }
    out_.flush();
  }

  void add_input_error(const Error& error) override {
    out_ << "::error file=" << github_escape(error.path, true);
    if (error.line != 0) out_ << ",line=" << error.line;
    if (error.line != 0 && error.column != 0) out_ << ",col=" << error.column;
    out_ << ",title=tonfall::" << github_escape(error.message, false) << '\n';
    out_.flush();
  }

  void finish(const Summary& summary) override {
    out_ << valid_utf8(summary_line(summary)) << '\n';
    out_.flush();
  }

 private:
  std::ostream& out_;
};

// --- JUnit XML ---

class JunitReporter : public Reporter {
 public:
  explicit JunitReporter(std::ostream& out) : out_(out) {}

  void add(const FileResult& result) override {
    if (result.error) {
      add_input_error(*result.error);
      return;
    }
    ++tests_;
    if (result.findings.empty()) {
      cases_ += fmt::format("    <testcase classname=\"tonfall\" name=\"{}\"/>\n",
                            xml_escape(result.path));
      return;
    }
    ++failures_;
    cases_ +=
        fmt::format("    <testcase classname=\"tonfall\" name=\"{}\">\n", xml_escape(result.path));
    for (const Finding& finding : result.findings) {
      const std::string message = message_with_suggestion(finding);
      const std::string text =
          fmt::format("{}: {} [{}]{}", file_position(result.path, finding), finding.rule->message, finding.rule->id,
                      finding.suggestions.empty() ? "" : " Vorschlag: " + shown_suggestion(finding, finding.suggestions[0]));
      cases_ +=
          fmt::format("      <failure message=\"{}\" type=\"{}\">{}</failure>\n",
                      xml_escape(message), to_string(finding.severity()), xml_escape(text));
    }
    cases_ += "    </testcase>\n";
  }

  void add_input_error(const Error& error) override {
    ++tests_;
    ++errors_;
    cases_ += fmt::format(
        "    <testcase classname=\"tonfall\" name=\"{}\">\n"
        "      <error message=\"{}\" type=\"error\">{}</error>\n"
        "    </testcase>\n",
        xml_escape(error.path), xml_escape(error.message), xml_escape(error.to_string()));
  }

  void finish(const Summary& /*summary*/) override {
    const std::string counts =
        fmt::format("tests=\"{}\" failures=\"{}\" errors=\"{}\"", tests_, failures_, errors_);
    out_ << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
         << "<testsuites name=\"tonfall\" " << counts << ">\n"
         << "  <testsuite name=\"tonfall\" " << counts << " skipped=\"0\">\n"
         << cases_ << "  </testsuite>\n</testsuites>\n";
    out_.flush();
  }

 private:
  std::ostream& out_;
  std::string cases_;  // the <testcase> elements so far
  std::size_t tests_ = 0;
  std::size_t failures_ = 0;  // testcases with at least one finding
  std::size_t errors_ = 0;    // inputs that could not be checked
};

// --- Checkstyle XML ---

class CheckstyleReporter : public Reporter {
 public:
  explicit CheckstyleReporter(std::ostream& out) : out_(out) {
    out_ << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<checkstyle version=\"4.3\">\n";
  }

  void add(const FileResult& result) override {
    if (result.error) {
      add_input_error(*result.error);
      return;
    }
    out_ << "  <file name=\"" << xml_escape(result.path) << "\">\n";
    for (const Finding& finding : result.findings) {
      // A finding in a decoded part marks the file as a whole, as in SARIF.
      const std::string position = finding.in_decoded_text
                                       ? std::string()
                                       : fmt::format(" line=\"{}\" column=\"{}\"", finding.line, finding.column);
      out_ << fmt::format("    <error{} severity=\"{}\" message=\"{}\" source=\"{}\"/>\n", position,
                          to_string(finding.severity()), xml_escape(message_with_suggestion(finding)),
                          xml_escape(finding.rule->id));
    }
    out_ << "  </file>\n";
    out_.flush();
  }

  void add_input_error(const Error& error) override {
    std::string position;
    if (error.line != 0) position += fmt::format(" line=\"{}\"", error.line);
    if (error.line != 0 && error.column != 0)
      position += fmt::format(" column=\"{}\"", error.column);
    out_ << "  <file name=\"" << xml_escape(error.path) << "\">\n"
         << fmt::format("    <error{} severity=\"error\" message=\"{}\" source=\"tonfall\"/>\n",
                        position, xml_escape(error.message))
         << "  </file>\n";
    out_.flush();
  }

  void finish(const Summary& /*summary*/) override {
    out_ << "</checkstyle>\n";
    out_.flush();
  }

 private:
  std::ostream& out_;
};

}  // namespace

std::size_t display_width(std::string_view text) {
  std::size_t width = 0;
  const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
  for (int32_t i = 0; i < static_cast<int32_t>(text.size());) {
    UChar32 c;
    U8_NEXT(bytes, i, static_cast<int32_t>(text.size()), c);
    width += c == '\t' ? 1 : code_point_width(c);
  }
  return width;
}

std::string summary_line(const Summary& summary) {
  const std::string files = plural(summary.files, "Datei", "Dateien");
  if (summary.findings() == 0) {
    return summary.files_with_errors == 0
               ? fmt::format("Keine Befunde in {}.", files)
               : fmt::format("Keine Befunde; {} von {} {} nicht geprüft werden.", summary.files_with_errors, files,
                             summary.files_with_errors == 1 ? "konnte" : "konnten");
  }
  std::vector<std::string> parts;
  if (const auto n = summary.by_severity[2]) parts.push_back(plural(n, "Fehler", "Fehler"));
  if (const auto n = summary.by_severity[1]) parts.push_back(plural(n, "Warnung", "Warnungen"));
  if (const auto n = summary.by_severity[0]) parts.push_back(plural(n, "Hinweis", "Hinweise"));
  std::string counted = parts[0];
  for (std::size_t i = 1; i < parts.size(); ++i)
    counted += (i + 1 == parts.size() ? " und " : ", ") + parts[i];
  std::string line = fmt::format("{} in {} von {}.", counted, summary.files_with_findings, files);
  if (summary.files_with_errors)
    line += fmt::format(" {} nicht geprüft werden.",
                        summary.files_with_errors == 1
                            ? "1 Datei konnte"
                            : fmt::format("{} Dateien konnten", summary.files_with_errors));
  return line;
}

nlohmann::ordered_json finding_json(const Finding& f) {
  nlohmann::ordered_json item;
  item["rule"] = f.rule->id;
  item["severity"] = to_string(f.severity());
  item["category"] = f.rule->category;
  item["message"] = f.rule->message;
  item["line"] = f.line;
  item["column"] = f.column;
  item["end_line"] = f.end_line;
  item["end_column"] = f.end_column;
  item["offset"] = f.offset;
  item["length"] = f.length;
  item["utf16_offset"] = f.utf16_offset;
  item["utf16_length"] = f.utf16_length;
  item["text"] = f.text;
  item["suggestions"] = f.suggestions;
  if (!f.rule->advice.empty()) item["advice"] = f.rule->advice;
  if (f.quoted) item["quoted"] = true;
  if (!f.entry.empty()) item["entry"] = f.entry;
  if (f.in_decoded_text) item["in_decoded_text"] = true;
  return item;
}

std::string findings_json(const std::vector<Finding>& findings) {
  nlohmann::ordered_json array = nlohmann::ordered_json::array();
  for (const Finding& finding : findings) array.push_back(finding_json(finding));
  return dump(array);
}

void write_fix_json(std::ostream& out, const FixResult& result, std::optional<std::string_view> request_id) {
  nlohmann::ordered_json json;
  json["schema"] = "tonfall/1";
  if (!request_id)
    json["path"] = result.path;
  else if (!request_id->empty())
    json["id"] = nlohmann::ordered_json::parse(*request_id);
  if (result.error) json["error"] = result.error->to_string();
  nlohmann::ordered_json fixed = fix_json(result);
  for (auto& [key, value] : fixed.items()) json[key] = std::move(value);
  out << dump(json) << '\n';
  out.flush();
}

nlohmann::ordered_json fix_json(const FixResult& result) {
  nlohmann::ordered_json json;
  json["text"] = result.text;
  json["applied"] = nlohmann::ordered_json::array();
  for (const Edit& edit : result.applied) {
    nlohmann::ordered_json item;
    item["rule"] = edit.rule->id;
    item["line"] = edit.line;
    item["column"] = edit.column;
    item["offset"] = edit.offset;
    item["length"] = edit.length;
    item["before"] = edit.before;
    item["after"] = edit.after;
    if (!edit.new_placeholders.empty()) item["new_placeholders"] = edit.new_placeholders;
    json["applied"].push_back(std::move(item));
  }
  json["new_placeholders"] = result.new_placeholders;
  json["remaining"] = nlohmann::ordered_json::array();
  for (const Finding& finding : result.remaining) json["remaining"].push_back(finding_json(finding));
  return json;
}

void write_fix_text(std::ostream& out, const FixResult& result, bool color) {
  FixTextReport(out, color).add(result);
}

FixTextReport::FixTextReport(std::ostream& out, bool color)
    : out_(out), reporter_(make_reporter(Format::text, out, {color, false})) {}

FixTextReport::~FixTextReport() = default;

void FixTextReport::add(const FixResult& piece) {
  for (const Edit& edit : piece.applied) {
    out_ << fmt::format("{}:{}:{}: geändert: „{}“ → „{}“ [{}]\n", visible(piece.path), edit.line, edit.column,
                        visible(edit.before), visible(edit.after), edit.rule->id);
  }
  applied_ += piece.applied.size();
  for (const std::string& placeholder : piece.new_placeholders)
    if (std::find(new_placeholders_.begin(), new_placeholders_.end(), placeholder) == new_placeholders_.end())
      new_placeholders_.push_back(placeholder);
  // The findings of a piece carry their lines (decoded_line), which reports
  // show in place of the piece's own.
  FileResult remaining{piece.path, piece.text, piece.remaining, std::nullopt, piece.more};
  summary_.add(remaining);
  reporter_->add(remaining);
  if (piece.more) return;
  if (!new_placeholders_.empty()) {
    std::string list;
    for (const std::string& placeholder : new_placeholders_) list += (list.empty() ? "" : ", ") + placeholder;
    out_ << fmt::format("{}: neue Platzhalter, vor dem Versand ausfüllen: {}\n", piece.path, list);
  }
  out_ << fmt::format("{} angewandt. ", plural(applied_, "Änderung", "Änderungen"));
  reporter_->finish(summary_);
}

std::optional<Format> parse_format(std::string_view name) {
  static constexpr std::pair<std::string_view, Format> kFormats[] = {
      {"text", Format::text},     {"json", Format::json},   {"sarif", Format::sarif},
      {"github", Format::github}, {"junit", Format::junit}, {"checkstyle", Format::checkstyle}};
  for (const auto& [format_name, format] : kFormats) {
    if (format_name == name) return format;
  }
  return std::nullopt;
}

// Gives a reporter that writes each file as one element (JUnit's testcase,
// Checkstyle's file) one FileResult per file, joining the pieces of a
// streamed input.
class WholeFiles : public Reporter {
 public:
  explicit WholeFiles(std::unique_ptr<Reporter> inner) : inner_(std::move(inner)) {}

  void add(const FileResult& result) override {
    if (!pending_ && !result.more) {
      inner_->add(result);
      return;
    }
    if (!pending_) {
      pending_ = FileResult{result.path, {}, {}, std::nullopt};
    }
    pending_->findings.insert(pending_->findings.end(), result.findings.begin(), result.findings.end());
    if (result.error) pending_->error = result.error;
    if (result.more) return;
    inner_->add(*pending_);
    pending_.reset();
  }
  void add_input_error(const Error& error) override { inner_->add_input_error(error); }
  void finish(const Summary& summary) override { inner_->finish(summary); }

 private:
  std::unique_ptr<Reporter> inner_;
  std::optional<FileResult> pending_;
};

std::unique_ptr<Reporter> make_reporter(Format format, std::ostream& out,
                                        const ReportOptions& options) {
  switch (format) {
    case Format::json:
      return std::make_unique<JsonReporter>(out);
    case Format::sarif:
      return std::make_unique<SarifReporter>(out, options.tool_version);
    case Format::github:
      return std::make_unique<GithubReporter>(out);
    case Format::junit:
      return std::make_unique<WholeFiles>(std::make_unique<JunitReporter>(out));
    case Format::checkstyle:
      return std::make_unique<WholeFiles>(std::make_unique<CheckstyleReporter>(out));
    case Format::text:
      break;
  }
  return std::make_unique<TextReporter>(out, options);
}

}  // namespace tonfall
