// Canned-response libraries: the JSON scanner and its escape maps, pointer
// selection and entries, CSV quoting, YAML quoting and block scalars.
#include <catch2/catch.hpp>

#include "tonfall/library.h"

using namespace tonfall;

namespace {

// The bytes of `input` that the first occurrence of `word` in the extract's
// text maps to.
std::string mapped_bytes(const Extract& extract, std::string_view input, std::string_view word) {
  const std::size_t at = extract.text.find(word);
  REQUIRE(at != std::string::npos);
  const std::size_t begin = extract.to_input.to_original_begin(at);
  const std::size_t end = extract.to_input.to_original_end(at + word.size());
  return std::string(input.substr(begin, end - begin));
}

std::vector<Extract> extract_ok(Expected<std::vector<Extract>> result) {
  if (!result) FAIL(result.error().to_string());
  return std::move(result.value());
}

}  // namespace

TEST_CASE("JSON escapes decode and map back through the escape", "[library][json]") {
  const std::string input = R"({"t":"a\nb \u00fcx \ud83d\ude00!"})";
  const auto extracts = extract_ok(extract_json(input, {}));
  REQUIRE(extracts.size() == 1);
  const Extract& e = extracts[0];
  CHECK(e.text == "a\nb \xC3\xBCx \xF0\x9F\x98\x80!");
  CHECK(e.to_input.to_original_begin(0) == 6);   // a
  CHECK(e.to_input.to_original_begin(1) == 7);   // \n
  CHECK(e.to_input.to_original_end(2) == 9);
  CHECK(e.to_input.to_original_begin(4) == 11);  // \u00fc as a whole
  CHECK(e.to_input.to_original_begin(5) == 11);
  CHECK(e.to_input.to_original_end(6) == 17);
  CHECK(e.to_input.to_original_begin(6) == 17);  // x, verbatim again
  CHECK(e.to_input.to_original_begin(8) == 19);  // the surrogate pair as a whole
  CHECK(e.to_input.to_original_end(12) == 31);
  CHECK(e.to_input.to_original_begin(12) == 31);  // !
  CHECK(mapped_bytes(e, input, "b \xC3\xBC") == R"(b \u00fc)");
}

TEST_CASE("JSON escapes of a quote and of NUL map as escapes, NUL becomes the filler", "[library][json]") {
  const std::string input = "[\"Ihr \\\"\xC3\x84rger\\\" \\u0000!\"]";
  const auto extracts = extract_ok(extract_json(input, {}));
  REQUIRE(extracts.size() == 1);
  CHECK(extracts[0].text == "Ihr \"\xC3\x84rger\" \x1A!");
  CHECK(mapped_bytes(extracts[0], input, "\"\xC3\x84rger\"") == "\\\"\xC3\x84rger\\\"");
}

TEST_CASE("invalid JSON fails with line and column", "[library][json]") {
  struct Case {
    std::string input;
    std::size_t line, column;
    std::string message_part;
  };
  const std::vector<Case> cases = {
      {"{\"a\": 1,}", 1, 9, "member name"},
      {"{\n  \"a\": \"unterminated\n}", 2, 21, "control character"},
      {"{\n  \"\xC3\xA4\": \"x\" \"y\"}", 2, 12, "expected ',' or '}'"},
      {"[\"\\ud83d x\"]", 1, 3, "surrogate"},
      {"[\"\\ude00\"]", 1, 3, "surrogate"},
      {"[\"\\q\"]", 1, 3, "invalid escape"},
      {"[01]", 1, 3, "expected ',' or ']'"},
      {"[1] x", 1, 5, "after the document"},
      {"\"abc", 1, 1, "unterminated"},
      {"", 1, 1, "end of input"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.input);
    const auto result = extract_json(c.input, {});
    REQUIRE_FALSE(result);
    CHECK(result.error().line == c.line);
    CHECK(result.error().column == c.column);
    CHECK_THAT(result.error().message, Catch::Contains(c.message_part));
  }
  CHECK_FALSE(extract_json(std::string(600, '[') + std::string(600, ']'), {}));
}

