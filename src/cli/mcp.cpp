// tonfall mcp: a Model Context Protocol server on standard input and output,
// so that agents call tonfall as a tool. JSON-RPC 2.0, one message per line;
// stdout carries protocol messages only, anything for people goes to stderr.
// The packs and engines load once; every call reuses them.
//
// Both eras of the protocol are served, told apart by how the client opens:
// the handshake era (initialize with 2025-03-26, 2025-06-18 or 2025-11-25,
// then notifications/initialized) and the stateless revision 2026-07-28,
// whose requests carry the protocol version in `_meta` and may start with
// server/discover.
#include <fmt/format.h>

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <iostream>
#include <map>
#include <mutex>
#include <set>
#include <thread>
#include <variant>

#include <nlohmann/json.hpp>
#include <unicode/utf8.h>

#include "commands.h"
#include "language.h"
#include "tonfall/normalize.h"
#include "tonfall/report.h"

namespace tonfall::cli {
namespace {

using Json = nlohmann::ordered_json;

std::string dump(const Json& value) {
  return value.dump(-1, ' ', false, Json::error_handler_t::replace);
}

// The string member `key` of `object`; empty when it is missing or not a
// string (a message of the wrong shape must not throw).
std::string string_member(const Json& object, std::string_view key) {
  if (!object.is_object()) return {};
  const auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// --- Protocol versions --------------------------------------------------------

constexpr std::string_view kStateless = "2026-07-28";
// The handshake revisions, newest first: initialize answers with the one the
// client asked for when known, else with the newest.
constexpr std::string_view kHandshakeVersions[] = {"2025-11-25", "2025-06-18", "2025-03-26"};

bool is_handshake_version(std::string_view version) {
  return std::find(std::begin(kHandshakeVersions), std::end(kHandshakeVersions), version) !=
         std::end(kHandshakeVersions);
}

// JSON-RPC error codes.
constexpr int kParseError = -32700;
constexpr int kInvalidRequest = -32600;
constexpr int kMethodNotFound = -32601;
constexpr int kInvalidParams = -32602;

struct RpcError {
  int code;
  std::string message;
  Json data = nullptr;
};

// --- Tools ----------------------------------------------------------------------

// The JSON Schemas of the tools' inputs and outputs. A finding is an object
// of the tonfall/1 JSON (README), with its position also in code points.
const Json& finding_schema() {
  static const Json schema = Json::parse(R"({
    "type": "object",
    "properties": {
      "rule": {"type": "string"},
      "severity": {"type": "string", "enum": ["error", "warning", "info"]},
      "category": {"type": "string"},
      "message": {"type": "string"},
      "line": {"type": "integer"}, "column": {"type": "integer"},
      "end_line": {"type": "integer"}, "end_column": {"type": "integer"},
      "offset": {"type": "integer", "description": "UTF-8 bytes from the start of the text"},
      "length": {"type": "integer"},
      "codepoint_offset": {"type": "integer", "description": "Unicode code points from the start of the text"},
      "codepoint_length": {"type": "integer"},
      "utf16_offset": {"type": "integer"}, "utf16_length": {"type": "integer"},
      "text": {"type": "string"},
      "suggestions": {"type": "array", "items": {"type": "string"}},
      "advice": {"type": "string"}
    },
    "required": ["rule", "severity", "category", "message", "offset", "length", "codepoint_offset",
                 "codepoint_length", "utf16_offset", "utf16_length", "text", "suggestions"]
  })");
  return schema;
}

Json text_input_schema() {
  return Json::parse(R"({
    "type": "object",
    "properties": {
      "text": {"type": "string", "description": "The German draft, as the customer would read it."},
      "format": {"type": "string", "enum": ["text", "markdown", "html", "email"],
                 "description": "How to read the text; default text. Markdown and HTML: only prose is checked, code and markup are left alone."},
      "address": {"type": "string", "enum": ["Sie", "du"],
                  "description": "The form of address suggestions use; default: the draft's own."},
      "enable": {"type": "array", "items": {"type": "string"},
                 "description": "Apply only these rule ids or categories, e.g. [\"befehlston\"] (see list_rules)."},
      "disable": {"type": "array", "items": {"type": "string"},
                  "description": "Rule ids or categories to switch off, e.g. [\"floskel\"]."},
      "fail_on": {"type": "string", "enum": ["error", "warning", "info", "never"],
                  "description": "The severity from which the text does not pass; default warning."}
    },
    "required": ["text"]
  })");
}

Json summary_schema() {
  return Json::parse(R"({
    "type": "object",
    "properties": {"findings": {"type": "integer"}, "error": {"type": "integer"},
                   "warning": {"type": "integer"}, "info": {"type": "integer"}},
    "required": ["findings", "error", "warning", "info"]
  })");
}

