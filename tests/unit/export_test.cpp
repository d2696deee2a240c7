#include "tonfall/export.h"

#include <catch2/catch.hpp>

#include "tonfall/segment.h"
#include "tonfall/vocabulary.h"

using namespace tonfall;

namespace {

std::string translated(std::string_view pattern, ExportDialect dialect,
                       bool case_insensitive = true) {
  Expected<ExportedPattern> out = translate_pattern(pattern, dialect, case_insensitive);
  REQUIRE(out.ok());
  return out->regex;
}

std::size_t count(std::string_view text, std::string_view part) {
  std::size_t n = 0;
  for (std::size_t at = text.find(part); at != std::string_view::npos;
       at = text.find(part, at + part.size()))
    ++n;
  return n;
}

// The prh dialect's Unicode \b and \B: lookarounds over the word characters
// of segment.h.
const std::string kWord = R"([\p{Alphabetic}\p{M}\p{Nd}\p{Pc}\u200C\u200D])";
const std::string kJsBoundary =
    "(?:(?<=" + kWord + ")(?!" + kWord + ")|(?<!" + kWord + ")(?=" + kWord + "))";
const std::string kJsNotBoundary =
    "(?:(?<=" + kWord + ")(?=" + kWord + ")|(?<!" + kWord + ")(?!" + kWord + "))";

Rule rule_with(std::string id, std::vector<std::string> patterns) {
  Rule rule;
  rule.id = std::move(id);
  rule.message = "Meldung.";
  rule.file = "pack.yaml";
  std::size_t line = 10;
  for (std::string& text : patterns) rule.patterns.push_back(Pattern{std::move(text), {line++, 9}});
  return rule;
}

}  // namespace

TEST_CASE("Dialect names") {
  CHECK(parse_export_dialect("grep") == ExportDialect::grep);
  CHECK(parse_export_dialect("rg") == ExportDialect::rg);
  CHECK(parse_export_dialect("prh") == ExportDialect::prh);
  CHECK_FALSE(parse_export_dialect("pcre").has_value());
  CHECK_FALSE(parse_export_dialect("").has_value());
}

TEST_CASE("Word boundaries stay Unicode-aware in grep, are ASCII in rg, lookarounds in prh") {
  CHECK(translated(R"(\bÄrger\b)", ExportDialect::grep) == R"(\bÄrger\b)");
  CHECK(translated(R"(\Bße\B)", ExportDialect::grep) == R"(\Bße\B)");
  CHECK(translated(R"(\bÄrger\b)", ExportDialect::rg) == R"((?-u:\b)Ärger(?-u:\b))");
  CHECK(translated(R"(\Bße\B)", ExportDialect::rg) == R"((?-u:\B)ße(?-u:\B))");
  CHECK(translated(R"(\bÄrger\b)", ExportDialect::prh, false) ==
        kJsBoundary + "Ärger" + kJsBoundary);
  CHECK(translated(R"(\Bße\B)", ExportDialect::prh, false) ==
        kJsNotBoundary + "ße" + kJsNotBoundary);
}

TEST_CASE("An expanded word class pattern: its alternations and blanks carry over") {
  const Vocabulary vocabulary = {{"modal", {"können", "kann"}}, {"nein", {"nicht", "nie"}}};
  Expected<std::string> pattern = expand_pattern(R"(\b{modal} {nein}\b)", vocabulary);
  REQUIRE(pattern.ok());
  REQUIRE(*pattern == R"(\b(?:können|kann)\s+(?:nicht|nie)\b)");

  CHECK(translated(*pattern, ExportDialect::grep) == *pattern);
  CHECK(translated(*pattern, ExportDialect::rg) ==
        R"((?-u:\b)(?:können|kann)\s+(?:nicht|nie)(?-u:\b))");
  CHECK(translated(*pattern, ExportDialect::prh) ==
        kJsBoundary + R"((?:[kK][öÖ][nN][nN][eE][nN]|[kK][aA][nN][nN])\s+)" +
            R"((?:[nN][iI][cC][hH][tT]|[nN][iI][eE]))" + kJsBoundary);
  CHECK(translated(*pattern, ExportDialect::prh, false) ==
        kJsBoundary + R"((?:können|kann)\s+(?:nicht|nie))" + kJsBoundary);
  // A non-capturing group is no group: nothing for a suggestion to refer to.
  CHECK(translate_pattern(*pattern, ExportDialect::prh, true)->groups.empty());
}

