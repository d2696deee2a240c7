#include "tonfall/prefilter.h"

#include <catch2/catch.hpp>

#include <random>

#include "tonfall/check.h"
#include "tonfall/engine.h"

using namespace tonfall;

namespace {

Rule make_rule(const std::string& id, std::vector<std::string> patterns) {
  Rule rule;
  rule.id = id;
  rule.category = "test";
  rule.message = "m";
  for (auto& p : patterns) rule.patterns.push_back({p, {}});
  return rule;
}

const std::string kText =
    "Da sind Sie bei mir verkehrt. Das ist leider nicht möglich! Wir erstatten das nicht, "
    "und zwar grundsätzlich. SIE MÜSSEN ZAHLEN!!!\n\nNeuer Absatz: Das geht nicht.";

// The spans of all findings, as "rule:text".
std::vector<std::string> findings(const std::vector<const Rule*>& rules) {
  Expected<Engine> engine = Engine::compile(rules);
  REQUIRE(engine.ok());
  std::vector<std::string> out;
  for (const Finding& f : check_source(Source{"t", kText}, *engine).findings) out.push_back(f.rule->id + ":" + f.text);
  return out;
}

struct Fixture {
  std::vector<Rule> rules{make_rule("a", {R"(\bbei mir verkehrt\b)", R"(\bnicht möglich\b)"}),
                          make_rule("b", {R"(\berstatten\b[^.!?]*\bnicht\b)", R"(!{2,})"}),
                          make_rule("c", {R"(\bgeht nicht\b)"})};
  std::vector<const Rule*> pointers() const {
    std::vector<const Rule*> out;
    for (const Rule& rule : rules) out.push_back(&rule);
    return out;
  }
};

}  // namespace

TEST_CASE("A prefilter read back from its bytes finds what a fresh one finds") {
  Fixture fixture;
  const std::vector<std::string> fresh = findings(fixture.pointers());
  REQUIRE(fresh.size() == 5);
  const std::string bytes = Prefilter::build(fixture.pointers()).to_bytes();
  std::optional<Prefilter> read = Prefilter::from_bytes(bytes, nullptr, fixture.pointers());
  REQUIRE(read);
  auto shared = std::make_shared<const Prefilter>(std::move(*read));
  for (std::uint32_t k = 0; k < fixture.rules.size(); ++k) {
    fixture.rules[k].prefilter = shared;
    fixture.rules[k].prefilter_rule = k;
  }
  CHECK(findings(fixture.pointers()) == fresh);
  // An engine of some of the rules uses the shared prefilter for them alone.
  CHECK(findings({&fixture.rules[2]}) == std::vector<std::string>{"c:geht nicht"});
}

TEST_CASE("A prefilter is not read for other rules, nor from damaged bytes") {
  Fixture fixture;
  const std::string bytes = Prefilter::build(fixture.pointers()).to_bytes();
  CHECK_FALSE(Prefilter::from_bytes(bytes, nullptr, {&fixture.rules[0], &fixture.rules[1]}));
  CHECK_FALSE(Prefilter::from_bytes(bytes.substr(0, bytes.size() - 1), nullptr, fixture.pointers()));
  CHECK_FALSE(Prefilter::from_bytes(bytes + "x", nullptr, fixture.pointers()));
  // Flipped bits: what is read back is either refused or safe to run (the
  // sanitizer builds check the latter).
  std::mt19937 random(7);
  int refused = 0;
  for (int flip = 0; flip < 400; ++flip) {
    std::string damaged = bytes;
    damaged[random() % damaged.size()] ^= static_cast<char>(1 << (random() % 8));
    std::optional<Prefilter> read = Prefilter::from_bytes(damaged, nullptr, fixture.pointers());
    if (!read) {
      ++refused;
      continue;
    }
    auto shared = std::make_shared<const Prefilter>(std::move(*read));
    for (std::uint32_t k = 0; k < fixture.rules.size(); ++k) {
      fixture.rules[k].prefilter = shared;
      fixture.rules[k].prefilter_rule = k;
    }
    CHECK_NOTHROW(findings(fixture.pointers()));
  }
  CHECK(refused > 200);
}

TEST_CASE("A slot of two clauses is run whichever of its literals the text holds first") {
  // "erstattung" (long, the key clause) and "nicht" (short): the scanner
  // reports a slot through the rarer literal and looks the other up after
  // the block, so either may come first, and a block with only one of them
  // reports nothing.
  Rule rare_first = make_rule("rare-first", {R"(\berstattung\b[^.]*\bnicht\b)"});
  Rule rare_last = make_rule("rare-last", {R"(\bnicht\b[^.]*\berstattung\b)"});
  for (const Rule* rule : {&rare_first, &rare_last})
    REQUIRE(pattern_condition(rule->patterns.front()).clauses.size() == 2);
  Expected<Engine> engine = Engine::compile({&rare_first, &rare_last});
  REQUIRE(engine.ok());
  auto found = [&](const std::string& text) {
    std::vector<std::string> out;
    for (const Finding& f : check_source(Source{"t", text}, *engine).findings) out.push_back(f.rule->id);
    return out;
  };
  CHECK(found("Die Erstattung kommt nicht.") == std::vector<std::string>{"rare-first"});
  CHECK(found("Nicht vor Freitag kommt die Erstattung.") == std::vector<std::string>{"rare-last"});
  CHECK(found("Die Erstattung kommt.\n\nSie kommt nicht.").empty());
}