Json tool_list() {
  Json check_output = {{"type", "object"},
                       {"properties",
                        {{"findings", {{"type", "array"}, {"items", finding_schema()}}},
                         {"summary", summary_schema()},
                         {"passes", {{"type", "boolean"}}}}},
                       {"required", {"findings", "summary", "passes"}}};
  Json applied = Json::parse(R"({
    "type": "object",
    "properties": {"rule": {"type": "string"}, "line": {"type": "integer"}, "column": {"type": "integer"},
                   "offset": {"type": "integer"}, "length": {"type": "integer"},
                   "before": {"type": "string"}, "after": {"type": "string"},
                   "new_placeholders": {"type": "array", "items": {"type": "string"}}},
    "required": ["rule", "offset", "length", "before", "after"]
  })");
  Json fix_output = {{"type", "object"},
                     {"properties",
                      {{"text", {{"type", "string"}}},
                       {"applied", {{"type", "array"}, {"items", applied}}},
                       {"remaining", {{"type", "array"}, {"items", finding_schema()}}},
                       {"new_placeholders", {{"type", "array"}, {"items", {{"type", "string"}}}}},
                       {"passes", {{"type", "boolean"}}}}},
                     {"required", {"text", "applied", "remaining", "new_placeholders", "passes"}}};
  Json fix_input = text_input_schema();
  fix_input["properties"]["with_placeholders"] = {
      {"type", "boolean"},
      {"description",
       "Also apply rewrites that bring a placeholder the draft did not have ({{kollege}}); they are listed in "
       "new_placeholders and the text does not pass until they are filled in. Default false."}};
  Json explain_output = Json::parse(R"({
    "type": "object",
    "properties": {
      "id": {"type": "string"}, "severity": {"type": "string"}, "category": {"type": "string"},
      "message": {"type": "string"}, "rationale": {"type": "string"}, "advice": {"type": "string"},
      "suggestions": {"type": "array", "items": {"type": "string"}},
      "auto_fix": {"type": "boolean"},
      "bad_examples": {"type": "array", "items": {"type": "string"}},
      "good_examples": {"type": "array", "items": {"type": "string"}},
      "fix_examples": {"type": "array", "items": {"type": "object",
        "properties": {"from": {"type": "string"}, "to": {"type": "string"}}, "required": ["from", "to"]}},
      "source": {"type": "string"}
    },
    "required": ["id", "severity", "category", "message"]
  })");
  Json list_output = Json::parse(R"({
    "type": "object",
    "properties": {
      "rules": {"type": "array", "items": {"type": "object",
        "properties": {"id": {"type": "string"}, "severity": {"type": "string"},
                       "category": {"type": "string"}, "message": {"type": "string"},
                       "auto_fix": {"type": "boolean"}},
        "required": ["id", "severity", "category", "message", "auto_fix"]}},
      "count": {"type": "integer"}
    },
    "required": ["rules", "count"]
  })");
  Json tools = Json::array();
  tools.push_back(
      {{"name", "check_text"},
       {"title", "Check the tone of a German customer-service draft"},
       {"description",
        "Finds what makes a German reply to a customer sound negative: refusals without an alternative, blame, "
        "commands, threats, condescension, sarcasm, officialese, hedges, empty stock phrases, a du/Sie mix. "
        "Use it on a draft before it is sent. Returns each finding with its rule, severity (error: hurts the "
        "customer; warning: has a clearly better wording; info: a style hint), a German explanation, the "
        "flagged words and their position (bytes, code points, UTF-16), suggested replacements and advice; "
        "`passes` is false while a finding at `fail_on` (default warning) remains. Placeholders such as "
        "{{name}} are left alone. To get a rewritten draft, call fix_text."},
       {"inputSchema", text_input_schema()},
       {"outputSchema", check_output},
       {"annotations", {{"readOnlyHint", true}, {"idempotentHint", true}, {"openWorldHint", false}}}});
  tools.push_back(
      {{"name", "fix_text"},
       {"title", "Rewrite a German draft with the safe automatic fixes"},
       {"description",
        "Applies the rewrites that are safe without a human (e.g. „zeitnah“ → „bald“, „Schicken Sie …“ → "
        "„Bitte schicken Sie …“) and returns the rewritten text, what was changed and the findings that "
        "remain for the writer (or the model) to handle. Rewrites that would bring a placeholder the draft "
        "did not have are held back unless with_placeholders is true. Send the text only when `passes` is "
        "true."},
       {"inputSchema", fix_input},
       {"outputSchema", fix_output},
       {"annotations", {{"readOnlyHint", true}, {"idempotentHint", true}, {"openWorldHint", false}}}});
  tools.push_back(
      {{"name", "explain_rule"},
       {"title", "Explain a tone rule"},
       {"description",
        "Everything about one rule, given its id as check_text reports it (e.g. \"ablehnung.nicht-moeglich\"): "
        "why the wording hurts, what to write instead, replacements, examples of bad and good sentences, "
        "and the guidance it comes from. Use it to understand a finding before rewriting by hand."},
       {"inputSchema",
        {{"type", "object"},
         {"properties", {{"rule", {{"type", "string"}, {"description", "The rule id, e.g. floskel.danke-fuer-verstaendnis"}}}}},
         {"required", {"rule"}}}},
       {"outputSchema", explain_output},
       {"annotations", {{"readOnlyHint", true}, {"idempotentHint", true}, {"openWorldHint", false}}}});
  tools.push_back(
      {{"name", "list_rules"},
       {"title", "List the tone rules"},
       {"description",
        "The rules check_text applies, optionally only one category (e.g. \"befehlston\", \"floskel\") or "
        "severity, each with id, severity, category, message and whether fix_text applies it. Use it to pick "
        "rules or categories for enable/disable."},
       {"inputSchema",
        {{"type", "object"},
         {"properties",
          {{"category", {{"type", "string"}}},
           {"severity", {{"type", "string"}, {"enum", {"error", "warning", "info"}}}}}}}},
       {"outputSchema", list_output},
       {"annotations", {{"readOnlyHint", true}, {"idempotentHint", true}, {"openWorldHint", false}}}});
  return tools;
}

