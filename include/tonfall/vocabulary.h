// Vocabulary: the rule language above RE2.
//
// A pack names its word classes once (`words:`: modal verbs in every person
// and tense, negators, fillers, the polite and the familiar address, ...) and
// its patterns use them as `{name}`. Three things turn a pattern as written
// into the RE2 pattern the engine runs:
//   - `{name}` becomes `(?:entry|entry|...)`; an entry may itself use classes.
//     `{2}`, `{1,3}` and the like stay counted repetitions.
//   - A run of blanks outside a character class means any run of whitespace
//     (`\s+`, or `\s` before a quantifier), so a pattern reads like the phrase
//     it catches and still matches a sentence wrapped over two lines.
//   - A clause pattern (`clause: [A, B, C]`) matches when all its parts occur
//     within one clause, in any order: German puts the modal verb, the
//     negation and the subject where the sentence type wants them („Ich kann
//     das nicht“, „Das kann ich nicht“, „…, weil ich das nicht kann“).
// Expansion happens when a pack is loaded; the literal prefilter, the pack
// cache and the pattern export see plain RE2 syntax only. The engine matches
// a clause pattern part by part (one search per part, then the parts are
// grouped by clause), never through its alternation of orders, whose RE2 grows
// with the factorial of the parts.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "tonfall/error.h"

namespace tonfall {

// A pack's word classes by name; each entry is a pattern fragment.
using Vocabulary = std::map<std::string, std::vector<std::string>, std::less<>>;

// Whether `name` may name a word class: a lower-case letter first, then
// lower-case letters (umlauts and ß too), digits, '-' and '_'.
bool is_word_class_name(std::string_view name);

// The RE2 pattern `pattern` stands for, with word classes of `vocabulary`
// and blanks expanded as described above. Fails (message only) on an
// unknown class, a class that uses itself, or an unclosed character class.
Expected<std::string> expand_pattern(std::string_view pattern, const Vocabulary& vocabulary);

// Where the character class that opens at pattern[i] ('[') closes: the
// position of its ']' (a leading ']' is a literal, "[:alpha:]" is skipped),
// or pattern.size() if nothing closes it.
std::size_t class_end(std::string_view pattern, std::size_t i);

// Where the group that opens at pattern[i] ('(') closes: the position of its
// ')', or pattern.size() if nothing closes it.
std::size_t group_end(std::string_view pattern, std::size_t i);

// The alternatives of `pattern` at its top level, "a|b" or a group around
// everything, "(?:a|b)" (a word class alone); the pattern itself if it has
// one. An exception made of alternatives is held as one pattern each, so
// that each has its own literal prefilter and compiles only when its words
// occur.
std::vector<std::string_view> top_level_alternatives(std::string_view pattern);

// What lies between two parts of a clause pattern: up to 80 characters
// without a sentence or clause mark (. ! ? ; : , or a line end).
inline constexpr std::string_view kClauseGap = R"([^.!?;:,\n]{0,80}?)";

// The RE2 pattern for a clause pattern: its (already expanded) parts in
// every order, joined by kClauseGap, as one alternation. Parts must not
// contain named groups (each would occur once per order). At most 4 parts.
Expected<std::string> clause_pattern(const std::vector<std::string>& parts);

}  // namespace tonfall
