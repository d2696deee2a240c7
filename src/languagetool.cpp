#include "tonfall/languagetool.h"

#include <algorithm>
#include <cctype>

#include <nlohmann/json.hpp>

#include "tonfall/json_input.h"
#include "tonfall/normalize.h"
#include "tonfall/segment.h"

namespace tonfall::languagetool {

using Json = nlohmann::ordered_json;

namespace {

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

Expected<std::string> decode_form_part(std::string_view part) {
  std::string out;
  out.reserve(part.size());
  for (std::size_t i = 0; i < part.size(); ++i) {
    if (part[i] == '+') {
      out += ' ';
    } else if (part[i] != '%') {
      out += part[i];
    } else {
      const int high = i + 2 < part.size() ? hex_digit(part[i + 1]) : -1;
      const int low = i + 2 < part.size() ? hex_digit(part[i + 2]) : -1;
      if (high < 0 || low < 0)
        return Error{"", 0, 0, "a form field has a '%' not followed by two hex digits: \"" +
                                   std::string(part.substr(i, 3)) + "\""};
      out += static_cast<char>(high * 16 + low);
      i += 2;
    }
  }
  return out;
}

bool same_ignoring_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

bool contains(const std::vector<std::string>& names, std::string_view name, bool ignore_case) {
  return std::any_of(names.begin(), names.end(), [&](const std::string& candidate) {
    return ignore_case ? same_ignoring_case(candidate, name) : candidate == name;
  });
}

// A text part longer than this is split, so that finding a UTF-16 offset
// inside one counts at most this many bytes.
constexpr std::size_t kPartBytes = 4096;

// The end of the UTF-8 character that `at` is inside of or before.
std::size_t character_end(std::string_view text, std::size_t at) {
  while (at < text.size() && (static_cast<unsigned char>(text[at]) & 0xC0) == 0x80) ++at;
  return at;
}

constexpr std::size_t kContextCharacters = 40;

// LanguageTool's context: up to kContextCharacters characters on either side
// of the span text[begin, end), "..." where the text goes on; offset and
// length in the context's UTF-16 units.
Json context_of(std::string_view text, std::size_t begin, std::size_t end) {
  std::size_t from = begin;
  for (std::size_t n = 0; from > 0 && n < kContextCharacters; ++n) {
    do --from;
    while (from > 0 && (static_cast<unsigned char>(text[from]) & 0xC0) == 0x80);
  }
  std::size_t to = end;
  for (std::size_t n = 0; to < text.size() && n < kContextCharacters; ++n) to = character_end(text, to + 1);
  std::string shown = from > 0 ? "..." : "";
  shown += text.substr(from, to - from);
  if (to < text.size()) shown += "...";
  // Line ends show as blanks, as in LanguageTool.
  std::replace(shown.begin(), shown.end(), '\n', ' ');
  std::replace(shown.begin(), shown.end(), '\r', ' ');
  const std::size_t offset = (from > 0 ? 3 : 0) + utf16_length(text.substr(from, begin - from));
  return {{"text", shown}, {"offset", offset}, {"length", utf16_length(text.substr(begin, end - begin))}};
}

// The first sentence of a rule's message, as LanguageTool's short rule
// description (shown in clients' menus to switch a rule off).
std::string first_sentence(std::string_view message) {
  const std::size_t end = message.find(". ");
  return std::string(end == std::string_view::npos ? message : message.substr(0, end + 1));
}

std::string_view trimmed(std::string_view text) {
  const std::size_t first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

struct Variant {
  std::string_view code;
  std::string_view name;
};
constexpr Variant kVariants[] = {
    {"de-DE", "German (Germany)"}, {"de-AT", "German (Austria)"}, {"de-CH", "German (Swiss)"}, {"de", "German"}};

std::string_view variant_name(std::string_view code) {
  for (const Variant& variant : kVariants)
    if (variant.code == code) return variant.name;
  return "German";
}

}  // namespace

Expected<std::vector<std::pair<std::string, std::string>>> parse_form(std::string_view body) {
  std::vector<std::pair<std::string, std::string>> fields;
  while (!body.empty()) {
    const std::size_t amp = body.find('&');
    const std::string_view pair = body.substr(0, amp);
    body = amp == std::string_view::npos ? std::string_view() : body.substr(amp + 1);
    if (pair.empty()) continue;
    const std::size_t equals = pair.find('=');
    Expected<std::string> key = decode_form_part(pair.substr(0, equals));
    if (!key) return key.error();
    Expected<std::string> value =
        decode_form_part(equals == std::string_view::npos ? std::string_view() : pair.substr(equals + 1));
    if (!value) return value.error();
    if (std::optional<Error> invalid = find_invalid_text(value.value())) {
      invalid->message = "the form field \"" + key.value() + "\": " + invalid->message;
      return *invalid;
    }
    fields.emplace_back(std::move(key.value()), std::move(value.value()));
  }
  return fields;
}

void CheckedText::add_text(std::string_view text, std::size_t& utf16) {
  for (std::size_t at = 0; at < text.size();) {
    const std::size_t end = character_end(text, std::min(text.size(), at + kPartBytes));
    const std::size_t units = utf16_length(text.substr(at, end - at));
    parts_.push_back({linted_.size(), end - at, utf16, units, true});
    linted_.append(text, at, end - at);
    utf16 += units;
    at = end;
  }
  original_ += text;
}

Expected<CheckedText> CheckedText::plain(std::string text) {
  if (std::optional<Error> invalid = find_invalid_text(text)) return *invalid;
  CheckedText checked;
  std::size_t utf16 = 0;
  checked.add_text(text, utf16);
  return checked;
}

Expected<CheckedText> CheckedText::annotated(std::string_view data) {
  auto invalid = [](std::string message) { return Error{"", 0, 0, "invalid 'data': " + std::move(message)}; };
  if (nests_deeper_than(data, kMaxMessageDepth))
    return invalid("nested more than " + std::to_string(kMaxMessageDepth) + " levels deep");
  Json json;
  try {
    json = Json::parse(data);
  } catch (const Json::parse_error& e) {
    return invalid("not JSON: " + parse_error_text(e.what()));
  }
  if (!json.is_object() || !json.contains("annotation") || !json["annotation"].is_array())
    return invalid("expected {\"annotation\": [{\"text\": …} or {\"markup\": …, \"interpretAs\": …}, …]}");
  CheckedText checked;
  std::size_t utf16 = 0;
  std::size_t index = 0;
  for (const Json& item : json["annotation"]) {
    const std::string where = "item " + std::to_string(index++) + " of 'annotation'";
    if (!item.is_object()) return invalid(where + " is not an object");
    const auto text = item.find("text");
    const auto markup = item.find("markup");
    if ((text == item.end()) == (markup == item.end()))
      return invalid(where + " needs either \"text\" or \"markup\"");
    if (text != item.end()) {
      if (!text->is_string()) return invalid(where + ": \"text\" is not a string");
      checked.add_text(text->get_ref<const std::string&>(), utf16);
      continue;
    }
    if (!markup->is_string()) return invalid(where + ": \"markup\" is not a string");
    const std::string& part = markup->get_ref<const std::string&>();
    const std::size_t units = utf16_length(part);
    if (const auto as = item.find("interpretAs"); as != item.end()) {
      if (!as->is_string()) return invalid(where + ": \"interpretAs\" is not a string");
      const std::string& meaning = as->get_ref<const std::string&>();
      if (!meaning.empty()) checked.parts_.push_back({checked.linted_.size(), meaning.size(), utf16, units, false});
      checked.linted_ += meaning;
    }
    checked.original_ += part;
    utf16 += units;
  }
  if (std::optional<Error> bad = find_invalid_text(checked.linted_)) return invalid(bad->message);
  return checked;
}

std::size_t CheckedText::original_utf16(std::size_t byte, bool at_end) const {
  // The part holding `byte`: for a start, the one it lies in; for an end,
  // the one it closes or lies in.
  const auto part = std::partition_point(parts_.begin(), parts_.end(), [&](const Part& p) {
    return at_end ? p.linted_begin + p.linted_length < byte : p.linted_begin + p.linted_length <= byte;
  });
  if (part == parts_.end()) return parts_.empty() ? 0 : parts_.back().original_utf16 + parts_.back().original_utf16_length;
  if (!part->is_text) return part->original_utf16 + (at_end ? part->original_utf16_length : 0);
  const std::size_t into = byte > part->linted_begin ? byte - part->linted_begin : 0;
  return part->original_utf16 + utf16_length(std::string_view(linted_).substr(part->linted_begin, into));
}

bool RuleChoice::allows(const Rule& rule) const {
  if (enabled_only) return contains(enabled_rules, rule.id, false) || contains(enabled_categories, rule.category, true);
  return !contains(disabled_rules, rule.id, false) && !contains(disabled_categories, rule.category, true);
}

std::string category_name(std::string_view category) {
  static constexpr std::pair<std::string_view, std::string_view> kNames[] = {
      {"ablehnung", "Ablehnung ohne Alternative"},
      {"abweisung", "Abweisung"},
      {"anrede", "Anrede"},
      {"anrede-mix", "Gemischte Anrede"},
      {"befehlston", "Befehlston"},
      {"belehrung", "Belehrung"},
      {"buerokratisch", "Amtsdeutsch"},
      {"drohung-druck", "Drohung und Druck"},
      {"floskel", "Floskel"},
      {"form", "Form"},
      {"herablassung", "Herablassung"},
      {"negativ-wort", "Negatives Wort"},
      {"sarkasmus", "Sarkasmus"},
      {"schuldzuweisung", "Schuldzuweisung"},
      {"tonsignal", "Tonfall"},
      {"unsicherheit", "Unsicherheit"},
      {"tonfall", "Tonfall"},
  };
  for (const auto& [id, name] : kNames)
    if (id == category) return std::string(name);
  return std::string(category);
}

Json check_answer(const CheckedText& text, const std::vector<Finding>& findings, std::string_view language,
                  std::string_view version) {
  const std::string_view linted = text.linted();
  SentenceIndex sentences(linted);
  Json matches = Json::array();
  for (const Finding& finding : findings) {
    const std::size_t begin = text.original_utf16(finding.offset, false);
    const std::size_t end = text.original_utf16(finding.offset + finding.length, true);
    const Rule& rule = *finding.rule;
    Json replacements = Json::array();
    for (const std::string& suggestion : finding.suggestions) replacements.push_back({{"value", suggestion}});
    std::string message = rule.message;
    if (finding.suggestions.empty() && !rule.advice.empty()) message += " " + rule.advice;
    const auto [sentence_begin, sentence_end] = sentences.sentence_at(finding.offset);
    matches.push_back({
        {"message", message},
        {"shortMessage", category_name(rule.category)},
        {"replacements", std::move(replacements)},
        {"offset", begin},
        {"length", end > begin ? end - begin : 0},
        {"context", context_of(linted, finding.offset, finding.offset + finding.length)},
        {"sentence", trimmed(linted.substr(sentence_begin, sentence_end - sentence_begin))},
        {"type", {{"typeName", finding.severity() == Severity::info ? "Hint" : "Other"}}},
        {"rule",
         {{"id", rule.id},
          {"description", first_sentence(rule.message)},
          {"issueType", "style"},
          {"category", {{"id", rule.category}, {"name", category_name(rule.category)}}}}},
        {"ignoreForIncompleteSentence", false},
        {"contextForSureMatch", 0},
    });
  }
  Json ranges = Json::array();
  const std::vector<std::size_t>& starts = sentences.starts();
  for (std::size_t k = 0; k < starts.size(); ++k) {
    const std::size_t end = k + 1 < starts.size() ? starts[k + 1] : linted.size();
    const std::string_view sentence = trimmed(linted.substr(starts[k], end - starts[k]));
    if (sentence.empty()) continue;
    const auto from = static_cast<std::size_t>(sentence.data() - linted.data());
    ranges.push_back({text.original_utf16(from, false), text.original_utf16(from + sentence.size(), true)});
  }
  const Json variant = {{"name", variant_name(language)}, {"code", language}};
  Json detected = variant;
  detected["confidence"] = 1.0;
  Json answered = variant;
  answered["detectedLanguage"] = std::move(detected);
  return {
      {"software", software(version)},
      {"warnings", {{"incompleteResults", false}}},
      {"language", std::move(answered)},
      {"matches", std::move(matches)},
      {"sentenceRanges", std::move(ranges)},
  };
}

Json software(std::string_view version) {
  return {{"name", "tonfall"}, {"version", version}, {"apiVersion", 1}, {"premium", false}, {"status", ""}};
}

Json languages() {
  Json list = Json::array();
  for (const Variant& variant : kVariants) list.push_back({{"name", variant.name}, {"code", "de"}, {"longCode", variant.code}});
  return list;
}

std::string language_code(std::string_view requested) {
  if (same_ignoring_case(requested, "auto")) return "de-DE";
  for (const Variant& variant : kVariants)
    if (same_ignoring_case(requested, variant.code)) return std::string(variant.code);
  // LanguageTool also accepts "de_DE".
  for (const Variant& variant : kVariants) {
    std::string underscore(variant.code);
    if (underscore.size() > 2) underscore[2] = '_';
    if (same_ignoring_case(requested, underscore)) return std::string(variant.code);
  }
  return {};
}

}  // namespace tonfall::languagetool
