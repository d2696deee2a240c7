#include "language.h"

#include <algorithm>
#include <cstdlib>
#include <optional>
#include <regex>
#include <utility>
#include <vector>
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

namespace {

// German for messages that quote a name, a value or a number, by the shapes
// of their English.
using Shapes = std::vector<std::pair<std::regex, const char*>>;

// The library's messages.
const Shapes& message_shapes() {
  static const Shapes shapes = {
      {std::regex(R"(^no rule or category named '([^']+)' \(see tonfall rules list\)$)"),
       "keine Regel und keine Kategorie heißt „$1“ (siehe tonfall rules list)"},
      {std::regex(R"(^severity of '([^']+)' must be error, warning or info, not '(.*)'$)"),
       "der Schweregrad von „$1“ ist error, warning oder info, nicht „$2“"},
      {std::regex(R"(^unknown key '([^']+)' \(known: (.*)\)$)"), "unbekannter Schlüssel „$1“ (bekannt: $2)"},
      {std::regex(R"(^duplicate key '([^']+)' in '([^']+)'$)"), "Schlüssel „$1“ doppelt in „$2“"},
      {std::regex(R"(^duplicate key '([^']+)'$)"), "Schlüssel „$1“ doppelt"},
      {std::regex(R"(^invalid UTF-8 at byte (\d+)(.*)$)"), "ungültiges UTF-8 bei Byte $1$2"},
      {std::regex(R"(^NUL byte at byte (\d+) \(binary file\?\)$)"), "NUL-Byte bei Byte $1 (eine Binärdatei?)"},
      {std::regex(R"(^rule '([^']+)'$)"), "Regel „$1“"},
      {std::regex(R"(^missing '([^']+)'$)"), "„$1“ fehlt"},
  };
  return shapes;
}

// The command-line parser's (CLI11's) errors.
const Shapes& parse_error_shapes() {
  static const Shapes shapes = {
      {std::regex(R"(^(\S+): (.*) not in \{(.*)\}$)"), "$1: „$2“ ist keiner der Werte {$3}"},
      {std::regex(R"(^(\S+): Value (.*) not in range (\S+) to (\S+)$)"), "$1: „$2“ liegt nicht zwischen $3 und $4"},
      {std::regex(R"(^(\S+): 1 required (.+) missing$)"), "$1: ein Wert fehlt ($2)"},
      {std::regex(R"(^(\S+): (\d+) required (.+) missing$)"), "$1: $2 Werte fehlen ($3)"},
      {std::regex(R"(^(\S+) is required$)"), "$1 fehlt"},
      {std::regex(R"(^The following argument was not expected: (.*)$)"), "Dieses Argument war nicht erwartet: $1"},
      {std::regex(R"(^The following arguments were not expected: (.*)$)"), "Diese Argumente waren nicht erwartet: $1"},
  };
  return shapes;
}

// `english` in German by the first of `shapes` it has; nothing if none.
// std::regex recurses for each character it repeats over, so a message that
// quotes a huge argument is left as it is.
std::optional<std::string> by_shape(const Shapes& shapes, std::string_view english) {
  if (english.size() > 2000) return std::nullopt;
  const std::string text(english);
  for (const auto& [shape, german] : shapes)
    if (std::regex_match(text, shape)) return std::regex_replace(text, shape, german);
  return std::nullopt;
}

}  // namespace

std::string say_message(std::string_view english) {
  if (!german_wanted()) return std::string(english);
  if (const auto found = german().find(english); found != german().end()) return std::string(found->second);
  if (std::optional<std::string> shaped = by_shape(message_shapes(), english)) return *shaped;
  if (english.find(": ") == std::string_view::npos) return say(english);
  std::string out;
  for (std::size_t from = 0; from <= english.size();) {
    const std::size_t colon = std::min(english.find(": ", from), english.size());
    const std::string_view part = english.substr(from, colon - from);
    const std::optional<std::string> shaped = by_shape(message_shapes(), part);
    out += shaped ? *shaped : say(part);
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
    const std::string english = error.what();
    return "tonfall: " + by_shape(parse_error_shapes(), english).value_or(english) + "\n" +
           say("Run with --help for more information.") + "\n";
  });
}

}  // namespace tonfall::cli
