#include <unistd.h>

#include <cstdlib>
#include <iostream>
#include <set>

#include "commands.h"
#include "language.h"
#include "tonfall/library.h"
#include "tonfall/pack_cache.h"
#include "tonfall/report.h"

namespace tonfall::cli {

void InputOptions::add_options(CLI::App& app) {
  app.add_option("--input-format", format,
                 "How to read the inputs: auto (by extension: .md Markdown, .html HTML, .eml e-mail, .json, "
                 ".yaml, .csv libraries, else text), text, markdown, html or email. Markdown and HTML are "
                 "read in their prose only; positions stay those of the file. json, yaml, csv: "
                 "canned-response libraries, see --field. jsonl: one request {\"id\",\"text\"} per line, "
                 "one JSON answer per line (for agents)")
      ->check(CLI::IsMember({"auto", "text", "markdown", "html", "email", "json", "yaml", "csv", "jsonl"}))
      ->capture_default_str();
  app.add_option("--field", fields,
                 "Libraries: the text fields to read, repeatable. JSON/YAML: a JSON Pointer with * "
                 "wildcards and [key=value] filters (/macros/*/actions/*/value); CSV: a column name. "
                 "Prefix html: to read the field as HTML. Default: every string")
      ->type_name("FIELD")
      ->allow_extra_args(false);
  app.add_option("--preset", preset,
                 "The fields of a help-desk export: zendesk (macros), freshdesk (canned responses)")
      ->check(CLI::IsMember(preset_names()));
}

ExtractOptions InputOptions::extract() const {
  ExtractOptions options{fields};
  if (!preset.empty()) {
    const std::vector<std::string> more = *preset_fields(preset);
    options.fields.insert(options.fields.end(), more.begin(), more.end());
  }
  return options;
}

void RuleSelection::add_options(CLI::App& app) {
  app.add_option(
         "--pack", packs,
         "Rule pack file or directory of *.yaml packs; repeatable. Default: the bundled rules/de")
      ->type_name("PATH")
      ->allow_extra_args(false);
  app.add_option("--enable", enable,
                 "Run only these rules or categories (rule id or category name); repeatable")
      ->type_name("ID|CATEGORY")
      ->delimiter(',')
      ->allow_extra_args(false);
  app.add_option("--disable", disable, "Do not run these rules or categories; repeatable")
      ->type_name("ID|CATEGORY")
      ->delimiter(',')
      ->allow_extra_args(false);
}

std::optional<Error> load_rules(const RuleSelection& selection, LoadedRules& out) {
  std::vector<std::string> paths = selection.packs;
  if (paths.empty()) {
    const std::string bundled = default_pack_directory();
    if (bundled.empty()) {
      return Error{
          {},
          0,
          0,
          "the bundled rule packs were not found; give --pack PATH or set TONFALL_RULES_DIR"};
    }
    paths.push_back(bundled);
  }
  Expected<std::vector<Pack>> packs = load_packs_cached(paths);
  if (!packs) return packs.error();
  out.packs = std::move(packs.value());

  const Rule& builtin = unused_suppression_rule();
  std::set<std::string> known{builtin.id, builtin.category};
  for (const Pack& pack : out.packs) {
    for (const Rule& rule : pack.rules) {
      known.insert(rule.id);
      known.insert(rule.category);
    }
  }
  for (const auto* names : {&selection.enable, &selection.disable}) {
    for (const std::string& name : *names) {
      if (!known.count(name))
        return Error{{}, 0, 0, "no rule or category named '" + name + "' (see tonfall rules list)"};
    }
  }
  auto named = [](const std::vector<std::string>& names, const Rule& rule) {
    for (const std::string& name : names) {
      if (name == rule.id || name == rule.category) return true;
    }
    return false;
  };
  auto selected = [&](const Rule& rule) {
    return (selection.enable.empty() || named(selection.enable, rule)) && !named(selection.disable, rule);
  };
  for (const Pack& pack : out.packs) {
    for (const Rule& rule : pack.rules) {
      if (selected(rule)) out.active.push_back(&rule);
    }
  }
  if (selected(builtin)) out.unused_suppression = &builtin;
  return std::nullopt;
}

bool use_color(const std::string& choice, int fd) {
  if (choice == "always") return true;
  if (choice == "never") return false;
  const char* no_color = std::getenv("NO_COLOR");
  const char* term = std::getenv("TERM");
  return isatty(fd) && !(no_color && *no_color) && !(term && std::string(term) == "dumb");
}

void print_error(const Error& error) {
  Error said = error;
  said.message = say_message(error.message);
  const std::string text = visible(said.to_string());
  std::cerr << (error.path.empty() ? "tonfall: " + text : text) << '\n';
}

std::optional<Engine> load_engine(const RuleSelection& selection, LoadedRules& out) {
  if (auto error = load_rules(selection, out)) {
    print_error(*error);
    return std::nullopt;
  }
  Expected<Engine> engine = Engine::compile(out.active);
  if (!engine) {
    print_error(engine.error());
    return std::nullopt;
  }
  return std::move(engine.value());
}

const LintSettings kEachRule = [] {
  LintSettings settings;
  settings.one_per_problem = false;
  return settings;
}();

std::vector<Finding> findings_of(const Engine& engine, const Rule& rule, const std::string& text) {
  FileResult result = check_source(Source{"<example>", text}, engine, InputFormat::text, {}, kEachRule);
  std::erase_if(result.findings, [&](const Finding& finding) { return finding.rule != &rule; });
  return std::move(result.findings);
}

}  // namespace tonfall::cli