// Bad input inside a valid call: a tool result with isError, its message
// telling the model what to change.
struct ToolError {
  std::string message;
};

// The engines of the server: one per selection of rules a call asks for,
// built on first use from the packs and configuration the server started
// with.
class Engines {
 public:
  Engines(RuleSelection flags, const Config& config) : flags_(std::move(flags)), config_(config) {}

  // The profile for a call's enable and disable lists, or the error (an
  // unknown rule id or category) as a message for the model.
  std::variant<const Profile*, ToolError> profile(const std::vector<std::string>& enable,
                                                  const std::vector<std::string>& disable) {
    const auto key = std::make_pair(enable, disable);
    if (auto it = profiles_.find(key); it != profiles_.end()) return it->second.get();
    RuleSelection selection = flags_;
    selection.enable.insert(selection.enable.end(), enable.begin(), enable.end());
    selection.disable.insert(selection.disable.end(), disable.begin(), disable.end());
    auto profile = std::make_unique<Profile>();
    if (std::optional<Error> error = build_profile(config_, selection, *profile))
      return ToolError{error->message + " (list_rules gives the ids and categories)"};
    // A long session with many different selections keeps a bounded number.
    if (profiles_.size() >= kMaxProfiles) profiles_.erase(std::next(profiles_.begin()));
    return profiles_.emplace(key, std::move(profile)).first->second.get();
  }

  // The loaded packs of the server's own selection, for explain and list.
  const Profile& base() { return *std::get<const Profile*>(profile({}, {})); }

 private:
  static constexpr std::size_t kMaxProfiles = 16;
  RuleSelection flags_;
  const Config& config_;
  std::map<std::pair<std::vector<std::string>, std::vector<std::string>>, std::unique_ptr<Profile>> profiles_;
};

// The arguments check_text and fix_text share.
struct TextArguments {
  std::string text;
  InputFormat format = InputFormat::text;
  std::optional<Address> address;
  std::vector<std::string> enable, disable;
  std::string fail_on = "warning";
  bool with_placeholders = false;
};

