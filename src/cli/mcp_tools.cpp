// The tools of tonfall mcp: check_text, fix_text, explain_rule, list_rules
// (mcp_tools.h).
#include "mcp_tools.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "tonfall/normalize.h"
#include "tonfall/report.h"

namespace tonfall::cli::mcp {

std::string dump(const Json& value) {
  return value.dump(-1, ' ', false, Json::error_handler_t::replace);
}

namespace {

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
      "codepoint_offset": {"type": "integer",
                           "description": "Unicode code points from the start of the text; none for a decoded e-mail part"},
      "codepoint_length": {"type": "integer"},
      "utf16_offset": {"type": "integer"}, "utf16_length": {"type": "integer"},
      "text": {"type": "string"},
      "suggestions": {"type": "array", "items": {"type": "string"}},
      "advice": {"type": "string"}
    },
    "required": ["rule", "severity", "category", "message", "offset", "length", "utf16_offset", "utf16_length",
                 "text", "suggestions"]
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

// The tools, as tools/list gives them.
Json all_tools() {
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

}  // namespace

const Json& tool_list() {
  static const Json tools = all_tools();  // built once
  return tools;
}

std::variant<const Profile*, ToolError> Engines::profile(const std::vector<std::string>& enable,
                                                         const std::vector<std::string>& disable) {
  const auto key = std::make_pair(enable, disable);
  if (auto it = profiles_.find(key); it != profiles_.end()) return it->second.get();
  RuleSelection selection = flags_;
  selection.enable.insert(selection.enable.end(), enable.begin(), enable.end());
  selection.disable.insert(selection.disable.end(), disable.begin(), disable.end());
  auto profile = std::make_unique<Profile>();
  if (std::optional<Error> error = build_profile(config_, selection, *profile))
    return ToolError{error->message + " (list_rules gives the ids and categories)"};
  if (profiles_.size() >= kMaxProfiles) profiles_.erase(std::next(profiles_.begin()));
  return profiles_.emplace(key, std::move(profile)).first->second.get();
}

namespace {

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

// Gives each of `array`, the tonfall/1 JSON of `findings`, its position also
// in code points of `text` (what most languages index strings by); not those
// in a decoded part of an e-mail, whose positions count in that part.
void add_code_points(Json& array, const std::vector<Finding>& findings, std::string_view text) {
  auto code_points = [&](std::size_t from, std::size_t to) {
    std::size_t count = 0;
    for (std::size_t i = from; i < to && i < text.size(); ++i)
      count += (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80;
    return count;
  };
  std::size_t counted_to = 0, counted = 0;  // findings come in text order
  for (std::size_t k = 0; k < findings.size(); ++k) {
    const Finding& finding = findings[k];
    if (finding.in_decoded_text) continue;
    if (finding.offset < counted_to) counted_to = counted = 0;
    counted += code_points(counted_to, finding.offset);
    counted_to = finding.offset;
    array[k]["codepoint_offset"] = counted;
    array[k]["codepoint_length"] = code_points(finding.offset, finding.offset + finding.length);
  }
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

// The profile and settings for a text tool's arguments.
template <typename Use>
ToolResult with_profile(Engines& engines, const Json& arguments, Use use) {
  auto parsed = text_arguments(arguments);
  if (auto* error = std::get_if<ToolError>(&parsed)) return *error;
  if (auto* error = std::get_if<RpcError>(&parsed)) return *error;
  TextArguments& args = std::get<TextArguments>(parsed);
  auto profile = engines.profile(args.enable, args.disable);
  if (auto* error = std::get_if<ToolError>(&profile)) return *error;
  const Profile& chosen = *std::get<const Profile*>(profile);
  LintSettings settings = chosen.settings;
  if (args.address) settings.address = args.address;
  return use(args, chosen, settings);
}

ToolResult check_text(Engines& engines, const Json& arguments) {
  return with_profile(engines, arguments, [](TextArguments& args, const Profile& profile, const LintSettings& settings) {
    FileResult result = check_source(Source{"", args.text}, *profile.engine, args.format, {}, settings);
    if (result.error) return ToolResult{ToolError{result.error->message}};
    Json findings = Json::array();
    for (const Finding& finding : result.findings) findings.push_back(finding_json(finding));
    add_code_points(findings, result.findings, args.text);
    return ToolResult{Json{{"findings", std::move(findings)},
                           {"summary", summary_of(result.findings)},
                           {"passes", passes(result.findings, args.fail_on)}}};
  });
}

ToolResult fix_text(Engines& engines, const Json& arguments) {
  return with_profile(engines, arguments, [](TextArguments& args, const Profile& profile, const LintSettings& settings) {
    const FixResult result = fix_source(Source{"", args.text}, *profile.engine, {}, args.format, settings,
                                        args.with_placeholders ? NewPlaceholders::apply : NewPlaceholders::hold);
    if (result.error) return ToolResult{ToolError{result.error->message}};
    Json out = fix_json(result);
    add_code_points(out["remaining"], result.remaining, result.text);
    out["passes"] = passes(result.remaining, args.fail_on) && result.new_placeholders.empty();
    return ToolResult{std::move(out)};
  });
}

ToolResult explain_rule(Engines& engines, const Json& arguments) {
  const auto id = arguments.find("rule");
  if (id == arguments.end() || !id->is_string()) return RpcError{kInvalidParams, "\"rule\" (a string) is required"};
  const Rule* rule = find_rule(engines.base(), id->get<std::string>());
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
           {"auto_fix", fixes_automatically(*rule)},
           {"bad_examples", rule->bad_examples},
           {"good_examples", rule->good_examples},
           {"fix_examples", Json::array()},
           {"source", rule->source}};
  for (const FixExample& example : rule->fix_examples)
    out["fix_examples"].push_back({{"from", example.from}, {"to", example.to}});
  return out;
}

ToolResult list_rules(Engines& engines, const Json& arguments) {
  std::string category, severity;
  for (auto [key, into] : {std::pair{"category", &category}, std::pair{"severity", &severity}}) {
    const auto it = arguments.find(key);
    if (it == arguments.end()) continue;
    if (!it->is_string()) return RpcError{kInvalidParams, fmt::format("\"{}\" must be a string", key)};
    *into = it->get<std::string>();
  }
  if (!severity.empty() && !parse_severity(severity))
    return ToolError{"\"severity\" is error, warning or info, not \"" + severity + "\""};
  const Profile& profile = engines.base();
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
                     {"auto_fix", fixes_automatically(*rule)}});
  }
  if (!category.empty() && !categories.count(category)) {
    std::string known;
    for (const std::string& name : categories) known += (known.empty() ? "" : ", ") + name;
    return ToolError{"no category \"" + category + "\"; the categories are " + known};
  }
  return Json{{"count", rules.size()}, {"rules", std::move(rules)}};
}

}  // namespace

ToolResult call_tool(Engines& engines, const std::string& name, const Json& arguments) {
  if (name == "check_text") return check_text(engines, arguments);
  if (name == "fix_text") return fix_text(engines, arguments);
  if (name == "explain_rule") return explain_rule(engines, arguments);
  if (name == "list_rules") return list_rules(engines, arguments);
  return RpcError{kInvalidParams, "unknown tool \"" + name + "\" (tools/list names them)"};
}

}  // namespace tonfall::cli::mcp
