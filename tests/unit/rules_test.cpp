#include "tonfall/rules.h"

#include <catch2/catch.hpp>

#include "tonfall/engine.h"
#include "tonfall/rewrite.h"

using namespace tonfall;

namespace {

std::string data(const std::string& name) {
  return std::string(TONFALL_TEST_DATA) + "/" + name;
}

}  // namespace

TEST_CASE("A valid pack loads with all its fields") {
  auto pack = load_pack_file(data("valid.yaml"));
  REQUIRE(pack.ok());
  REQUIRE(pack->rules.size() == 1);
  const Rule& rule = pack->rules[0];
  CHECK(rule.id == "test.verkehrt");
  CHECK(rule.severity == Severity::warning);
  CHECK(rule.suggestions == std::vector<std::string>{"Da kann Ihnen {{kollege}} weiterhelfen."});
  CHECK(rule.bad_examples.size() == 1);
  CHECK(rule.good_examples.size() == 1);
  CHECK(rule.location.line == 4);
  CHECK(rule.patterns[0].location.line == 8);
}

TEST_CASE("Loader errors name file, line, column and rule id") {
  auto unknown = load_pack_file(data("unknown_key.yaml"));
  REQUIRE_FALSE(unknown.ok());
  CHECK(unknown.error().line == 7);
  CHECK(unknown.error().column == 5);
  CHECK(unknown.error().message.rfind("rule 'test.tippfehler': unknown key 'patern'", 0) == 0);

  auto duplicate = load_pack_file(data("duplicate_id.yaml"));
  REQUIRE_FALSE(duplicate.ok());
  CHECK(duplicate.error().line == 8);
  CHECK(duplicate.error().message == "duplicate rule id 'test.doppelt'");

  auto severity = load_pack_file(data("bad_severity.yaml"));
  REQUIRE_FALSE(severity.ok());
  CHECK(severity.error().line == 4);
  CHECK(severity.error().message.find("'fatal'") != std::string::npos);

  auto gather = load_pack_file(data("bad_gather.yaml"));
  REQUIRE_FALSE(gather.ok());
  CHECK(gather.error().line == 8);
  CHECK(gather.error().message == "rule 'test.sammeln': gather must be paragraph, not 'sentence'");

  auto filter = load_pack_file(data("bad_filter.yaml"));
  REQUIRE_FALSE(filter.ok());
  CHECK(filter.error().line == 8);
  CHECK(filter.error().message.rfind("rule 'test.filter': unknown filter 'Du'", 0) == 0);

  auto chain = load_pack_file(data("bad_filter_chain.yaml"));
  REQUIRE_FALSE(chain.ok());
  CHECK(chain.error().message == "rule 'test.kette': the filter 'du' must come first in a chain of filters");

  auto pattern_fix = load_pack_file(data("pattern_fix_without_suggest.yaml"));
  REQUIRE_FALSE(pattern_fix.ok());
  CHECK(pattern_fix.error().line == 9);
  CHECK(pattern_fix.error().message == "rule 'test.floskel': a pattern's 'fix: auto' needs its own 'suggest' to apply");

  auto broken = load_pack_file(data("broken_yaml.yaml"));
  REQUIRE_FALSE(broken.ok());
  CHECK(broken.error().line > 0);
  CHECK(broken.error().message.rfind("invalid YAML", 0) == 0);
}

TEST_CASE("A pattern RE2 cannot compile is an error at its own line") {
  auto pack = load_pack_file(data("bad_pattern.yaml"));
  REQUIRE(pack.ok());
  std::vector<const Rule*> rules{&pack->rules[0]};
  auto engine = Engine::compile(rules);
  REQUIRE_FALSE(engine.ok());
  CHECK(engine.error().line == 9);
  CHECK(engine.error().path == data("bad_pattern.yaml"));
}

TEST_CASE("A pattern's own fix: auto applies its replacements, not the rule's others") {
  auto pack = load_pack_file(data("pattern_fix.yaml"));
  REQUIRE(pack.ok());
  const Rule& rule = pack->rules[0];
  CHECK_FALSE(rule.auto_fix);
  CHECK(fixes_automatically(rule));
  auto engine = Engine::compile({&rule});
  REQUIRE(engine.ok());
  const FixResult fixed = fix_source(Source{"<test>", "Wir melden uns zeitnah, spätestens baldmöglichst."}, *engine,
                                     [](const Rule&) { return true; });
  CHECK(fixed.text == "Wir melden uns bald, spätestens baldmöglichst.");
  REQUIRE(fixed.remaining.size() == 1);
  CHECK(fixed.remaining[0].text == "baldmöglichst");
  CHECK_FALSE(fixed.remaining[0].auto_fix);
}

TEST_CASE("Rule ids must be unique across packs") {
  auto packs = load_packs({data("valid.yaml"), data("valid.yaml")});
  REQUIRE_FALSE(packs.ok());
  CHECK(packs.error().message.rfind("duplicate rule id 'test.verkehrt'", 0) == 0);
}
