#include "tonfall/eval.h"

#include <catch2/catch.hpp>

#include "tonfall/engine.h"

using namespace tonfall;

namespace {

Rule make_rule(const std::string& id, const std::string& category, Severity severity,
               const std::string& pattern) {
  Rule rule;
  rule.id = id;
  rule.category = category;
  rule.severity = severity;
  rule.message = "m";
  rule.patterns = {{pattern, {}}};
  return rule;
}

// "verkehrt" as a warning, "eigentlich" as an info.
const Engine& engine() {
  static const Rule verkehrt =
      make_rule("test.verkehrt", "abweisung", Severity::warning, R"(\bverkehrt\b)");
  static const Rule eigentlich =
      make_rule("test.eigentlich", "unsicherheit", Severity::info, R"(\beigentlich\b)");
  static const Engine compiled = std::move(Engine::compile({&verkehrt, &eigentlich}).value());
  return compiled;
}

const std::string kHeader = "id\tlabel\tcategory\ttext\tspan\n";

EvalSet parse(const std::string& tsv) {
  Expected<EvalSet> set = parse_eval_set(tsv, "set.tsv");
  if (!set) FAIL(set.error().to_string());
  return std::move(set.value());
}

std::string parse_error(const std::string& tsv) {
  Expected<EvalSet> set = parse_eval_set(tsv, "set.tsv");
  REQUIRE_FALSE(set.ok());
  return set.error().to_string();
}

EvalResult evaluate_all(const EvalSet& set, IdHalf half = IdHalf::all) {
  Expected<EvalResult> result = evaluate(set, half, engine());
  if (!result) FAIL(result.error().to_string());
  return std::move(result.value());
}

Finding finding_at(std::size_t offset, std::size_t length) {
  Finding finding{};
  finding.offset = offset;
  finding.length = length;
  return finding;
}

}  // namespace

TEST_CASE("Columns are found by their header name, other columns are ignored") {
  const EvalSet set = parse(
      "better\ttext\tspan\tid\tcategory\tlabel\n"
      "Besser.\tDa sind Sie verkehrt.\tverkehrt\ts-1\tabweisung\tflag\n"
      "\tAlles gut.\t\ts-2\tclean\tclean\n");
  REQUIRE(set.rows.size() == 2);
  const EvalRow& flag = set.rows[0];
  CHECK(flag.id == "s-1");
  CHECK(flag.label == Label::flag);
  CHECK(flag.category == "abweisung");
  CHECK(flag.text == "Da sind Sie verkehrt.");
  CHECK(flag.span_begin == 12);
  CHECK(flag.span_end == 20);
  CHECK(flag.line == 2);
  CHECK(set.rows[1].label == Label::clean);
  CHECK(set.rows[1].line == 3);
}

TEST_CASE("The span's first occurrence counts") {
  const EvalSet set = parse(kHeader + "a-1\tflag\tx\tnie und nie\tnie\n");
  CHECK(set.rows[0].span_begin == 0);
  CHECK(set.rows[0].span_end == 3);
}

TEST_CASE("A BOM, CRLF line ends and blank lines are not part of the rows") {
  const EvalSet set = parse(
      "\xEF\xBB\xBFid\tlabel\tcategory\ttext\tspan\r\n\r\n"
      "a-1\tflag\tx\tganz verkehrt\tverkehrt\r\n"
      "\n"
      "a-2\tclean\tclean\tgut\t\r\n");
  REQUIRE(set.rows.size() == 2);
  CHECK(set.rows[0].span == "verkehrt");
  CHECK(set.rows[0].line == 3);
  CHECK(set.rows[1].span.empty());
  CHECK(set.rows[1].line == 5);
}

TEST_CASE("Bad sets are errors with file and line") {
  CHECK(parse_error("id\tlabel\tcategory\ttext\n") ==
        "set.tsv:1: no column 'span' in the header (needed: id, label, category, text, span)");
  CHECK(parse_error("id\tlabel\tcategory\ttext\tspan\tid\n") ==
        "set.tsv:1: more than one column 'id' in the header (needed: id, label, category, text, "
        "span)");
  CHECK(parse_error("") == "set.tsv: no header row (needed: id, label, category, text, span)");
  CHECK(parse_error(kHeader + "a-1\tclean\tclean\tgut\t\n" + "a-2\tclean\tclean\tgut\n") ==
        "set.tsv:3: 4 fields, but the header has 5 (fields are separated by tabs)");
  CHECK(parse_error(kHeader + "a-1\tflag\tx\tganz verkehrt\tfalsch\n") ==
        "set.tsv:2: the span 'falsch' is not in the text");
  CHECK(parse_error(kHeader + "a-1\tflag\tx\tganz verkehrt\t\n") ==
        "set.tsv:2: a flag row needs a span");
  CHECK(parse_error(kHeader + "a-1\tflag\t\tganz verkehrt\tverkehrt\n") ==
        "set.tsv:2: a flag row needs a category");
  CHECK(parse_error(kHeader + "a-1\tFlag\tx\tganz verkehrt\tverkehrt\n") ==
        "set.tsv:2: unknown label 'Flag' (flag or clean)");
  CHECK(parse_error(kHeader + "a-1\tclean\tclean\tgut\t\na-1\tclean\tclean\tauch gut\t\n") ==
        "set.tsv:3: id 'a-1' is already used on line 2");
  CHECK(parse_error(kHeader + "\tclean\tclean\tgut\t\n") == "set.tsv:2: the id is empty");
  CHECK(parse_error(kHeader + "a-1\tclean\tclean\t\t\n") == "set.tsv:2: the text is empty");
  // Byte offsets count in the whole file: the header has 28 bytes.
  CHECK(parse_error(kHeader + "a-1\tclean\tclean\tGr\xFC\xDF"
                              "e\t\n") == "set.tsv:2: invalid UTF-8 at byte 46");
  CHECK(parse_error(kHeader + std::string("a-1\tclean\tclean\tG\0ut\t\n", 22)) ==
        "set.tsv:2: NUL byte at byte 45 (binary file?)");
}

