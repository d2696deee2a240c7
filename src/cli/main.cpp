// tonfall: a tone linter and phrase rewriter for German customer-service text.
#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "commands.h"
#include "language.h"

namespace {

const tonfall::cli::Command kCommands[] = {
    {"check", "Flag negative formulations in drafts, with better wordings",
     tonfall::cli::setup_check},
    {"fix", "Rewrite drafts into positive language with the rules' automatic fixes",
     tonfall::cli::setup_fix},
    {"explain", "Explain a rule: why it matters, better wordings, examples and source",
     tonfall::cli::setup_explain},
    {"rules", "List the rules of the packs or test them against their own examples",
     tonfall::cli::setup_rules},
    {"eval", "Score the rules against labelled snippets (TSV): recall per category, false alarms",
     tonfall::cli::setup_eval},
    {"config", "Show the effective project configuration (.tonfall.yaml) for a path",
     tonfall::cli::setup_config},
    {"mcp", "Serve check, fix, explain and the rule list to agents over the Model Context Protocol (stdio)",
     tonfall::cli::setup_mcp},
    {"serve", "Serve a LanguageTool-compatible HTTP API and a page for writers",
     tonfall::cli::setup_serve},
};

// Edits (insert, delete, replace, swap of neighbours) from `a` to `b`.
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i)
    for (std::size_t j = 1; j <= b.size(); ++j) {
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] != b[j - 1])});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  return d[a.size()][b.size()];
}

// The arguments as CLI11 should read them: "help [COMMAND]" as "[COMMAND]
// --help", and "-v", "-V" and "version" as "--version", the ways people type
// them. An unknown command gets the nearest one suggested, and nullopt.
std::optional<std::vector<std::string>> as_typed(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) return args;
  const std::string first = args.front();
  if (first == "-v" || first == "-V" || first == "version") return std::vector<std::string>{"--version"};
  if (first == "help") {
    args.erase(args.begin());
    args.emplace_back("--help");
  }
  const std::string command = args.front();
  if (command.empty() || command[0] == '-') return args;
  std::string nearest;
  std::size_t best = SIZE_MAX;
  for (const tonfall::cli::Command& known : kCommands) {
    if (known.name == command) return args;
    const std::size_t distance = edit_distance(command, known.name);
    if (distance < best) {
      best = distance;
      nearest = known.name;
    }
  }
  std::string names;
  for (const tonfall::cli::Command& known : kCommands) names += std::string(names.empty() ? "" : ", ") + known.name;
  using tonfall::cli::say;
  std::cerr << "tonfall: " << say("unknown command") << " '" << command << "'"
            << (best <= 2 ? "; " + say("did you mean") + " '" + nearest + "'?" : "") << "\n"
            << say("Commands") << ": " << names << " (" << say("tonfall --help tells more") << ")\n";
  return std::nullopt;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace tonfall::cli;
  CLI::App app{
      "tonfall finds negative, dismissive or bureaucratic formulations in German "
      "customer-service drafts and suggests positive, empathetic wordings.",
      "tonfall"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string(TONFALL_VERSION));
  app.footer(
      "Examples:\n"
      "  tonfall check antwort.txt              check one draft\n"
      "  tonfall check vorlagen/                check every text file below a folder\n"
      "  agent | tonfall check --format json -  check piped text, JSON for programs\n"
      "  tonfall fix - < entwurf.txt            rewrite a draft, report on stderr\n"
      "  tonfall explain abweisung.firmenpolitik  why a rule flags, and what is better\n"
      "  tonfall rules list                     show the bundled rules\n"
      "  tonfall eval saetze.tsv --ids even     recall and false alarms on labelled snippets\n"
      "\nExit status: 0 clean, 1 findings at or above --fail-on, 2 usage error,\n"
      "unreadable or invalid input, invalid rule pack, or output that could not be written.");

  std::function<int()> run;
  for (const Command& command : kCommands) {
    CLI::App* sub = app.add_subcommand(command.name, command.description);
    sub->footer("");  // the top level's examples are not the command's
    auto runner = command.setup(*sub);
    sub->callback([&run, runner] { run = runner; });
  }
  localize(app);
  std::optional<std::vector<std::string>> args = as_typed(argc, argv);
  if (!args) return kExitError;
  if (args->empty()) {
    std::cerr << app.help();
    return kExitError;
  }
  // CLI11 takes the arguments in reverse order.
  std::reverse(args->begin(), args->end());
  try {
    app.parse(*args);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kExitError;
  }
  const int status = run ? run() : kExitError;
  // Output that did not arrive is a failure, whatever the findings were: a
  // full disk must not leave a cut report or rewrite behind an exit of 0 or 1.
  std::cout.flush();
  errno = 0;
  if (std::fflush(stdout) != 0 || std::ferror(stdout) || !std::cout) {
    std::cerr << "tonfall: " << say("cannot write to standard output")
              << (errno ? std::string(": ") + std::strerror(errno) : "") << "\n";
    return kExitError;
  }
  // The fix report and the errors go to standard error: lost, they can only
  // be told by the exit status.
  std::cerr.flush();
  if (std::fflush(stderr) != 0 || std::ferror(stderr) || !std::cerr) return kExitError;
  return status;
}
