// The language of the command line: German when the locale asks for it
// (LC_ALL, LC_MESSAGES or LANG, as gettext reads them), else English. Reports
// and rules are German anyway; this is about help and error messages.
#pragma once

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <iostream>
#include <string>
#include <string_view>

namespace tonfall::cli {

// True when the environment's locale for messages is German (de, de_DE,
// de_AT.UTF-8, …).
bool german_wanted();

// `english` in the user's language: the German of a known text when German
// is wanted, else `english` itself.
std::string say(std::string_view english);

// An error message in the user's language: a known one whole, else its
// parts around ": " that are known ("cannot open: Permission denied").
std::string say_message(std::string_view english);

// Writes "tonfall: " and `english`, a fmt format string, in the user's
// language with `args` filled in, to standard error.
template <typename... Args>
void complain(std::string_view english, const Args&... args) {
  std::cerr << "tonfall: " << fmt::format(fmt::runtime(say(english)), args...) << '\n';
}

// The descriptions, footers and help labels of `app` and all its
// subcommands and options in the user's language.
void localize(CLI::App& app);

}  // namespace tonfall::cli
