// LanguageTool's HTTP API v2, the part of it that LanguageTool's clients
// use to check a text: reading a request's fields and its text (plain, or
// annotated with markup) and answering in LanguageTool's JSON shape, so that
// editors and browser add-ons made for a LanguageTool server can use tonfall
// as theirs. The reference is LanguageTool's own server (ApiV2, TextChecker,
// RuleMatchesAsJsonSerializer).
//
// Offsets in a request and an answer count UTF-16 code units, as in Java and
// JavaScript strings; for annotated text they count in the original: text
// and markup together.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "tonfall/error.h"
#include "tonfall/finding.h"

namespace tonfall::languagetool {

// The fields of an application/x-www-form-urlencoded body or query string,
// decoded ('+' is a blank, %XX a byte), in order. An escape that is not two
// hex digits is an error; so is a value that is not UTF-8 once decoded.
Expected<std::vector<std::pair<std::string, std::string>>> parse_form(std::string_view body);

// A text as a client sent it, and the text tonfall lints: for annotated
// text, its text parts and what each markup part stands for
// (`interpretAs`), joined; markup without it stands for nothing.
class CheckedText {
 public:
  // `text` as it stands: linted and original are the same.
  static Expected<CheckedText> plain(std::string text);
  // The JSON of the `data` field: {"annotation": [{"text": …} | {"markup":
  // …, "interpretAs"?: …}, …]}; other members of an item are ignored. An
  // item with neither text nor markup, or with both, is an error, as in
  // LanguageTool.
  static Expected<CheckedText> annotated(std::string_view data);

  const std::string& linted() const { return linted_; }
  const std::string& original() const { return original_; }

  // The original's UTF-16 offset for the start (or, with `at_end`, the end)
  // of a span at `byte` of the linted text. A span that starts or ends
  // inside an interpreted markup part takes all of that part.
  std::size_t original_utf16(std::size_t byte, bool at_end) const;

 private:
  // A run of the linted text and where it came from.
  struct Part {
    std::size_t linted_begin;   // bytes of linted_
    std::size_t linted_length;
    std::size_t original_utf16;  // where it starts in the original
    std::size_t original_utf16_length;
    bool is_text;  // else an interpreted markup part
  };
  // Appends a text part, split so that no part is long to count in.
  void add_text(std::string_view text, std::size_t& utf16);

  std::string linted_;
  std::string original_;
  std::vector<Part> parts_;
};

// What a request asks of the rules: LanguageTool's enabledRules,
// disabledRules, enabledCategories, disabledCategories and enabledOnly.
// Names tonfall does not know (LanguageTool's own rule ids, which clients
// send to switch LanguageTool's spelling off) are ignored.
struct RuleChoice {
  std::vector<std::string> enabled_rules, disabled_rules;
  std::vector<std::string> enabled_categories, disabled_categories;
  bool enabled_only = false;

  bool allows(const Rule& rule) const;
};

// The German name of a category, for LanguageTool's category.name.
std::string category_name(std::string_view category);

// LanguageTool's answer to a check: software, warnings, language (with
// detectedLanguage), matches and sentenceRanges, positions in the
// original's UTF-16 units. `findings` are those of `text.linted()`;
// `language` is the code answered (de-DE, de-AT, de-CH).
nlohmann::ordered_json check_answer(const CheckedText& text, const std::vector<Finding>& findings,
                                    std::string_view language, std::string_view version);

// LanguageTool's `software` member, for the check answer and GET /v2/info.
nlohmann::ordered_json software(std::string_view version);

// The answer to GET /v2/languages: the German variants tonfall checks.
nlohmann::ordered_json languages();

// The language code a check answers for the `language` field: de, de-DE,
// de-AT and de-CH (any case, also with '_') and auto (answered as de-DE);
// empty for any other, which the server refuses.
std::string language_code(std::string_view requested);

}  // namespace tonfall::languagetool
