#include "tonfall/suppress.h"

#include <catch2/catch.hpp>

#include "tonfall/check.h"
#include "tonfall/engine.h"

using namespace tonfall;

namespace {

// A rule that flags the word "verkehrt", category "test".
const Rule& verkehrt() {
  static const Rule rule = [] {
    Rule r;
    r.id = "test.verkehrt";
    r.category = "test";
    r.patterns = {{"\\bverkehrt\\b", {}}};
    return r;
  }();
  return rule;
}

std::vector<std::string> rules_of(const FileResult& result) {
  std::vector<std::string> ids;
  for (const Finding& finding : result.findings) ids.push_back(finding.rule->id + "@" + std::to_string(finding.line));
  return ids;
}

FileResult check(const std::string& text, InputFormat format = InputFormat::text) {
  static const Engine engine = std::move(Engine::compile({&verkehrt()}).value());
  return check_source(Source{"t", text}, engine, format);
}

}  // namespace

TEST_CASE("Directives are parsed from line comments in plain text") {
  auto directives = parse_suppressions(
      "# tonfall-disable-next-line test.verkehrt, abweisung\n"
      "Text\n"
      "  // tonfall-disable\n"
      "#tonfall-enable test -- Grund\n"
      "# tonfall-disable-next-lines x\n"
      "Kein # tonfall-disable x\n",
      InputFormat::text);
  REQUIRE(directives.size() == 3);
  CHECK(directives[0].kind == Suppression::Kind::next_line);
  REQUIRE(directives[0].names.size() == 2);
  CHECK(directives[0].names[0].name == "test.verkehrt");
  CHECK(directives[0].names[0].offset == 28);
  CHECK(directives[0].names[1].name == "abweisung");
  CHECK(directives[1].kind == Suppression::Kind::disable);
  REQUIRE(directives[1].names.size() == 1);
  CHECK(directives[1].names[0].name.empty());
  CHECK(directives[2].kind == Suppression::Kind::enable);
  CHECK(directives[2].names.size() == 1);
}

TEST_CASE("Markdown and HTML take directives in comments only") {
  const std::string text = "# tonfall-disable x\n<!-- tonfall-disable-next-line test -->\nText\n";
  auto md = parse_suppressions(text, InputFormat::markdown);
  REQUIRE(md.size() == 1);
  CHECK(md[0].names[0].name == "test");
  CHECK(md[0].comment_begin == 20);
  CHECK(parse_suppressions(text, InputFormat::text).size() == 1);
}

TEST_CASE("disable-next-line drops the next line's findings of the named rules") {
  auto result = check("Da bin ich verkehrt.\n# tonfall-disable-next-line test.verkehrt\nDa bin ich verkehrt.\nverkehrt\n");
  CHECK(rules_of(result) == std::vector<std::string>{"test.verkehrt@1", "test.verkehrt@4"});
  // A category works too.
  auto by_category = check("# tonfall-disable-next-line test\nverkehrt\n");
  CHECK(by_category.findings.empty());
}

TEST_CASE("disable ... enable covers a range, unclosed runs to the end") {
  auto result = check(
      "verkehrt\n# tonfall-disable test.verkehrt\nverkehrt\nverkehrt\n# tonfall-enable test.verkehrt\n"
      "verkehrt\n# tonfall-disable\nverkehrt\n");
  CHECK(rules_of(result) == std::vector<std::string>{"test.verkehrt@1", "test.verkehrt@6"});
}

TEST_CASE("An unused suppression is an info finding at the rule name") {
  auto result = check("# tonfall-disable-next-line test.verkehrt, andere.regel\nverkehrt\nHallo\n");
  REQUIRE(result.findings.size() == 1);
  const Finding& unused = result.findings[0];
  CHECK(unused.rule->id == "tonfall.unbenutzte-unterdrueckung");
  CHECK(unused.rule->severity == Severity::info);
  CHECK(unused.text == "andere.regel");
  CHECK(unused.line == 1);
  CHECK(unused.column == 44);
  CHECK(unused.end_column == 56);
}

TEST_CASE("A directive is never linted") {
  auto result = check("# tonfall-disable-next-line verkehrt\nHallo\n");
  // "verkehrt" in the directive is not a finding of test.verkehrt; the name
  // matches no rule and so is unused.
  REQUIRE(result.findings.size() == 1);
  CHECK(result.findings[0].rule->id == "tonfall.unbenutzte-unterdrueckung");
}

TEST_CASE("Markdown comments suppress in Markdown") {
  auto result = check("<!-- tonfall-disable-next-line test.verkehrt -->\nDa bin ich verkehrt.\n",
                      InputFormat::markdown);
  CHECK(result.findings.empty());
}

TEST_CASE("Unused suppressions are reported under the configured rule, or not at all") {
  static const Engine engine = std::move(Engine::compile({&verkehrt()}).value());
  const std::string text = "# tonfall-disable-next-line andere.regel\nverkehrt\n";

  Rule warning = unused_suppression_rule();
  warning.severity = Severity::warning;
  LintSettings configured;
  configured.unused_suppression = &warning;
  const FileResult reported =
      check_source(Source{"t", text}, engine, InputFormat::text, {}, configured);
  REQUIRE(reported.findings.size() == 2);
  CHECK(reported.findings[0].rule == &warning);
  CHECK(reported.findings[0].text == "andere.regel");
  CHECK(reported.findings[1].rule->id == "test.verkehrt");

  LintSettings disabled;
  disabled.unused_suppression = nullptr;
  const FileResult quiet = check_source(Source{"t", text}, engine, InputFormat::text, {}, disabled);
  REQUIRE(quiet.findings.size() == 1);
  CHECK(quiet.findings[0].rule->id == "test.verkehrt");
}
