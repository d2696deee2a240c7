// tonfall rules: list the rules of the packs, test each rule against the
// good and bad examples it carries, or export the patterns for other tools.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <iostream>
#include <memory>

#include "commands.h"
#include "tonfall/check.h"
#include "tonfall/engine.h"
#include "tonfall/export.h"
#include "tonfall/rewrite.h"
#include "tonfall/seams.h"

namespace tonfall::cli {
namespace {

struct ListOptions {
  RuleSelection rules;
  std::string category;
  std::string severity;
};

int run_list(const ListOptions& options) {
  LoadedRules rules;
  if (auto error = load_rules(options.rules, rules)) {
    print_error(*error);
    return kExitError;
  }
  std::vector<const Rule*> listed = rules.active;
  if (rules.unused_suppression) listed.push_back(rules.unused_suppression);
  std::erase_if(listed, [&](const Rule* rule) {
    return (!options.category.empty() && rule->category != options.category) ||
           (!options.severity.empty() && to_string(rule->severity) != options.severity);
  });
  std::size_t id_width = 2;
  for (const Rule* rule : listed) id_width = std::max(id_width, rule->id.size());
  for (const Rule* rule : listed)
    std::cout << fmt::format("{:<{}}  {:<7}  {}\n", rule->id, id_width, to_string(rule->severity),
                             rule->message);
  const std::size_t shown = listed.size();
  std::cout << fmt::format("{} {}\n", shown, shown == 1 ? "Regel" : "Regeln");
  return kExitClean;
}

// `example` with the first suggestion of each of `findings` in place (of
// overlapping findings the first), seams fitted as `fix` fits them: the
// sentence a writer gets who takes the suggestions.
std::string with_first_suggestions(const std::vector<Finding>& findings, std::string_view example) {
  std::vector<Edit> edits;
  std::size_t covered_until = 0;
  for (const Finding& finding : findings) {
    if (finding.suggestions.empty() || finding.offset < covered_until) continue;
    Edit edit = make_edit(finding, finding.suggestions.front(), example, covered_until);
    covered_until = edit.offset + edit.length;
    edits.push_back(std::move(edit));
  }
  return apply_edits(example, edits);
}

bool has_suggestion(const std::vector<Finding>& findings) {
  return std::any_of(findings.begin(), findings.end(),
                     [](const Finding& finding) { return !finding.suggestions.empty(); });
}

int run_test(const RuleSelection& selection) {
  LoadedRules rules;
  std::optional<Engine> engine = load_engine(selection, rules);
  if (!engine) return kExitError;
  std::size_t passed = 0;
  std::size_t failed = 0;
  auto fail = [&](const Rule& rule, const std::string& what) {
    std::cout << fmt::format("{}:{}: FAIL {}: {}\n", rule.file, rule.location.line, rule.id, what);
    ++failed;
  };
  for (const Rule* rule : rules.active) {
    if (rule->bad_examples.empty()) fail(*rule, "no bad example");
    if (rule->good_examples.empty()) fail(*rule, "no good example");
    for (const std::string& example : rule->bad_examples) {
      const std::vector<Finding> findings = findings_of(*engine, *rule, example);
      if (findings.empty()) {
        fail(*rule, fmt::format("bad example not flagged: \"{}\"", example));
        continue;
      }
      ++passed;
      // The pack states the sentence each replacement makes (examples.fixes).
      if (has_suggestion(findings) &&
          std::none_of(rule->fix_examples.begin(), rule->fix_examples.end(),
                       [&](const FixExample& fix) { return fix.from == example; }))
        fail(*rule, fmt::format("bad example has a replacement but no examples.fixes entry: "
                                "\"{}\" becomes \"{}\"",
                                example, with_first_suggestions(findings, example)));
      // Every suggestion, put in place, must leave clean seams.
      for (const Finding& finding : findings) {
        for (const std::string& suggestion : finding.suggestions) {
          const std::string rewritten = with_replacement(finding, suggestion, example);
          const std::vector<std::string> problems = seam_problems(example, rewritten);
          if (problems.empty())
            ++passed;
          else
            fail(*rule, fmt::format("suggestion \"{}\" makes \"{}\" of \"{}\": {}", suggestion, rewritten,
                                    example, fmt::join(problems, ", ")));
        }
      }
    }
    for (const std::string& example : rule->good_examples) {
      if (findings_of(*engine, *rule, example).empty())
        ++passed;
      else
        fail(*rule, fmt::format("good example flagged: \"{}\"", example));
    }
    if (fixes_automatically(*rule) && rule->fix_examples.empty())
      fail(*rule, "fix: auto without examples.fixes");
    const RuleFilter only_this = [rule](const Rule& other) { return &other == rule; };
    for (const FixExample& example : rule->fix_examples) {
      const std::vector<Finding> found = findings_of(*engine, *rule, example.from);
      if (std::none_of(found.begin(), found.end(), [](const Finding& f) { return f.auto_fix; })) {
        // Not applied by `fix`: the sentence with the first suggestions in place.
        const std::string rewritten =
            with_first_suggestions(found, example.from);
        if (rewritten == example.to)
          ++passed;
        else
          fail(*rule, fmt::format("suggestion in place of \"{}\" gives \"{}\", expected \"{}\"",
                                  example.from, rewritten, example.to));
        continue;
      }
      const std::string fixed =
          fix_source(Source{"<example>", example.from}, *engine, only_this, InputFormat::text, kEachRule).text;
      const std::string again =
          fix_source(Source{"<example>", fixed}, *engine, only_this, InputFormat::text, kEachRule).text;
      if (fixed != example.to)
        fail(*rule, fmt::format("fix of \"{}\" gives \"{}\", expected \"{}\"", example.from, fixed,
                                example.to));
      else if (again != fixed)
        fail(*rule, fmt::format("fix is not idempotent: \"{}\" becomes \"{}\"", fixed, again));
      else
        ++passed;
    }
  }
  std::cout << fmt::format("{} rules, {} checks\n", rules.active.size(), passed + failed);
  std::cout << fmt::format("{} passed, {} failed\n", passed, failed);
  return failed == 0 ? kExitClean : kExitFindings;
}

// --- rules export --patterns -------------------------------------------------
// The translation into grep, rg and prh syntax is tonfall/export.h.

struct ExportOptions {
  RuleSelection rules;
  bool patterns = false;
  std::string dialect = "grep";
};

int run_export(const ExportOptions& options) {
  LoadedRules rules;
  if (auto error = load_rules(options.rules, rules)) {
    print_error(*error);
    return kExitError;
  }
  const PatternExport exported =
      export_patterns(rules.active, parse_export_dialect(options.dialect).value());
  for (const SkippedPattern& skipped : exported.skipped) {
    std::cerr << fmt::format("{}:{}:{}: rule '{}': pattern not exported: {}\n", skipped.rule->file,
                             skipped.pattern->location.line, skipped.pattern->location.column,
                             skipped.rule->id, skipped.reason);
  }
  if (exported.exported == 0) {
    std::cerr << "tonfall: no pattern to export\n";
    return kExitError;
  }
  std::cout << exported.text;
  return exported.skipped.empty() ? kExitClean : kExitError;
}

}  // namespace

std::function<int()> setup_rules(CLI::App& app) {
  app.require_subcommand(1);
  auto run = std::make_shared<std::function<int()>>();

  CLI::App* list = app.add_subcommand("list", "List the active rules: id, severity and message");
  auto list_options = std::make_shared<ListOptions>();
  list_options->rules.add_options(*list);
  list->add_option("--category", list_options->category, "Only rules of this category");
  list->add_option("--severity", list_options->severity, "Only rules of this severity")
      ->check(CLI::IsMember({"error", "warning", "info"}));
  list->callback(
      [run, list_options] { *run = [list_options] { return run_list(*list_options); }; });

  CLI::App* test = app.add_subcommand(
      "test",
      "Check every rule against its own examples: each bad example must be flagged by "
      "the rule, each good example must not be");
  auto test_options = std::make_shared<RuleSelection>();
  test->add_option("packs", test_options->packs,
                   "Rule pack files or folders (default: the bundled packs)")
      ->type_name("PACK");
  test->add_option("--enable", test_options->enable, "Test only these rules or categories")
      ->delimiter(',')
      ->allow_extra_args(false);
  test->add_option("--disable", test_options->disable, "Skip these rules or categories")
      ->delimiter(',')
      ->allow_extra_args(false);
  test->callback(
      [run, test_options] { *run = [test_options] { return run_test(*test_options); }; });

  CLI::App* exporter = app.add_subcommand(
      "export",
      "Print the active rules' patterns for other tools, one per line: for GNU grep -P "
      "(--dialect grep; Unicode \\b via (*UCP); grep -P takes one pattern per run, so "
      "run it per line or join lines with |), for rg -f with ASCII \\b (--dialect rg), or a prh "
      "dictionary for textlint-rule-prh (--dialect prh). "
      "Exceptions (unless, unless_paragraph), document scope, learnt rules (model), normalization and masking "
      "are not exported");
  auto export_options = std::make_shared<ExportOptions>();
  export_options->rules.add_options(*exporter);
  exporter->add_flag("--patterns", export_options->patterns, "Export the rules' patterns")
      ->required();
  exporter->add_option("--dialect", export_options->dialect, "Syntax: grep, rg or prh")
      ->check(CLI::IsMember({"grep", "rg", "prh"}))
      ->default_val("grep");
  exporter->callback(
      [run, export_options] { *run = [export_options] { return run_export(*export_options); }; });

  return [run] { return *run ? (*run)() : kExitError; };
}

}  // namespace tonfall::cli
