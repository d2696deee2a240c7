// tonfall eval: score the active rules against a labelled set of snippets
// (recall per category, false alarms on clean rows).
#include "tonfall/eval.h"

#include <iostream>
#include <memory>

#include "commands.h"
#include "tonfall/engine.h"
#include "tonfall/source.h"

namespace tonfall::cli {
namespace {

struct EvalOptions {
  std::string path;
  RuleSelection rules;
  std::string ids = "all";
  std::string format = "text";
  std::vector<std::string> show = {"misses", "false-alarms"};
  EvalGate gate;  // set from the values below when given
  double min_recall_value = 0;
  double max_false_alarms_value = 0;
};

EvalShow parse_show(const std::vector<std::string>& names) {
  EvalShow show{false, false, false, false};
  for (const std::string& name : names) {
    const bool all = name == "all";
    show.misses = show.misses || all || name == "misses";
    show.false_alarms = show.false_alarms || all || name == "false-alarms";
    show.hits = show.hits || all || name == "hits";
    show.infos = show.infos || all || name == "infos";
  }
  return show;
}

int run_eval(const EvalOptions& options) {
  // Rules as the flags select them; no .tonfall.yaml, so that a score does
  // not depend on the folder it is taken in.
  LoadedRules rules;
  std::optional<Engine> engine = load_engine(options.rules, rules);
  if (!engine) return kExitError;
  LintSettings settings;
  settings.unused_suppression = rules.unused_suppression;

  Expected<Source> source = read_source(options.path);
  if (!source) {
    print_error(source.error());
    return kExitError;
  }
  Expected<EvalSet> set = parse_eval_set(source->bytes, options.path);
  if (!set) {
    print_error(set.error());
    return kExitError;
  }
  Expected<EvalResult> result = evaluate(*set, *parse_id_half(options.ids), *engine, settings);
  if (!result) {
    print_error(result.error());
    return kExitError;
  }

  const EvalShow show = parse_show(options.show);
  if (options.format == "json")
    write_eval_json(std::cout, *set, *result, show, options.gate);
  else
    write_eval_text(std::cout, *set, *result, show, options.gate);
  if (!options.gate.holds(result->totals)) return kExitFindings;
  return kExitClean;
}

}  // namespace

std::function<int()> setup_eval(CLI::App& app) {
  auto options = std::make_shared<EvalOptions>();
  app.add_option("file", options->path,
                 "Labelled snippets: a TSV file with the columns id, label (flag or clean), "
                 "category, text and span; '-' reads standard input")
      ->type_name("FILE.tsv")
      ->required();
  options->rules.add_options(app);
  app.add_option("--ids", options->ids,
                 "Score only the rows whose id ends in an even or an odd number: tune on one "
                 "half, check on the other")
      ->check(CLI::IsMember({"all", "even", "odd"}))
      ->capture_default_str();
  app.add_option("--format", options->format,
                 "Output: text for people, json for programs (schema tonfall.eval/1)")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  app.add_option("--show", options->show,
                 "Rows to list beside the counts: misses (flag rows not found), false-alarms "
                 "(clean rows with a warning or error), hits, infos (clean rows with infos), "
                 "all or none")
      ->check(CLI::IsMember({"misses", "false-alarms", "hits", "infos", "all", "none"}))
      ->delimiter(',')
      ->allow_extra_args(false)
      ->type_name("WHAT")
      ->default_str("misses,false-alarms");
  CLI::Option* min_recall =
      app.add_option("--min-recall", options->min_recall_value,
                     "Exit with status 1 when the total recall (findings of any severity) is below "
                     "this share, from 0 to 1")
          ->check(CLI::Range(0.0, 1.0))
          ->type_name("SHARE");
  CLI::Option* max_false_alarms =
      app.add_option("--max-false-alarms", options->max_false_alarms_value,
                     "Exit with status 1 when more than this share of the clean rows get a warning "
                     "or an error, from 0 to 1")
          ->check(CLI::Range(0.0, 1.0))
          ->type_name("SHARE");
  app.footer(
      "A flag row is found when a finding of any severity overlaps its span; a clean row is\n"
      "a false alarm when it gets a warning or an error. No .tonfall.yaml is read.\n"
      "Exit status: 0 scored, 1 total recall below --min-recall or false alarms above\n"
      "--max-false-alarms, 2 usage error, unreadable or invalid set (FILE:LINE: message on\n"
      "stderr), or invalid rule pack.\n"
      "\nExamples:\n"
      "  tonfall eval saetze.tsv --ids even\n"
      "  tonfall eval saetze.tsv --show hits --enable abweisung\n"
      "  tonfall eval saetze.tsv --format json --min-recall 0.8 --max-false-alarms 0.03");
  return [options, min_recall, max_false_alarms] {
    if (min_recall->count() > 0) options->gate.min_recall = options->min_recall_value;
    if (max_false_alarms->count() > 0) options->gate.max_false_alarms = options->max_false_alarms_value;
    return run_eval(*options);
  };
}

}  // namespace tonfall::cli
