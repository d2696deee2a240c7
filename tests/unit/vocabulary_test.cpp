#include "tonfall/vocabulary.h"

#include <catch2/catch.hpp>
#include <re2/re2.h>

#include "tonfall/check.h"
#include "tonfall/engine.h"
#include "tonfall/rules.h"

using namespace tonfall;

namespace {

std::string data(const std::string& name) {
  return std::string(TONFALL_TEST_DATA) + "/" + name;
}

// The last rule loaded: the pack file's own, after its folder's word classes.
const Rule* last_rule(const std::vector<Pack>& packs) {
  const Rule* rule = nullptr;
  for (const Pack& pack : packs)
    for (const Rule& one : pack.rules) rule = &one;
  return rule;
}

std::string expanded(std::string_view pattern, const Vocabulary& vocabulary = {}) {
  Expected<std::string> out = expand_pattern(pattern, vocabulary);
  REQUIRE(out.ok());
  return out.value();
}

// The original texts of all findings of the loaded packs' rules in `input`.
std::vector<std::string> found(const std::vector<Pack>& packs, const std::string& input) {
  std::vector<const Rule*> rules;
  for (const Pack& pack : packs)
    for (const Rule& rule : pack.rules) rules.push_back(&rule);
  Expected<Engine> engine = Engine::compile(rules);
  REQUIRE(engine.ok());
  const FileResult result = check_source(Source{"t", input}, *engine);
  std::vector<std::string> texts;
  for (const Finding& f : result.findings) texts.push_back(f.text);
  return texts;
}

using Texts = std::vector<std::string>;

}  // namespace

TEST_CASE("Word classes expand to non-capturing alternations, also nested") {
  const Vocabulary vocabulary = {{"modal", {"kann", "darf"}},
                                 {"ich-modal", {"ich {modal}", "{modal} ich"}}};
  CHECK(expanded(R"(\b{modal}\b)", vocabulary) == R"(\b(?:kann|darf)\b)");
  CHECK(expanded("{ich-modal}", vocabulary) == R"((?:ich\s+(?:kann|darf)|(?:kann|darf)\s+ich))");
}

TEST_CASE("Counted repetitions, escapes and classes are left alone") {
  CHECK(expanded(R"(a{2}b{0,3}\{modal\})") == R"(a{2}b{0,3}\{modal\})");
  CHECK(expanded("[{modal} ]x") == "[{modal} ]x");
  CHECK(expanded("[] {x}]") == "[] {x}]");
  CHECK(expanded(R"(\Qa b\E c)") == R"(\Qa b\E\s+c)");
  // Not a class name: upper case or a leading digit.
  CHECK(expanded("{Modal}{1a}") == "{Modal}{1a}");
}

TEST_CASE("A blank means any whitespace, one character before a quantifier") {
  CHECK(expanded("da sind  Sie") == R"(da\s+sind\s+Sie)");
  CHECK(expanded("Sie ?,") == R"(Sie\s?,)");
  CHECK(expanded("a {0,2}b") == R"(a\s{0,2}b)");
  CHECK(expanded(R"(a\ b)") == R"(a\ b)");
  // The expansion matches a sentence wrapped over two lines.
  CHECK(RE2::PartialMatch("da sind\nSie", expanded("da sind Sie")));
}

TEST_CASE("Unknown and self-referring classes are errors") {
  CHECK_FALSE(expand_pattern("{fehlt}", {}).ok());
  CHECK(expand_pattern("{fehlt}", {}).error().message == "unknown word class {fehlt}");
  const Vocabulary loop = {{"a", {"x{b}"}}, {"b", {"{a}"}}};
  CHECK_FALSE(expand_pattern("{a}", loop).ok());
  CHECK_FALSE(expand_pattern("[abc", {}).ok());
}

TEST_CASE("Class names: lower-case letter first, umlauts allowed") {
  CHECK(is_word_class_name("füllwort-2"));
  CHECK(is_word_class_name("modal_du"));
  CHECK_FALSE(is_word_class_name("2modal"));
  CHECK_FALSE(is_word_class_name("Modal"));
  CHECK_FALSE(is_word_class_name("-x"));
  CHECK_FALSE(is_word_class_name(""));
}

