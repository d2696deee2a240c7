// tonfall check|fix --input-format jsonl: one long-lived process checks or
// fixes many drafts. Each input line is a request {"id": any, "text": "…",
// "format"?: "text"|"markdown"|"html"}; each gets one output line, flushed at
// once: {"schema":"tonfall/1","id":…,"findings":[…]} from check,
// {"schema":"tonfall/1","id":…,"text":…,"applied":[…],"remaining":[…]} from
// fix, or, for a bad line, {"schema":"tonfall/1","id"?:…,"error":"…"}.
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <unicode/utf8.h>

#include "commands.h"
#include "tonfall/normalize.h"
#include "tonfall/report.h"
#include "tonfall/rewrite.h"

namespace tonfall::cli {
namespace {

using Json = nlohmann::ordered_json;


std::string dump(const Json& value) {
  return value.dump(-1, ' ', false, Json::error_handler_t::replace);
}

struct Totals {
  Summary summary;
  bool errors = false;
  std::size_t new_placeholders = 0;  // fix: gaps the writer must still fill
};

// A request that could be read: its text, how to read it, and the reply so
// far ({"schema","id"?}).
struct Request {
  std::string text;
  InputFormat format = InputFormat::text;
  Json reply;
};

// Reads request line `number`; a bad one is answered with an error here, and
// nothing comes back.
std::optional<Request> read_request(std::string_view line, std::size_t number, std::ostream& out, Totals& totals) {
  Json reply;
  reply["schema"] = "tonfall/1";
  auto fail = [&](const std::string& message) -> std::optional<Request> {
    reply["error"] = "line " + std::to_string(number) + ": " + message;
    out << dump(reply) << '\n';
    out.flush();
    totals.errors = true;
    ++totals.summary.files;
    ++totals.summary.files_with_errors;
    return std::nullopt;
  };
  if (nests_deeper_than(line, kMaxMessageDepth))
    return fail("nested more than " + std::to_string(kMaxMessageDepth) + " levels deep");
  if (auto invalid = find_invalid_text(line)) {
    // Still name the request when its id can be read around the bad bytes.
    const Json salvaged = Json::parse(valid_utf8(line), nullptr, false);
    if (salvaged.is_object() && salvaged.contains("id")) reply["id"] = salvaged["id"];
    return fail(invalid->message);
  }
  Json request;
  try {
    request = Json::parse(line);
  } catch (const Json::parse_error& e) {
    return fail("invalid JSON: " + parse_error_text(e.what()));
  }
  if (!request.is_object()) return fail("a request is a JSON object");
  // "id" comes right after "schema", before the answer or "error".
  if (request.contains("id")) reply["id"] = request["id"];
  const auto text = request.find("text");
  if (text == request.end()) return fail("\"text\" is missing");
  if (!text->is_string()) return fail("\"text\" is not a string");
  InputFormat format = InputFormat::text;
  if (const auto name = request.find("format"); name != request.end()) {
    const std::optional<InputFormat> parsed =
        name->is_string() ? parse_input_format(name->get<std::string>()) : std::nullopt;
    if (!parsed || (*parsed != InputFormat::text && *parsed != InputFormat::markdown &&
                    *parsed != InputFormat::html))
      return fail("\"format\" is text, markdown or html");
    format = *parsed;
  }
  return Request{text->get<std::string>(), format, std::move(reply)};
}

// Checks a request and writes its findings.
void check_request(Request request, const Engine& engine, const LintSettings& settings, std::ostream& out,
                   Totals& totals) {
  FileResult result = check_source(Source{"", std::move(request.text)}, engine, request.format, {}, settings);
  totals.summary.add(result);
  if (result.error) {
    totals.errors = true;
    request.reply["error"] = result.error->to_string();
    out << dump(request.reply) << '\n';
  } else {
    // The findings array is written by the reporter's own code, unchanged.
    std::string head = dump(request.reply);
    head.pop_back();  // the closing brace
    out << head << ",\"findings\":" << findings_json(result.findings) << "}\n";
  }
  out.flush();
}

// Fixes a request and writes the rewritten text, the fixes and what remains,
// as fix --format json does for a file. New placeholders count as remaining:
// the text is not ready to send.
void fix_request(Request request, const Engine& engine, const LintSettings& settings, const RuleFilter& allowed,
                 NewPlaceholders placeholders, std::ostream& out, Totals& totals) {
  const FixResult result =
      fix_source(Source{"", std::move(request.text)}, engine, allowed, request.format, settings, placeholders);
  totals.summary.add(FileResult{"", {}, result.remaining, result.error});
  totals.errors = totals.errors || result.error.has_value();
  totals.new_placeholders += result.new_placeholders.size();
  write_fix_json(out, result, request.reply.contains("id") ? dump(request.reply["id"]) : std::string());
}

// Answers every request line of `paths` ("-" or none: standard input).
template <typename Respond>
int answer_lines(const std::vector<std::string>& paths, const std::string& fail_on, Respond respond) {
  Totals totals;
  const std::vector<std::string> inputs = paths.empty() ? std::vector<std::string>{"-"} : paths;
  for (const std::string& path : inputs) {
    std::ifstream file;
    if (path != "-") {
      file.open(path, std::ios::binary);
      if (!file) {
        print_error(Error{path, 0, 0, "cannot open"});
        totals.errors = true;
        continue;
      }
    }
    std::istream& in = path == "-" ? std::cin : file;
    std::string line;
    for (std::size_t number = 1; std::getline(in, line); ++number) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (line.find_first_not_of(" \t") == std::string::npos) continue;  // blank lines are no requests
      if (std::optional<Request> request = read_request(line, number, std::cout, totals))
        respond(std::move(*request), std::cout, totals);
    }
  }
  if (totals.errors) return kExitError;
  if (fail_on == "never") return kExitClean;
  return totals.summary.at_or_above(*parse_severity(fail_on)) > 0 || totals.new_placeholders > 0 ? kExitFindings
                                                                                                 : kExitClean;
}

}  // namespace

int run_check_jsonl(const std::vector<std::string>& paths, const Engine& engine,
                    const LintSettings& settings, const std::string& fail_on) {
  return answer_lines(paths, fail_on, [&](Request request, std::ostream& out, Totals& totals) {
    check_request(std::move(request), engine, settings, out, totals);
  });
}

int run_fix_jsonl(const std::vector<std::string>& paths, const Engine& engine, const LintSettings& settings,
                  const RuleFilter& allowed, NewPlaceholders placeholders, const std::string& fail_on) {
  return answer_lines(paths, fail_on, [&](Request request, std::ostream& out, Totals& totals) {
    fix_request(std::move(request), engine, settings, allowed, placeholders, out, totals);
  });
}

}  // namespace tonfall::cli
