// The subcommands of the tonfall command line and what they share. Each
// subcommand lives in its own file and only wires library stages together.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "tonfall/check.h"
#include "tonfall/config.h"
#include "tonfall/engine.h"
#include "tonfall/error.h"
#include "tonfall/extract.h"
#include "tonfall/json_input.h"
#include "tonfall/rewrite.h"
#include "tonfall/rules.h"
#include "tonfall/suppress.h"

namespace tonfall::cli {

// Exit statuses, the same for every subcommand.
inline constexpr int kExitClean = 0;
inline constexpr int kExitFindings = 1;
inline constexpr int kExitError = 2;

// Sets up a subcommand's options on `app` and returns what runs it after
// parsing; the returned function gives the exit status.
using Setup = std::function<std::function<int()>(CLI::App& app)>;

struct Command {
  const char* name;
  const char* description;
  Setup setup;
};

std::function<int()> setup_check(CLI::App& app);
std::function<int()> setup_rules(CLI::App& app);
std::function<int()> setup_fix(CLI::App& app);
std::function<int()> setup_explain(CLI::App& app);
std::function<int()> setup_config(CLI::App& app);
std::function<int()> setup_eval(CLI::App& app);
std::function<int()> setup_mcp(CLI::App& app);
std::function<int()> setup_serve(CLI::App& app);

// Walks the writer through each finding of `path` (pick a suggestion, each
// shown in its sentence; skip; or type a wording), then rewrites the file.
// `engine` and `settings` are those of the file's project configuration.
// Exits as `fix` does: 1 while findings at `fail_on` (none: never) or new
// placeholders remain. Needs a terminal on stdin.
int run_interactive(const std::string& path, const Engine& engine, const LintSettings& settings,
                    std::optional<Severity> fail_on, bool color);

// check --input-format jsonl: reads requests {"id", "text", "format"?} line by
// line from each of `paths` ("-" or none: standard input) and writes one
// JSON line per request to stdout, flushed at once (src/cli/jsonl.cpp). A bad
// line gets an "error" answer and the stream goes on. Returns the exit
// status: 2 if any line had an error, else 1 for findings at or above
// `fail_on` ("error", "warning", "info" or "never"), else 0.
int run_check_jsonl(const std::vector<std::string>& paths, const Engine& engine,
                    const LintSettings& settings, const std::string& fail_on);


// fix --input-format jsonl: the same requests, each answered with the
// rewritten text, the fixes applied (those `allowed`, placeholders as
// `placeholders` says) and the findings that remain (as fix --format json); a
// new placeholder counts as a finding for the exit status.
int run_fix_jsonl(const std::vector<std::string>& paths, const Engine& engine, const LintSettings& settings,
                  const RuleFilter& allowed, NewPlaceholders placeholders, const std::string& fail_on);

// Whether to colour output going to file descriptor `fd` for the --color
// choice: "auto" colours a terminal unless NO_COLOR is set or TERM is dumb.
bool use_color(const std::string& choice, int fd);

// --input-format, --field and --preset: how check and fix read their inputs.
struct InputOptions {
  std::string format = "auto";
  std::vector<std::string> fields;  // --field: library text fields
  std::string preset;               // --preset: a help-desk export's fields

  void add_options(CLI::App& app);
  // The format asked for; nullopt: by each file's extension.
  std::optional<InputFormat> input_format() const { return parse_input_format(format); }
  // The library fields of --field and --preset.
  ExtractOptions extract() const;
};

// --pack, --enable and --disable, shared by the commands that run rules.
struct RuleSelection {
  std::vector<std::string> packs;
  std::vector<std::string> enable;
  std::vector<std::string> disable;