// Reads the arguments of a text tool. A wrong type is invalid params (the
// schema says what is allowed); a wrong value the model can correct is a
// ToolError.
std::variant<TextArguments, ToolError, RpcError> text_arguments(const Json& arguments) {
  TextArguments out;
  auto invalid = [](std::string message) { return RpcError{kInvalidParams, std::move(message)}; };
  const auto text = arguments.find("text");
  if (text == arguments.end()) return invalid("\"text\" is required");
  if (!text->is_string()) return invalid("\"text\" must be a string");
  out.text = text->get<std::string>();
  if (out.text.find_first_not_of(" \t\r\n") == std::string::npos)
    return ToolError{"\"text\" is empty: give the draft to check"};
  if (out.text.find('\0') != std::string::npos)
    return ToolError{"\"text\" holds a NUL character or an escaped lone surrogate (\\ud800 to \\udfff), which "
                     "stand for no letter: remove them or send the text as it is, in UTF-8"};
  auto string_of = [&](const char* key, std::string& into) -> std::optional<RpcError> {
    const auto it = arguments.find(key);
    if (it == arguments.end()) return std::nullopt;
    if (!it->is_string()) return invalid(fmt::format("\"{}\" must be a string", key));
    into = it->get<std::string>();
    return std::nullopt;
  };
  auto list_of = [&](const char* key, std::vector<std::string>& into) -> std::optional<RpcError> {
    const auto it = arguments.find(key);
    if (it == arguments.end()) return std::nullopt;
    if (!it->is_array() || !std::all_of(it->begin(), it->end(), [](const Json& v) { return v.is_string(); }))
      return invalid(fmt::format("\"{}\" must be an array of strings", key));
    for (const Json& item : *it) into.push_back(item.get<std::string>());
    return std::nullopt;
  };
  std::string format = "text", address;
  for (auto error : {string_of("format", format), string_of("address", address), string_of("fail_on", out.fail_on),
                     list_of("enable", out.enable), list_of("disable", out.disable)})
    if (error) return *error;
  if (const auto it = arguments.find("with_placeholders"); it != arguments.end()) {
    if (!it->is_boolean()) return invalid("\"with_placeholders\" must be true or false");
    out.with_placeholders = it->get<bool>();
  }
  const std::optional<InputFormat> parsed = parse_input_format(format);
  if (!parsed || (*parsed != InputFormat::text && *parsed != InputFormat::markdown &&
                  *parsed != InputFormat::html && *parsed != InputFormat::email))
    return ToolError{"\"format\" is text, markdown, html or email, not \"" + format + "\""};
  out.format = *parsed;
  if (address == "Sie" || address == "sie") out.address = Address::sie;
  else if (address == "du") out.address = Address::du;
  else if (!address.empty()) return ToolError{"\"address\" is Sie or du, not \"" + address + "\""};
  if (out.fail_on != "never" && !parse_severity(out.fail_on))
    return ToolError{"\"fail_on\" is error, warning, info or never, not \"" + out.fail_on + "\""};
  return out;
}

