#include "tonfall/literals.h"

#include <re2/re2.h>

#include <catch2/catch.hpp>
#include <set>
#include <thread>

#include "tonfall/check.h"
#include "tonfall/engine.h"
#include "tonfall/rules.h"

using namespace tonfall;

namespace {

using Clauses = std::vector<std::vector<std::string>>;

Clauses clauses_of(std::string_view regex) {
  return required_literals(translate_pattern(regex).regex).clauses;
}

bool holds(const LiteralCondition& condition, std::string_view text) {
  return condition_holds(condition, fold_text(text));
}

}  // namespace

TEST_CASE("fold_text lowers what RE2's case folding matches in German text") {
  CHECK(fold_text("ÄRGER Über STRAẞE") == "ärger über strasse");  // ß and ẞ as the match view spells them
  CHECK(fold_text("Maß und ſie, 3 \u212Aelvin") == "mass und sie, 3 kelvin");
  CHECK(fold_text("×÷") == "×÷");                            // not letters
  CHECK(fold_text("\xC3\x28 bad") == "\xC3\x28 bad");        // invalid UTF-8 passes
  CHECK(fold_text("\xE1\xBA") == "\xE1\xBA");                // cut sequence
}

TEST_CASE("fold_text makes each run of blanks one space") {
  CHECK(fold_text("Sie \t haben\r\n\n  recht\f\v.") == "sie haben recht .");
  CHECK(fold_text("  a") == " a");
  CHECK(fold_text("\xC3\n  foo") == "\xC3 foo");  // also after a cut sequence
}

TEST_CASE("A blank escape in a class is one character, also as a range's end") {
  CHECK(clauses_of(R"(abc[\t ]x)") == Clauses{{"abc x"}});
  // [\t- ] is 0x09 to 0x20, control characters too: nothing exact.
  const LiteralCondition range = required_literals(R"(abc[\t- ])");
  CHECK(holds(range, "abc\x1b"));
  CHECK(holds(required_literals(R"(abc[\n-!])"), "abc\x1f"));
  CHECK(holds(required_literals(std::string("abc[\\\0]", 7)), std::string("abc\0", 4)));
}

TEST_CASE("Blanks in a pattern join its words into phrases") {
  CHECK(clauses_of(R"(\bSie\s+haben\b)") == Clauses{{"sie haben"}});
  CHECK(clauses_of(R"(Sie[ \t]+müssen\s*,\s*dass)") == Clauses{{"sie müssen , dass", "sie müssen ,dass",
                                                                    "sie müssen, dass", "sie müssen,dass"}});
  // Two blanks in the pattern are one run of blanks in the text.
  CHECK(clauses_of(R"(bei\s\smir)") == Clauses{{"bei mir"}});
  CHECK(clauses_of(R"(bei\n mir)") == Clauses{{"bei mir"}});
  const LiteralCondition condition = required_literals(R"(sie\s+haben\s+recht)");
  CHECK(holds(condition, "Sie\n   haben \t Recht"));
  CHECK_FALSE(holds(condition, "Sie haben kein Recht"));
}

TEST_CASE("Exact neighbours multiply into whole phrases") {
  CHECK(clauses_of(R"(\bda sind (?-i:Sie) bei (?:mir|uns) verkehrt\b)") ==
        Clauses{{"da sind sie bei mir verkehrt", "da sind sie bei uns verkehrt"}});
  CHECK(clauses_of(R"((?:bitte )?sende)") == Clauses{{"sende"}});  // "bitte sende" has "sende"
  CHECK(clauses_of(R"((?:bitte|gern) sende)") == Clauses{{"bitte sende", "gern sende"}});
  CHECK(clauses_of(R"(Stra[sß]e)") == Clauses{{"strase", "strasse"}});
}

TEST_CASE("A gap splits a pattern into clauses that must all hold") {
  CHECK(clauses_of(R"(\bkann\b[^.!?]{0,60}\bnicht\b[^.!?]{0,40}\bhelfen\b)") ==
        Clauses{{"helfen"}, {"kann"}, {"nicht"}});
  // "da" is too short to filter on its own.
  CHECK(clauses_of(R"(\bda\w*\s+sind\s+Sie\b)") == Clauses{{" sind sie"}});
}