TEST_CASE("A clause pattern keeps its gap and its order alternation in every dialect") {
  Expected<std::string> pattern = clause_pattern({R"(\bich\b)", R"((?-i:Sie))"});
  REQUIRE(pattern.ok());
  const std::string gap(kClauseGap);
  REQUIRE(count(*pattern, gap) == 2);

  CHECK(translated(*pattern, ExportDialect::grep) == *pattern);

  const std::string rg = translated(*pattern, ExportDialect::rg);
  CHECK(rg == "(?:(?:(?-u:\\b)ich(?-u:\\b))" + gap + "(?:(?-i:Sie))|(?:(?-i:Sie))" + gap +
                  "(?:(?-u:\\b)ich(?-u:\\b)))");

  // prh: the gap's class and lazy count as they are; (?-i:Sie) stays upper-case
  // while the case-insensitive "ich" is spelt out.
  const std::string prh = translated(*pattern, ExportDialect::prh);
  const std::string ich = kJsBoundary + "[iI][cC][hH]" + kJsBoundary;
  CHECK(prh == "(?:(?:" + ich + ")" + gap + "(?:(?:Sie))|(?:(?:Sie))" + gap + "(?:" + ich + "))");
}

TEST_CASE("Case-insensitive umlauts and ß") {
  SECTION("grep and rg keep the letters; the line's (?i:...) folds them") {
    for (ExportDialect dialect : {ExportDialect::grep, ExportDialect::rg}) {
      CHECK(translated("Straße über ÄRGER", dialect) == "Straße über ÄRGER");
      CHECK(translated("[äöüß]+", dialect) == "[äöüß]+");
    }
    const Rule rule = rule_with("t.umlaut", {"Größe"});
    const std::vector<const Rule*> rules = {&rule};
    CHECK(export_patterns(rules, ExportDialect::grep).text == "(*UCP)(?i:Größe)\n");
    CHECK(export_patterns(rules, ExportDialect::rg).text == "(?i:Größe)\n");
  }
  SECTION("prh spells out both cases, ß with ẞ") {
    CHECK(translated("Straße", ExportDialect::prh) == "[Ss][tT][rR][aA][ßẞ][eE]");
    CHECK(translated("über ÄRGER", ExportDialect::prh) == "[üÜ][bB][eE][rR] [Ää][Rr][Gg][Ee][Rr]");
    CHECK(translated("[äöüß]+", ExportDialect::prh) == "[äöüßÄÖÜẞ]+");
    CHECK(translated(R"(\x{E4})", ExportDialect::prh) == "[äÄ]");
    // A case-sensitive part or rule keeps the letter as written.
    CHECK(translated("(?-i:Ärger)", ExportDialect::prh) == "(?:Ärger)");
    CHECK(translated("Ärger", ExportDialect::prh, false) == "Ärger");
    CHECK(translated("(?i:Ärger)", ExportDialect::prh, false) == "(?:[Ää][rR][gG][eE][rR])");
  }
  SECTION("upper- or lower-case letter classes mean any cased letter") {
    CHECK(translated(R"(\p{Lu})", ExportDialect::grep) == R"(\p{L&})");
    CHECK(translated(R"(\p{Lu})", ExportDialect::rg) == R"([\p{Lu}\p{Ll}\p{Lt}])");
    CHECK(translated(R"(\p{Lu})", ExportDialect::prh) == R"(\p{LC})");
    CHECK(translated(R"(\p{Lu})", ExportDialect::grep, false) == R"(\p{Lu})");
  }
}

TEST_CASE("The letter class becomes the engine's letter ranges, in JavaScript escaped") {
  const std::string letters(kLetterRanges);
  CHECK(translated(R"(\pL+)", ExportDialect::grep) == "[" + letters + "]+");
  CHECK(translated(R"([^\pL\d])", ExportDialect::rg) == "[^" + letters + R"(\d])");
  const std::string prh = translated(R"(\pL)", ExportDialect::prh);
  CHECK(prh.starts_with(R"([A-Za-z\u00AA\u00B5)"));
  CHECK(prh.find(R"(\x{)") == std::string::npos);
}

TEST_CASE("Named groups become plain groups and are listed for the suggestion") {
  Expected<ExportedPattern> out =
      translate_pattern(R"((?P<wer>ich|wir) (?<was>kann) (x))", ExportDialect::grep, true);
  REQUIRE(out.ok());
  CHECK(out->regex == "(ich|wir) (kann) (x)");
  CHECK(out->groups == std::vector<std::string>{"wer", "was", ""});
}

