#include "tonfall/config.h"

#include <re2/re2.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "tonfall/check.h"
#include "tonfall/engine.h"

using namespace tonfall;
namespace fs = std::filesystem;

namespace {

// A fresh folder under the temporary directory, removed at the end.
struct TempTree {
  fs::path root;
  TempTree() {
    char name[] = "/tmp/tonfall-config-XXXXXX";
    root = mkdtemp(name);
  }
  ~TempTree() { fs::remove_all(root); }
  void write(const std::string& relative, const std::string& text) const {
    fs::create_directories((root / relative).parent_path());
    std::ofstream(root / relative) << text;
  }
};

}  // namespace

TEST_CASE("A config with every key parses, with origins and resolved packs") {
  auto config = parse_config(
      "packs: [eigene]\n"
      "enable: [abweisung]\n"
      "disable: floskel.standard\n"
      "severity: {abweisung.firmenpolitik: info}\n"
      "address: Sie\n"
      "placeholders: ['<<[a-z]+>>']\n"
      "ignore: ['entwuerfe/*']\n"
      "ignore_entries: [alt-1]\n",
      "/p/.tonfall.yaml");
  REQUIRE(config.ok());
  CHECK(config->directory == "/p");
  CHECK(config->packs == std::vector<std::string>{"/p/eigene"});
  REQUIRE(config->enable.size() == 1);
  CHECK(config->enable[0].value == "abweisung");
  CHECK(config->enable[0].line == 2);
  REQUIRE(config->disable.size() == 1);
  CHECK(config->severity.at("abweisung.firmenpolitik") == Severity::info);
  CHECK(config->address == Address::sie);
  REQUIRE(config->placeholder_patterns.size() == 1);
  CHECK(RE2::PartialMatch("Hallo <<name>>", *config->placeholder_patterns[0]));
  CHECK(config->ignore_entries == std::vector<std::string>{"alt-1"});
  CHECK(config->origin("address").text == "/p/.tonfall.yaml:5");
  CHECK(config->origin("packs").text == "/p/.tonfall.yaml:1");
}

TEST_CASE("An empty config is all defaults") {
  auto config = parse_config("", "/p/.tonfall.yaml");
  REQUIRE(config.ok());
  CHECK(config->packs.empty());
  CHECK(!config->address);
  CHECK(config->origin("packs").text == "default");
}

TEST_CASE("Config loading is strict and names file:line:column") {
  auto unknown = parse_config("address: Sie\npack: [x]\n", "c.yaml");
  REQUIRE(!unknown.ok());
  CHECK(unknown.error().line == 2);
  CHECK(unknown.error().column == 1);
  CHECK(unknown.error().message.find("unknown key 'pack'") != std::string::npos);

  auto address = parse_config("address: Ihr\n", "c.yaml");
  REQUIRE(!address.ok());
  CHECK(address.error().to_string() == "c.yaml:1:10: 'address' must be Sie or du, not 'Ihr'");

  auto type = parse_config("enable: {a: b}\n", "c.yaml");
  REQUIRE(!type.ok());
  CHECK(type.error().line == 1);

  auto severity = parse_config("severity: {x: laut}\n", "c.yaml");
  REQUIRE(!severity.ok());
  CHECK(severity.error().column == 15);

  auto pattern = parse_config("placeholders: ['(']\n", "c.yaml");
  REQUIRE(!pattern.ok());
  CHECK(pattern.error().line == 1);
  CHECK(pattern.error().column == 16);

  auto duplicate = parse_config("ignore: [a]\nignore: [b]\n", "c.yaml");
  REQUIRE(!duplicate.ok());
  CHECK(duplicate.error().line == 2);

  auto yaml = parse_config("enable: [a\n", "c.yaml");
  REQUIRE(!yaml.ok());
  CHECK(yaml.error().message.rfind("invalid YAML", 0) == 0);
}

