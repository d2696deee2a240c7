// tonfall: a tone linter and phrase rewriter for German customer-service text.
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>

#include "commands.h"

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
};

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
    auto runner = command.setup(*sub);
    sub->callback([&run, runner] { run = runner; });
  }
  try {
    app.parse(argc, argv);
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
    std::cerr << "tonfall: cannot write to standard output" << (errno ? std::string(": ") + std::strerror(errno) : "")
              << "\n";
    return kExitError;
  }
  return status;
}
