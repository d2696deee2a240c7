// Literals: the words a pattern cannot match without, and one pass over a
// text that finds them all.
//
// The engine runs a rule's RE2 only on the parts of a text that contain the
// rule's required words. For "da sind (?-i:Sie) bei (?:mir|uns) verkehrt" they
// are "da sind sie bei mir verkehrt" or "da sind sie bei uns verkehrt": a
// text without either cannot match, and most texts contain neither. Finding
// the words of all rules at once is one Aho–Corasick scan of the case-folded
// text, far cheaper than running hundreds of regular expressions, or one huge
// RE2::Set whose DFA must track every gap of every pattern.
//
// Everything here compares folded text (fold_text): case folded and every run
// of blanks one space, so that "sie\s+haben" needs the phrase "sie haben", not
// two common words. Required literals are a necessary condition, never a
// sufficient one, so folding both sides may let a pattern run where it cannot
// match, but never keeps it from running where it can.
#pragma once

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tonfall/bytes.h"

namespace tonfall {

// `text` with the case folding RE2 applies to German text undone: A–Z and the
// upper-case letters of Latin-1 lowered, and the three characters that fold
// onto ASCII or Latin-1 letters (ſ, the Kelvin sign, the Ångström sign)
// replaced by them; ß and ẞ become ss, as in the match view (normalize.h). Each run of blanks (space, tab, line breaks, \v, \f)
// becomes one space, as each blank or run of them in a pattern (" ", \s,
// \s+, [ \t]*) stands for one. Other bytes are kept, so invalid UTF-8 passes
// unchanged.
std::string fold_text(std::string_view text);

// A necessary condition for a pattern to match in a text: every clause has at
// least one of its strings in the folded text. No clauses means no condition
// (the pattern must always run). Strings are folded and at least three
// characters long, since shorter ones are in nearly every text, unless they
// are rare anyway (an emoji, „?!“).
struct LiteralCondition {
  std::vector<std::vector<std::string>> clauses;
};

// The condition of `regex`, in RE2 syntax as the engine compiles it. The
// analysis understands literals, small character classes, groups, alternation
// and repetition; whatever it does not understand counts as "any text", which
// only weakens the condition. `regex` need not be valid: an invalid one gets a
// condition too, and fails later when RE2 compiles it.
LiteralCondition required_literals(std::string_view regex);

// A counted repetition "{n}", "{n,}" or "{n,m}" (n, m up to six digits) as
// RE2 reads it at regex[i]; nothing where RE2 reads the brace as a literal.
struct CountedRepetition {
  std::size_t length = 0;  // bytes, braces included
  std::size_t min = 0;
  std::size_t max = 0;  // SIZE_MAX: no upper bound
};
std::optional<CountedRepetition> counted_repetition_at(std::string_view regex, std::size_t i);

// False if no match of `regex` (RE2 syntax, as the engine compiles it) can
// hold a sentence mark ".", "!" or "?": then each match lies between two
// marks of the text, and a search may skip the stretches between marks that
// lack the pattern's literals. True whenever the analysis is unsure.
bool may_match_sentence_mark(std::string_view regex);

// True if every clause of `condition` has one of its strings in `folded`
// (which fold_text made). For the few patterns checked without the scanner.
bool condition_holds(const LiteralCondition& condition, std::string_view folded);

// The byte pairs a text holds, hashed into 512 bits. A string whose pairs are
// not all among a text's cannot occur in it: this rules out most literals of
// a condition without searching the text for them.
class BytePairs {
 public:
  explicit BytePairs(std::string_view text);
  // False if `part` cannot occur in the text these pairs are of.
  bool may_contain(const BytePairs& part) const {
    for (std::size_t k = 0; k < bits_.size(); ++k)
      if (part.bits_[k] & ~bits_[k]) return false;
    return true;
  }

 private:
  std::array<std::uint64_t, 8> bits_{};
};

// condition_holds, for one condition tried on many texts: each literal's
// pairs are worked out once, and a literal the text's pairs rule out is not
// searched for.
class ConditionTest {
 public:
  explicit ConditionTest(const LiteralCondition& condition);
  bool holds(std::string_view folded, const BytePairs& pairs) const;

 private:
  const LiteralCondition* condition_;
  std::vector<std::vector<BytePairs>> pairs_;  // of each literal, clause by clause
};

// Finds which of a fixed set of strings occur in a text: an Aho–Corasick
// automaton over byte classes, shared by threads. Its transitions are
// computed on first use and remembered, so that a short text pays only for
// the states it reaches, not for the whole table of a few thousand states
// times every byte class.
class LiteralScanner {
 public:
  LiteralScanner() = default;