  void add_options(CLI::App& app);
};

// Loaded packs and the rules that are switched on. Rules point into `packs`,
// so a LoadedRules is not copied.
struct LoadedRules {
  std::vector<Pack> packs;
  std::vector<const Rule*> active;
  // The built-in tonfall.unbenutzte-unterdrueckung when the selection keeps
  // it: the suppression stage reports it, so it is not among `active`.
  const Rule* unused_suppression = nullptr;
  LoadedRules() = default;
  LoadedRules(const LoadedRules&) = delete;
  LoadedRules& operator=(const LoadedRules&) = delete;
};

// Loads the selected packs (the bundled ones when none is given) into `out`
// and picks the active rules. Unknown names in --enable/--disable are errors.
std::optional<Error> load_rules(const RuleSelection& selection, LoadedRules& out);

// load_rules, then an engine of the active rules; on an error it is printed
// and nothing is returned.
std::optional<Engine> load_engine(const RuleSelection& selection, LoadedRules& out);

// Settings that show each rule on its own: findings are not merged with
// other rules' (for a rule's examples).
extern const LintSettings kEachRule;

// What `rule` finds in `text`, seen on its own (kEachRule).
std::vector<Finding> findings_of(const Engine& engine, const Rule& rule, const std::string& text);

// The rules, engine and settings of one project configuration, with the
// command line's flags applied over it. Rules point into `rules`, `address`
// and `unused_suppression`, so a Profile is not copied or moved.
struct Profile {
  const Config* config = nullptr;
  LoadedRules rules;            // the pack rules; `active` are those the engine runs
  std::optional<Rule> address;  // anrede.falsche-form, when the config sets address
  // tonfall.unbenutzte-unterdrueckung as configured; reported by the
  // suppression stage, not the engine, so it is never in rules.active.
  Rule unused_suppression = unused_suppression_rule();
  std::optional<Engine> engine;
  LintSettings settings;
  Profile() = default;
  Profile(const Profile&) = delete;
  Profile& operator=(const Profile&) = delete;
};

// Builds `out` for `config` and the command line's `flags`: packs, enable and
// disable given as flags replace the config's; severity overrides and the
// address rule apply after. The built-in rules (anrede.falsche-form,
// tonfall.unbenutzte-unterdrueckung) take severity overrides, enable and
// disable like pack rules. Names in the config that match no rule are errors
// with the config's file:line:column.
std::optional<Error> build_profile(const Config& config, const RuleSelection& flags, Profile& out);

// One Profile per configuration file, built on first use. Not thread-safe:
// look up every input before starting workers; the Profiles stay valid as
// long as this object.
class Profiles {
 public:
  explicit Profiles(RuleSelection flags) : flags_(std::move(flags)) {}
  // The profile for `input` (a path, or "-" for standard input).
  Expected<const Profile*> for_input(const std::string& input);
  // The configuration for `input`, without building rules.
  Expected<const Config*> config_for(const std::string& input) { return configs_.config_for(input); }

  // An input and the profile it is checked under.
  struct Input {
    std::string path;
    const Profile* profile;
  };
  // `found` without the inputs their configuration ignores (those are added
  // to `ignored`, if given), each with its profile. Fails on the first broken
  // configuration or pack; with nothing found, the configuration that
  // standard input would use is still loaded, so that a broken one is
  // reported.
  Expected<std::vector<Input>> inputs_for(const std::vector<std::string>& found,
                                          std::vector<std::string>* ignored = nullptr);

 private:
  RuleSelection flags_;
  ConfigCache configs_;
  std::map<const Config*, std::unique_ptr<Profile>> profiles_;
};

// Profiles for a command that checks its inputs once and exits: they live
// until the process ends, since freeing the rules' tens of thousands of
// strings one by one takes longer than checking a draft. They stay
// reachable, so that leak checkers do not count them.
Profiles& profiles_until_exit(RuleSelection flags);

// The profile of the working folder, for JSON Lines requests, which have no
// path of their own; null, after saying why, when it cannot be loaded.
const Profile* working_folder_profile(RuleSelection flags);

// For a server: the configuration file `named` (kept in `storage`), or when
// none is named the one that applies to the working folder, as check finds
// it for standard input; null, after saying why, when it cannot be loaded.
const Config* config_named_or_found(const std::string& named, ConfigCache& configs, std::optional<Config>& storage);

// A progress line on stderr ("\r"-updated: files done of total, findings so
// far) for long runs. It shows only when stderr is a terminal, the run has
// lasted a moment and there is more than one input; otherwise it writes
// nothing at all.
class Progress {
 public:
  Progress(std::size_t total, bool enabled);
  ~Progress();
  // Call before writing a result, so the line does not mix with the output.
  void clear();
  // Call after each result (each piece of a streamed file).
  void file_done(const FileResult& result);
  // Whether a line may be shown at all (stderr is a terminal, ...).
  bool enabled() const { return enabled_; }

 private:
  std::size_t total_;
  std::size_t done_ = 0;
  std::size_t findings_ = 0;
  bool enabled_;
  bool shown_ = false;
  long long start_ms_;
  long long last_ms_ = 0;
};

// Prints "tonfall: message" (or the error's location and message) on stderr.
void print_error(const Error& error);

}  // namespace tonfall::cli
