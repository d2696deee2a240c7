#include "tonfall/rewrite.h"

#include <catch2/catch.hpp>

#include "tonfall/check.h"

using namespace tonfall;

TEST_CASE("A preview shows the finding's sentence with the replacement in place") {
  Rule rule;
  rule.id = "r";
  rule.category = "test";
  rule.message = "m";
  rule.patterns.push_back({R"(\bleider\b)", {}});
  rule.suggestions = {""};
  Expected<Engine> engine = Engine::compile({&rule});
  REQUIRE(engine.ok());
  const std::string text = "Danke. Das Paket ist leider noch nicht da! Wir melden uns.\nGruß";
  const FileResult result = check_source(Source{"t", text}, *engine);
  REQUIRE(result.findings.size() == 1);
  const Finding& finding = result.findings[0];
  CHECK(sentence_with_replacement(finding, "", text) == "Das Paket ist noch nicht da!");
  CHECK(sentence_with_replacement(finding, "wohl", text) == "Das Paket ist wohl noch nicht da!");
  CHECK(with_replacement(finding, "", text) == "Danke. Das Paket ist noch nicht da! Wir melden uns.\nGruß");
}
