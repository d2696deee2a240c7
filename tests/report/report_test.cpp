// The CI reporters (SARIF, GitHub, JUnit, Checkstyle) on hand-made results:
// escaping and edge cases the whole-process tests cannot easily reach (file
// names with ':' or invalid UTF-8, control characters, line ends in messages).
#include "tonfall/report.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <sstream>

using namespace tonfall;

namespace {

Rule make_rule(std::string id, Severity severity, std::string message) {
  Rule rule;
  rule.id = std::move(id);
  rule.severity = severity;
  rule.category = "test";
  rule.message = std::move(message);
  rule.suggestions = {"besser"};
  return rule;
}

Finding make_finding(const Rule& rule, std::size_t line, std::size_t column, std::size_t end_line,
                     std::size_t end_column, std::string text) {
  Finding finding{};
  finding.rule = &rule;
  finding.offset = finding.utf16_offset = 10;
  finding.length = finding.utf16_length = text.size();
  finding.line = line;
  finding.column = column;
  finding.end_line = end_line;
  finding.end_column = end_column;
  finding.text = std::move(text);
  finding.suggestions = {"besser", "auch gut"};
  return finding;
}

// The whole output of `format` for `results`, after `input_errors`.
std::string report(Format format, const std::vector<FileResult>& results,
                   const std::vector<Error>& input_errors = {}, std::string version = "9.9.9") {
  std::ostringstream out;
  const auto reporter = make_reporter(format, out, {false, false, std::move(version)});
  for (const Error& error : input_errors) reporter->add_input_error(error);
  Summary summary;
  for (const FileResult& result : results) {
    summary.add(result);
    reporter->add(result);
  }
  reporter->finish(summary);
  return out.str();
}

}  // namespace

TEST_CASE("Every format name parses, others do not") {
  CHECK(parse_format("text") == Format::text);
  CHECK(parse_format("json") == Format::json);
  CHECK(parse_format("sarif") == Format::sarif);
  CHECK(parse_format("github") == Format::github);
  CHECK(parse_format("junit") == Format::junit);
  CHECK(parse_format("checkstyle") == Format::checkstyle);
  CHECK_FALSE(parse_format("SARIF"));
  CHECK_FALSE(parse_format(""));
}

TEST_CASE("GitHub: properties escape % : , and messages % CR LF") {
  const Rule rule = make_rule("form.x", Severity::warning, "100 % höflich:\r\nso, nicht");
  const Rule info = make_rule("form.y", Severity::info, "m");
  const std::string out =
      report(Format::github, {{"a:b,c%.txt", "", {make_finding(rule, 2, 3, 2, 8, "abcde")}, {}},
                              {"z.txt", "", {make_finding(info, 1, 5, 2, 3, "x\ny")}, {}}});
  CHECK(out.find("::warning file=a%3Ab%2Cc%25.txt,line=2,col=3,endLine=2,endColumn=8,"
                 "title=form.x::100 %25 höflich:%0D%0Aso, nicht Vorschlag: besser\n") == 0);
  // A finding over two lines carries no columns, which GitHub would refuse.
  CHECK(out.find("::notice file=z.txt,line=1,endLine=2,title=form.y::m Vorschlag: besser\n") !=
        std::string::npos);
}

TEST_CASE("GitHub: inputs that could not be checked are ::error lines") {
  const std::string out =
      report(Format::github, {{"b.txt", "", {}, Error{"b.txt", 0, 0, "kaputt"}}},
             {Error{"weg:1.txt", 0, 0, "no such file or directory"}});
  CHECK(out.find("::error file=weg%3A1.txt,title=tonfall::no such file or directory\n"
                 "::error file=b.txt,title=tonfall::kaputt\n") == 0);
}

