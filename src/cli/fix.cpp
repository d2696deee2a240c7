// tonfall fix: rewrite drafts with the rules' automatic fixes.
#include <unistd.h>

#include <algorithm>
#include <iostream>
#include <memory>
#include <set>

#include "commands.h"
#include "language.h"
#include "tonfall/check.h"
#include "tonfall/engine.h"
#include "tonfall/report.h"
#include "tonfall/rewrite.h"
#include "tonfall/source.h"

namespace tonfall::cli {
namespace {

struct FixOptions {
  std::vector<std::string> paths;
  RuleSelection rules;
  InputOptions input;
  std::vector<std::string> only;
  bool in_place = false;
  bool diff = false;
  bool interactive = false;
  bool with_placeholders = false;
  std::string format = "text";
  std::string fail_on = "warning";
  std::string color = "auto";
};

// A diff names its files in header lines: a line break in a name would start
// a header of its own, and `patch` would then write another file.
bool fits_diff_header(std::string_view path) {
  return std::none_of(path.begin(), path.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
}

int run_fix(const FixOptions& options) {
  std::vector<std::string> roots = options.paths;
  if (roots.empty()) {
    if (isatty(STDIN_FILENO)) {
      complain("nothing to fix: give files, or pipe a draft into 'tonfall fix -'");
      return kExitError;
    }
    roots.push_back("-");
  }
  const RuleFilter allowed = [&](const Rule& rule) {
    if (options.only.empty()) return true;
    for (const std::string& name : options.only) {
      if (name == rule.id || name == rule.category) return true;
    }
    return false;
  };
  const NewPlaceholders placeholders = options.with_placeholders ? NewPlaceholders::apply : NewPlaceholders::hold;
  // --only names a rule or category that runs for at least one input.
  auto unknown_only = [&](const std::vector<const Profile*>& profiles) -> std::optional<std::string> {
    std::set<std::string> known;
    for (const Profile* profile : profiles)
      for (const Rule* rule : profile->rules.active) known.insert({rule->id, rule->category});
    for (const std::string& name : options.only)
      if (!profiles.empty() && !known.count(name)) return name;
    return std::nullopt;
  };
  auto say_unknown = [](const std::string& name) {
    complain("no active rule or category named '{}' (see tonfall rules list)", name);
    return kExitError;
  };
  if (options.input.format == "jsonl") {
    // One request per line; the configuration of the working folder applies.
    if (options.in_place || options.diff || options.interactive) {
      complain("--input-format jsonl answers in JSON Lines; --in-place, --diff and -i do not apply");
      return kExitError;
    }
    const Profile* profile = working_folder_profile(options.rules);
    if (!profile) return kExitError;
    if (auto name = unknown_only({profile})) return say_unknown(*name);
    return run_fix_jsonl(options.paths, *profile->engine, profile->settings, allowed, placeholders, options.fail_on);
  }
  if (options.in_place && options.diff) {
    complain("--in-place and --diff exclude each other");
    return kExitError;
  }
  std::vector<Error> walk_errors;
  const std::vector<std::string> found = collect_inputs(roots, {}, walk_errors);
  for (const Error& error : walk_errors) print_error(error);

  // Each input is fixed under its nearest .tonfall.yaml, exactly as check
  // reads it: the same profiles, command-line flags over the configuration.
  Profiles& profiles = profiles_until_exit(options.rules);
  std::vector<std::string> ignored;
  Expected<std::vector<Profiles::Input>> resolved = profiles.inputs_for(found, &ignored);
  if (!resolved) {
    print_error(resolved.error());
    return kExitError;
  }
  if (options.interactive) {
    for (const std::string& path : ignored)
      complain("{} is ignored by {}", visible(path), (*profiles.config_for(path))->path);
  }
  std::vector<std::string> inputs;
  std::vector<const Profile*> input_profiles;
  for (const Profiles::Input& input : resolved.value()) {
    inputs.push_back(input.path);
    input_profiles.push_back(input.profile);
  }
  if (auto name = unknown_only(input_profiles)) return say_unknown(*name);

  if (options.interactive) {
    if (roots.size() != 1 || roots[0] == "-" || options.in_place || options.diff ||
        options.format != "text") {
      complain("fix -i takes exactly one file and no --in-place, --diff or --format");
      return kExitError;
    }
    if (inputs.empty()) return walk_errors.empty() ? kExitClean : kExitError;
    return run_interactive(inputs[0], *input_profiles[0]->engine, input_profiles[0]->settings,
                           options.fail_on == "never" ? std::nullopt : parse_severity(options.fail_on),
                           use_color(options.color, STDOUT_FILENO));
  }

  const bool to_stdout = !options.in_place && !options.diff && options.format == "text";
  if (to_stdout && inputs.size() > 1) {
    complain("fix writes one text to standard output; for several files use --in-place, --diff or --format json");
    return kExitError;
  }
  if (options.in_place) {
    for (const std::string& path : inputs) {
      if (path == "-") {
        complain("--in-place needs files, not standard input");
        return kExitError;
      }
    }
  }

  const bool color = use_color(options.color, STDERR_FILENO);
  bool failed = !walk_errors.empty();
  std::size_t remaining = 0;
  const Severity threshold = options.fail_on == "never" ? Severity::error : *parse_severity(options.fail_on);
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    const std::string& path = inputs[i];
    const Profile& profile = *input_profiles[i];
    if (options.diff && !fits_diff_header(path)) {
      print_error({path, 0, 0, "a name with control characters or line breaks cannot stand in a diff; "
                               "rename the file or use --in-place"});
      failed = true;
      continue;
    }
    // Taken before reading, so that a change made while the file is fixed
    // keeps it from being replaced.
    const FileStamp read_as = options.in_place ? stamp_file(path).value_or(FileStamp{}) : FileStamp{};
    Expected<Source> source = read_source(path);
    if (!source) {
      print_error(source.error());
      failed = true;
      continue;
    }
    const InputFormat format = options.input.input_format().value_or(input_format_for(path));
    if (to_stdout && format == InputFormat::text && source->bytes.size() > 2 * kPieceSize) {
      // A large text goes out piece by piece as it is fixed.
      FixTextReport report(std::cerr, color);
      fix_text_in_pieces(path, source->bytes, *profile.engine, allowed, profile.settings, placeholders,
                         [&](FixResult&& piece) {
                           if (piece.error) {
                             print_error(*piece.error);
                             failed = true;
                             return;
                           }
                           for (const Finding& finding : piece.remaining) remaining += finding.severity() >= threshold;
                           remaining += piece.new_placeholders.size();
                           std::cout << piece.text;
                           report.add(piece);
                         });
      std::cout.flush();
      continue;
    }
    FixResult result = fix_source(std::move(source.value()), *profile.engine, allowed,
                                  format, profile.settings,
                                  placeholders, options.input.extract());
    if (result.error) {
      print_error(*result.error);
      failed = true;
      if (options.format == "json") write_fix_json(std::cout, result);
      continue;
    }
    for (const Finding& finding : result.remaining) remaining += finding.severity() >= threshold;
    // A gap the writer still has to fill: the text is not ready to send.
    remaining += result.new_placeholders.size();
    if (options.format == "json") {
      write_fix_json(std::cout, result);
    } else if (options.diff) {
      std::cout << unified_diff(result.path, result.original, result.text);
      write_fix_text(std::cerr, result, color);
    } else if (options.in_place) {
      if (result.text != result.original) {
        if (auto error = write_file_atomically(path, result.text, read_as)) {
          print_error(*error);
          failed = true;
          continue;
        }
      }
      write_fix_text(std::cerr, result, color);
    } else {
      std::cout << result.text;
      write_fix_text(std::cerr, result, color);
    }
    std::cout.flush();
  }
  if (failed) return kExitError;
  if (options.fail_on == "never") return kExitClean;
  return remaining > 0 ? kExitFindings : kExitClean;
}

}  // namespace

std::function<int()> setup_fix(CLI::App& app) {
  auto options = std::make_shared<FixOptions>();
  app.add_option("paths", options->paths,
                 "Files to fix; '-' or no path with piped input reads standard input")
      ->type_name("PATH");
  options->rules.add_options(app);
  options->input.add_options(app);
  app.add_option("--only", options->only,
                 "Apply only the fixes of these rules or categories (others are still reported)")
      ->type_name("ID|CATEGORY")
      ->delimiter(',')
      ->allow_extra_args(false);
  app.add_flag("--in-place", options->in_place,
               "Rewrite the files themselves (atomically: a temporary file renamed over the original); "
               "a file that changed meanwhile, is read-only or has several hard links is left as it was");
  app.add_flag("-i,--interactive", options->interactive,
               "Go through the findings of one file: pick a suggestion (each shown in its sentence), skip, or type your own; exits as fix does");
  app.add_flag("--diff", options->diff, "Print a unified diff instead of the text (for patch -p0)");
  app.add_flag("--with-placeholders", options->with_placeholders,
               "Also apply fixes that bring a placeholder the text did not have ({{kollege}}); "
               "they are listed, and the exit status is 1 until they are filled in");
  app.add_option("--format", options->format,
                 "text: the rewritten text on stdout, the report on stderr; json: one line per "
                 "input with text, applied and remaining")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  app.add_option("--fail-on", options->fail_on,
                 "Exit with status 1 when a finding of this severity or worse remains")
      ->check(CLI::IsMember({"error", "warning", "info", "never"}))
      ->capture_default_str();
  app.add_option("--color", options->color, "Colour the report; auto honours NO_COLOR")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->capture_default_str();
  app.footer(
      "Only rules marked 'fix: auto' are applied, with their first suggestion; everything else\n"
      "is reported as remaining. A fix that would bring a new placeholder ({{kollege}}) is held\n"
      "back unless --with-placeholders is given. Overlapping fixes: the earliest wins, then the\n"
      "more severe. Exit status 1 while findings at --fail-on or new placeholders remain.\n"
      "Examples:\n"
      "  agent-draft | tonfall fix -            rewritten draft on stdout, report on stderr\n"
      "  tonfall fix --diff vorlage.txt         preview as a unified diff\n"
      "  tonfall fix --in-place vorlagen/*.txt  rewrite the files\n"
      "  tonfall fix -i vorlage.txt             decide finding by finding\n"
      "  tonfall fix --format json -            for programs: text, applied, remaining");
  return [options] { return run_fix(*options); };
}

}  // namespace tonfall::cli
