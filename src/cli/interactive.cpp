// tonfall fix -i: walk a writer through the findings of one file.
#include <fmt/format.h>
#include <unistd.h>

#include <iostream>

#include "commands.h"
#include "language.h"
#include "tonfall/check.h"
#include "tonfall/report.h"
#include "tonfall/rewrite.h"

namespace tonfall::cli {

int run_interactive(const std::string& path, const Engine& engine, const LintSettings& settings,
                    std::optional<Severity> fail_on, bool color) {
  if (!isatty(STDIN_FILENO)) {
    complain("fix -i asks questions and needs a terminal; use fix --diff or fix --in-place in scripts");
    return kExitError;
  }
  // Taken before reading: a change made while the questions are answered
  // (in an editor, say) keeps the file from being replaced.
  const FileStamp read_as = stamp_file(path).value_or(FileStamp{});
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
      std::cout << fmt::format("  {}) {}\n       → {}\n", s + 1, shown_suggestion(finding, finding.suggestions[s]),
                               sentence_with_replacement(finding, finding.suggestions[s], result.original));
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
        std::cout << "  → " << sentence_with_replacement(finding, replacement, result.original) << '\n';
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

  std::string text = result.original;
  if (edits.empty()) {
    std::cout << "\nNichts geändert.\n";
  } else {
    text = apply_edits(result.original, edits);
    if (auto error = write_file_atomically(path, text, read_as)) {
      print_error(*error);
      return kExitError;
    }
    std::cout << fmt::format("\n{}: {} geschrieben.\n", path,
                             edits.size() == 1 ? "1 Änderung" : fmt::format("{} Änderungen", edits.size()));
  }
  // The exit status says what `fix` would say: ready to send or not.
  if (!fail_on) return kExitClean;
  std::size_t remaining = 0;
  for (const Finding& finding : check_source(Source{path, text}, engine, InputFormat::text, {}, settings).findings)
    remaining += finding.severity() >= *fail_on;
  for (const Edit& edit : edits) remaining += edit.new_placeholders.size();
  if (remaining == 0) return kExitClean;
  std::cout << fmt::format("Offen: {} (Befunde ab „{}“ und neue Platzhalter).\n", remaining, to_string(*fail_on));
  return kExitFindings;
}

}  // namespace tonfall::cli
