// Export: the rules' patterns in the regex dialects of other tools, for the
// benchmark (bench/) and for users who want a rough pre-check without tonfall.
//
// The input is Pattern::text, plain RE2 syntax once a pack is loaded: word
// classes, blanks and clause patterns are expanded by then (vocabulary.h), so
// the export sees `(?:a|b)` alternations, `\s+` blanks and clause patterns
// joined by kClauseGap like any other RE2. The dialects:
//   grep: for GNU grep -P (PCRE2). A line is led by (*UCP), so that \b, \w
//         and \s are Unicode-aware (correct at umlauts). grep -P takes a
//         single pattern per run: run it per line, or join lines with "|"
//         (keeping only the first (*UCP)) as far as PCRE2's 64 KiB limit for
//         a compiled pattern allows.
//   rg:   for `rg -f` (Rust regex): every \b as (?-u:\b), an ASCII boundary
//         (fast, but wrong next to umlauts and ß).
//   prh:  a prh dictionary (textlint-rule-prh) of JavaScript regexes (u
//         flag): \b becomes a Unicode boundary made of lookarounds, ^ and $
//         lookarounds, and case-insensitive letters explicit classes ([aA],
//         [äÄ], [ßẞ]) because JavaScript has no inline (?i) or (?-i:...).
// In every dialect \pL becomes the engine's letter class (kLetterRanges in
// segment.h) and named groups plain groups.
//
// Not exported: exceptions (unless, unless_paragraph), the `against` side of
// document rules, and the normalization and masking tonfall does before
// matching. An export therefore flags more than tonfall does.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "tonfall/error.h"
#include "tonfall/rules.h"

namespace tonfall {

enum class ExportDialect { grep, rg, prh };

// "grep", "rg" or "prh"; nullopt for any other name.
std::optional<ExportDialect> parse_export_dialect(std::string_view name);

// One pattern in a dialect.
struct ExportedPattern {
  std::string regex;  // the pattern alone, without the line's (*UCP) or (?i:...)
  // The capturing groups in order: a named group's name, "" for an unnamed
  // one. The dialects number groups only, so ${name} in a suggestion becomes
  // $k where k-1 is the name's index here.
  std::vector<std::string> groups;
};

// Translates `pattern` (RE2 syntax, as in Pattern::text) into `dialect`.
// `case_insensitive` is the mode the pattern starts in (true unless the rule
// says `case: sensitive`); grep and rg keep (?i) and (?-i:...) as written and
// leave the outer mode to the (?i:...) that export_patterns puts around a
// line, while prh spells out the other cases of every letter under (?i).
// Fails, with a message and no location, on what the dialect cannot express
// ((?U), and POSIX classes other than alpha, digit, space, alnum, upper and
// lower, in prh) and on an unterminated \p{, group name, group, [:class:] or
// character class. `pattern` is not checked further: it must be valid RE2.
Expected<ExportedPattern> translate_pattern(std::string_view pattern, ExportDialect dialect,
                                            bool case_insensitive);

// A pattern that translate_pattern could not carry into the dialect. Points
// into the rules given to export_patterns.
struct SkippedPattern {
  const Rule* rule = nullptr;
  const Pattern* pattern = nullptr;
  std::string reason;  // translate_pattern's message
};

// What export_patterns writes and what it left out.
struct PatternExport {
  std::string text;                     // the lines or dictionary for the other tool
  std::size_t exported = 0;             // patterns in `text`
  std::vector<SkippedPattern> skipped;  // in rule and pattern order
};

// The `patterns` of `rules`, in order (each rule's patterns in turn), in
// `dialect`; never their unless, unless_paragraph or against patterns. grep
// gives a line "(*UCP)(?i:regex)" per pattern, rg a line "(?i:regex)", both
// with "(?:" instead of "(?i:" for a case-sensitive rule. prh gives a YAML
// dictionary: a comment saying what the export leaves out, `version: 1`, and
// per pattern a rule entry whose `expected` is the rule's first suggestion
// (${name} and ${N} as $k, a name no group has dropped) or "[id]" when it
// has none, `pattern` the regex between slashes, and `prh` the message and
// "[id]"; values are YAML single-quoted scalars, line ends in them spaces.
// A pattern translate_pattern fails on is left out and listed in `skipped`.
PatternExport export_patterns(std::span<const Rule* const> rules, ExportDialect dialect);

}  // namespace tonfall