TEST_CASE("A finding hits a span when their half-open byte ranges intersect") {
  EvalRow row;
  row.span_begin = 5;
  row.span_end = 10;
  CHECK_FALSE(finding_overlaps_span(finding_at(0, 5), row));   // ends where the span starts
  CHECK_FALSE(finding_overlaps_span(finding_at(10, 3), row));  // starts where the span ends
  CHECK(finding_overlaps_span(finding_at(0, 6), row));
  CHECK(finding_overlaps_span(finding_at(9, 3), row));
  CHECK(finding_overlaps_span(finding_at(6, 2), row));   // inside
  CHECK(finding_overlaps_span(finding_at(0, 20), row));  // around
}

TEST_CASE("Through the pipeline: adjacent is a miss, one shared byte is a hit") {
  // "verkehrt" is bytes 8..16 of the text.
  const EvalSet set = parse(kHeader + "a-1\tflag\tx\tDas ist verkehrt, bitte.\t, bitte\n" +
                            "a-2\tflag\tx\tDas ist verkehrt, bitte.\tt, bitte\n" +
                            "a-3\tflag\tx\tDas ist verkehrt, bitte.\tDas ist \n" +
                            "a-4\tflag\tx\tDas ist verkehrt, bitte.\tDas ist v\n");
  const EvalResult result = evaluate_all(set);
  REQUIRE(result.outcomes.size() == 4);
  CHECK_FALSE(result.outcomes[0].found);
  CHECK(result.outcomes[1].found);
  CHECK_FALSE(result.outcomes[2].found);
  CHECK(result.outcomes[3].found);
  CHECK(result.outcomes[0].findings.size() == 1);  // the miss still knows what was found
}

TEST_CASE("Severity: any finding finds a flag row, warning and error make false alarms") {
  const EvalSet set = parse(kHeader +
                            "a-1\tflag\tunsicherheit\tDas geht eigentlich.\teigentlich\n"
                            "a-2\tflag\tabweisung\tDa sind Sie verkehrt.\tSie verkehrt\n"
                            "a-3\tclean\tclean\tDas geht eigentlich.\t\n"
                            "a-4\tclean\tclean\tDas ist verkehrt.\t\n"
                            "a-5\tclean\tclean\tEigentlich verkehrt.\t\n"
                            "a-6\tclean\tclean\tDas geht.\t\n");
  const EvalResult result = evaluate_all(set);
  REQUIRE(result.outcomes.size() == 6);
  CHECK(result.outcomes[0].found);
  CHECK_FALSE(result.outcomes[0].found_warning);
  CHECK(result.outcomes[1].found);
  CHECK(result.outcomes[1].found_warning);
  CHECK_FALSE(result.outcomes[2].false_alarm);
  CHECK(result.outcomes[2].info_on_clean);
  CHECK(result.outcomes[3].false_alarm);
  CHECK_FALSE(result.outcomes[3].info_on_clean);
  CHECK(result.outcomes[4].false_alarm);
  CHECK(result.outcomes[4].info_on_clean);
  CHECK_FALSE(result.outcomes[5].false_alarm);
  CHECK_FALSE(result.outcomes[5].info_on_clean);

  const EvalCounts& t = result.totals;
  CHECK(t.flag_rows == 2);
  CHECK(t.found == 2);
  CHECK(t.found_warning == 1);
  CHECK(t.clean_rows == 4);
  CHECK(t.false_alarms == 2);
  CHECK(t.infos_on_clean == 2);
  CHECK(*t.recall() == Approx(1.0));
  CHECK(*t.recall_warning() == Approx(0.5));
  CHECK(*t.false_alarm_rate() == Approx(0.5));
}

TEST_CASE("Rows run through check's pipeline: placeholders are masked") {
  const EvalSet set = parse(kHeader + "a-1\tclean\tclean\tHallo {{verkehrt}}, alles gut.\t\n" +
                            "a-2\tflag\tx\tHallo {{verkehrt}}, verkehrt.\tverkehrt\n");
  const EvalResult result = evaluate_all(set);
  CHECK(result.totals.false_alarms == 0);
  CHECK(result.totals.found == 0);  // the span is the masked first "verkehrt"
}

