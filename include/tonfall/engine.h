// Engine: runs compiled rules over a masked match view.
//
// The view is read in blocks of a paragraph. For each block, one scan for the
// literals the patterns require (prefilter.h) finds the few patterns that can
// match there; only those run their RE2, and only on that block, or, for a
// pattern that cannot match a sentence mark, only on the stretches between
// marks that hold its literals. Rules from a pack cache share the cache's
// prefilter; other rules get one built for them. Patterns of a pack from the
// cache compile on first use; others are compiled up front, to check them.
// A rule's `\b` and `\B` mean Unicode word boundaries: each is compiled to an
// empty capture group whose position is checked against is_word_boundary()
// (a `\b` at the very start or end of a pattern is checked on the match).
// The alternatives of a group are tried by the literal text they start with,
// longest first ((?:wurde|wurden) is compiled as (?:wurden|wurde)), since RE2
// takes the first alternative that matches. When a match still fails the
// check, the longest match at the same start is tried, then the search goes on
// from the next character.
// Rules with the same pattern text share one compiled pattern.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tonfall/error.h"
#include "tonfall/mask.h"
#include "tonfall/normalize.h"
#include "tonfall/rules.h"

namespace tonfall {

// One match of a rule: a span of the match view and the rule's suggestions
// with capture groups filled in from the ORIGINAL text of the groups.
struct Hit {
  const Rule* rule;
  std::size_t view_begin;
  std::size_t view_end;
  std::vector<std::string> suggestions;
  // Rule::suggestions_du filled in the same way (same index; empty entries
  // where the suggestion has one form).
  std::vector<std::string> suggestions_du;
  // The span lies inside quotation marks („…“, "…", »…«) of its paragraph:
  // somebody else's words, quoted, not the writer's own tone.
  bool quoted = false;
  // `fix` may apply the first suggestion: the rule says so, or the pattern
  // whose own suggestions these are (Pattern::auto_fix).
  bool auto_fix = false;
};

class Engine {
 public:
  // Compiles the patterns of `rules`, which must outlive the engine. Fails on
  // the first pattern that does not compile, naming its file:line:column.
  static Expected<Engine> compile(const std::vector<const Rule*>& rules);

  // The error compile() would give for `rules`, if any. Each distinct
  // pattern is compiled once and dropped at once: a whole pack checked so
  // needs a fraction of the memory of an engine holding every pattern.
  static std::optional<Error> check_patterns(const std::vector<const Rule*>& rules);

  Engine(Engine&&) noexcept;
  Engine& operator=(Engine&&) noexcept;
  ~Engine();

  // All hits of the active rules in `text` (whose view has its masked regions
  // blanked), ordered by position; at one position, text rules in rule order
  // before document rules. A hit lies within one paragraph (blank lines end
  // one; one longer than 64 KB is cut, see natural_cut). No hit overlaps a
  // masked region; hits of one rule do not overlap each other. `original` is
  // the input `text` was made from. The first text an engine sees (up to
  // 256 KB) has the patterns it needs compiled ahead, on every core.
  std::vector<Hit> run(const NormalizedText& text, const std::vector<MaskedRegion>& masked,
                       std::string_view original) const;

  const std::vector<const Rule*>& rules() const;

 private:
  struct Impl;
  explicit Engine(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Rewrites a rule pattern for RE2: each `\b` and `\B` outside character
// classes becomes an empty capture group "()", except a `\b` that starts or
// ends a pattern without a top-level alternation, which is dropped and
// checked at the edge of the match. Exposed for tests.
struct TranslatedPattern {
  std::string regex;
  bool boundary_at_begin = false;
  bool boundary_at_end = false;
  std::vector<int> boundary_groups;      // RE2 group numbers of former \b
  std::vector<int> non_boundary_groups;  // RE2 group numbers of former \B
  std::vector<int> user_groups;  // user_groups[k-1]: RE2 group number of the author's group k
};
TranslatedPattern translate_pattern(std::string_view pattern);

// The literals a match of `pattern` needs (literals.h): for a clause pattern,
// those of every part.
LiteralCondition pattern_condition(const Pattern& pattern);

// A cheap test before the exact regex is compiled: a regex that matches
// wherever `regex` does, and more. Counted repetitions ({n}, {n,}, {n,m},
// also lazy) become stars: RE2 writes out a counted repetition copy by copy,
// so `[^.!?]{0,60}` costs sixty times the program and compile time of
// `[^.!?]*`. A group of over 1,500 characters (a big word class) becomes
// (?s:.*). Nothing when neither applies to a count as high as 8 or a group
// that long: then the relaxed regex compiles hardly faster.
// Exposed for tests.
std::optional<std::string> relax_pattern(std::string_view regex);

}  // namespace tonfall