TEST_CASE("The nearest config wins, found by walking up") {
  TempTree tree;
  tree.write(".tonfall.yaml", "address: Sie\n");
  tree.write("a/b/.tonfall.yaml", "address: du\n");
  tree.write("a/b/c/brief.txt", "x");
  tree.write("a/brief.txt", "x");
  auto found = [](const fs::path& dir) {
    return fs::absolute(find_config_file(dir.string())).lexically_normal();
  };
  CHECK(found(tree.root / "a/b/c") == tree.root / "a/b/.tonfall.yaml");
  CHECK(found(tree.root / "a") == tree.root / ".tonfall.yaml");

  ConfigCache cache;
  auto deep = cache.config_for((tree.root / "a/b/c/brief.txt").string());
  auto shallow = cache.config_for((tree.root / "a/brief.txt").string());
  REQUIRE(deep.ok());
  REQUIRE(shallow.ok());
  CHECK((*deep)->address == Address::du);
  CHECK((*shallow)->address == Address::sie);
  // Loaded once per file.
  CHECK(*cache.config_for((tree.root / "a/b/other.txt").string()) == *deep);
}

TEST_CASE("Without a config file, the defaults apply") {
  TempTree tree;
  tree.write("brief.txt", "x");
  // /tmp itself might hold a .tonfall.yaml on a developer's machine; the
  // search must at least not fail.
  ConfigCache cache;
  auto config = cache.config_for((tree.root / "brief.txt").string());
  REQUIRE(config.ok());
  if (find_config_file(tree.root.string()).empty()) CHECK((*config)->path.empty());
}

TEST_CASE("Ignore globs match relative paths, folders and file names") {
  Config config;
  config.directory = "/p";
  config.ignore = {"entwuerfe", "*.bak.md", "alt/*"};
  CHECK(is_ignored(config, "/p/entwuerfe/x/brief.md"));
  CHECK(is_ignored(config, "/p/vorlagen/brief.bak.md"));
  CHECK(is_ignored(config, "/p/alt/deep/brief.md"));
  CHECK(!is_ignored(config, "/p/vorlagen/brief.md"));
  CHECK(!is_ignored(config, "/q/alt/brief.md"));
  CHECK(!is_ignored(config, "-"));
}

TEST_CASE("The address rule flags the other form of address") {
  const Rule& sie = address_rule(Address::sie);
  const Rule& du = address_rule(Address::du);
  CHECK(sie.id == "anrede.falsche-form");
  auto engine = Engine::compile({&sie});
  REQUIRE(engine.ok());
  auto flagged = check_source(Source{"-", "Hallo Lea, hast du die Rechnung? Dein Paket kommt."}, *engine);
  REQUIRE(flagged.findings.size() == 2);
  // The word in the brand's form where nothing else must change with it;
  // „hast du“ needs its verb, which the match does not hold.
  CHECK(flagged.findings[0].suggestions.empty());
  CHECK(flagged.findings[1].suggestions == std::vector<std::string>{"Ihr"});
  CHECK(check_source(Source{"-", "Im Hotel du Lac haben Sie ein Zimmer."}, *engine).findings.empty());

  auto du_engine = Engine::compile({&du});
  REQUIRE(du_engine.ok());
  auto polite = check_source(Source{"-", "Hallo Lea, danke für Ihre Nachricht."}, *du_engine);
  REQUIRE(polite.findings.size() == 1);
  CHECK(polite.findings[0].text == "für Ihre");
  CHECK(polite.findings[0].suggestions == std::vector<std::string>{"für deine"});
  CHECK(check_source(Source{"-", "Hallo Lea, hast du Fragen? Sie ist schon da."}, *du_engine)
            .findings.empty());
}

TEST_CASE("Extra placeholder patterns are masked") {
  auto config = parse_config("placeholders: ['<<[a-z]+>>']\n", "c.yaml");
  REQUIRE(config.ok());
  Rule rule;
  rule.id = "test.name";
  rule.category = "test";
  rule.patterns = {{"\\bname\\b", {}}};
  auto engine = Engine::compile({&rule});
  REQUIRE(engine.ok());
  LintSettings settings;
  for (const auto& pattern : config->placeholder_patterns) settings.placeholders.push_back(pattern.get());
  CHECK(check_source(Source{"-", "Hallo <<name>>"}, *engine).findings.size() == 1);
  CHECK(check_source(Source{"-", "Hallo <<name>>"}, *engine, InputFormat::text, {}, settings)
            .findings.empty());
}
