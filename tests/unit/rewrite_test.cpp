#include "tonfall/rewrite.h"

#include <catch2/catch.hpp>

#include "tonfall/check.h"

using namespace tonfall;

namespace {

// A rule that deletes „leider“.
Rule deleting_leider() {
  Rule rule;
  rule.id = "r";
  rule.category = "test";
  rule.message = "m";
  rule.patterns.push_back({R"(\bleider\b)", {}});
  rule.suggestions = {""};
  return rule;
}

}  // namespace

TEST_CASE("A preview shows the finding's sentence with the replacement in place") {
  const Rule rule = deleting_leider();
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

TEST_CASE("A deletion that would leave the verb first is no suggestion, also after a salutation or „und“") {
  const Rule rule = deleting_leider();
  Expected<Engine> engine = Engine::compile({&rule});
  REQUIRE(engine.ok());
  auto suggestions_for = [&](const std::string& text) {
    const FileResult result = check_source(Source{"t", text}, *engine);
    REQUIRE(result.findings.size() == 1);
    return result.findings[0].suggestions.size();
  };
  CHECK(suggestions_for("Leider ist der Termin vergeben.") == 0);
  CHECK(suggestions_for("Hallo Frau Berg, leider ist der Termin vergeben.") == 0);
  CHECK(suggestions_for("Hallo Frau Berg,\nleider ist der Termin vergeben.") == 0);
  CHECK(suggestions_for("Hallo Frau Berg, der Termin ist leider vergeben.") == 1);
  // the first place of a clause after „und“: „und kann ich …“ would lead with the verb
  CHECK(suggestions_for("Der Flug ist voll, und leider kann ich erst Donnerstag anbieten.") == 0);
  CHECK(suggestions_for("Der Flug ist voll, und leider auch der am Abend.") == 1);
}

TEST_CASE("A lead-in struck after a salutation leaves the sentence going on in lower case") {
  Rule rule;
  rule.id = "r";
  rule.category = "test";
  rule.message = "m";
  rule.patterns.push_back({R"(\bkleiner Tipp: *)", {}});  // the blank after the colon is part of the match
  rule.suggestions = {""};
  Expected<Engine> engine = Engine::compile({&rule});
  REQUIRE(engine.ok());
  const std::string text = "Danke.\n\nHey Tom, kleiner Tipp: Wenn du „kontaktlos“ wählst, klingelt der Fahrer nicht.";
  const FileResult result = check_source(Source{"t", text}, *engine);
  REQUIRE(result.findings.size() == 1);
  CHECK(with_replacement(result.findings[0], "", text) ==
        "Danke.\n\nHey Tom, wenn du „kontaktlos“ wählst, klingelt der Fahrer nicht.");
}

TEST_CASE("Mocking sentences go where the reply keeps its words, and none goes where nothing would stay") {
  Rule rule;
  rule.id = "r";
  rule.category = "test";
  rule.message = "m";
  rule.patterns.push_back({R"(\b(?:Klar|Na super)\b[^.?"]*)", {}});  // the view folds „“ to "
  rule.drop_sentence = true;
  rule.auto_fix = true;
  Expected<Engine> engine = Engine::compile({&rule});
  REQUIRE(engine.ok());
  const FixResult kept = fix_source(Source{"t", "Klar, wir beamen es rüber. Dein Fahrer ist in zehn Minuten da."}, *engine, {});
  CHECK(kept.text == "Dein Fahrer ist in zehn Minuten da.");
  const std::string both = "Na super, schon wieder. Klar, wir beamen es rüber.";
  CHECK(fix_source(Source{"t", both}, *engine, {}).text == both);
  const std::string two = "Na super, wir schalten das Netz um. Na super, noch Wünsche? Dein Techniker kommt am Montag.";
  CHECK(fix_source(Source{"t", two}, *engine, {}).text == "Dein Techniker kommt am Montag.");
  // one of two mocking sentences alone (the other holds a number) would read as meant
  const std::string one_of_two = "Na super, wir schalten um 12 Uhr das Netz um. Na super, noch Wünsche? Dein Techniker kommt.";
  CHECK(fix_source(Source{"t", one_of_two}, *engine, {}).text == one_of_two);
  const std::string salutation = "Sehr geehrter Herr Krüger, klar, wir verschieben auch den Sonnenuntergang.";
  CHECK(fix_source(Source{"t", salutation}, *engine, {}).text == salutation);
  // quoted words are the customer's; the writer's sentence around them stays
  const std::string quoted = "Sie schreiben „Klar, wie immer“ – das verstehe ich gut. Ich rufe Sie morgen an.";
  CHECK(fix_source(Source{"t", quoted}, *engine, {}).text == quoted);
}