TEST_CASE("What a dialect cannot express is an error") {
  CHECK_FALSE(translate_pattern("(?U)a+", ExportDialect::prh, true).ok());
  CHECK(translated("(?U)a+", ExportDialect::grep) == "(?U)a+");
  CHECK_FALSE(translate_pattern("[[:punct:]]", ExportDialect::prh, true).ok());
  CHECK_FALSE(translate_pattern("[abc", ExportDialect::grep, true).ok());
  CHECK_FALSE(translate_pattern(R"(\p{Greek)", ExportDialect::rg, true).ok());
  // ripgrep searches line by line: a line end only inside a class
  CHECK_FALSE(translate_pattern(R"(,[ \t]*\n\s*Vergessen)", ExportDialect::rg, true).ok());
  CHECK(translated(R"([^.!?\n]{0,20}nicht)", ExportDialect::rg) == R"([^.!?\n]{0,20}nicht)");
  CHECK(translated(R"(,[ \t]*\n)", ExportDialect::grep) == R"(,[ \t]*\n)");
  // prh may compile without the u flag: no surrogate pairs in a class
  CHECK_FALSE(translate_pattern(R"([\x{1F300}-\x{1FAFF}])", ExportDialect::prh, true).ok());
  CHECK(translated(R"([\x{1F300}-\x{1FAFF}])", ExportDialect::grep) == R"([\x{1F300}-\x{1FAFF}])");
}

TEST_CASE("Exceptions and the against side are not exported") {
  Rule rule = rule_with("t.absage", {R"(\bgeht nicht\b)"});
  rule.case_sensitive = true;  // so that prh writes the words as they are
  rule.unless.push_back(Pattern{R"(\bdoch\b)", {20, 9}});
  rule.unless_paragraph.push_back(Pattern{R"(\bgerne\b)", {21, 9}});
  rule.against.push_back(Pattern{R"(\bstattdessen\b)", {22, 9}});
  const std::vector<const Rule*> rules = {&rule};
  for (ExportDialect dialect : {ExportDialect::grep, ExportDialect::rg, ExportDialect::prh}) {
    const PatternExport out = export_patterns(rules, dialect);
    CHECK(out.exported == 1);
    CHECK(out.skipped.empty());
    CHECK(out.text.find("nicht") != std::string::npos);
    CHECK(out.text.find("doch") == std::string::npos);
    CHECK(out.text.find("gerne") == std::string::npos);
    CHECK(out.text.find("stattdessen") == std::string::npos);
  }
  const std::string prh = export_patterns(rules, ExportDialect::prh).text;
  CHECK(prh.find("no exceptions (unless, unless_paragraph)") != std::string::npos);
}

TEST_CASE("A prh dictionary entry: suggestion with group numbers, quoted values") {
  Rule rule = rule_with("t.gruppen", {R"((?P<wer>ich|wir) (?<was>kann) (x))"});
  rule.case_sensitive = true;
  rule.message = "Nicht 'so'.\nBesser anders.";
  rule.suggestions = {"${was} ${wer} $3 ${1} ${unbekannt}"};
  const std::vector<const Rule*> rules = {&rule};
  const PatternExport out = export_patterns(rules, ExportDialect::prh);
  CHECK(out.text.starts_with("# prh dictionary generated by"));
  CHECK(out.text.find("version: 1\nrules:\n") != std::string::npos);
  CHECK(
      out.text.ends_with("  - expected: '$2 $1 $3 $1 '\n"
                         "    pattern: '/(ich|wir) (kann) (x)/'\n"
                         "    prh: 'Nicht ''so''. Besser anders. [t.gruppen]'\n"));

  rule.suggestions.clear();
  CHECK(export_patterns(rules, ExportDialect::prh).text.find("  - expected: '[t.gruppen]'\n") !=
        std::string::npos);
  CHECK(export_patterns(rules, ExportDialect::grep).text == "(*UCP)(?:(ich|wir) (kann) (x))\n");
}

TEST_CASE("A pattern the dialect cannot carry is skipped and named, the others are exported") {
  const Rule rule = rule_with("t.fehler", {"(?U)a+", "gut"});
  const std::vector<const Rule*> rules = {&rule};
  const PatternExport prh = export_patterns(rules, ExportDialect::prh);
  CHECK(prh.exported == 1);
  REQUIRE(prh.skipped.size() == 1);
  CHECK(prh.skipped[0].rule == &rule);
  CHECK(prh.skipped[0].pattern == &rule.patterns[0]);
  CHECK(prh.skipped[0].reason == "(?U) has no JavaScript equivalent");
  CHECK(prh.text.find("[gG][uU][tT]") != std::string::npos);

  const PatternExport grep = export_patterns(rules, ExportDialect::grep);
  CHECK(grep.exported == 2);
  CHECK(grep.skipped.empty());
  CHECK(grep.text == "(*UCP)(?i:(?U)a+)\n(*UCP)(?i:gut)\n");
}