TEST_CASE("XML formats: markup escaped, forbidden characters dropped, bad UTF-8 replaced") {
  const Rule rule =
      make_rule("form.x", Severity::error, "a & b <c> \"d\" 'e'\x01\x0c\tf\xEF\xBF\xBFg");
  const std::vector<FileResult> results = {
      {"\xFC.txt", "", {make_finding(rule, 1, 2, 1, 4, "xy")}, {}}};
  const std::string message =
      "a &amp; b &lt;c&gt; &quot;d&quot; &apos;e&apos;&#9;fg Vorschlag: besser";

  const std::string checkstyle = report(Format::checkstyle, results);
  CHECK(checkstyle.find("<file name=\"\xEF\xBF\xBD.txt\">") != std::string::npos);
  CHECK(checkstyle.find("<error line=\"1\" column=\"2\" severity=\"error\" message=\"" + message +
                        "\" source=\"form.x\"/>") != std::string::npos);

  const std::string junit = report(Format::junit, results);
  CHECK(junit.find("<testcase classname=\"tonfall\" name=\"\xEF\xBF\xBD.txt\">") !=
        std::string::npos);
  CHECK(junit.find("<failure message=\"" + message + "\" type=\"error\">\xEF\xBF\xBD.txt:1:2: ") !=
        std::string::npos);
  CHECK(junit.find('\x01') == std::string::npos);
  CHECK(junit.find('\x0c') == std::string::npos);
}

TEST_CASE("JUnit: counts testcases with findings as failures, unreadable inputs as errors") {
  const Rule rule = make_rule("form.x", Severity::info, "m");
  const std::string out =
      report(Format::junit,
             {{"a.txt",
               "",
               {make_finding(rule, 1, 1, 1, 2, "x"), make_finding(rule, 2, 1, 2, 2, "y")},
               {}},
              {"b.txt", "", {}, {}},
              {"c.txt", "", {}, Error{"c.txt", 0, 0, "invalid UTF-8 at byte 3"}}},
             {Error{"d.txt", 0, 0, "no such file or directory"}});
  CHECK(out.find(
            "<testsuite name=\"tonfall\" tests=\"4\" failures=\"1\" errors=\"2\" skipped=\"0\">") !=
        std::string::npos);
  CHECK(out.find("<testcase classname=\"tonfall\" name=\"b.txt\"/>") != std::string::npos);
  CHECK(
      out.find("<error message=\"invalid UTF-8 at byte 3\" type=\"error\">c.txt: invalid UTF-8 at "
               "byte 3</error>") != std::string::npos);
}

TEST_CASE("SARIF: URIs, the rule index and the invocation") {
  const Rule first = make_rule("a.first", Severity::warning, "erste");
  const Rule second = make_rule("b.second", Severity::info, "zweite");
  const auto log = nlohmann::json::parse(
      report(Format::sarif,
             {{"/tmp/ein brief.txt", "", {make_finding(second, 1, 1, 1, 3, "ab")}, {}},
              {"M\xFC:ller#1.txt",
               "",
               {make_finding(first, 1, 1, 1, 3, "ab"), make_finding(second, 2, 1, 2, 3, "cd")},
               {}}},
             {Error{"weg.txt", 0, 0, "no such file or directory"}}));
  const auto& run = log["runs"][0];
  CHECK(run["tool"]["driver"]["version"] == "9.9.9");
  const auto& rules = run["tool"]["driver"]["rules"];
  REQUIRE(rules.size() == 2);
  CHECK(rules[0]["id"] == "b.second");
  CHECK(rules[0]["defaultConfiguration"]["level"] == "note");
  CHECK(rules[1]["id"] == "a.first");
  const auto& results = run["results"];
  REQUIRE(results.size() == 3);
  CHECK(results[0]["ruleIndex"] == 0);
  CHECK(results[1]["ruleIndex"] == 1);
  CHECK(results[2]["ruleIndex"] == 0);
  CHECK(results[1]["message"]["text"] == "erste Vorschlag: besser");
  CHECK(results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] ==
        "file:///tmp/ein%20brief.txt");
  CHECK(results[1]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] ==
        "M%FC%3Aller%231.txt");
  const auto& invocation = run["invocations"][0];
  CHECK(invocation["executionSuccessful"] == false);
  CHECK(invocation["toolExecutionNotifications"][0]["message"]["text"] ==
        "weg.txt: no such file or directory");
}

TEST_CASE("SARIF: without a version the driver has none, and a clean run succeeded") {
  const auto log = nlohmann::json::parse(report(Format::sarif, {{"a.txt", "", {}, {}}}, {}, ""));
  const auto& run = log["runs"][0];
  CHECK_FALSE(run["tool"]["driver"].contains("version"));
  CHECK(run["tool"]["driver"]["rules"].empty());
  CHECK(run["results"].empty());
  CHECK(run["invocations"][0]["executionSuccessful"] == true);
  CHECK_FALSE(run["invocations"][0].contains("toolExecutionNotifications"));
}
