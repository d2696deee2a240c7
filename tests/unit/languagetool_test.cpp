#include "tonfall/languagetool.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace tonfall;
using namespace tonfall::languagetool;

TEST_CASE("parse_form decodes form fields as browsers and LanguageTool clients encode them") {
  auto fields = parse_form("text=Da+sind%20Sie%0Abei+mir&language=de-DE&empty=&flag&&x=%C3%A4");
  REQUIRE(fields);
  const std::vector<std::pair<std::string, std::string>> expected = {
      {"text", "Da sind Sie\nbei mir"}, {"language", "de-DE"}, {"empty", ""}, {"flag", ""}, {"x", "ä"}};
  CHECK(fields.value() == expected);
  CHECK_FALSE(parse_form("text=%G1"));    // not hex
  CHECK_FALSE(parse_form("text=abc%4"));  // cut short
  CHECK_FALSE(parse_form("text=%FF"));    // not UTF-8 once decoded
  CHECK(parse_form("").value().empty());
}

TEST_CASE("a plain text maps byte offsets to UTF-16 offsets") {
  auto text = CheckedText::plain("a😀bäc");  // a, an emoji (2 units), b, ä, c
  REQUIRE(text);
  CHECK(text->linted() == text->original());
  CHECK(text->original_utf16(0, false) == 0);
  CHECK(text->original_utf16(1, false) == 1);
  CHECK(text->original_utf16(5, false) == 3);  // after the emoji
  CHECK(text->original_utf16(8, true) == 5);   // after ä
  CHECK(text->original_utf16(9, true) == 6);   // the end
  CHECK_FALSE(CheckedText::plain("a\xFF"));
}

TEST_CASE("a long plain text is counted in parts, and offsets stay exact across them") {
  std::string long_text;
  for (int k = 0; k < 3000; ++k) long_text += "Grüße 😀 ";  // 13 bytes, 9 UTF-16 units each
  auto text = CheckedText::plain(long_text);
  REQUIRE(text);
  CHECK(text->original_utf16(13 * 2999, false) == 9 * 2999);
  CHECK(text->original_utf16(long_text.size(), true) == 9 * 3000);
}

TEST_CASE("annotated text: the linted text is text and interpreted markup, offsets count the original") {
  auto text = CheckedText::annotated(R"({"annotation": [
    {"markup": "<p>"}, {"text": "😀 Hallo, "}, {"markup": "<b>", "interpretAs": ""},
    {"text": "Da"}, {"markup": "</b>"}, {"markup": "<br>", "interpretAs": "\n", "other": 1}, {"text": "ok"}]})");
  REQUIRE(text);
  CHECK(text->linted() == "😀 Hallo, Da\nok");
  CHECK(text->original() == "<p>😀 Hallo, <b>Da</b><br>ok");
  const std::size_t da = std::string("😀 Hallo, ").size();
  CHECK(text->original_utf16(0, false) == 3);             // after "<p>"
  CHECK(text->original_utf16(da, false) == 3 + 10 + 3);  // "<p>", "😀 Hallo, " (10 units), "<b>"
  CHECK(text->original_utf16(da + 2, true) == 18);       // the end of "Da"
  // A span that takes the line break takes all of the "<br>" it stands for.
  CHECK(text->original_utf16(da + 2, false) == 22);      // after "</b>": the "<br>" starts
  CHECK(text->original_utf16(da + 3, true) == 26);       // and ends
  CHECK(text->original_utf16(da + 5, true) == 28);
}

TEST_CASE("annotated text refuses what LanguageTool refuses") {
  for (const char* bad : {R"({"annotation": [{"text": "a", "markup": "b"}]})", R"({"annotation": [{}]})",
                          R"({"annotation": "x"})", R"([1])", R"({"annotation": [{"text": 3}]})",
                          R"({"annotation": [{"markup": "a", "interpretAs": 1}]})", "{", "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["}) {
    INFO(bad);
    CHECK_FALSE(CheckedText::annotated(bad));
  }
}

TEST_CASE("language_code takes LanguageTool's German codes and auto") {
  CHECK(language_code("de-DE") == "de-DE");
  CHECK(language_code("DE-at") == "de-AT");
  CHECK(language_code("de_CH") == "de-CH");
  CHECK(language_code("auto") == "de-DE");
  CHECK(language_code("de") == "de");
  CHECK(language_code("en-US").empty());
  CHECK(language_code("").empty());
}

TEST_CASE("RuleChoice follows LanguageTool's lists; unknown names are ignored") {
  Rule rule;
  rule.id = "ablehnung.nicht-moeglich";
  rule.category = "ablehnung";
  RuleChoice choice;
  CHECK(choice.allows(rule));
  choice.disabled_rules = {"WHITESPACE_RULE"};
  CHECK(choice.allows(rule));
  choice.disabled_categories = {"ABLEHNUNG"};
  CHECK_FALSE(choice.allows(rule));
  RuleChoice only;
  only.enabled_only = true;
  only.enabled_rules = {"ablehnung.nicht-moeglich"};
  CHECK(only.allows(rule));
  only.enabled_rules = {"other"};
  CHECK_FALSE(only.allows(rule));
}
