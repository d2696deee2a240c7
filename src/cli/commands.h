// The subcommands of the tonfall command line and what they share. Each
// subcommand lives in its own file and only wires library stages together.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <string>
#include <vector>

#include "tonfall/engine.h"
#include "tonfall/error.h"
#include "tonfall/rules.h"

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

// Walks the writer through each finding of `path` (pick a suggestion, skip,
// or type a wording), then rewrites the file. Needs a terminal on stdin.
int run_interactive(const std::string& path, const Engine& engine, bool color);

// Whether to colour output going to file descriptor `fd` for the --color
// choice: "auto" colours a terminal unless NO_COLOR is set or TERM is dumb.
bool use_color(const std::string& choice, int fd);

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
  LoadedRules() = default;
  LoadedRules(const LoadedRules&) = delete;
  LoadedRules& operator=(const LoadedRules&) = delete;
};

// Loads the selected packs (the bundled ones when none is given) into `out`
// and picks the active rules. Unknown names in --enable/--disable are errors.
std::optional<Error> load_rules(const RuleSelection& selection, LoadedRules& out);

// Prints "tonfall: message" (or the error's location and message) on stderr.
void print_error(const Error& error);

}  // namespace tonfall::cli