TEST_CASE("An alternation needs one clause from every branch, or gives none") {
  CHECK(clauses_of(R"((?:leider\s+nicht|bedauerlicherweise))") ==
        Clauses{{"bedauerlicherweise", "leider nicht"}});
  CHECK(clauses_of(R"((?:leider\S+nicht|bedauerlicherweise))") ==
        Clauses{{"bedauerlicherweise", "leider"}});
  CHECK(clauses_of(R"((?:leider|\w+weise))") == Clauses{{"leider", "weise"}});
  CHECK(clauses_of(R"((?:leider|\w+))").empty());
  CHECK(clauses_of(R"((?:so|wo)\S*nicht)") == Clauses{{"nicht"}});
}

TEST_CASE("Optional, repeated and unknown pieces weaken, never strengthen") {
  CHECK(clauses_of(R"((?:unbedingt)*\s*sofort)") == Clauses{{"sofort"}});
  CHECK(clauses_of(R"((?:sofort){2,})") == Clauses{{"sofort"}});
  CHECK(clauses_of(R"(\pL+ung)") == Clauses{{"ung"}});
  CHECK(clauses_of(R"(\pL+un)").empty());
  CHECK(clauses_of(R"([^a]bc)").empty());
  CHECK(clauses_of(R"(!+\?)").empty());
  // Letters that fold beyond Latin-1 are "any letter": ÿ also matches Ÿ.
  CHECK(clauses_of(R"(ÿes)").empty());
  CHECK(clauses_of(R"(\x{44}\x{41}nke)") == Clauses{{"danke"}});
  CHECK(clauses_of(R"(\Qa.b.c\E)") == Clauses{{"a.b.c"}});
  // A quantifier after \E applies to the last quoted character only.
  CHECK(clauses_of(R"(x\Qabc\E?yz)") == Clauses{{"xabcyz", "xabyz"}});
  CHECK(clauses_of(R"(\Qsofort\E*)") == Clauses{{"sofor"}});
  // (?<name>...) is a group like (?P<name>...), not a flag group.
  CHECK(clauses_of(R"(foo(?<n>bar)baz)") == Clauses{{"foobarbaz"}});
}

TEST_CASE("Malformed patterns still get a condition") {
  for (const char* regex : {"(abc", "abc)", "[abc", "\\", "a{2", "(?P<x", "\\x{zz}", "(?"}) {
    INFO(regex);
    CHECK_NOTHROW(required_literals(regex));
  }
}

TEST_CASE("The scanner reports every occurrence of every literal") {
  const LiteralScanner scanner({"sie", "ie", "bei mir", "verkehrt", "ärger", ""});
  std::multiset<std::uint32_t> found;
  std::vector<std::size_t> ends;
  scanner.scan(fold_text("Da sind Sie bei mir verkehrt, sie ärgern sich"), [&](std::uint32_t id, std::size_t end) {
    found.insert(id);
    if (id == 0) ends.push_back(end);
  });
  CHECK(found == std::multiset<std::uint32_t>{0, 0, 1, 1, 2, 3, 4});
  CHECK(ends == std::vector<std::size_t>{11, 33});
  std::size_t none = 0;
  scanner.scan("", [&](std::uint32_t, std::size_t) { ++none; });
  LiteralScanner().scan("abc", [&](std::uint32_t, std::size_t) { ++none; });
  CHECK(none == 0);
}

