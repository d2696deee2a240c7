// tonfall check --input-format jsonl: one long-lived process checks many
// drafts. Each input line is a request {"id": any, "text": "…", "format"?:
// "text"|"markdown"|"html"}; each gets one output line
// {"schema":"tonfall/1","id":…,"findings":[…]} or, for a bad line,
// {"schema":"tonfall/1","id"?:…,"error":"…"}, flushed at once.
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <unicode/utf8.h>

#include "commands.h"
#include "tonfall/normalize.h"
#include "tonfall/report.h"

namespace tonfall::cli {
namespace {

using Json = nlohmann::ordered_json;


std::string dump(const Json& value) {
  return value.dump(-1, ' ', false, Json::error_handler_t::replace);
}

struct Totals {
  Summary summary;
  bool errors = false;
};

// A request nested deeper than this is refused before it is parsed: copying
// and writing a JSON value recurse, and 100,000 levels end the process.
constexpr std::size_t kMaxRequestDepth = 64;

// True if the arrays and objects of `json` nest deeper than `limit` (brackets
// inside strings do not count; the text need not be valid JSON).
bool nests_deeper_than(std::string_view json, std::size_t limit) {
  std::size_t depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < json.size(); ++i) {
    const char c = json[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > limit) return true;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return false;
}

// Checks one request line and writes its answer line.
void answer(std::string_view line, std::size_t number, const Engine& engine,
            const LintSettings& settings, std::ostream& out, Totals& totals) {
  Json reply;
  reply["schema"] = "tonfall/1";
  auto fail = [&](const std::string& message) {
    reply["error"] = message;
    out << dump(reply) << '\n';
    out.flush();
    totals.errors = true;
    ++totals.summary.files;
    ++totals.summary.files_with_errors;
  };
  if (nests_deeper_than(line, kMaxRequestDepth))
    return fail("line " + std::to_string(number) + ": nested more than " + std::to_string(kMaxRequestDepth) +
                " levels deep");
  if (auto invalid = find_invalid_text(line)) {
    // Still name the request when its id can be read around the bad bytes.
    const Json salvaged = Json::parse(valid_utf8(line), nullptr, false);
    if (salvaged.is_object() && salvaged.contains("id")) reply["id"] = salvaged["id"];
    return fail("line " + std::to_string(number) + ": " + invalid->message);
  }
  Json request;
  try {
    request = Json::parse(line);
  } catch (const Json::parse_error& e) {
    std::string what = e.what();
    // "[json.exception.parse_error.101] parse error at …": the part for people.
    if (const std::size_t bracket = what.find("] "); bracket != std::string::npos) what.erase(0, bracket + 2);
    return fail("line " + std::to_string(number) + ": invalid JSON: " + what);
  }
  if (!request.is_object()) return fail("line " + std::to_string(number) + ": a request is a JSON object");
  // "id" comes right after "schema", before "findings" or "error".
  if (request.contains("id")) reply["id"] = request["id"];
  const auto text = request.find("text");
  if (text == request.end()) return fail("line " + std::to_string(number) + ": \"text\" is missing");
  if (!text->is_string()) return fail("line " + std::to_string(number) + ": \"text\" is not a string");
  InputFormat format = InputFormat::text;
  if (const auto name = request.find("format"); name != request.end()) {
    const std::optional<InputFormat> parsed =
        name->is_string() ? parse_input_format(name->get<std::string>()) : std::nullopt;
    if (!parsed || (*parsed != InputFormat::text && *parsed != InputFormat::markdown &&
                    *parsed != InputFormat::html))
      return fail("line " + std::to_string(number) + ": \"format\" is text, markdown or html");
    format = *parsed;
  }
  FileResult result = check_source(Source{"", text->get<std::string>()}, engine, format, {}, settings);
  totals.summary.add(result);
  if (result.error) {
    totals.errors = true;
    reply["error"] = result.error->to_string();
    out << dump(reply) << '\n';
  } else {
    // The findings array is written by the reporter's own code, unchanged.
    std::string head = dump(reply);
    head.pop_back();  // the closing brace
    out << head << ",\"findings\":" << findings_json(result.findings) << "}\n";
  }
  out.flush();
}

}  // namespace

int run_check_jsonl(const std::vector<std::string>& paths, const Engine& engine,
                    const LintSettings& settings, const std::string& fail_on) {
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
      answer(line, number, engine, settings, std::cout, totals);
    }
  }
  if (totals.errors) return kExitError;
  if (fail_on == "never") return kExitClean;
  return totals.summary.at_or_above(*parse_severity(fail_on)) > 0 ? kExitFindings : kExitClean;
}

}  // namespace tonfall::cli