  // An automaton for `literals` (ids are their indices), which are distinct.
  // Empty strings never occur.
  explicit LiteralScanner(const std::vector<std::string_view>& literals);

  // The automaton as bytes, and back, for a pack cache: a fresh process then
  // need not build it. from_bytes() checks what it reads (every state, class
  // and literal id in range, and every link pointing the way the construction
  // points it, so that no scan can loop or read out of bounds) and gives
  // nothing for damaged bytes. `literal_count`: the number of literals.
  std::string to_bytes() const;
  // The tables are read in place: `bytes` must outlive the scanner.
  static std::optional<LiteralScanner> from_bytes(std::string_view bytes, std::size_t literal_count);

  // Calls found(id, end) for every occurrence of every literal in `folded`
  // (which fold_text made), in text order, with the offset just past it; a
  // literal that occurs twice is reported twice.
  template <typename Found>
  void scan(std::string_view folded, Found&& found) const {
    if (!rows_) return;
    // The scan follows known transitions from row to row, one load per
    // byte; where one is not known yet, it asks the trie (resolve) from the
    // state the row belongs to.
    std::uint32_t state = 0;
    std::uint32_t row = row_for(0);  // where the row of `state` starts, or kNone
    for (std::size_t i = 0; i < folded.size(); ++i) {
      const std::uint8_t cls = byte_class_[static_cast<unsigned char>(folded[i])];
      std::uint32_t ends = 0;
      if (const std::uint32_t known = row == kNone ? 0 : load(rows_.get()[row + cls]); known != 0) {
        row = (known & ~kEndsLiteral) - 1;
        ends = known & kEndsLiteral;
        if (ends) state = rows_.get()[row + classes_];
      } else {
        if (row != kNone) state = rows_.get()[row + classes_];
        const std::uint32_t next = resolve(state, cls);
        state = next & ~kEndsLiteral;
        row = row_for(state);
        ends = next & kEndsLiteral;
      }
      if (ends)
        for (std::uint32_t out = first_output_[state]; out != kNone; out = outputs_[out].next)
          found(outputs_[out].literal, i + 1);
    }
  }

 private:
  static constexpr std::uint32_t kNone = UINT32_MAX;
  static constexpr std::uint32_t kClaimed = UINT32_MAX;  // in row_of_: a thread is taking a row
  // In a transition: the target ends a literal. The flag spares the scan a
  // look into first_output_ at every byte.
  static constexpr std::uint32_t kEndsLiteral = 0x80000000;
  struct Output {
    std::uint32_t literal;
    std::uint32_t next;
  };
  struct Free {
    void operator()(std::uint32_t* p) const { std::free(p); }
  };

  static std::uint32_t load(const std::uint32_t& entry) {
    return std::atomic_ref<const std::uint32_t>(entry).load(std::memory_order_acquire);
  }
  // The state after `cls`, with kEndsLiteral if a literal ends there.
  std::uint32_t step(std::uint32_t state, std::uint8_t cls) const;
  std::uint32_t resolve(std::uint32_t state, std::uint8_t cls) const;
  void allocate_rows();
  std::uint32_t row_for(std::uint32_t state) const;
  std::uint32_t trie_child(std::uint32_t state, std::uint8_t cls) const;
  std::uint32_t root_child_[256];  // the trie's edges from the root, by class

  std::uint8_t byte_class_[256] = {};
  std::uint32_t classes_ = 0;
  // The trie, as first child and next sibling of each state, with the class
  // of the edge into it.
  bytes::Array<std::uint32_t> first_child_;
  bytes::Array<std::uint32_t> next_sibling_;
  bytes::Array<std::uint8_t> edge_class_;
  bytes::Array<std::uint32_t> failure_;
  bytes::Array<std::uint32_t> first_output_;  // per state: index into outputs_, or kNone
  bytes::Array<Output> outputs_;
  // Transitions, in rows of classes_ entries and then the row's state. An
  // entry holds where the target's row starts + 1, with kEndsLiteral; 0
  // while not yet computed or while the target has no row. A state gets its
  // row when a scan first reaches it, from a pool handed out in that order:
  // the rows a short text needs share a few pages (zeroed by calloc; the rest
  // is never touched). row_of_: where each state's row starts + 1, 0, or
  // kClaimed while a thread takes its row. Threads may compute the same entry
  // at once; they store the same value.
  std::unique_ptr<std::uint32_t[], Free> row_of_;
  std::unique_ptr<std::uint32_t[], Free> rows_;
  std::unique_ptr<std::atomic<std::uint32_t>> rows_used_;
};

}  // namespace tonfall
