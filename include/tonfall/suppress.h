// Suppress: inline suppressions, a stage after the engine.
//
// Directives stand in comments of the input's format:
//   Markdown, HTML:       <!-- tonfall-disable-next-line RULE[,RULE…] -->
//   every other format:   a line whose first non-blank characters are `#` or
//                         `//` (plain text, YAML, e-mail bodies):
//                         # tonfall-disable-next-line RULE[,RULE…]
// Directives:
//   tonfall-disable-next-line RULES   the findings that START on the line after
//                                     the comment
//   tonfall-disable RULES             the findings that start after the comment,
//   tonfall-enable RULES              up to a matching enable (or the end)
// RULES are rule ids or categories, separated by commas and/or blanks; none
// means every rule. A name that suppresses nothing is reported as an info
// finding of the built-in rule tonfall.unbenutzte-unterdrueckung, pointing at
// the name (or at the directive word when no name is given); a project
// configuration changes its severity or switches it off as it does any rule's
// (LintSettings::unused_suppression). A finding that overlaps a directive
// itself is always dropped: directives are never linted. A tonfall-enable
// without an open disable is ignored.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "tonfall/extract.h"
#include "tonfall/finding.h"
#include "tonfall/rules.h"

namespace tonfall {

struct SuppressionName {
  std::string name;     // rule id or category; empty: every rule
  std::size_t offset;   // of the name (or the directive word) in the input
  std::size_t length;
  bool used = false;
};

struct Suppression {
  enum class Kind { next_line, disable, enable };
  Kind kind;
  std::size_t comment_begin;  // the whole comment, bytes of the input, half-open
  std::size_t comment_end;
  std::vector<SuppressionName> names;  // one entry with an empty name: every rule
};

// The directives of `input` in `format`, in input order.
std::vector<Suppression> parse_suppressions(std::string_view input, InputFormat format);

// The built-in rule tonfall.unbenutzte-unterdrueckung (info, category
// tonfall), as it is before a project configuration changes it. A static
// object that lives as long as the program.
const Rule& unused_suppression_rule();

// Drops the findings of `findings` (sorted by position, positions in `input`)
// that directives cover or that overlap a directive, and appends a finding of
// `unused_rule` for each unused name (none when `unused_rule` is null: the rule
// is switched off); the result is sorted by position again. `unused_rule`
// must outlive the findings. Findings in decoded text
// (Finding::in_decoded_text) are left alone.
void apply_suppressions(std::string_view input, InputFormat format, std::vector<Finding>& findings,
                        const Rule* unused_rule = &unused_suppression_rule());

// apply_suppressions in steps, for findings that come in batches (the entries
// of a large library): the directives of the whole input, the findings of
// each batch filtered as they come, and the unused names reported after the
// last. `input` must outlive it; not copyable (the covers point into the
// directives).
class Suppressions {
 public:
  Suppressions(std::string_view input, InputFormat format);
  Suppressions(const Suppressions&) = delete;
  Suppressions& operator=(const Suppressions&) = delete;

  // Drops the findings of a batch that directives cover or that overlap a
  // directive, and notes which names were used.
  void filter(std::vector<Finding>& findings);
  // Adds a finding of `unused_rule` for each name that no filtered finding
  // used (none when it is null), and sorts `findings` by position again.
  void add_unused(std::vector<Finding>& findings, const Rule* unused_rule) const;

 private:
  std::size_t bom_length() const;
  // Each name of a directive covers a range of byte offsets of the input.
  struct Cover {
    std::size_t begin;
    std::size_t end;  // exclusive
    SuppressionName* name;
  };
  std::string_view input_;
  std::vector<Suppression> directives_;
  std::vector<Cover> covers_;
};

}  // namespace tonfall