TEST_CASE("A clause pattern matches its parts in any order within one clause") {
  Expected<std::string> clause = clause_pattern({"ich", "kann", "nicht"});
  REQUIRE(clause.ok());
  const RE2 regex(clause.value());
  REQUIRE(regex.ok());
  CHECK(RE2::PartialMatch("Ich denke, ich kann Ihnen das nicht erstatten.", regex));
  CHECK(RE2::PartialMatch("Das kann ich nicht.", regex));
  CHECK(RE2::PartialMatch("weil ich das nicht erstatten kann", regex));
  // A comma, a full stop or a line end ends the clause.
  CHECK_FALSE(RE2::PartialMatch("Ich kann, was Sie nicht wollen", regex));
  CHECK_FALSE(RE2::PartialMatch("Ich kann das. Nicht heute", regex));
  CHECK_FALSE(RE2::PartialMatch("Ich kann das\nnicht", regex));
}

TEST_CASE("Clause patterns: 2 to 4 parts, no named groups") {
  CHECK_FALSE(clause_pattern({"a"}).ok());
  CHECK_FALSE(clause_pattern({"a", "b", "c", "d", "e"}).ok());
  CHECK_FALSE(clause_pattern({"(?P<x>a)", "b"}).ok());
  CHECK(clause_pattern({"a", "b", "c", "d"}).ok());
}

TEST_CASE("A pack file named alone sees the word classes of its folder") {
  Expected<std::vector<Pack>> packs = load_packs({data("vocabulary/refusal.yaml")});
  REQUIRE(packs.ok());
  const Rule* rule = last_rule(packs.value());
  REQUIRE(rule != nullptr);
  CHECK(rule->advice == "Sagen Sie, was geht.");
  CHECK(rule->patterns[0].clause_parts.size() == 3);
  CHECK(rule->patterns[0].text.find("(?:kann|darf)") != std::string::npos);

  CHECK(found(packs.value(), "Die Gebühr kann ich Ihnen nicht erstatten.") ==
        Texts{"kann ich Ihnen nicht"});
  CHECK(found(packs.value(), "Weil ich das nie zusagen darf, bleibt es dabei.") ==
        Texts{"ich das nie zusagen darf"});
  // An offer anywhere in the paragraph: no bare refusal.
  CHECK(found(packs.value(), "Das kann ich nicht erstatten. Stattdessen schicke ich einen Gutschein.")
            .empty());
  CHECK(found(packs.value(), "Das kann ich nicht erstatten.\n\nStattdessen gibt es einen Gutschein.") ==
        Texts{"kann ich nicht"});
}

TEST_CASE("Word class errors name the file, the rule and the class") {
  Expected<std::vector<Pack>> unknown = load_packs({data("vocabulary_unknown_class.yaml")});
  REQUIRE_FALSE(unknown.ok());
  CHECK(unknown.error().line == 8);
  CHECK(unknown.error().message == "rule 'test.unbekannt': unknown word class {gibt-es-nicht}");

  Expected<std::vector<Pack>> twice = load_packs({data("vocabulary_twice")});
  REQUIRE_FALSE(twice.ok());
  CHECK(twice.error().message.find("word class 'modal' is already defined in") == 0);
}

TEST_CASE("A pattern's top-level alternatives, also inside the group a word class makes") {
  using Views = std::vector<std::string_view>;
  CHECK(top_level_alternatives("a|b(?:c|d)|[|]") == Views{"a", "b(?:c|d)", "[|]"});
  CHECK(top_level_alternatives("(?:ja|nein)") == Views{"ja", "nein"});
  CHECK(top_level_alternatives(R"(\Qa|b\E)") == Views{R"(\Qa|b\E)"});
  // A group that closes before the end, a group with flags and a single
  // alternative stay whole.
  CHECK(top_level_alternatives("(?:a|b)(?:c|d)") == Views{"(?:a|b)(?:c|d)"});
  CHECK(top_level_alternatives("(?i:a|b)") == Views{"(?i:a|b)"});
  CHECK(top_level_alternatives(R"(\bja\b)") == Views{R"(\bja\b)"});
}

TEST_CASE("An exception made of a word class is held as one pattern per entry") {
  Expected<std::vector<Pack>> packs = load_packs({data("vocabulary/refusal.yaml")});
  REQUIRE(packs.ok());
  const Rule* rule = last_rule(packs.value());
  REQUIRE(rule != nullptr);
  const std::vector<Pattern>& offers = rule->unless_paragraph;
  REQUIRE(offers.size() == 2);
  CHECK(offers[0].text == R"(\bstattdessen\b)");
  CHECK(offers[1].text == R"(\balternativ\b)");
  CHECK(offers[1].location.line == offers[0].location.line);
}

TEST_CASE("Where a character class ends") {
  CHECK(class_end("[]a]b", 0) == 3);
  CHECK(class_end("[^]]", 0) == 3);
  CHECK(class_end("x[[:alpha:]]", 1) == 11);
  CHECK(class_end(R"([\]])", 0) == 3);
  CHECK(class_end("[ab", 0) == 3);
}
