#include "language.h"

#include <algorithm>
#include <cstdlib>
#include <utility>
#include <unordered_map>

namespace tonfall::cli {

namespace {

// English text -> German, for every description, footer and message of the
// command line that a writer reads.
const std::unordered_map<std::string_view, std::string_view>& german() {
  static const std::unordered_map<std::string_view, std::string_view> table = {
#include "language_de.inc"
  };
  return table;
}

}  // namespace

bool german_wanted() {
  static const bool wanted = [] {
    // gettext's order: LC_ALL, then LC_MESSAGES, then LANG. Unless that
    // locale is C or POSIX, LANGUAGE lists languages to try in turn; the
    // first that tonfall speaks (German or English) wins.
    std::string_view locale;
    for (const char* name : {"LC_ALL", "LC_MESSAGES", "LANG"}) {
      const char* value = std::getenv(name);
      if (value && *value) {
        locale = value;
        break;
      }
    }
    if (locale.empty() || locale == "C" || locale == "POSIX" || locale.rfind("C.", 0) == 0) return false;
    auto is = [](std::string_view entry, std::string_view language) {
      return entry.rfind(language, 0) == 0 &&
             (entry.size() == 2 || std::string_view("_.@").find(entry[2]) != std::string_view::npos);
    };
    if (const char* list = std::getenv("LANGUAGE")) {
      std::string_view rest = list;
      while (!rest.empty()) {
        const std::string_view entry = rest.substr(0, rest.find(':'));
        rest.remove_prefix(std::min(rest.size(), entry.size() + 1));
        if (is(entry, "de")) return true;
        if (is(entry, "en")) return false;
      }
    }
    return is(locale, "de");
  }();
  return wanted;
}

std::string say(std::string_view english) {
  if (!german_wanted()) return std::string(english);
  const auto found = german().find(english);
  return std::string(found == german().end() ? english : found->second);
}

std::string say_message(std::string_view english) {
  if (!german_wanted()) return std::string(english);
  if (const auto found = german().find(english); found != german().end()) return std::string(found->second);
  std::string out;
  for (std::size_t from = 0; from <= english.size();) {
    const std::size_t colon = std::min(english.find(": ", from), english.size());
    out += say(english.substr(from, colon - from));
    if (colon == english.size()) break;
    out += ": ";
    from = colon + 2;
  }
  return out;
}

void localize(CLI::App& app) {
  if (!german_wanted()) return;
  app.description(say(app.get_description()));
  app.footer(say(app.get_footer()));
  for (CLI::Option* option : app.get_options()) {
    option->description(say(option->get_description()));
    if (option->get_group() == "Options") option->group("Optionen");
  }
  for (CLI::App* sub : app.get_subcommands({})) {
    if (sub->get_group() == "Subcommands") sub->group("Befehle");
    localize(*sub);
  }
  const auto formatter = app.get_formatter();
  for (const auto& [label, german] : {std::pair{"Usage", "Aufruf"}, {"OPTIONS", "OPTIONEN"}, {"SUBCOMMAND", "BEFEHL"},
                                      {"SUBCOMMANDS", "BEFEHLE"}, {"Positionals", "Argumente"},
                                      {"REQUIRED", "PFLICHT"}})
    formatter->label(label, german);
  app.failure_message([](const CLI::App*, const CLI::Error& error) {
    return std::string("tonfall: ") + error.what() + "\n" + say("Run with --help for more information.") + "\n";
  });
}

}  // namespace tonfall::cli