// The findings of the tonfall/1 JSON, each with its position also in code
// points of `text` (what most languages index strings by).
Json findings_with_code_points(const std::vector<Finding>& findings, std::string_view text) {
  Json array = Json::array();
  for (const Finding& finding : findings) array.push_back(finding_json(finding));
  auto code_points = [&](std::size_t from, std::size_t to) {
    std::size_t count = 0;
    for (std::size_t i = from; i < to && i < text.size(); ++i)
      count += (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80;
    return count;
  };
  std::size_t counted_to = 0, counted = 0;  // findings come in text order
  for (std::size_t k = 0; k < findings.size(); ++k) {
    const Finding& finding = findings[k];
    if (finding.offset < counted_to) counted_to = counted = 0;
    counted += code_points(counted_to, finding.offset);
    counted_to = finding.offset;
    array[k]["codepoint_offset"] = counted;
    array[k]["codepoint_length"] = code_points(finding.offset, finding.offset + finding.length);
  }
  return array;
}

bool passes(const std::vector<Finding>& findings, const std::string& fail_on) {
  if (fail_on == "never") return true;
  const Severity threshold = *parse_severity(fail_on);
  return std::none_of(findings.begin(), findings.end(),
                      [&](const Finding& finding) { return finding.severity() >= threshold; });
}

Json summary_of(const std::vector<Finding>& findings) {
  std::size_t count[3] = {0, 0, 0};
  for (const Finding& finding : findings) ++count[static_cast<std::size_t>(finding.severity())];
  return {{"findings", findings.size()},
          {"error", count[static_cast<std::size_t>(Severity::error)]},
          {"warning", count[static_cast<std::size_t>(Severity::warning)]},
          {"info", count[static_cast<std::size_t>(Severity::info)]}};
}

const Rule* find_rule(const Profile& profile, std::string_view id) {
  for (const Pack& pack : profile.rules.packs)
    for (const Rule& rule : pack.rules)
      if (rule.id == id) return &rule;
  if (id == unused_suppression_rule().id) return &unused_suppression_rule();
  return nullptr;
}

// A tool's answer: its structured result, or what the model must change.
using ToolResult = std::variant<Json, ToolError, RpcError>;

class Tools {
 public:
  explicit Tools(Engines& engines) : engines_(engines) {}

  ToolResult call(const std::string& name, const Json& arguments) {
    if (name == "check_text") return check_text(arguments);
    if (name == "fix_text") return fix_text(arguments);
    if (name == "explain_rule") return explain_rule(arguments);
    if (name == "list_rules") return list_rules(arguments);
    return RpcError{kInvalidParams, "unknown tool \"" + name + "\" (tools/list names them)"};
  }

 private:
  // The profile and settings for a text tool's arguments.
  template <typename Use>
  ToolResult with_profile(const Json& arguments, Use use) {
    auto parsed = text_arguments(arguments);
    if (auto* error = std::get_if<ToolError>(&parsed)) return *error;
    if (auto* error = std::get_if<RpcError>(&parsed)) return *error;
    TextArguments& args = std::get<TextArguments>(parsed);
    auto profile = engines_.profile(args.enable, args.disable);
    if (auto* error = std::get_if<ToolError>(&profile)) return *error;
    const Profile& chosen = *std::get<const Profile*>(profile);
    LintSettings settings = chosen.settings;
    if (args.address) settings.address = args.address;
    return use(args, chosen, settings);
  }

  ToolResult check_text(const Json& arguments) {
    return with_profile(arguments, [](TextArguments& args, const Profile& profile, const LintSettings& settings) {
      FileResult result = check_source(Source{"", args.text}, *profile.engine, args.format, {}, settings);
      if (result.error) return ToolResult{ToolError{result.error->message}};
      return ToolResult{Json{{"findings", findings_with_code_points(result.findings, args.text)},
                             {"summary", summary_of(result.findings)},
                             {"passes", passes(result.findings, args.fail_on)}}};
    });
  }

  ToolResult fix_text(const Json& arguments) {
    return with_profile(arguments, [](TextArguments& args, const Profile& profile, const LintSettings& settings) {
      const FixResult result = fix_source(Source{"", args.text}, *profile.engine, {}, args.format, settings,
                                          args.with_placeholders ? NewPlaceholders::apply : NewPlaceholders::hold);
      if (result.error) return ToolResult{ToolError{result.error->message}};
      Json out = fix_json(result);
      out["remaining"] = findings_with_code_points(result.remaining, result.text);
      out["passes"] = passes(result.remaining, args.fail_on) && result.new_placeholders.empty();
      return ToolResult{std::move(out)};
    });
  }

  ToolResult explain_rule(const Json& arguments) {
    const auto id = arguments.find("rule");
    if (id == arguments.end() || !id->is_string()) return RpcError{kInvalidParams, "\"rule\" (a string) is required"};
    const Rule* rule = find_rule(engines_.base(), id->get<std::string>());
    if (!rule)
      return ToolError{"no rule \"" + id->get<std::string>() +
                       "\": give an id as check_text reports it in \"rule\" (list_rules gives them all)"};
    Json out{{"id", rule->id},
             {"severity", to_string(rule->severity)},
             {"category", rule->category},
             {"message", rule->message},
             {"rationale", rule->rationale},
             {"advice", rule->advice},
             {"suggestions", rule->suggestions},
             {"auto_fix", rule->auto_fix},
             {"bad_examples", rule->bad_examples},
             {"good_examples", rule->good_examples},
             {"fix_examples", Json::array()},
             {"source", rule->source}};
    for (const FixExample& example : rule->fix_examples)
      out["fix_examples"].push_back({{"from", example.from}, {"to", example.to}});
    return out;
  }

  ToolResult list_rules(const Json& arguments) {
    std::string category, severity;
    for (auto [key, into] : {std::pair{"category", &category}, std::pair{"severity", &severity}}) {
      const auto it = arguments.find(key);
      if (it == arguments.end()) continue;
      if (!it->is_string()) return RpcError{kInvalidParams, fmt::format("\"{}\" must be a string", key)};
      *into = it->get<std::string>();
    }
    if (!severity.empty() && !parse_severity(severity))
      return ToolError{"\"severity\" is error, warning or info, not \"" + severity + "\""};
    const Profile& profile = engines_.base();
    Json rules = Json::array();
    std::set<std::string> categories;
    for (const Rule* rule : profile.rules.active) {
      categories.insert(rule->category);
      if (!category.empty() && rule->category != category) continue;
      if (!severity.empty() && to_string(rule->severity) != severity) continue;
      rules.push_back({{"id", rule->id},
                       {"severity", to_string(rule->severity)},
                       {"category", rule->category},
                       {"message", rule->message},
                       {"auto_fix", rule->auto_fix}});
    }
    if (!category.empty() && !categories.count(category)) {
      std::string known;
      for (const std::string& name : categories) known += (known.empty() ? "" : ", ") + name;
      return ToolError{"no category \"" + category + "\"; the categories are " + known};
    }
    return Json{{"count", rules.size()}, {"rules", std::move(rules)}};
  }

  Engines& engines_;
};

// --- The protocol ------------------------------------------------------------

constexpr std::string_view kVersionKey = "io.modelcontextprotocol/protocolVersion";
constexpr std::string_view kCapabilitiesKey = "io.modelcontextprotocol/clientCapabilities";

const char* const kInstructions =
    "tonfall checks German customer-service replies for a negative tone and rewrites what it safely can. "
    "Call check_text on a draft before sending it; call fix_text to get the draft back with the safe "
    "rewrites applied and the findings that remain; explain_rule tells why a finding matters.";

Json server_info() {
  return {{"name", "tonfall"}, {"title", "tonfall – Tonfall-Prüfung für Kundenservice-Texte"}, {"version", TONFALL_VERSION}};
}

Json supported_versions() {
  Json versions = Json::array({kStateless});
  for (std::string_view version : kHandshakeVersions) versions.push_back(version);
  return versions;
}

// One JSON-RPC message in, at most one answer out.
class Server {
 public:
  explicit Server(Tools& tools) : tools_(tools) {}

  // The answer to `message`, serialized (a request gets one, a
  // notification none).
  std::optional<std::string> answer(const Json& message) {
    if (!message.is_object() || string_member(message, "jsonrpc") != "2.0")
      return error_reply(nullptr, {kInvalidRequest, "not a JSON-RPC 2.0 message"});
    const auto method = message.find("method");
    const auto id = message.find("id");
    if (method == message.end()) return std::nullopt;  // a response: this server sends no requests
    if (!method->is_string()) return error_reply(id == message.end() ? Json() : *id, {kInvalidRequest, "\"method\" must be a string"});
    if (id == message.end()) return std::nullopt;  // a notification: initialized, cancelled, others ignored
    if (!id->is_string() && !id->is_number_integer())
      return error_reply(nullptr, {kInvalidRequest, "\"id\" must be a string or an integer"});
    const Json params = message.value("params", Json::object());
    if (!params.is_object()) return error_reply(*id, {kInvalidParams, "\"params\" must be an object"});
    std::variant<Result, RpcError> result = dispatch(method->get<std::string>(), params);
    if (auto* error = std::get_if<RpcError>(&result)) return error_reply(*id, *error);
    Result& done = std::get<Result>(result);
    std::string line = dump(Json{{"jsonrpc", "2.0"}, {"id", *id}, {"result", std::move(done.json)}});
    if (!done.structured.empty()) {
      // The last member of the result object, before its "}" and the answer's.
      line.insert(line.size() - 2, ",\"structuredContent\":" + done.structured);
    }
    return line;
  }

  static std::string error_reply(const Json& id, const RpcError& error) {
    Json body{{"code", error.code}, {"message", error.message}};
    if (!error.data.is_null()) body["data"] = error.data;
    return dump(Json{{"jsonrpc", "2.0"}, {"id", id}, {"error", std::move(body)}});
  }

 private:
  // A result, and a tool's structured content, serialized once: it is the
  // text block's string and goes into the answer as it is.
  struct Result {
    Json json;
    std::string structured = {};  // empty: none
  };

  std::variant<Result, RpcError> dispatch(const std::string& method, const Json& params) {
    if (method == "initialize") return initialize(params);
    // A request with the version in its _meta is served as the stateless
    // revision says; any other as in the handshake era.
    const Json meta = params.value("_meta", Json::object());
    const bool modern = meta.is_object() && meta.contains(kVersionKey);
    if (modern || method == "server/discover") {
      if (!meta.is_object() || !meta.contains(kVersionKey) || !meta[kVersionKey].is_string())
        return RpcError{kInvalidParams, fmt::format("_meta[\"{}\"] is required", kVersionKey)};
      const std::string requested = meta[kVersionKey].get<std::string>();
      if (requested != kStateless)
        return RpcError{-32022, "Unsupported protocol version",
                        {{"supported", supported_versions()}, {"requested", requested}}};
      if (!meta.contains(kCapabilitiesKey) || !meta[kCapabilitiesKey].is_object())
        return RpcError{kInvalidParams, fmt::format("_meta[\"{}\"] is required", kCapabilitiesKey)};
    }
    std::variant<Result, RpcError> result = RpcError{kMethodNotFound, "unknown method \"" + method + "\""};
    if (method == "server/discover") {
      result = Result{{{"supportedVersions", supported_versions()},
                       {"capabilities", {{"tools", {{"listChanged", false}}}}},
                       {"instructions", kInstructions}}};
    } else if (method == "ping") {
      result = Result{Json::object()};
    } else if (method == "tools/list") {
      result = Result{{{"tools", tool_list()}}};
    } else if (method == "tools/call") {
      result = call(params);
    }
    if (auto* done = std::get_if<Result>(&result); done && modern) {
      // Every result of the stateless revision says it is complete and who
      // answered; lists and discovery may be cached (nothing here changes).
      Json& json = done->json;
      json["resultType"] = "complete";
      if (method == "tools/list" || method == "server/discover") {
        json["ttlMs"] = 3600000;
        json["cacheScope"] = "public";
      }
      json["_meta"] = {{"io.modelcontextprotocol/serverInfo", server_info()}};
    }
    return result;
  }

  Result initialize(const Json& params) {
    const std::string requested = string_member(params, "protocolVersion");
    const std::string_view version = is_handshake_version(requested) ? std::string_view(requested) : kHandshakeVersions[0];
    return {{{"protocolVersion", version},
             {"capabilities", {{"tools", {{"listChanged", false}}}}},
             {"serverInfo", server_info()},
             {"instructions", kInstructions}}};
  }

  std::variant<Result, RpcError> call(const Json& params) {
    const auto name = params.find("name");
    if (name == params.end() || !name->is_string()) return RpcError{kInvalidParams, "\"name\" (the tool) is required"};
    const Json arguments = params.value("arguments", Json::object());
    if (!arguments.is_object()) return RpcError{kInvalidParams, "\"arguments\" must be an object"};
    ToolResult result = tools_.call(name->get<std::string>(), arguments);
    if (auto* error = std::get_if<RpcError>(&result)) return *error;
    if (auto* error = std::get_if<ToolError>(&result))
      return Result{{{"content", Json::array({{{"type", "text"}, {"text", error->message}}})}, {"isError", true}}};
    std::string structured = dump(std::get<Json>(result));
    Json content = Json::array({{{"type", "text"}, {"text", structured}}});
    return Result{{{"content", std::move(content)}, {"isError", false}}, std::move(structured)};
  }

  Tools& tools_;
};

// The lines of standard input, read on a thread of their own, so that a
// notifications/cancelled that arrives while a request waits or runs can
// take the request's answer back.
class Inbox {
 public:
  Inbox() : reader_([this] { read(); }) {}
  ~Inbox() { reader_.join(); }

  // The next line; nothing once standard input is closed and all are taken.
  std::optional<std::string> next() {
    std::unique_lock lock(mutex_);
    ready_.wait(lock, [&] { return !lines_.empty() || closed_; });
    if (lines_.empty()) return std::nullopt;
    std::string line = std::move(lines_.front());
    lines_.pop_front();
    return line;
  }

  // True (once) if the request `id` was cancelled: its answer is not sent.
  bool take_cancelled(const Json& id) {
    std::lock_guard lock(mutex_);
    return cancelled_.erase(dump(id)) > 0;
  }

 private:
  void read() {
    std::string line;
    while (std::getline(std::cin, line)) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      std::lock_guard lock(mutex_);
      if (std::optional<std::string> id = cancelled_id(line)) {
        // Bounded: a client that cancels what was answered long ago must
        // not grow the set for ever.
        if (cancelled_.size() >= 10000) cancelled_.clear();
        cancelled_.insert(*id);
      }
      lines_.push_back(std::move(line));
      ready_.notify_one();
    }
    std::lock_guard lock(mutex_);
    closed_ = true;
    ready_.notify_one();
  }

  // The request id a notifications/cancelled line names.
  static std::optional<std::string> cancelled_id(const std::string& line) {
    if (line.find("notifications/cancelled") == std::string::npos) return std::nullopt;
    const Json message = Json::parse(line, nullptr, false);
    if (string_member(message, "method") != "notifications/cancelled") return std::nullopt;
    const Json params = message.value("params", Json::object());
    if (!params.is_object() || !params.contains("requestId")) return std::nullopt;
    return dump(params["requestId"]);
  }

  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<std::string> lines_;
  std::set<std::string> cancelled_;
  bool closed_ = false;
  std::thread reader_;
};

