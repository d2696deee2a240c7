#include "tonfall/report.h"

#include <fmt/format.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <nlohmann/json.hpp>

namespace tonfall {

void Summary::add(const FileResult& result) {
  ++files;
  if (result.error) ++files_with_errors;
  if (!result.findings.empty()) ++files_with_findings;
  for (const Finding& finding : result.findings)
    ++by_severity[static_cast<std::size_t>(finding.rule->severity)];
}

std::size_t Summary::at_or_above(Severity threshold) const {
  std::size_t count = 0;
  for (std::size_t s = static_cast<std::size_t>(threshold); s < by_severity.size(); ++s)
    count += by_severity[s];
  return count;
}

namespace {

std::size_t code_point_width(UChar32 c) {
  const auto category = U_GET_GC_MASK(c);
  if (category & (U_GC_MN_MASK | U_GC_ME_MASK | U_GC_CF_MASK)) return 0;
  const int width = u_getIntPropertyValue(c, UCHAR_EAST_ASIAN_WIDTH);
  return width == U_EA_WIDE || width == U_EA_FULLWIDTH ? 2 : 1;
}

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
    out_ << paint("1", fmt::format("{}:{}:{}:", path, finding.line, finding.column)) << ' '
         << paint(kSeverityColor[static_cast<int>(rule.severity)], to_string(rule.severity)) << ": "
         << rule.message << ' ' << paint("2", "[" + rule.id + "]") << '\n';

    const std::string_view line = lines.line_text(finding.line);
    const std::string number = std::to_string(finding.line);
    const std::string gutter(number.size(), ' ');
    // The span on this line, as byte offsets into `line`.
    const std::size_t begin_in_line = finding.offset - lines.line_start(finding.line);
    const std::size_t end_in_line = std::min(line.size(), begin_in_line + finding.length);
    const std::size_t span_width = std::max<std::size_t>(
        1, display_width(line.substr(begin_in_line, end_in_line - begin_in_line)));
    out_ << ' ' << number << " | " << line << '\n';
    out_ << ' ' << gutter << " | " << padding_for(line.substr(0, begin_in_line))
         << paint("1;32", "^" + std::string(span_width - 1, '~')) << '\n';
    for (const std::string& suggestion : finding.suggestions) {
      out_ << ' ' << gutter << "   " << paint("1;32", "Vorschlag:") << ' ' << suggestion << '\n';
    }
  }

  std::ostream& out_;
  ReportOptions options_;
};

nlohmann::ordered_json to_json(const Finding& f) {
  nlohmann::ordered_json item;
  item["rule"] = f.rule->id;
  item["severity"] = to_string(f.rule->severity);
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
  return item;
}

std::string dump(const nlohmann::ordered_json& value) {
  return value.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

class JsonReporter : public Reporter {
 public:
  explicit JsonReporter(std::ostream& out) : out_(out) {
    out_ << R"({"schema":"tonfall/1","files":[)";
  }

  void add(const FileResult& result) override {
    nlohmann::ordered_json file;
    file["path"] = result.path;
    if (result.error) file["error"] = result.error->to_string();
    file["findings"] = nlohmann::ordered_json::array();
    for (const Finding& finding : result.findings) file["findings"].push_back(to_json(finding));
    out_ << (first_ ? "\n" : ",\n") << dump(file);
    first_ = false;
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
               : fmt::format("Keine Befunde; {} von {} konnten nicht geprüft werden.",
                             summary.files_with_errors, files);
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

void write_fix_json(std::ostream& out, const FixResult& result) {
  nlohmann::ordered_json json;
  json["schema"] = "tonfall/1";
  json["path"] = result.path;
  if (result.error) json["error"] = result.error->to_string();
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
    json["applied"].push_back(std::move(item));
  }
  json["remaining"] = nlohmann::ordered_json::array();
  for (const Finding& finding : result.remaining) json["remaining"].push_back(to_json(finding));
  out << dump(json) << '\n';
  out.flush();
}

void write_fix_text(std::ostream& out, const FixResult& result, bool color) {
  for (const Edit& edit : result.applied) {
    out << fmt::format("{}:{}:{}: geändert: „{}“ → „{}“ [{}]\n", result.path, edit.line, edit.column,
                       edit.before, edit.after, edit.rule->id);
  }
  FileResult remaining{result.path, result.text, result.remaining, std::nullopt};
  Summary summary;
  summary.add(remaining);
  auto reporter = make_reporter(Format::text, out, {color, false});
  reporter->add(remaining);
  out << fmt::format("{} angewandt. ", plural(result.applied.size(), "Änderung", "Änderungen"));
  reporter->finish(summary);
}

std::unique_ptr<Reporter> make_reporter(Format format, std::ostream& out,
                                        const ReportOptions& options) {
  if (format == Format::json) return std::make_unique<JsonReporter>(out);
  return std::make_unique<TextReporter>(out, options);
}

}  // namespace tonfall
