// tonfall check: lint drafts and report findings.
#include "tonfall/check.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <thread>

#include "commands.h"
#include "language.h"
#include "tonfall/engine.h"
#include "tonfall/report.h"
#include "tonfall/source.h"

namespace tonfall::cli {
namespace {

struct CheckOptions {
  std::vector<std::string> paths;
  RuleSelection rules;
  WalkOptions walk;
  std::string fail_on = "warning";
  std::string format = "text";
  std::string color = "auto";
  bool quiet = false;
  unsigned jobs = std::max(1u, std::thread::hardware_concurrency());
  InputOptions input;
};

// The files of `roots` (collect_inputs). A folder in which no file is to be
// checked is an error: a CI gate must not pass on a folder it did not read.
std::vector<std::string> collect_inputs_or_say_why(const std::vector<std::string>& roots, const WalkOptions& walk,
                                                   std::vector<Error>& errors) {
  std::vector<std::string> files;
  for (const std::string& root : roots) {
    const std::size_t had = files.size();
    const std::size_t had_errors = errors.size();
    for (std::string& file : collect_inputs({root}, walk, errors)) files.push_back(std::move(file));
    std::error_code ec;
    if (files.size() == had && errors.size() == had_errors && root != "-" && std::filesystem::is_directory(root, ec)) {
      errors.push_back({root, 0, 0,
                        walk.include.empty()
                            ? "no files to check in this folder: folders are searched for text files (*.txt, "
                              "*.md, *.eml, *.html, templates); name a library (*.json, *.yaml, *.csv) or use "
                              "--include '*.json'"
                            : "no file in this folder matches --include"});
    }
  }
  return files;
}

int run_check(const CheckOptions& options) {
  std::vector<std::string> roots = options.paths;
  if (roots.empty()) {
    if (isatty(STDIN_FILENO)) {
      complain("nothing to check: give files or folders, or pipe a draft into 'tonfall check -'");
      return kExitError;
    }
    roots.push_back("-");
  }

  if (options.input.format == "jsonl") {
    // One request per line; the configuration of the working folder applies.
    if (options.format != "text" && options.format != "json") {
      complain("--input-format jsonl answers in JSON Lines; --format {} does not apply", options.format);
      return kExitError;
    }
    const Profile* profile = working_folder_profile(options.rules);
    if (!profile) return kExitError;
    return run_check_jsonl(options.paths, *profile->engine, profile->settings, options.fail_on);
  }

  std::vector<Error> walk_errors;
  const std::vector<std::string> found = collect_inputs_or_say_why(roots, options.walk, walk_errors);

  // Each input is checked under its nearest .tonfall.yaml: one profile (rules,
  // engine, settings) per configuration file, command-line flags over it.
  Profiles& profiles = profiles_until_exit(options.rules);
  Expected<std::vector<Profiles::Input>> resolved = profiles.inputs_for(found);
  if (!resolved) {
    print_error(resolved.error());
    return kExitError;
  }
  std::vector<std::string> inputs;
  std::vector<CheckSetup> setups;
  for (const Profiles::Input& input : resolved.value()) {
    inputs.push_back(input.path);
    setups.push_back({&*input.profile->engine, &input.profile->settings});
  }

  const std::unique_ptr<Reporter> reporter =
      make_reporter(*parse_format(options.format), std::cout,
                    {use_color(options.color, STDOUT_FILENO), options.quiet, TONFALL_VERSION});
  Summary summary;
  Progress progress(walk_errors.size() + inputs.size(), !options.quiet);
  auto deliver = [&](FileResult&& result) {
    progress.clear();
    if (result.error) print_error(*result.error);
    summary.add(result);
    reporter->add(result);
    if (progress.enabled()) std::cout.flush();  // the output before the next progress line
    progress.file_done(result);
  };
  // A path that could not be walked is reported like a file that could not
  // be read: in every format and in the counts.
  for (Error& error : walk_errors) deliver(FileResult{error.path, {}, {}, std::move(error)});
  check_paths(inputs, [&setups](std::size_t i) { return setups[i]; }, options.jobs,
              options.input.input_format(), deliver, options.input.extract());
  progress.clear();
  reporter->finish(summary);

  if (!walk_errors.empty() || summary.files_with_errors > 0) return kExitError;
  if (options.fail_on == "never") return kExitClean;
  const Severity threshold = *parse_severity(options.fail_on);
  return summary.at_or_above(threshold) > 0 ? kExitFindings : kExitClean;
}

}  // namespace

std::function<int()> setup_check(CLI::App& app) {
  auto options = std::make_shared<CheckOptions>();
  app.add_option("paths", options->paths,
                 "Files and folders to check; folders are walked recursively. '-' or no path "
                 "with piped input reads standard input")
      ->type_name("PATH");
  options->rules.add_options(app);
  app.add_option("--include", options->walk.include,
                 "In folders, check only files matching these globs (default: text-like "
                 "extensions such as *.txt, *.md, *.eml, *.html)")
      ->type_name("GLOB")
      ->allow_extra_args(false);
  app.add_option("--exclude", options->walk.exclude, "Skip files and folders matching these globs")
      ->type_name("GLOB")
      ->allow_extra_args(false);
  app.add_option("--fail-on", options->fail_on,
                 "Exit with status 1 when a finding of this severity or worse is found")
      ->check(CLI::IsMember({"error", "warning", "info", "never"}))
      ->capture_default_str();
  app.add_option("--format", options->format,
                 "Output: text for people, json for programs (schema tonfall/1); for CI: sarif "
                 "(SARIF 2.1.0), github (workflow commands), junit (JUnit XML), checkstyle "
                 "(Checkstyle XML)")
      ->check(CLI::IsMember({"text", "json", "sarif", "github", "junit", "checkstyle"}))
      ->capture_default_str();
  app.add_option("--color", options->color,
                 "Colour the text output; auto honours NO_COLOR and non-terminals")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->capture_default_str();
  options->input.add_options(app);
  app.add_option("-j,--jobs", options->jobs, "Check this many files, or pieces of a large text, at once (default: one per core)")
      ->check(CLI::Range(1u, 1024u))
      ->capture_default_str();
  app.add_flag("-q,--quiet", options->quiet, "Print no findings; only the exit status tells");
  app.footer(
      "Examples:\n"
      "  tonfall check antwort.txt\n"
      "  tonfall check --fail-on error vorlagen/\n"
      "  tonfall check --disable unsicherheit --exclude 'entwuerfe/*' vorlagen/\n"
      "  printf 'Da sind Sie bei mir verkehrt!' | tonfall check --format json -");
  return [options] { return run_check(*options); };
}

}  // namespace tonfall::cli