// A message nested deeper than this is refused before it is parsed (the
// parser and the writer recurse).
constexpr std::size_t kMaxDepth = 64;

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

// `line` with each escaped lone surrogate (\ud800 without its pair), which
// the JSON parser refuses, escaped as NUL instead: the message is then read,
// and the text tools say what is wrong with their text.
std::string without_lone_surrogates(std::string_view line) {
  auto escape_at = [&](std::size_t i) -> std::optional<unsigned> {
    if (i + 6 > line.size() || line[i] != '\\' || line[i + 1] != 'u') return std::nullopt;
    unsigned value = 0;
    for (std::size_t k = i + 2; k < i + 6; ++k) {
      const char c = line[k];
      const int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
      if (digit < 0) return std::nullopt;
      value = value * 16 + static_cast<unsigned>(digit);
    }
    return value;
  };
  std::string out;
  bool in_string = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    if (!in_string || line[i] != '\\') {
      if (line[i] == '"') in_string = !in_string;
      out += line[i];
      continue;
    }
    const std::optional<unsigned> unit = escape_at(i);
    if (!unit) {  // another escape: it and the character it escapes
      out.append(line.substr(i, 2));
      ++i;
      continue;
    }
    const std::optional<unsigned> next = escape_at(i + 6);
    if (*unit >= 0xD800 && *unit <= 0xDBFF && next && *next >= 0xDC00 && *next <= 0xDFFF) {
      out.append(line.substr(i, 12));  // a pair
      i += 11;
    } else {
      out.append(*unit >= 0xD800 && *unit <= 0xDFFF ? "\\u0000" : line.substr(i, 6));
      i += 5;
    }
  }
  return out;
}