TEST_CASE("JSON Pointers with wildcards and filters select strings, entries name them",
          "[library][json]") {
  const std::string input = R"({"macros":[
 {"id":7,"title":"A","actions":[{"field":"status","value":"solved"},
                                {"field":"comment_value","value":"eins"}]},
 {"title":"B","actions":[{"field":"comment_value","value":["channel:all","zwei"]}]},
 {"actions":[{"field":"comment_value","value":"drei"}]}]})";
  ExtractOptions options;
  options.fields = *preset_fields("zendesk");
  const auto extracts = extract_ok(extract_json(input, options));
  REQUIRE(extracts.size() == 3);
  CHECK(extracts[0].text == "eins");
  CHECK(extracts[0].entry == "7");
  CHECK(extracts[1].text == "zwei");
  CHECK(extracts[1].entry == "B");
  CHECK(extracts[2].text == "drei");
  CHECK(extracts[2].entry == "/macros/2/actions/0/value");

  options.fields = {"/macros/*/title", "/macros/0/actions/*/value"};
  const auto titles = extract_ok(extract_json(input, options));
  REQUIRE(titles.size() == 4);  // in file order
  CHECK(titles[0].text == "A");
  CHECK(titles[1].text == "solved");
  CHECK(titles[2].text == "eins");
  CHECK(titles[3].text == "B");

  options.fields = {"macros/*"};
  CHECK_FALSE(extract_json(input, options));
}

TEST_CASE("HTML inside a JSON string maps through entities and escapes", "[library][json]") {
  const std::string input = R"({"content_html":"<p>Ihr &Auml;rger<br>\u00c4rger \"x\"</p>"})";
  const auto extracts = extract_ok(extract_json(input, {}));
  REQUIRE(extracts.size() == 1);
  const Extract& e = extracts[0];
  CHECK(e.text.find("Ihr \xC3\x84rger\n\xC3\x84rger \"x\"") != std::string::npos);
  CHECK(mapped_bytes(e, input, "Ihr \xC3\x84rger") == "Ihr &Auml;rger");
  CHECK(mapped_bytes(e, input, "\n\xC3\x84rger") == R"(<br>\u00c4rger)");
  CHECK(mapped_bytes(e, input, "\"x\"") == R"(\"x\")");
}

TEST_CASE("CSV: quoted fields, \"\" escapes, line breaks inside, id column", "[library][csv]") {
  const std::string input =
      "ID;Titel;Text\r\n"
      "a1;Gru\xC3\x9F;\"Hallo,\r\nIhr \"\"\xC3\x84rger\"\" tut mir leid\"\r\n"
      "\r\n"
      "a2;x;ohne Anf\xC3\xBChrung\n";
  ExtractOptions options;
  options.fields = {"Text"};
  const auto extracts = extract_ok(extract_csv(input, options));
  REQUIRE(extracts.size() == 2);
  CHECK(extracts[0].text == "Hallo,\r\nIhr \"\xC3\x84rger\" tut mir leid");
  CHECK(extracts[0].entry == "a1");
  CHECK(mapped_bytes(extracts[0], input, "Hallo") == "Hallo");
  CHECK(mapped_bytes(extracts[0], input, "\"\xC3\x84rger\"") == "\"\"\xC3\x84rger\"\"");
  CHECK(extracts[1].text == "ohne Anf\xC3\xBChrung");
  CHECK(extracts[1].entry == "a2");

  const auto all = extract_ok(extract_csv("a,b\n1,2\n", {}));
  REQUIRE(all.size() == 2);
  CHECK(all[0].entry == "row 1");

  const auto unclosed = extract_csv("a,b\n1,\"zwei\n", {});
  REQUIRE_FALSE(unclosed);
  CHECK(unclosed.error().line == 2);
  CHECK(unclosed.error().column == 3);
  const auto after_quote = extract_csv("a,b\n1,\"zwei\"x\n", {});
  REQUIRE_FALSE(after_quote);
  CHECK(after_quote.error().column == 9);
  options.fields = {"Nope"};
  CHECK_FALSE(extract_csv(input, options));
}

