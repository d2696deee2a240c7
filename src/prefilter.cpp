#include "tonfall/prefilter.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>
#include <utility>

#include "tonfall/bytes.h"
#include "tonfall/engine.h"

namespace tonfall {

namespace {

// Runs of `values` by key, as one array and the first entry of each key:
// the clauses of each literal, the literals of each clause.
template <typename Key, typename Value>
void group_by(std::size_t keys, const std::vector<std::pair<std::uint32_t, std::uint32_t>>& pairs, Key key,
              Value value, std::vector<std::uint32_t>& begin, std::vector<std::uint32_t>& values) {
  begin.assign(keys + 1, 0);
  for (const auto& pair : pairs) ++begin[key(pair) + 1];
  for (std::size_t k = 1; k < begin.size(); ++k) begin[k] += begin[k - 1];
  values.resize(pairs.size());
  std::vector<std::uint32_t> filled(begin.begin(), begin.end() - 1);
  for (const auto& pair : pairs) values[filled[key(pair)]++] = value(pair);
}

// True if `begin` starts runs that cover `values` exactly, each value below
// `limit`.
bool valid_runs(const bytes::Array<std::uint32_t>& begin, const bytes::Array<std::uint32_t>& values,
                std::size_t limit) {
  if (begin.empty() || begin.front() != 0 || begin.back() != values.size()) return false;
  if (!std::is_sorted(begin.begin(), begin.end())) return false;
  return std::all_of(values.begin(), values.end(), [&](std::uint32_t v) { return v < limit; });
}

// The clause of `condition` that should hold least often: the scanner
// reports a slot only through it, and the other clauses are looked up once
// the block is scanned. Words like "sie" or "nicht" open clauses of hundreds
// of slots; a clause holds about as often as its shortest literals occur,
// and a literal one byte longer occurs a few times less often.
std::size_t key_clause(const LiteralCondition& condition) {
  auto frequency = [](const std::vector<std::string>& clause) {
    double sum = 0;
    for (const std::string& literal : clause) sum += std::pow(4.0, -static_cast<double>(literal.size()));
    return sum;
  };
  std::size_t key = 0;
  for (std::size_t c = 1; c < condition.clauses.size(); ++c)
    if (frequency(condition.clauses[c]) < frequency(condition.clauses[key])) key = c;
  return key;
}

}  // namespace

Prefilter Prefilter::build(const std::vector<const Rule*>& rules) {
  Prefilter out;
  out.rule_count_ = rules.size();
  std::vector<Slot> slots;
  std::vector<std::uint32_t> clause_slot;
  std::unordered_map<std::string, std::uint32_t> literal_ids;
  // (literal, clause) of every clause, and of the key clauses only
  std::vector<std::pair<std::uint32_t, std::uint32_t>> clause_literal, key_literal_clause;
  for (std::uint32_t r = 0; r < rules.size(); ++r) {
    const Rule& rule = *rules[r];
    for (std::uint32_t k = 0; k < rule.patterns.size(); ++k) {
      const Pattern& pattern = rule.patterns[k];
      std::optional<LiteralCondition> computed;  // when the rule does not carry it
      const LiteralCondition& condition = pattern.condition ? *pattern.condition : computed.emplace(pattern_condition(pattern));
      const auto slot = static_cast<std::uint32_t>(slots.size());
      slots.push_back({r, k, static_cast<std::uint32_t>(clause_slot.size()),
                       static_cast<std::uint32_t>(condition.clauses.size())});
      if (condition.clauses.empty()) out.unconditional_.push_back(slot);
      const std::size_t key = key_clause(condition);
      for (std::size_t c = 0; c < condition.clauses.size(); ++c) {
        const auto clause_id = static_cast<std::uint32_t>(clause_slot.size());
        clause_slot.push_back(slot);
        for (const std::string& literal : condition.clauses[c]) {
          const auto it = literal_ids.emplace(literal, static_cast<std::uint32_t>(literal_ids.size())).first;
          clause_literal.emplace_back(it->second, clause_id);
          if (c == key) key_literal_clause.emplace_back(it->second, clause_id);
        }
      }
    }
  }
  std::vector<std::string_view> literals(literal_ids.size());
  for (const auto& [text, id] : literal_ids) literals[id] = text;
  auto first = [](const auto& pair) { return pair.first; };
  auto second = [](const auto& pair) { return pair.second; };
  std::vector<std::uint32_t> literal_begin, literal_clauses, clause_begin, clause_literals;
  group_by(literals.size(), key_literal_clause, first, second, literal_begin, literal_clauses);
  group_by(clause_slot.size(), clause_literal, second, first, clause_begin, clause_literals);
  out.slots_ = bytes::Array(std::move(slots));
  out.clause_slot_ = bytes::Array(std::move(clause_slot));
  out.literal_begin_ = bytes::Array(std::move(literal_begin));
  out.literal_clauses_ = bytes::Array(std::move(literal_clauses));
  out.clause_begin_ = bytes::Array(std::move(clause_begin));
  out.clause_literals_ = bytes::Array(std::move(clause_literals));
  out.scanner_ = LiteralScanner(literals);
  return out;
}

std::string Prefilter::to_bytes() const {
  std::string out;
  bytes::append_array(out, slots_);
  bytes::append_array(out, clause_slot_);
  bytes::append_array(out, literal_begin_);
  bytes::append_array(out, literal_clauses_);
  bytes::append_array(out, clause_begin_);
  bytes::append_array(out, clause_literals_);
  const std::string scanner = scanner_.to_bytes();
  bytes::append_array(out, scanner.data(), scanner.size());
  return out;
}

std::optional<Prefilter> Prefilter::from_bytes(std::string_view in, std::shared_ptr<const void> storage,
                                               const std::vector<const Rule*>& rules) {
  Prefilter out;
  out.storage_ = std::move(storage);
  out.rule_count_ = rules.size();
  std::span<const char> scanner;  // the scanner's own bytes
  if (!bytes::read_array(in, out.slots_) || !bytes::read_array(in, out.clause_slot_) ||
      !bytes::read_array(in, out.literal_begin_) || !bytes::read_array(in, out.literal_clauses_) ||
      !bytes::read_array(in, out.clause_begin_) || !bytes::read_array(in, out.clause_literals_) ||
      !bytes::read_array(in, scanner) || !in.empty())
    return std::nullopt;
  // One slot per pattern, in the order of the rules and their patterns, and
  // each slot's clauses a run of its own.
  std::size_t next = 0;
  std::uint32_t clause = 0;
  for (std::uint32_t r = 0; r < rules.size(); ++r) {
    for (std::uint32_t k = 0; k < rules[r]->patterns.size(); ++k, ++next) {
      if (next >= out.slots_.size()) return std::nullopt;
      const Slot& slot = out.slots_[next];
      if (slot.rule != r || slot.pattern != k || slot.first_clause != clause ||
          slot.clauses > out.clause_slot_.size() - clause)
        return std::nullopt;
      for (std::uint32_t c = clause; c < clause + slot.clauses; ++c)
        if (out.clause_slot_[c] != next) return std::nullopt;
      clause += slot.clauses;
      if (slot.clauses == 0) out.unconditional_.push_back(static_cast<std::uint32_t>(next));
    }
  }
  const std::size_t clauses = out.clause_slot_.size();
  if (next != out.slots_.size() || clause != clauses || out.literal_begin_.empty() ||
      !valid_runs(out.literal_begin_, out.literal_clauses_, clauses) ||
      out.clause_begin_.size() != clauses + 1 ||
      !valid_runs(out.clause_begin_, out.clause_literals_, out.literal_begin_.size() - 1))
    return std::nullopt;
  std::optional<LiteralScanner> read =
      LiteralScanner::from_bytes({scanner.data(), scanner.size()}, out.literal_begin_.size() - 1);
  if (!read) return std::nullopt;
  out.scanner_ = std::move(*read);
  return out;
}

}  // namespace tonfall
