// tonfall fix -i: walk a writer through the findings of one file.
#include <fmt/format.h>
#include <unistd.h>

#include <iostream>

#include "commands.h"
#include "tonfall/check.h"
#include "tonfall/report.h"
#include "tonfall/rewrite.h"

namespace tonfall::cli {

int run_interactive(const std::string& path, const Engine& engine, const LintSettings& settings,
                    bool color) {
  if (!isatty(STDIN_FILENO)) {
    std::cerr << "tonfall: fix -i asks questions and needs a terminal; use fix --diff or "
                 "fix --in-place in scripts\n";
    return kExitError;
  }
  Expected<Source> source = read_source(path);
  if (!source) {
    print_error(source.error());
    return kExitError;
  }
  const FileResult result =
      check_source(std::move(source.value()), engine, InputFormat::text, {}, settings);
  if (result.error) {
    print_error(*result.error);
    return kExitError;
  }
  if (result.findings.empty()) {
    std::cout << path << ": keine Befunde, nichts zu ändern.\n";
    return kExitClean;
  }

  std::vector<Edit> edits;
  std::size_t covered_until = 0;
  const std::size_t total = result.findings.size();
  for (std::size_t k = 0; k < total; ++k) {
    const Finding& finding = result.findings[k];
    if (finding.offset < covered_until) continue;  // inside text already rewritten
    Finding shown = finding;
    shown.suggestions.clear();
    std::cout << fmt::format("\n[{}/{}] ", k + 1, total);
    make_reporter(Format::text, std::cout, {color, false})->add({result.path, result.original, {shown}, {}});
    for (std::size_t s = 0; s < finding.suggestions.size(); ++s)
      std::cout << fmt::format("  {}) {}\n", s + 1, finding.suggestions[s]);
    std::cout << "  s) überspringen   e) eigene Formulierung   q) speichern und beenden   "
                 "a) abbrechen\n";

    std::string replacement;
    bool decided = false;
    while (!decided) {
      std::cout << "Ihre Wahl: " << std::flush;
      std::string answer;
      if (!std::getline(std::cin, answer) || answer == "a") {
        std::cout << "\nAbgebrochen; " << path << " bleibt unverändert.\n";
        return kExitError;
      }
      if (answer == "s") break;
      if (answer == "q") {
        k = total;
        break;
      }
      if (answer == "e") {
        std::cout << "Ihre Formulierung: " << std::flush;
        if (!std::getline(std::cin, replacement)) return kExitError;
        decided = true;
      } else if (!answer.empty() && answer.find_first_not_of("0123456789") == std::string::npos &&
                 std::stoul(answer) >= 1 && std::stoul(answer) <= finding.suggestions.size()) {
        replacement = finding.suggestions[std::stoul(answer) - 1];
        decided = true;
      } else {
        std::cout << "Bitte eine Nummer, s, e, q oder a eingeben.\n";
      }
    }
    if (!decided) continue;
    Edit edit = make_edit(finding, replacement, result.original, covered_until);
    covered_until = edit.offset + edit.length;
    edits.push_back(std::move(edit));
  }

  if (edits.empty()) {
    std::cout << "\nNichts geändert.\n";
    return kExitClean;
  }
  if (auto error = write_file_atomically(path, apply_edits(result.original, edits))) {
    print_error(*error);
    return kExitError;
  }
  std::cout << fmt::format("\n{}: {} geschrieben.\n", path,
                           edits.size() == 1 ? "1 Änderung" : fmt::format("{} Änderungen", edits.size()));
  return kExitClean;
}

}  // namespace tonfall::cli