TEST_CASE("YAML: quoted and plain scalars map exactly, folds included", "[library][yaml]") {
  const std::string input =
      "- id: q1\n"
      "  text: \"Ihr \\u00c4rger, \\\"eigentlich\\\"\n"
      "    da sind\"\n"
      "- id: q2\n"
      "  text: 'It''s \xC3\x84rger'\n"
      "- id: q3\n"
      "  text: plain \xC3\x84rger\n"
      "    und mehr\n";
  ExtractOptions options;
  options.fields = {"/*/text"};
  const auto extracts = extract_ok(extract_yaml(input, options));
  REQUIRE(extracts.size() == 3);
  CHECK(extracts[0].text == "Ihr \xC3\x84rger, \"eigentlich\" da sind");
  CHECK(extracts[0].entry == "q1");
  CHECK(mapped_bytes(extracts[0], input, "\xC3\x84rger") == "\\u00c4rger");
  CHECK(mapped_bytes(extracts[0], input, "\"eigentlich\" da") == "\\\"eigentlich\\\"\n    da");
  CHECK(extracts[1].text == "It's \xC3\x84rger");
  CHECK(mapped_bytes(extracts[1], input, "It's") == "It''s");
  CHECK(extracts[2].text == "plain \xC3\x84rger und mehr");
  CHECK(mapped_bytes(extracts[2], input, "und") == "und");
  CHECK(input.compare(extracts[2].to_input.to_original_begin(extracts[2].text.find("und")), 8, "und mehr") == 0);
}

TEST_CASE("YAML block scalars: each content line maps to its place", "[library][yaml]") {
  const std::string input =
      "literal: |\n"
      "  Erste Zeile\n"
      "    einger\xC3\xBC" "ckt\n"
      "\n"
      "  Dritte Zeile\n"
      "folded: >-\n"
      "  eins\n"
      "  zwei\n"
      "\n"
      "  drei\n"
      "after: x\n";
  ExtractOptions options;
  options.fields = {"/literal", "/folded"};
  const auto extracts = extract_ok(extract_yaml(input, options));
  REQUIRE(extracts.size() == 2);
  CHECK(extracts[0].text == "Erste Zeile\n  eingerückt\n\nDritte Zeile\n");
  CHECK(extracts[0].to_input.to_original_begin(extracts[0].text.find("Dritte")) == input.find("Dritte"));
  CHECK(extracts[0].to_input.to_original_begin(extracts[0].text.find("eing")) == input.find("eing"));
  CHECK(extracts[1].text == "eins zwei\ndrei");
  CHECK(extracts[1].to_input.to_original_begin(extracts[1].text.find("zwei")) == input.find("zwei"));
  CHECK(extracts[1].to_input.to_original_begin(extracts[1].text.find("drei")) == input.find("drei"));
  CHECK(mapped_bytes(extracts[1], input, "eins zwei") == "eins\n  zwei");

  const auto invalid = extract_yaml("a: [1, 2\nb: c\n", {});
  REQUIRE_FALSE(invalid);
  CHECK(invalid.error().line >= 1);
}

TEST_CASE("YAML with a BOM and CRLF line ends maps exactly", "[library][yaml]") {
  const std::string input = "\xEF\xBB\xBF" "a: \"Ihr \xC3\x84rger\"\r\nb: |\r\n  eins\r\n  zwei \xC3\x84rger\r\n";
  const auto extracts = extract_ok(extract_yaml(input, {}));
  REQUIRE(extracts.size() == 2);
  CHECK(extracts[0].text == "Ihr \xC3\x84rger");
  CHECK(extracts[0].to_input.to_original_begin(4) == input.find("\xC3\x84rger"));
  CHECK(extracts[1].text == "eins\nzwei \xC3\x84rger\n");
  CHECK(extracts[1].to_input.to_original_begin(extracts[1].text.find("zwei")) == input.find("zwei"));
  CHECK_FALSE(extracts[1].rewritable);
}

TEST_CASE("The YAML escapes N and underscore become U+0085 and U+00A0, valid UTF-8", "[library][yaml]") {
  // yaml-cpp decodes them to single Latin-1 bytes.
  const std::string input = "gruss: \"Viele Gr\\u00fc\\u00dfe,\\NIhr \\_Team\"\n";
  const auto extracts = extract_ok(extract_yaml(input, {}));
  REQUIRE(extracts.size() == 1);
  CHECK(extracts[0].text == "Viele Gr\xC3\xBC\xC3\x9F" "e,\xC2\x85Ihr \xC2\xA0Team");
  CHECK(extracts[0].to_input.view_size() == extracts[0].text.size());
  CHECK(mapped_bytes(extracts[0], input, "\xC2\x85") == "\\N");
  CHECK(mapped_bytes(extracts[0], input, "\xC2\xA0") == "\\_");
}