struct McpOptions {
  RuleSelection rules;
  std::string config;
};

int run_mcp(const McpOptions& options) {
  // The configuration named, or the one of the working folder, as check finds it.
  ConfigCache configs;
  std::optional<Config> named;
  const Config* config = nullptr;
  if (!options.config.empty()) {
    Expected<Config> loaded = load_config_file(options.config);
    if (!loaded) {
      print_error(loaded.error());
      return kExitError;
    }
    config = &named.emplace(std::move(loaded.value()));
  } else {
    Expected<const Config*> found = configs.config_for("-");
    if (!found) {
      print_error(found.error());
      return kExitError;
    }
    config = *found;
  }
  Engines engines(options.rules, *config);
  // Packs that do not load stop the server before it answers anything.
  if (auto profile = engines.profile({}, {}); std::holds_alternative<ToolError>(profile)) {
    complain("{}", std::get<ToolError>(profile).message);
    return kExitError;
  }
  Tools tools(engines);
  Server server(tools);
  Inbox inbox;
  auto send = [](const std::string& reply) {
    std::cout << reply << '\n';
    std::cout.flush();
  };
  while (std::optional<std::string> line = inbox.next()) {
    if (line->find_first_not_of(" \t") == std::string::npos) continue;
    if (nests_deeper_than(*line, kMaxDepth)) {
      send(Server::error_reply(nullptr, {kInvalidRequest, fmt::format("nested more than {} levels deep", kMaxDepth)}));
      continue;
    }
    if (find_invalid_text(*line)) {
      send(Server::error_reply(nullptr, {kParseError, "the message is not valid UTF-8"}));
      continue;
    }
    Json message = Json::parse(*line, nullptr, false);
    if (message.is_discarded()) message = Json::parse(without_lone_surrogates(*line), nullptr, false);
    if (message.is_discarded()) {
      send(Server::error_reply(nullptr, {kParseError, "the line is not valid JSON"}));
      continue;
    }
    // A request cancelled before its turn is not started; one cancelled
    // while it ran gets no answer.
    auto answer = [&](const Json& one) -> std::optional<std::string> {
      const bool request = one.is_object() && one.contains("method") && one.contains("id");
      if (request && inbox.take_cancelled(one["id"])) return std::nullopt;
      std::optional<std::string> reply;
      try {
        reply = server.answer(one);
      } catch (const std::exception& e) {
        // A defect, not the client's fault: said, and the server goes on.
        reply = Server::error_reply(request ? one["id"] : Json(), {-32603, std::string("internal error: ") + e.what()});
      }
      if (request && inbox.take_cancelled(one["id"])) return std::nullopt;
      return reply;
    };
    if (message.is_array()) {
      // A batch (allowed by the 2025-03-26 revision): the answers as one array.
      if (message.empty()) {
        send(Server::error_reply(nullptr, {kInvalidRequest, "an empty batch"}));
        continue;
      }
      std::string replies;
      for (const Json& one : message)
        if (std::optional<std::string> reply = answer(one)) replies += (replies.empty() ? "[" : ",") + *reply;
      if (!replies.empty()) send(replies + "]");
      continue;
    }
    if (std::optional<std::string> reply = answer(message)) send(*reply);
  }
  return kExitClean;
}

}  // namespace

std::function<int()> setup_mcp(CLI::App& app) {
  auto options = std::make_shared<McpOptions>();
  options->rules.add_options(app);
  app.add_option("--config", options->config,
                 "The project configuration (.tonfall.yaml) to use; default: the one found from the working folder")
      ->type_name("FILE");
  app.footer(
      "Speaks the Model Context Protocol on standard input and output (JSON-RPC 2.0, one message per\n"
      "line) until standard input closes; logs go to standard error. Both eras: the handshake\n"
      "(initialize with 2025-03-26, 2025-06-18 or 2025-11-25) and the stateless revision 2026-07-28\n"
      "(the version in each request's _meta, server/discover). Tools: check_text, fix_text,\n"
      "explain_rule, list_rules.\n"
      "Register it with an MCP host, e.g.:\n"
      "  {\"mcpServers\": {\"tonfall\": {\"command\": \"tonfall\", \"args\": [\"mcp\"]}}}");
  return [options] { return run_mcp(*options); };
}

}  // namespace tonfall::cli
