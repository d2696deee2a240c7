// Prefilter: the literal prefilter of a list of rules (literals.h).
//
// Each pattern of each rule is a slot. A slot's literal condition is a set of
// clauses, and a clause holds in a stretch of text when one of its literals
// occurs there; one scanner finds the literals of all slots at once, and only
// the slots whose clauses all hold run their RE2. Each slot has one key
// clause, the one that should hold least often: a literal leads to the key
// clauses it satisfies, and only those slots have their other clauses looked
// up. For the bundled packs this
// index is larger to build than a draft is to check, so the pack cache keeps
// it (to_bytes, from_bytes) and the rules it was built for point to it
// (Rule::prefilter); the engine then uses it as it is.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "tonfall/literals.h"
#include "tonfall/rules.h"

namespace tonfall {

class Prefilter {
 public:
  struct Slot {
    std::uint32_t rule;     // index into the rules the prefilter was built for
    std::uint32_t pattern;  // index into that rule's patterns
    std::uint32_t first_clause;
    std::uint32_t clauses;  // none: the slot runs on every block
  };

  // The prefilter of `rules`; patterns without a known condition get theirs
  // worked out (pattern_condition).
  static Prefilter build(const std::vector<const Rule*>& rules);

  // As bytes, and back. from_bytes() gives nothing for damaged bytes or
  // bytes not built for `rules` (their number and each one's pattern count).
  // It reads the tables in place: `storage` keeps `bytes` alive (or, when
  // null, the caller does, for as long as the prefilter lives).
  std::string to_bytes() const;
  static std::optional<Prefilter> from_bytes(std::string_view bytes, std::shared_ptr<const void> storage,
                                             const std::vector<const Rule*>& rules);

  std::size_t rule_count() const { return rule_count_; }
  std::span<const Slot> slots() const { return {slots_.data(), slots_.size()}; }
  const std::vector<std::uint32_t>& unconditional() const { return unconditional_; }
  std::size_t literal_count() const { return literal_begin_.size() - 1; }
  std::size_t clause_count() const { return clause_slot_.size(); }
  // The key clauses that `literal` satisfies.
  std::span<const std::uint32_t> key_clauses_of_literal(std::uint32_t literal) const {
    return {literal_clauses_.data() + literal_begin_[literal], literal_clauses_.data() + literal_begin_[literal + 1]};
  }
  std::span<const std::uint32_t> literals_of_clause(std::uint32_t clause) const {
    return {clause_literals_.data() + clause_begin_[clause], clause_literals_.data() + clause_begin_[clause + 1]};
  }
  std::uint32_t slot_of_clause(std::uint32_t clause) const { return clause_slot_[clause]; }
  const LiteralScanner& scanner() const { return scanner_; }

 private:
  std::shared_ptr<const void> storage_;  // the bytes the tables were read from
  std::size_t rule_count_ = 0;
  bytes::Array<Slot> slots_;
  std::vector<std::uint32_t> unconditional_;      // slots without clauses
  bytes::Array<std::uint32_t> clause_slot_;      // clause -> slot
  bytes::Array<std::uint32_t> literal_begin_;    // literal -> its first entry in literal_clauses_
  bytes::Array<std::uint32_t> literal_clauses_;  // the key clauses of each literal, literal by literal
  bytes::Array<std::uint32_t> clause_begin_;     // clause -> its first entry in clause_literals_
  bytes::Array<std::uint32_t> clause_literals_;  // the literals of each clause, clause by clause
  LiteralScanner scanner_;
};

}  // namespace tonfall
