// tonfall explain: everything about one rule, for writers.
#include <fmt/format.h>

#include <algorithm>
#include <iostream>
#include <memory>

#include "commands.h"
#include "language.h"
#include "tonfall/engine.h"
#include "tonfall/rewrite.h"

namespace tonfall::cli {
namespace {

struct ExplainOptions {
  std::string id;
  RuleSelection rules;
};

void print_list(const char* heading, const std::vector<std::string>& items) {
  if (items.empty()) return;
  std::cout << '\n' << heading << '\n';
  for (const std::string& item : items) std::cout << "  " << item << '\n';
}

// The bad examples, each followed by the sentences its suggestions make of
// it: a writer sees the replacement where it stands, not a template.
void print_bad_examples(const Rule& rule) {
  if (rule.bad_examples.empty()) return;
  Expected<Engine> engine = Engine::compile({&rule});
  const bool suggests = engine.ok() && (!rule.suggestions.empty() ||
                                        std::any_of(rule.patterns.begin(), rule.patterns.end(),
                                                    [](const Pattern& p) { return p.suggestions.has_value(); }));
  // A rule whose patterns differ marks the suggestions `fix` applies.
  const bool some_fixed = !rule.auto_fix && fixes_automatically(rule);
  std::cout << (suggests ? (rule.auto_fix    ? "\nSo nicht (→ mit Vorschlag; den ersten übernimmt tonfall fix):\n"
                            : some_fixed ? "\nSo nicht (→ mit Vorschlag; ⇒ übernimmt tonfall fix):\n"
                                         : "\nSo nicht (→ mit Vorschlag):\n")
                         : "\nSo nicht:\n");
  for (const std::string& example : rule.bad_examples) {
    std::cout << "  " << example << '\n';
    if (!suggests) continue;
    for (const Finding& finding : findings_of(*engine, rule, example))
      for (std::size_t k = 0; k < finding.suggestions.size(); ++k)
        std::cout << (some_fixed && k == 0 && finding.auto_fix ? "  ⇒ " : "  → ")
                  << with_replacement(finding, finding.suggestions[k], example) << '\n';
  }
}

int run_explain(const ExplainOptions& options) {
  LoadedRules rules;
  if (auto error = load_rules(options.rules, rules)) {
    print_error(*error);
    return kExitError;
  }
  const Rule* rule = nullptr;
  for (const Pack& pack : rules.packs) {
    for (const Rule& candidate : pack.rules) {
      if (candidate.id == options.id) rule = &candidate;
    }
  }
  if (!rule && options.id == unused_suppression_rule().id) rule = &unused_suppression_rule();
  if (!rule) {
    complain("no rule '{}' (see tonfall rules list)", options.id);
    return kExitError;
  }
  std::cout << fmt::format("{}  ({}, {})\n\n{}\n", rule->id, to_string(rule->severity), rule->category,
                           rule->message);
  if (!rule->rationale.empty()) std::cout << '\n' << rule->rationale << '\n';
  if (!rule->advice.empty()) std::cout << "\nTipp: " << rule->advice << '\n';
  print_bad_examples(*rule);
  print_list("Unauffällig:", rule->good_examples);
  if (!rule->fix_examples.empty()) {
    std::cout << "\nAutomatisch umformuliert:\n";
    for (const FixExample& example : rule->fix_examples)
      std::cout << fmt::format("  {}\n  → {}\n", example.from, example.to);
  }
  if (!rule->source.empty()) std::cout << "\nQuelle: " << rule->source << '\n';
  if (rule == &unused_suppression_rule())
    std::cout << "\nEingebaute Regel von tonfall: Sie meldet Kommentare „tonfall-disable-next-line REGEL“ "
                 "und „tonfall-disable REGEL“, die nichts unterdrücken.\n";
  else
    std::cout << fmt::format("Definiert in {}:{}\n", rule->file, rule->location.line);
  return kExitClean;
}

}  // namespace

std::function<int()> setup_explain(CLI::App& app) {
  auto options = std::make_shared<ExplainOptions>();
  app.add_option("rule", options->id, "The rule id, as shown in brackets by check")
      ->required()
      ->type_name("RULE-ID");
  app.add_option("--pack", options->rules.packs, "Rule pack file or folder (default: the bundled packs)")
      ->type_name("PATH")
      ->allow_extra_args(false);
  return [options] { return run_explain(*options); };
}

}  // namespace tonfall::cli
