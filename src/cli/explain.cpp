// tonfall explain: everything about one rule, for writers.
#include <fmt/format.h>

#include <iostream>
#include <memory>

#include "commands.h"

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
    std::cerr << "tonfall: no rule '" << options.id << "' (see tonfall rules list)\n";
    return kExitError;
  }
  std::cout << fmt::format("{}  ({}, {})\n\n{}\n", rule->id, to_string(rule->severity), rule->category,
                           rule->message);
  if (!rule->rationale.empty()) std::cout << '\n' << rule->rationale << '\n';
  if (!rule->advice.empty()) std::cout << "\nTipp: " << rule->advice << '\n';
  print_list(rule->auto_fix ? "Vorschläge (der erste wird von tonfall fix übernommen):" : "Vorschläge:",
             rule->suggestions);
  print_list("So nicht:", rule->bad_examples);
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