TEST_CASE("Flag rows are grouped by category, sorted, clean rows form one group") {
  const EvalSet set = parse(kHeader +
                            "a-1\tflag\tzett\tverkehrt\tverkehrt\n"
                            "a-2\tflag\talpha\tnichts\tnichts\n"
                            "a-3\tflag\tzett\tauch nichts\tnichts\n"
                            "a-4\tclean\tclean\tgut\t\n"
                            "a-5\tclean\tsonstwas\tverkehrt\t\n");
  const EvalResult result = evaluate_all(set);
  REQUIRE(result.groups.size() == 3);
  CHECK(result.groups[0].category == "alpha");
  CHECK(result.groups[0].counts.flag_rows == 1);
  CHECK(result.groups[0].counts.found == 0);
  CHECK(result.groups[1].category == "zett");
  CHECK(result.groups[1].counts.flag_rows == 2);
  CHECK(result.groups[1].counts.found == 1);
  CHECK(*result.groups[1].counts.recall() == Approx(0.5));
  CHECK(result.groups[2].category == "clean");
  CHECK(result.groups[2].label == Label::clean);
  CHECK(result.groups[2].counts.clean_rows == 2);
  CHECK(result.groups[2].counts.false_alarms == 1);
  CHECK_FALSE(result.groups[2].counts.recall());
}

TEST_CASE("Ids split into even and odd by the number they end in") {
  CHECK(*id_in_half("s-0042", IdHalf::even));
  CHECK_FALSE(*id_in_half("s-0042", IdHalf::odd));
  CHECK(*id_in_half("s-0041", IdHalf::odd));
  CHECK(*id_in_half("s-10", IdHalf::even));
  CHECK(*id_in_half("99999999999999999999999999", IdHalf::odd));  // longer than any integer
  CHECK(*id_in_half("ohne-nummer", IdHalf::all));
  CHECK_FALSE(id_in_half("ohne-nummer", IdHalf::even));
  CHECK_FALSE(id_in_half("s-12a", IdHalf::odd));
  CHECK(parse_id_half("even") == IdHalf::even);
  CHECK_FALSE(parse_id_half("gerade"));

  const EvalSet set = parse(kHeader +
                            "s-0001\tflag\tx\tverkehrt\tverkehrt\n"
                            "s-0002\tflag\tx\tnichts\tnichts\n"
                            "s-0003\tclean\tclean\tgut\t\n"
                            "s-0004\tclean\tclean\tverkehrt\t\n");
  const EvalResult even = evaluate_all(set, IdHalf::even);
  REQUIRE(even.outcomes.size() == 2);
  CHECK(even.outcomes[0].row->id == "s-0002");
  CHECK(even.outcomes[1].row->id == "s-0004");
  CHECK(even.totals.found == 0);
  CHECK(even.totals.false_alarms == 1);
  const EvalResult odd = evaluate_all(set, IdHalf::odd);
  REQUIRE(odd.outcomes.size() == 2);
  CHECK(odd.totals.found == 1);
  CHECK(odd.totals.false_alarms == 0);
  CHECK(evaluate_all(set).outcomes.size() == 4);
}

TEST_CASE("An id without a number cannot be split") {
  const EvalSet set = parse(kHeader + "s-1\tclean\tclean\tgut\t\nzwei\tclean\tclean\tgut\t\n");
  CHECK(evaluate_all(set).outcomes.size() == 2);
  Expected<EvalResult> even = evaluate(set, IdHalf::even, engine());
  REQUIRE_FALSE(even.ok());
  CHECK(even.error().to_string() ==
        "set.tsv:3: id 'zwei' does not end in a number, so it is neither even nor odd");
}

TEST_CASE("The recall gate needs flag rows to pass") {
  EvalCounts counts;
  CHECK_FALSE(meets_min_recall(counts, 0.0));
  counts.flag_rows = 4;
  counts.found = 3;
  CHECK(meets_min_recall(counts, 0.75));
  CHECK_FALSE(meets_min_recall(counts, 0.76));
}

TEST_CASE("A gate holds when every limit it sets holds") {
  EvalCounts counts;
  counts.flag_rows = 4;
  counts.found = 3;
  counts.clean_rows = 50;
  counts.false_alarms = 2;
  CHECK(EvalGate{}.holds(counts));
  CHECK(EvalGate{0.75, 0.04}.holds(counts));
  CHECK_FALSE(EvalGate{0.75, 0.039}.holds(counts));
  CHECK_FALSE(EvalGate{0.8, 0.04}.holds(counts));
  CHECK(EvalGate{std::nullopt, 0.04}.false_alarms_hold(counts));
  // A set without clean rows has no false alarms to exceed.
  counts.clean_rows = 0;
  counts.false_alarms = 0;
  CHECK(EvalGate{std::nullopt, 0.0}.holds(counts));
}