// The property the engine relies on: wherever a pattern matches, its
// condition holds. Checked on every example sentence of the bundled packs,
// for every pattern, exception and `against` pattern.
TEST_CASE("The conditions of the bundled rules hold wherever their patterns match") {
  auto packs = load_packs({std::string(TONFALL_RULES_DIR)});
  REQUIRE(packs.ok());
  std::vector<std::string> sentences;
  for (const Pack& pack : packs.value())
    for (const Rule& rule : pack.rules) {
      sentences.insert(sentences.end(), rule.bad_examples.begin(), rule.bad_examples.end());
      sentences.insert(sentences.end(), rule.good_examples.begin(), rule.good_examples.end());
    }
  std::size_t matches = 0;
  for (const Pack& pack : packs.value())
    for (const Rule& rule : pack.rules)
      for (const auto* list : {&rule.patterns, &rule.unless, &rule.unless_paragraph, &rule.against})
        for (const Pattern& pattern : *list) {
          const std::string regex = translate_pattern(pattern.text).regex;
          RE2::Options options;
          options.set_case_sensitive(rule.case_sensitive);
          options.set_max_mem(int64_t{1} << 26);  // room for the DFA of a word-class pattern
          options.set_log_errors(false);
          options.set_never_capture(true);  // whether it matches is all the test needs
          const RE2 re(regex, options);
          REQUIRE(re.ok());
          const LiteralCondition condition = required_literals(regex);
          for (const std::string& sentence : sentences) {
            if (!RE2::PartialMatch(sentence, re)) continue;
            ++matches;
            // The message is built only on failure: a pattern's text runs to 20,000 characters.
            if (!holds(condition, sentence)) FAIL_CHECK(rule.id << ": " << pattern.text << " in: " << sentence);
          }
        }
  CHECK(matches > 1000);
}

TEST_CASE("Threads that reach new states at once share a fresh scanner safely") {
  for (int round = 0; round < 200; ++round) {
    const LiteralScanner scanner({"abc", "bcd", "cde", "xyz"});
    std::vector<std::size_t> found(4, 0);
    std::vector<std::thread> threads;
    for (std::size_t t = 0; t < found.size(); ++t)
      threads.emplace_back([&, t] { scanner.scan("abcdexyzabcdexyz", [&](std::uint32_t, std::size_t) { ++found[t]; }); });
    for (std::thread& thread : threads) thread.join();
    for (const std::size_t n : found) REQUIRE(n == 8);
  }
}

TEST_CASE("Hits are found in long paragraphs and across many blocks") {
  Rule rule;
  rule.id = "verkehrt";
  rule.category = "test";
  rule.message = "m";
  rule.patterns.push_back({R"(\bbei (?:mir|uns) verkehrt\b)", {}});
  Expected<Engine> engine = Engine::compile({&rule});
  REQUIRE(engine.ok());
  std::string text;
  for (int i = 0; i < 20000; ++i) text += "Wort ";  // one 100 KB paragraph
  text += "Sie sind bei mir verkehrt. ";
  for (int i = 0; i < 300; ++i) text += "\n\nAbsatz " + std::to_string(i) + ": bei uns verkehrt.";
  const FileResult result = check_source(Source{"t", text}, *engine);
  REQUIRE_FALSE(result.error);
  CHECK(result.findings.size() == 301);
}

TEST_CASE("An alternative stands for itself by its rarest words, not by a word every text has") {
  // „nicht“ is longer than „weg“, and in a quarter of all paragraphs.
  CHECK(clauses_of(R"((?:nicht [^.]* weg|verloren))") == Clauses{{" weg", "verloren"}});
}

TEST_CASE("A pattern that cannot match a sentence mark is known as such") {
  for (const char* regex : {R"(da\s+sind\s+(?-i:Sie)\s+bei\s+(?:mir|uns))", R"(\bwenn\b[^.!?\n]{0,40}?\bdann\b)",
                            R"((?P<v>[A-ZÄÖÜ]\pL+)\s+()Sie)", R"([\pL\d-]+,?\s\x{2013})", R"([^.!?,;:\n\x{1A}]*)",
                            R"(\Qz-b\E\d+)", R"([^\x2e!?])", R"((?m:^)[ \t]*Hallo\b)"}) {
    INFO(regex);
    CHECK_FALSE(may_match_sentence_mark(regex));
  }
  for (const char* regex : {R"(nein\.)", R"(a.b)", R"(!+\?)", R"(\d\.\s)", R"([^,]+)", R"([^.!]+)", R"(\S+)",
                            R"(\W)", R"(\pP)", R"(\p{Po})", R"(\PL)", R"([ -~])", R"([\x20-\x7e])", R"(\x21)",
                            R"(\x{3F})", R"(\Qz.B.\E)", R"([[:punct:]])", R"([^[:alpha:]])", R"([\.])", R"([a)",
                            R"(\x{zz})"}) {
    INFO(regex);
    CHECK(may_match_sentence_mark(regex));
  }
}
