#include "tonfall/engine.h"

#include <re2/re2.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <thread>
#include <tuple>
#include <unordered_map>

#include "tonfall/address.h"
#include "tonfall/clause.h"
#include "tonfall/literals.h"
#include "tonfall/prefilter.h"
#include "tonfall/seams.h"
#include "tonfall/segment.h"
#include "tonfall/sentence_scope.h"
#include "tonfall/vocabulary.h"

namespace tonfall {

namespace {

// Length of a `\pL` or `\p{L}` at `i`, or 0.
std::size_t letter_class_at(std::string_view pattern, std::size_t i) {
  if (pattern.substr(i, 3) == R"(\pL)") return 3;
  if (pattern.substr(i, 6) == R"(\p{L})") return 6;
  return 0;
}

// The number of characters `alternative` must match literally before
// anything else: "as" of "as[^s\s]", all of "Sollen", none of "[^a\s]". A
// character a quantifier follows is not required.
std::size_t literal_lead(std::string_view alternative) {
  auto special = [](char c) { return std::string_view("\\()[]{}.*+?^$|").find(c) != std::string_view::npos; };
  std::size_t n = 0;
  while (n < alternative.size() && !special(alternative[n])) ++n;
  if (n < alternative.size() && n > 0 && std::string_view("*+?{").find(alternative[n]) != std::string_view::npos) --n;
  return n;
}

// `pattern` with the alternatives of each innermost group ordered by the
// literal text they start with, longest first. RE2 takes the first
// alternative that matches, and a `\b` checked after the match fails on
// „Soll“ in „Sollen“ where (?:Soll|Sollen)\b was meant, or on „da|s“ where
// [dD](?:a\b|as\b) was. Of alternatives that match at one place, one that
// starts with a longer literal is the longer match; the order changes
// nothing else. Groups with a group inside keep their order, so the group
// numbers stay as written.
std::string longest_alternatives_first(std::string_view pattern) {
  std::string out(pattern);
  std::size_t body = std::string::npos;  // where the innermost open group's alternatives start
  std::vector<std::size_t> bars;         // its top-level '|'
  for (std::size_t i = 0; i < out.size(); ++i) {
    const char c = out[i];
    if (c == '\\') {
      ++i;
      if (i < out.size() && (out[i] == 'p' || out[i] == 'x') && i + 1 < out.size() && out[i + 1] == '{')
        i = std::min(out.find('}', i), out.size() - 1);
      else if (i < out.size() && out[i] == 'Q')  // \Q…\E quotes a '|' or '(' literally
        i = std::min(out.find("\\E", i), out.size() - 2) + 1;
    } else if (c == '[') {
      std::size_t close = i + 1;
      if (close < out.size() && out[close] == '^') ++close;
      if (close < out.size() && out[close] == ']') ++close;  // a leading ']' is a literal
      for (; close < out.size() && out[close] != ']'; ++close) {
        if (out[close] == '\\') ++close;
        else if (out.compare(close, 2, "[:") == 0) close = std::min(out.find(":]", close), out.size() - 2) + 1;
      }
      i = close;
    } else if (c == '(') {
      body = i + 1;
      bars.clear();
      for (const std::string_view prefix : {"?:", "?-i:", "?i:"}) {
        if (out.compare(body, prefix.size(), prefix) == 0) {
          body += prefix.size();
          break;
        }
      }
      if (body < out.size() && out[body] == '?') body = std::string::npos;  // named and other groups stay
      else i = body - 1;
    } else if (c == '|' && body != std::string::npos) {
      bars.push_back(i);
    } else if (c == ')' && body != std::string::npos) {
      if (!bars.empty()) {
        std::vector<std::string> alternatives;
        std::size_t from = body;
        for (const std::size_t bar : bars) {
          alternatives.emplace_back(out.substr(from, bar - from));
          from = bar + 1;
        }
        alternatives.emplace_back(out.substr(from, i - from));
        std::stable_sort(alternatives.begin(), alternatives.end(), [](const std::string& a, const std::string& b) {
          return literal_lead(a) > literal_lead(b);
        });
        std::string sorted = alternatives.front();
        for (std::size_t k = 1; k < alternatives.size(); ++k) sorted += '|' + alternatives[k];
        out.replace(body, i - body, sorted);
      }
      body = std::string::npos;
      bars.clear();
    }
  }
  return out;
}

}  // namespace

// Length of a ß (2 bytes) or ẞ (3 bytes) at `i`, or 0.
std::size_t sharp_s_at(std::string_view pattern, std::size_t i) {
  if (pattern.substr(i, 2) == "\xC3\x9F") return 2;
  if (pattern.substr(i, 3) == "\xE1\xBA\x9E") return 3;
  return 0;
}

TranslatedPattern translate_pattern(std::string_view original) {
  const std::string reordered = longest_alternatives_first(original);
  const std::string_view pattern = reordered;
  TranslatedPattern out;
  int groups = 0;
  int depth = 0;
  const std::size_t n = pattern.size();
  // A \b at the very start or end of the pattern is checked at the edges of
  // the match and needs no group: a match without groups is found by RE2's
  // DFA alone.
  const bool edges_are_whole = top_level_alternatives(pattern).size() == 1;
  for (std::size_t i = 0; i < n; ++i) {
    const char c = pattern[i];
    if (const std::size_t letters = letter_class_at(pattern, i)) {
      // The class holds both cases of every letter it has, and NFC text has
      // no Kelvin or Ångström sign: matching it case-sensitively means the
      // same, and spares RE2 folding a thousand code points per use.
      out.regex += "(?-i:[";
      out.regex += kLetterRanges;
      out.regex += "])";
      i += letters - 1;
    } else if (c == '\\' && i + 1 < n) {
      const char next = pattern[i + 1];
      if (next == 'b' && edges_are_whole && i == 0) {
        out.boundary_at_begin = true;
      } else if (next == 'b' && edges_are_whole && depth == 0 && i + 2 == n) {
        out.boundary_at_end = true;
      } else if (next == 'b' || next == 'B') {
        out.regex += "()";
        (next == 'b' ? out.boundary_groups : out.non_boundary_groups).push_back(++groups);
      } else if (next == 'Q') {
        // \Q...\E quotes literally: copy it whole.
        const std::size_t end = pattern.find("\\E", i + 2);
        const std::size_t stop = end == std::string_view::npos ? n : end + 2;
        out.regex.append(pattern.substr(i, stop - i));
        i = stop - 1;
        continue;
      } else {
        out.regex += c;
        out.regex += next;
      }
      ++i;
    } else if (c == '[') {
      // A character class: \b has no boundary meaning there; \pL does.
      std::size_t j = i + 1;
      if (j < n && pattern[j] == '^') ++j;
      if (j < n && pattern[j] == ']') ++j;  // a leading ] is a literal
      out.regex.append(pattern.substr(i, j - i));
      for (; j < n && pattern[j] != ']'; ++j) {
        if (const std::size_t letters = letter_class_at(pattern, j)) {
          out.regex += kLetterRanges;
          j += letters - 1;
        } else if (pattern[j] == '\\' && j + 1 < n) {
          out.regex.append(pattern.substr(j, 2));
          ++j;
        } else if (pattern[j] == '[' && j + 1 < n && pattern[j + 1] == ':') {
          const std::size_t close = pattern.find(":]", j + 2);
          const std::size_t stop = close == std::string_view::npos ? j + 1 : close + 2;
          out.regex.append(pattern.substr(j, stop - j));
          j = stop - 1;
        } else {
          out.regex += pattern[j];
        }
      }
      if (j < n) out.regex += ']';
      i = j;
    } else if (c == '(') {
      const bool capturing = i + 1 >= n || pattern[i + 1] != '?' || pattern.substr(i + 1, 3) == "?P<" ||
                             (pattern.substr(i + 1, 2) == "?<" && i + 3 < n && pattern[i + 3] != '=' &&
                              pattern[i + 3] != '!');
      if (capturing) out.user_groups.push_back(++groups);
      ++depth;
      out.regex += c;
    } else if (c == ')') {
      --depth;
      out.regex += c;
    } else if (const std::size_t sharp = sharp_s_at(pattern, i)) {
      // The match view spells ß as ss (normalize.h), as Swiss German does.
      const bool quantified = i + sharp < n && std::string_view("?*+{").find(pattern[i + sharp]) != std::string_view::npos;
      const char* ss = sharp == 2 ? "ss" : "SS";
      out.regex += quantified ? std::string("(?:") + ss + ")" : std::string(ss);
      i += sharp - 1;
    } else {
      out.regex += c;
    }
  }
  return out;
}

namespace {

// A regex is relaxed only when it counts this high: below, RE2 compiles the
// relaxed regex hardly faster than the exact one.
constexpr std::size_t kRelaxFrom = 8;

}  // namespace

LiteralCondition pattern_condition(const Pattern& pattern) {
  if (pattern.clause_parts.empty()) return required_literals(translate_pattern(pattern.text).regex);
  LiteralCondition all;
  for (const std::string& part : pattern.clause_parts) {
    LiteralCondition one = required_literals(translate_pattern(part).regex);
    for (auto& clause : one.clauses) all.clauses.push_back(std::move(clause));
  }
  return all;
}

namespace {

// A group longer than this is widened to "match anything" in the relaxed
// regex: a word class of a few thousand alternatives costs the most to
// compile and filters least (one of its words is almost always there).
constexpr std::size_t kWidenFrom = 1500;

// Relaxes regex[begin, end): counted repetitions become stars and groups
// longer than kWidenFrom become (?s:.*), inner groups first. Sets `relaxed`
// when the result differs enough to be worth a regex of its own.
std::string relax_range(std::string_view regex, std::size_t begin, std::size_t end, bool& relaxed) {
  std::string out;
  for (std::size_t i = begin; i < end; ++i) {
    const char c = regex[i];
    if (c == '\\' && i + 1 < end) {
      // An escape: \Q...\E, \x{...}, \p{...} and \P{...} whole.
      std::size_t stop = i + 2;
      const char next = regex[i + 1];
      if (next == 'Q') {
        const std::size_t quote_end = regex.find("\\E", i + 2);
        stop = quote_end == std::string_view::npos ? end : std::min(end, quote_end + 2);
      } else if ((next == 'x' || next == 'p' || next == 'P') && stop < end && regex[stop] == '{') {
        const std::size_t close = regex.find('}', stop);
        stop = close == std::string_view::npos ? end : std::min(end, close + 1);
      }
      out.append(regex.substr(i, stop - i));
      i = stop - 1;
    } else if (c == '[') {
      // A character class, copied whole: braces in it are literal.
      const std::size_t stop = std::min(end, class_end(regex, i) + 1);
      out.append(regex.substr(i, stop - i));
      i = stop - 1;
    } else if (c == '(') {
      const std::size_t close = std::min(end, group_end(regex, i));
      // The group's head: "(", "(?:", "(?P<name>", "(?-i:" and the like.
      std::size_t body = i + 1;
      if (body < close && regex[body] == '?') {
        while (body < close && regex[body] != ':' && regex[body] != '>' && regex[body] != ')') ++body;
        if (body < close && regex[body] != ')') ++body;
      }
      std::string inner = relax_range(regex, body, close, relaxed);
      if (inner.size() >= kWidenFrom) {
        out += "(?s:.*)";
        relaxed = true;
      } else {
        out.append(regex.substr(i, body - i));
        out += inner;
        if (close < end) out += ')';
      }
      i = close;
    } else if (const std::optional<CountedRepetition> counted = counted_repetition_at(regex, i)) {
      out += '*';
      // Only large counts make a difference worth a second regex.
      relaxed = relaxed || (counted->max == SIZE_MAX ? counted->min : counted->max) >= kRelaxFrom;
      i += counted->length - 1;
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

std::optional<std::string> relax_pattern(std::string_view regex) {
  bool relaxed = false;
  std::string out = relax_range(regex, 0, regex.size(), relaxed);
  if (!relaxed) return std::nullopt;
  return out;
}

namespace {

// The memory budget of any one pattern: its program and the DFA states RE2
// caches for it. A pattern whose program does not fit is an error naming the
// rule. Word classes make programs of 20,000 instructions; with less than
// 8 MB their DFA runs out of room and RE2 falls back to its NFA, which was
// measured 17 times slower.
constexpr int64_t kRegexMemory = int64_t{1} << 23;

RE2::Options rule_options(bool case_sensitive) {
  RE2::Options options;
  options.set_encoding(RE2::Options::EncodingUTF8);
  options.set_case_sensitive(case_sensitive);
  options.set_log_errors(false);
  options.set_max_mem(kRegexMemory);
  return options;
}

// A rule pattern, translated for RE2 and compiled on first use: most
// patterns never get past the literal prefilter for a given text, and a
// fresh process should pay only for those that do. (A pack not from the
// cache has every pattern compiled once by Engine::compile, to check it.)
// Safe to use from several threads.
class CompiledPattern {
 public:
  CompiledPattern(std::string_view source, bool case_sensitive)
      : source_(source), case_sensitive_(case_sensitive) {}

  // True if no match can hold a sentence mark (may_match_sentence_mark), so
  // that a search may keep to the stretches between marks.
  bool within_marks() const {
    std::call_once(within_marks_once_, [this] {
      within_marks_ = is_clause() ? std::all_of(parts_.begin(), parts_.end(),
                                                [](const auto& part) { return part->within_marks(); })
                                  : !may_match_sentence_mark(source_);
    });
    return within_marks_;
  }

  // A clause pattern (Pattern::clause_parts) is matched through its parts,
  // each a pattern of its own; the joined alternation is never compiled.
  void add_part(const CompiledPattern* part) { parts_.push_back(part); }
  const std::vector<const CompiledPattern*>& parts() const { return parts_; }
  bool is_clause() const { return !parts_.empty(); }

  // The capturing groups a match fills (none for a clause pattern).
  int group_count() const { return is_clause() ? 0 : regex().NumberOfCapturingGroups(); }

  // An exception or `against` pattern, which the scanner does not cover,
  // carries its literal condition itself (which outlives the pattern).
  void set_condition(const LiteralCondition& condition) { condition_ = &condition; }

  // False if the literals the pattern needs are missing from `folded`, whose
  // byte pairs are `pairs`. The test is built on first use: most exceptions
  // are never asked in a given text.
  bool literals_present(std::string_view folded, const BytePairs& pairs) const {
    if (!condition_) return true;
    // The flag spares the hot path std::call_once, which sets thread-local
    // state on every call in libstdc++.
    if (!condition_tested_.load(std::memory_order_acquire)) {
      std::call_once(condition_test_once_, [this] {
        condition_test_.emplace(*condition_);
        condition_tested_.store(true, std::memory_order_release);
      });
    }
    return condition_test_->holds(folded, pairs);
  }

  const TranslatedPattern& translated() const {
    std::call_once(translated_once_, [this] { translated_ = translate_pattern(source_); });
    return translated_;
  }

  // The compiled RE2. Unless the engine checked it (see check()), it may be
  // in an error state, and then matches nothing.
  const RE2& regex() const {
    std::call_once(once_, [this] {
      regex_ = std::make_unique<RE2>(translated().regex, rule_options(case_sensitive_));
      named_groups_ = regex_->NamedCapturingGroups();
      compiled_.store(true, std::memory_order_release);
    });
    return *regex_;
  }

  // False if the pattern cannot match in text[from, to): before its RE2 is
  // compiled, the relaxed regex (relax_pattern) is tried there first,
  // which compiles in a fraction of the time. Once the RE2 is compiled, a
  // failing search with it costs no more than the relaxed one.
  bool may_match(const re2::StringPiece& text, std::size_t from, std::size_t to) const {
    if (is_clause()) {
      return std::all_of(parts_.begin(), parts_.end(),
                         [&](const auto& part) { return part->may_match(text, from, to); });
    }
    if (compiled_.load(std::memory_order_acquire)) return true;
    std::call_once(relaxed_once_, [this] {
      if (std::optional<std::string> relaxed = relax_pattern(translated().regex)) {
        relaxed_ = std::make_unique<RE2>(*relaxed, rule_options(case_sensitive_));
        if (!relaxed_->ok()) relaxed_.reset();
      }
    });
    return !relaxed_ || relaxed_->Match(text, from, to, RE2::UNANCHORED, nullptr, 0);
  }

  // Compiles what a search of text[from, to) will use: the relaxed regex and,
  // where that matches, the RE2 with the reverse program that finds where a
  // match starts.
  void warm(const re2::StringPiece& text, std::size_t from, std::size_t to) const {
    if (is_clause()) {
      for (const CompiledPattern* part : parts_) part->warm(text, from, to);
      return;
    }
    re2::StringPiece match;
    if (may_match(text, from, to)) regex().Match(text, from, to, RE2::UNANCHORED, &match, 1);
  }

  // Compiles the pattern now; an error names the rule and the pattern's place.
  std::optional<Error> check(const Rule& rule, const Pattern& pattern) const {
    for (const auto& part : parts_) {
      if (std::optional<Error> error = part->check(rule, pattern)) return error;
    }
    if (is_clause()) return std::nullopt;
    const RE2& compiled = regex();
    if (compiled.ok()) return std::nullopt;
    if (compiled.error_code() == RE2::ErrorPatternTooLarge) {
      return Error{rule.file, pattern.location.line, pattern.location.column,
                   "rule '" + rule.id + "': pattern too large: its RE2 program exceeds the memory budget of " +
                       std::to_string(kRegexMemory >> 20) +
                       " MB (use smaller repetition counts or narrower classes)"};
    }
    return Error{rule.file, pattern.location.line, pattern.location.column,
                 "rule '" + rule.id + "': pattern does not compile: " + compiled.error()};
  }

  // The same pattern with leftmost-longest semantics, compiled on first use.
  const RE2& longest() const {
    std::call_once(longest_once_, [this] {
      RE2::Options options = rule_options(case_sensitive_);
      options.set_longest_match(true);
      longest_ = std::make_unique<RE2>(translated().regex, options);
    });
    return *longest_;
  }

  const std::map<std::string, int>& named_groups() const {
    if (!is_clause()) regex();
    return named_groups_;
  }

 private:
  std::string_view source_;  // the rule's pattern text, which outlives the engine
  bool case_sensitive_;
  const LiteralCondition* condition_ = nullptr;
  mutable std::once_flag condition_test_once_;
  mutable std::optional<ConditionTest> condition_test_;
  mutable std::atomic<bool> condition_tested_{false};
  mutable std::once_flag translated_once_;
  mutable TranslatedPattern translated_;
  mutable std::once_flag once_;
  mutable std::unique_ptr<RE2> regex_;
  mutable std::atomic<bool> compiled_{false};
  mutable std::once_flag relaxed_once_;
  mutable std::unique_ptr<RE2> relaxed_;  // null: nothing to relax
  mutable std::map<std::string, int> named_groups_;  // name -> RE2 group number
  mutable std::once_flag longest_once_;
  mutable std::unique_ptr<RE2> longest_;
  mutable std::once_flag within_marks_once_;
  mutable bool within_marks_ = false;
  std::vector<const CompiledPattern*> parts_;
};

using PatternList = std::vector<const CompiledPattern*>;

// A pattern to compile ahead of a search, with a block it may match in.
struct Warming {
  const CompiledPattern* pattern;
  std::size_t begin, end;
};

// Texts up to this size have their patterns compiled ahead on every core;
// a larger one is checked in pieces on threads of its own (check.h).
constexpr std::size_t kWarmUpLimit = 256 * 1024;

// The cores to compile ahead on (at most 8).
unsigned warm_up_cores() { return std::min(8u, std::thread::hardware_concurrency()); }

// Compiles the patterns of `work` for a search of `view` on `cores` threads;
// fewer when no more can start. What a compile throws reaches the caller,
// after every thread has ended.
void warm_up(const std::vector<Warming>& work, std::string_view view, unsigned cores) {
  if (cores < 2 || work.size() < 2) return;
  const re2::StringPiece text(view.data(), view.size());
  std::atomic<std::size_t> next{0};
  std::mutex failed_mutex;
  std::exception_ptr failed;
  auto compile = [&] {
    try {
      for (std::size_t k = next++; k < work.size(); k = next++) work[k].pattern->warm(text, work[k].begin, work[k].end);
    } catch (...) {
      const std::lock_guard lock(failed_mutex);
      if (!failed) failed = std::current_exception();
      next = work.size();  // the others stop too
    }
  };
  {
    std::vector<std::jthread> helpers;  // joined when they go out of scope
    try {
      helpers.reserve(cores);
      while (helpers.size() + 1 < std::min<std::size_t>(cores, work.size())) helpers.emplace_back(compile);
    } catch (...) {
      // No more threads: those that started share the work.
    }
    compile();
  }
  if (failed) std::rethrow_exception(failed);
}

// One compiled pattern per distinct text, case and kind: many rules share an
// exception (an offer after a refusal, say) or a clause part, and each is
// compiled once and keeps one DFA cache.
class PatternPool {
 public:
  CompiledPattern& get(const Pattern& pattern, bool case_sensitive) {
    auto [it, added] = patterns_.try_emplace(Key{pattern.text, case_sensitive, !pattern.clause_parts.empty()});
    if (added) {
      it->second = std::make_unique<CompiledPattern>(pattern.text, case_sensitive);
      for (const std::string& part : pattern.clause_parts) it->second->add_part(&get(part, case_sensitive));
    }
    return *it->second;
  }

 private:
  CompiledPattern& get(std::string_view part, bool case_sensitive) {
    auto [it, added] = patterns_.try_emplace(Key{part, case_sensitive, false});
    if (added) it->second = std::make_unique<CompiledPattern>(part, case_sensitive);
    return *it->second;
  }
  using Key = std::tuple<std::string_view, bool, bool>;  // text, case-sensitive, clause
  struct Hash {
    std::size_t operator()(const Key& key) const {
      return std::hash<std::string_view>{}(std::get<0>(key)) ^ (std::get<1>(key) ? 1 : 0) ^ (std::get<2>(key) ? 2 : 0);
    }
  };
  std::unordered_map<Key, std::unique_ptr<CompiledPattern>, Hash> patterns_;
};

struct CompiledRule {
  const Rule* rule;
  PatternList patterns;
  PatternList unless;
  PatternList unless_paragraph;
  PatternList against;
};

using Groups = std::vector<re2::StringPiece>;

std::size_t sentence_lead_end(std::string_view view, std::size_t begin, std::size_t end);

// True if the match in `groups` is non-empty, keeps its Unicode boundaries
// and stays clear of masked regions.
bool acceptable(const CompiledPattern& pattern, std::string_view view,
                const std::vector<MaskedRegion>& masked, const Groups& groups) {
  const auto begin = static_cast<std::size_t>(groups[0].data() - view.data());
  const std::size_t end = begin + groups[0].size();
  // A placeholder in the salutation before the hit („Hallo [Name], “) is no
  // part of it.
  if (end == begin || overlaps_masked_region(masked, sentence_lead_end(view, begin, end), end)) return false;
  const TranslatedPattern& translated = pattern.translated();
  if ((translated.boundary_at_begin && !is_word_boundary(view, begin)) ||
      (translated.boundary_at_end && !is_word_boundary(view, end)))
    return false;
  auto position = [&](int group) {
    return static_cast<std::size_t>(groups[group].data() - view.data());
  };
  for (int group : translated.boundary_groups) {
    if (groups[group].data() != nullptr && !is_word_boundary(view, position(group))) return false;
  }
  for (int group : translated.non_boundary_groups) {
    if (groups[group].data() != nullptr && is_word_boundary(view, position(group))) return false;
  }
  return true;
}

bool find_next(const CompiledPattern& pattern, std::string_view view, std::size_t from,
               std::size_t to, const std::vector<MaskedRegion>& masked, Groups& groups);

// Where a hit view[begin, end) really starts: a pattern anchored at a sentence
// or clause start ({satzanfang}, "[:;–] ?") matches from the line start or
// the mark before it, but the finding belongs to the words (". Zahlst du
// nicht, …" is shown and replaced from "Zahlst"). A hit that is all marks
// ("!!!") stays whole. A sentence also starts after a salutation and its
// comma („Hallo Jana, du musst …“): the salutation is not part of the hit.
std::size_t sentence_lead_end(std::string_view view, std::size_t begin, std::size_t end) {
  auto blank = [&](std::size_t i) {
    return i < end && (view[i] == ' ' || view[i] == '\t' || view[i] == '\n' || view[i] == '\r');
  };
  std::size_t mark = 0;
  if (view.substr(begin, 3) == "\xE2\x80\x93") {  // –
    mark = 3;
  } else if (begin < end && std::string_view(".!?:;").find(view[begin]) != std::string_view::npos) {
    mark = 1;
  }
  std::size_t at = mark > 0 && blank(begin + mark) ? begin + mark : begin;
  while (blank(at)) ++at;
  if (const std::size_t lead = salutation_length(view.substr(at, end - at)); lead > 0 && at + lead < end) {
    at += lead;
    while (blank(at)) ++at;  // also a line break after the comma
  }
  return at < end ? at : begin;
}

// What ends a clause for a clause pattern (vocabulary.h: kClauseGap).
bool ends_clause(char c) {
  return c == '.' || c == '!' || c == '?' || c == ';' || c == ':' || c == ',' || c == '\n';
}

// Finds the next clause of view[from, to) in which every part of the clause
// pattern `pattern` matches, the parts not overlapping, and sets groups[0] to
// the span from the first part to the end of the last. A part belongs to the
// clause it starts in. The parts are searched as a merge: each part's next
// match decides the earliest clause that can hold them all, so a part that
// matches often (a pronoun) costs a search per candidate clause, not one per
// occurrence in the block.
bool find_next_clause(const CompiledPattern& pattern, std::string_view view, std::size_t from,
                      std::size_t to, const std::vector<MaskedRegion>& masked, Groups& groups) {
  using Span = std::pair<std::size_t, std::size_t>;
  const auto& parts = pattern.parts();
  Groups part_groups;
  // The first match of part k that starts at or after `at`.
  auto match_from = [&](std::size_t k, std::size_t at) -> std::optional<Span> {
    part_groups.assign(static_cast<std::size_t>(parts[k]->group_count()) + 1, {});
    if (!find_next(*parts[k], view, at, to, masked, part_groups)) return std::nullopt;
    const auto begin = static_cast<std::size_t>(part_groups[0].data() - view.data());
    return Span{begin, begin + part_groups[0].size()};
  };
  auto clause_end_from = [&](std::size_t at) {
    while (at < to && !ends_clause(view[at])) ++at;
    return at;
  };
  std::vector<std::optional<Span>> next(parts.size());
  std::vector<bool> searched(parts.size(), false);
  for (std::size_t clause_begin = from; clause_begin < to;) {
    const std::size_t clause_end = clause_end_from(clause_begin);
    std::size_t latest = clause_begin;
    for (std::size_t k = 0; k < parts.size(); ++k) {
      if (!searched[k] || (next[k] && next[k]->first < clause_begin)) {
        next[k] = match_from(k, clause_begin);
        searched[k] = true;
      }
      if (!next[k]) return false;  // the part matches nowhere after here
      latest = std::max(latest, next[k]->first);
    }
    if (latest >= clause_end) {
      // Some part first matches in a later clause: go on with that clause.
      std::size_t begin = latest;
      while (begin > clause_end && !ends_clause(view[begin - 1])) --begin;
      clause_begin = begin;
      continue;
    }
    // Every part starts in this clause: the first match of each that
    // overlaps none taken before.
    std::vector<Span> taken;
    for (std::size_t k = 0; k < parts.size(); ++k) {
      for (std::optional<Span> match = next[k]; match && match->first < clause_end;
           match = match_from(k, next_code_point_offset(view, match->first))) {
        const bool overlaps = std::any_of(taken.begin(), taken.end(), [&](const Span& other) {
          return match->first < other.second && other.first < match->second;
        });
        if (overlaps) continue;
        taken.push_back(*match);
        break;
      }
    }
    if (taken.size() == parts.size()) {
      std::size_t begin = to;
      std::size_t end = from;
      for (const Span& span : taken) {
        begin = std::min(begin, span.first);
        end = std::max(end, span.second);
      }
      groups.assign(1, re2::StringPiece(view.data() + begin, end - begin));
      return true;
    }
    clause_begin = clause_end + 1;
  }
  return false;
}

// Finds the next acceptable match of `pattern` in view[from, to). Fills `groups`.
bool find_next(const CompiledPattern& pattern, std::string_view view, std::size_t from,
               std::size_t to, const std::vector<MaskedRegion>& masked, Groups& groups) {
  if (pattern.is_clause()) return find_next_clause(pattern, view, from, to, masked, groups);
  const re2::StringPiece text(view.data(), view.size());
  const int count = static_cast<int>(groups.size());
  while (from <= to &&
         pattern.regex().Match(text, from, to, RE2::UNANCHORED, groups.data(), count)) {
    if (acceptable(pattern, view, masked, groups)) return true;
    const auto begin = static_cast<std::size_t>(groups[0].data() - view.data());
    if (begin >= view.size()) break;  // an empty match at the very end
    if (pattern.translated().boundary_at_begin && !is_word_boundary(view, begin)) {
      // A match inside a word („schreib“ in „beschreiben“): no start before
      // the next word boundary can have the boundary either.
      from = next_code_point_offset(view, begin);
      while (from < to && !is_word_boundary(view, from)) from = next_code_point_offset(view, from);
      continue;
    }
    // RE2 chose the first alternative that matched, e.g. "wurde" for
    // (?:wurde|wurden)\b in "wurden"; the longest match at the same start may
    // keep the boundaries.
    if (pattern.longest().Match(text, begin, to, RE2::ANCHOR_START, groups.data(), count) &&
        acceptable(pattern, view, masked, groups))
      return true;
    from = next_code_point_offset(view, begin);
  }
  return false;
}

// A view span [first, second); npos for a group that matched nothing.
using ViewSpan = std::pair<std::size_t, std::size_t>;
constexpr ViewSpan kNoSpan{std::string_view::npos, std::string_view::npos};

// What a template fills in: the original text of view spans, and the start
// of the sentence around one.
struct Filling {
  const NormalizedText& text;
  std::string_view original;
  SentenceIndex& sentences;

  std::string original_of(std::size_t begin, std::size_t end) const {
    const std::size_t first = text.map.to_original_begin(begin);
    const std::size_t last = text.map.to_original_end(end);
    return last > first ? std::string(original.substr(first, last - first)) : std::string();
  }
};

// `span`'s text turned into another address form (address.h): :du, :Sie, or
// :gewechselt, the form it does not use. German shows who does what only in
// the whole clause, so the sentence before the span is turned with it and
// must stay as it was. Nothing when the text cannot be turned or has
// nothing to turn.
std::optional<std::string> readdressed(const Filling& filling, ViewSpan span, std::string_view filter) {
  const std::string value = filling.original_of(span.first, span.second);
  Address to = filter == "du" ? Address::du : Address::sie;
  if (filter == "gewechselt") {
    // A span that uses both forms has no one way to go.
    const AddressWords words = count_address_words(value);
    if ((words.familiar > 0) == (words.polite > 0)) return std::nullopt;
    to = words.polite > 0 ? Address::du : Address::sie;
  }
  const std::size_t sentence = std::min(span.first, filling.sentences.sentence_at(span.first).first);
  const std::string lead = filling.original_of(sentence, span.first);
  std::optional<std::string> turned = readdress(lead + value, to);
  if (!turned || !turned->starts_with(lead) || turned->substr(lead.size()) == value) return std::nullopt;
  return turned->substr(lead.size());
}

// A group's text through the filter a template names after a colon: :lower
// and :upper fit its first letter, :imperativ makes the du imperative of the
// infinitive it holds, :du, :Sie and :gewechselt turn its address
// (readdressed), :hauptsatz puts a verb-final clause in main-clause order,
// :verb-vorn keeps a clause only if it opens with its finite verb,
// :bitte makes a request of one whose subject is the reader,
// :bitte-vorfeld one of an order whose first place another part holds,
// :aktiv puts a passive about the company's service in the active voice, and
// :voraussichtlich states a main clause about a coming event as expected
// (clause.h).
// An unknown filter leaves the text as it is. Nothing when the text cannot
// be turned.
std::optional<std::string> filtered(const Filling& filling, ViewSpan span, std::string_view filter) {
  if (span == kNoSpan) return std::string();
  // Filters chain from left to right: ${fakt:hauptsatz:voraussichtlich}.
  // The address filters need the group's place, so they come first.
  const std::string_view first = filter.substr(0, filter.find(':'));
  const bool address = first == "du" || first == "Sie" || first == "gewechselt";
  std::optional<std::string> value =
      address ? readdressed(filling, span, first) : filling.original_of(span.first, span.second);
  for (std::size_t at = address ? first.size() + 1 : 0; value && at < filter.size();) {
    const std::size_t colon = std::min(filter.find(':', at), filter.size());
    const std::string_view one = filter.substr(at, colon - at);
    if (one == "lower") value = lower_first(*value);
    if (one == "upper") value = upper_first(*value);
    if (one == "imperativ") value = du_imperative(*value);
    if (one == "hauptsatz") value = main_clause(*value);
    if (one == "subjekt-vorn") value = verb_second(*value);
    if (one == "verb-vorn") value = verb_first(*value);
    if (one == "bitte") value = polite_request(*value);
    if (one == "voraussichtlich") value = expected_event(*value);
    if (one == "bitte-vorfeld") value = fronted_request(*value);
    if (one == "aktiv") value = active_voice(*value);
    at = colon + 1;
  }
  return value;
}

// Fills $0 (the whole match), $1, ${2}, ${name} from the original text of the
// groups, ${name:filter} through `filtered`; $$ is "$". `group_span` gives
// the view span of an author's group name or number. Nothing when a filter
// fails.
template <typename GroupSpan>
std::optional<std::string> fill(std::string_view suggestion, const Filling& filling, const GroupSpan& group_span) {
  std::string out;
  for (std::size_t i = 0; i < suggestion.size(); ++i) {
    const char c = suggestion[i];
    if (c != '$' || i + 1 >= suggestion.size()) {
      out += c;
      continue;
    }
    const char next = suggestion[i + 1];
    std::string_view inner;  // the name and filter of the group
    if (next == '$') {
      out += '$';
      ++i;
      continue;
    } else if (next >= '0' && next <= '9') {
      inner = suggestion.substr(i + 1, 1);
      ++i;
    } else if (next == '{' && suggestion.find('}', i + 2) != std::string::npos) {
      const std::size_t close = suggestion.find('}', i + 2);
      inner = suggestion.substr(i + 2, close - i - 2);
      i = close;
    } else {
      out += c;
      continue;
    }
    const std::size_t colon = inner.find(':');
    const std::string_view filter = colon == std::string_view::npos ? std::string_view() : inner.substr(colon + 1);
    std::optional<std::string> value = filtered(filling, group_span(inner.substr(0, colon)), filter);
    if (!value) return std::nullopt;
    out += *value;
  }
  return out;
}

// A suggestion for a match of `pattern` whose groups are `groups`.
std::optional<std::string> expand(const std::string& suggestion, const CompiledPattern& pattern,
                                  const Groups& groups, const Filling& filling) {
  auto span_of = [&](int group) -> ViewSpan {
    if (group < 0 || group >= static_cast<int>(groups.size()) || groups[group].data() == nullptr) return kNoSpan;
    const auto begin = static_cast<std::size_t>(groups[group].data() - filling.text.view.data());
    return {begin, begin + groups[group].size()};
  };
  auto group_span = [&](std::string_view name) -> ViewSpan {
    const bool number = !name.empty() && name.size() < 4 &&
                        std::all_of(name.begin(), name.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (number) {
      const std::size_t k = std::stoul(std::string(name));
      const auto& user = pattern.translated().user_groups;
      if (k == 0) return span_of(0);
      return k <= user.size() ? span_of(user[k - 1]) : kNoSpan;
    }
    const auto it = pattern.named_groups().find(std::string(name));
    return it == pattern.named_groups().end() ? kNoSpan : span_of(it->second);
  };
  return fill(suggestion, filling, group_span);
}

// A suggestion for the span view[begin, end) as a whole (a gathered hit):
// only $0 has a text; nothing when the template asks for another group.
std::optional<std::string> expand_span(const std::string& suggestion, ViewSpan span, const Filling& filling) {
  bool other_group = false;
  auto group_span = [&](std::string_view name) {
    if (name != "0") other_group = true;
    return name == "0" ? span : kNoSpan;
  };
  std::optional<std::string> out = fill(suggestion, filling, group_span);
  if (other_group) return std::nullopt;
  return out;
}

}  // namespace

struct Engine::Impl {
  std::vector<const Rule*> rules;
  PatternPool pool;
  std::vector<CompiledRule> compiled;
  // The literal prefilters (prefilter.h): the one most rules share (a pack
  // cache's, which may know more rules than are active here), and one built
  // for the rules it does not cover (a configured address rule, say).
  static constexpr std::uint32_t kInactive = UINT32_MAX;
  struct PrefilterUse {
    std::shared_ptr<const Prefilter> prefilter;
    std::vector<std::uint32_t> compiled_of;  // prefilter rule -> index into compiled, or kInactive
  };
  std::vector<PrefilterUse> prefilters;
  std::deque<LiteralCondition> computed;  // conditions of exceptions not from a pack cache
  std::atomic<bool> warmed_up{false};     // see Engine::run
};

Engine::Engine(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Engine::Engine(Engine&&) noexcept = default;
Engine& Engine::operator=(Engine&&) noexcept = default;
Engine::~Engine() = default;

const std::vector<const Rule*>& Engine::rules() const {
  return impl_->rules;
}

Expected<Engine> Engine::compile(const std::vector<const Rule*>& rules) {
  auto impl = std::make_unique<Impl>();
  impl->rules = rules;
  // The prefilter of the first rule that has one is used for every rule it
  // covers; the others get one of their own.
  const auto with_prefilter = std::find_if(rules.begin(), rules.end(), [](const Rule* rule) { return rule->prefilter; });
  const std::shared_ptr<const Prefilter> shared = with_prefilter == rules.end() ? nullptr : (*with_prefilter)->prefilter;
  auto covered = [&](const Rule* rule) {
    return shared && rule->prefilter == shared && rule->prefilter_rule < shared->rule_count();
  };
  std::vector<const Rule*> others;
  for (const Rule* rule : rules)
    if (!covered(rule)) others.push_back(rule);
  if (shared) impl->prefilters.push_back({shared, std::vector<std::uint32_t>(shared->rule_count(), Impl::kInactive)});
  if (!others.empty() || !shared) {
    auto own = std::make_shared<const Prefilter>(Prefilter::build(others));
    impl->prefilters.push_back({own, std::vector<std::uint32_t>(own->rule_count(), Impl::kInactive)});
  }
  std::uint32_t other = 0;
  for (const Rule* rule : rules) {
    const auto index = static_cast<std::uint32_t>(impl->compiled.size());
    if (covered(rule))
      impl->prefilters.front().compiled_of[rule->prefilter_rule] = index;
    else
      impl->prefilters.back().compiled_of[other++] = index;
    CompiledRule compiled{rule, {}, {}, {}, {}};
    for (auto [sources, target] : {std::pair{&rule->patterns, &compiled.patterns},
                                   std::pair{&rule->unless, &compiled.unless},
                                   std::pair{&rule->unless_paragraph, &compiled.unless_paragraph},
                                   std::pair{&rule->against, &compiled.against}}) {
      for (const Pattern& pattern : *sources) {
        CompiledPattern& one = impl->pool.get(pattern, rule->case_sensitive);
        if (!rule->patterns_checked) {
          if (std::optional<Error> error = one.check(*rule, pattern)) return *error;
        }
        // The scanner covers a rule's patterns; an exception carries its
        // condition itself.
        if (target != &compiled.patterns) {
          one.set_condition(pattern.condition ? *pattern.condition
                                              : impl->computed.emplace_back(pattern_condition(pattern)));
        }
        target->push_back(&one);
      }
    }
    impl->compiled.push_back(std::move(compiled));
  }
  return Engine(std::move(impl));
}

std::optional<Error> Engine::check_patterns(const std::vector<const Rule*>& rules) {
  std::set<std::pair<std::string_view, bool>> checked;  // text, case-sensitive
  for (const Rule* rule : rules)
    for (const auto* list : {&rule->patterns, &rule->unless, &rule->unless_paragraph, &rule->against})
      for (const Pattern& pattern : *list) {
        if (!checked.emplace(pattern.text, rule->case_sensitive).second) continue;
        PatternPool pool;
        if (std::optional<Error> error = pool.get(pattern, rule->case_sensitive).check(*rule, pattern)) return error;
      }
  return std::nullopt;
}

namespace {

// A stretch of the view folded, with its byte pairs, for the literal
// conditions of exceptions.
struct FoldedStretch {
  std::size_t begin = 1, end = 0;  // none yet
  std::string text;
  BytePairs pairs{std::string_view()};
};

// What one run over one text needs, shared by all rules.
struct RunContext {
  const NormalizedText& text;
  std::string_view view;
  std::string_view original;
  const std::vector<MaskedRegion>& masked;
  SentenceIndex& sentences;
  // The stretch the last exceptions were tried in: the rules with hits in
  // one sentence try theirs there one after the other, and fold it once.
  FoldedStretch folded{};

  const FoldedStretch& folded_stretch(std::size_t begin, std::size_t end) {
    if (folded.begin != begin || folded.end != end) {
      folded.begin = begin;
      folded.end = end;
      folded.text = fold_text(view.substr(begin, end - begin));
      folded.pairs = BytePairs(folded.text);
    }
    return folded;
  }
};

// True if one of `exceptions` matches in view[begin, end) with a match that
// `accept`s its span.
bool any_exception(const PatternList& exceptions, std::size_t begin, std::size_t end, RunContext& run,
                   const std::function<bool(std::size_t, std::size_t)>& accept) {
  if (exceptions.empty()) return false;
  const FoldedStretch& stretch = run.folded_stretch(begin, end);
  const std::string& folded = stretch.text;
  const BytePairs& pairs = stretch.pairs;
  for (const auto& exception : exceptions) {
    if (!exception->literals_present(folded, pairs) ||
        !exception->may_match(re2::StringPiece(run.view.data(), run.view.size()), begin, end))
      continue;
    Groups groups(static_cast<std::size_t>(exception->group_count()) + 1);
    for (std::size_t at = begin; find_next(*exception, run.view, at, end, run.masked, groups);) {
      const auto e_begin = static_cast<std::size_t>(groups[0].data() - run.view.data());
      const std::size_t e_end = e_begin + groups[0].size();
      if (accept(e_begin, e_end)) return true;
      at = e_end;
    }
  }
  return false;
}

// The matches of a rule's exceptions in the sentence(s) of its hits, found
// once per sentence: a long sentence with many hits (a paragraph without a
// full stop) is searched once, not once per hit.
class ExceptionsInSentence {
 public:
  // True if an exception of `rule` matches in the sentence(s) of [begin,
  // end) and overlaps that span.
  bool excepts(const CompiledRule& rule, std::size_t begin, std::size_t end, RunContext& run) {
    if (rule.unless.empty()) return false;
    const std::pair<std::size_t, std::size_t> range{run.sentences.sentence_at(begin).first,
                                                     run.sentences.sentence_at(end - 1).second};
    if (range != range_) {
      range_ = range;
      matches_.clear();
      any_exception(rule.unless, range.first, range.second, run, [&](std::size_t e_begin, std::size_t e_end) {
        matches_.emplace_back(e_begin, e_end);
        return false;
      });
    }
    return std::any_of(matches_.begin(), matches_.end(),
                       [&](const auto& match) { return match.first < end && begin < match.second; });
  }

 private:
  std::pair<std::size_t, std::size_t> range_{1, 0};  // none yet
  std::vector<std::pair<std::size_t, std::size_t>> matches_;
};

// True if an exception of `rule` for the whole paragraph matches in
// view[begin, end), the block being searched.
bool is_excepted_in_block(const CompiledRule& rule, std::size_t begin, std::size_t end, RunContext& run) {
  return any_exception(rule.unless_paragraph, begin, end, run, [](std::size_t, std::size_t) { return true; });
}

// The stretches of a block between sentence marks ('.', '!', '?'): stretch
// k runs from the k-th mark of the block (or its start) to the next mark (or
// its end). A pattern that cannot match a mark (CompiledPattern::
// within_marks) need only search the stretches that hold its literals.
// Stretches from kLastStretch on count as one.
using StretchSet = std::uint64_t;  // bit k: stretch k
constexpr StretchSet kWholeBlock = ~StretchSet{0};
constexpr unsigned kLastStretch = 63;

class Stretches {
 public:
  Stretches(std::string_view view, std::size_t begin, std::size_t end) : view_(view), begin_(begin), end_(end) {}

  std::size_t block_begin() const { return begin_; }
  std::size_t block_end() const { return end_; }

  // Calls search(from, to) for each run of neighbouring stretches in `set`.
  template <typename Search>
  void each_range(StretchSet set, Search&& search) {
    if (set == kWholeBlock) {
      search(begin_, end_);
      return;
    }
    const std::vector<std::size_t>& marks = mark_positions();
    for (unsigned k = 0; k <= kLastStretch && k <= marks.size(); ++k) {
      if (!(set >> k & 1)) continue;
      const std::size_t from = k == 0 ? begin_ : marks[k - 1] + 1;
      while (k < kLastStretch && k < marks.size() && (set >> (k + 1) & 1)) ++k;
      search(from, k == kLastStretch || k == marks.size() ? end_ : marks[k]);
    }
  }

 private:
  const std::vector<std::size_t>& mark_positions() {
    if (!marks_) {
      marks_.emplace();
      for (std::size_t at = begin_; at < end_; ++at)
        if (is_sentence_mark(view_[at])) marks_->push_back(at);
    }
    return *marks_;
  }
  std::string_view view_;
  std::size_t begin_;
  std::size_t end_;
  std::optional<std::vector<std::size_t>> marks_;  // found on first use
};

// A compiled pattern, the pattern as the pack declares it (for its own
// suggestions; none for `against`), and the stretches of the block it
// searches. Equal patterns share one compiled form.
struct PatternUse {
  const CompiledPattern* compiled;
  const Pattern* declared;
  StretchSet stretches = kWholeBlock;
};

// The hits of `patterns` (all belonging to `rule`) in the block, without
// exceptions and without overlaps: of overlapping hits the first, on a tie
// the longest, stays.
// The quotation marks of a block of the view, found once: a block with
// thousands of hits (a library entry of one long paragraph) must not count
// its marks again for each.
class QuoteMarks {
 public:
  QuoteMarks(std::string_view view, std::size_t begin, std::size_t end) : begin_(begin), end_(end) {
    for (std::size_t at = view.find('"', begin); at < end; at = view.find('"', at + 1)) marks_.push_back(at);
  }

  // True if view[hit_begin, hit_end) lies between quotation marks of the
  // block (an odd number of marks before it, none inside it and one after
  // it), or runs from the writer's words into a quotation, so that what it
  // ends on is quoted: „Passwort vergessen“ is a button, not the customer's
  // fault. A span that opens with a mark frames the quotation in the
  // writer's own words („„neu“ heißt nicht „unbenutzt““) and stays.
  // Typographic quotes are folded to '"' in the view.
  bool quoted(std::size_t hit_begin, std::size_t hit_end) const {
    const std::size_t inside = count(hit_begin, hit_end);
    const bool opens_with_mark = std::binary_search(marks_.begin(), marks_.end(), hit_begin);
    if (inside % 2 == 1 && !opens_with_mark) return true;
    return count(begin_, hit_begin) % 2 == 1 && inside == 0 && count(hit_end, end_) > 0;
  }

 private:
  // The marks in [from, to).
  std::size_t count(std::size_t from, std::size_t to) const {
    return static_cast<std::size_t>(std::lower_bound(marks_.begin(), marks_.end(), to) -
                                    std::lower_bound(marks_.begin(), marks_.end(), from));
  }

  std::size_t begin_, end_;
  std::vector<std::size_t> marks_;  // their offsets, in order
};

std::vector<Hit> find_hits(const CompiledRule& rule, const std::vector<PatternUse>& patterns,
                           RunContext& run, Stretches& block) {
  const std::size_t begin = block.block_begin();
  const std::size_t end = block.block_end();
  std::vector<Hit> hits;
  std::vector<Hit> unbuilt;  // of patterns whose own replacement failed here
  Groups groups;
  std::optional<bool> block_excepted;  // worked out at the first hit
  std::optional<QuoteMarks> quote_marks;  // at the first hit that may reach beyond its match
  ExceptionsInSentence exceptions;
  for (const PatternUse& use : patterns) {
    // Named copies: a lambda below uses them, which C++20 does not allow
    // for structured bindings.
    const CompiledPattern* const pattern = use.compiled;
    const Pattern* const declared = use.declared;
    if (!pattern->may_match(re2::StringPiece(run.view.data(), run.view.size()), begin, end)) continue;
    const bool own = declared && declared->suggestions;
    const std::vector<std::string>& suggestions = own ? *declared->suggestions : rule.rule->suggestions;
    const std::vector<std::string>& suggestions_du = own ? declared->suggestions_du : rule.rule->suggestions_du;
    groups.assign(static_cast<std::size_t>(pattern->group_count()) + 1, {});
    block.each_range(use.stretches, [&](std::size_t from, std::size_t to) {
      while (!(block_excepted && *block_excepted) && find_next(*pattern, run.view, from, to, run.masked, groups)) {
        const std::size_t hit_end = static_cast<std::size_t>(groups[0].data() - run.view.data()) + groups[0].size();
        const std::size_t hit_begin = sentence_lead_end(run.view, hit_end - groups[0].size(), hit_end);
        groups[0] = re2::StringPiece(run.view.data() + hit_begin, hit_end - hit_begin);  // $0 as reported
        from = hit_end;
        if (exceptions.excepts(rule, hit_begin, hit_end, run)) continue;
        if (!block_excepted) block_excepted = is_excepted_in_block(rule, begin, end, run);
        if (*block_excepted) return;
        Hit hit{rule.rule, hit_begin, hit_end, {}, {}, false, rule.rule->auto_fix || (own && declared->auto_fix)};
        // A suggestion whose filter fails here is left out with its du twin.
        const Filling filling{run.text, run.original, run.sentences};
        const auto add = [&](const std::vector<std::string>& sie, const std::vector<std::string>& du) {
          for (std::size_t k = 0; k < sie.size(); ++k) {
            std::optional<std::string> polite = expand(sie[k], *pattern, groups, filling);
            if (!polite) continue;
            std::optional<std::string> familiar = std::string();  // empty: the same as the polite one
            if (k < du.size() && !du[k].empty()) familiar = expand(du[k], *pattern, groups, filling);
            if (!familiar) continue;
            if (!du.empty()) {
              hit.suggestions_du.resize(hit.suggestions.size());
              hit.suggestions_du.push_back(std::move(*familiar));
            }
            hit.suggestions.push_back(std::move(*polite));
          }
        };
        static const std::vector<std::string> kDropped{""};
        const bool drop_sentence = rule.rule->drop_sentence;
        const std::vector<std::string>& for_sentence = drop_sentence ? kDropped : rule.rule->sentence_suggestions;
        bool replaced = false;
        // Quoted words are somebody else's: their sentence is the writer's
        // and stays.
        auto quoted = [&] {
          if (!quote_marks) quote_marks.emplace(run.view, begin, end);
          return quote_marks->quoted(hit_begin, hit_end);
        };
        if (!own && !for_sentence.empty() && !quoted()) {
          auto sentence = whole_sentence(run.view, hit_begin, hit_end, run.sentences,
                                         drop_sentence ? SentenceRest::no_number : SentenceRest::no_fact);
          // A reply of two or three words left would read colder than the stock
          // phrase; so would one that loses its only courtesy (a hint-level
          // phrase), while a hurtful one may always go.
          // A salutation is no reply: its words do not count.
          if (sentence && for_sentence.front().empty() &&
              (!words_beside(run.view, {run.sentences.sentence_at(sentence->first).first, sentence->second}, 4) ||
               (rule.rule->severity == Severity::info && !keeps_warmth(run.view, *sentence))))
            sentence.reset();
          if (sentence) {
            std::tie(hit.view_begin, hit.view_end) = *sentence;
            add(for_sentence, rule.rule->sentence_suggestions_du);
            replaced = true;
          }
        }
        if (!own && !replaced && (rule.rule->drop_clause || drop_sentence) && suggestions.empty() && !quoted()) {
          auto clause = rule.rule->drop_clause ? closing_clause(run.view, hit_begin, hit_end, run.sentences)
                                               : std::nullopt;
          if (!clause) clause = opening_lead(run.view, hit_begin, hit_end, run.sentences);
          if (clause) {
            hit.view_begin = clause->begin;
            hit.view_end = clause->end;
            add({clause->replacement}, {});
          }
        }
        add(suggestions, suggestions_du);
        if (!hit.suggestions_du.empty()) hit.suggestions_du.resize(hit.suggestions.size());
        (own && !suggestions.empty() && hit.suggestions.empty() ? unbuilt : hits).push_back(std::move(hit));
      }
    });
    if (block_excepted && *block_excepted) return {};
  }
  // A pattern that cannot build its own replacement here leaves the place
  // to the rule's other patterns, and their advice; where none matches, it
  // still reports the problem.
  for (Hit& hit : unbuilt) {
    const bool taken = std::any_of(hits.begin(), hits.end(), [&](const Hit& other) {
      return other.view_begin < hit.view_end && hit.view_begin < other.view_end;
    });
    if (!taken) hits.push_back(std::move(hit));
  }
  // Stable: of equal spans the earlier pattern's hit stays, so a pattern
  // listed first decides the suggestions.
  std::stable_sort(hits.begin(), hits.end(), [](const Hit& a, const Hit& b) {
    return a.view_begin != b.view_begin ? a.view_begin < b.view_begin : a.view_end > b.view_end;
  });
  std::vector<Hit> kept;
  std::size_t covered_until = 0;
  for (Hit& hit : hits) {
    if (hit.view_begin < covered_until) continue;
    covered_until = hit.view_end;
    kept.push_back(std::move(hit));
  }
  return kept;
}


// A document rule: its own hits count only when `against` matches somewhere
// in the text too, and then the rarer side is reported (on a tie, the later).
// `folded`: the whole view, folded; `pairs`: its byte pairs.
std::vector<Hit> document_hits(const CompiledRule& rule, std::vector<Hit> hits, RunContext& run,
                               std::string_view folded, const BytePairs& pairs) {
  if (hits.empty()) return hits;
  std::vector<PatternUse> against;
  for (const CompiledPattern* pattern : rule.against)
    if (pattern->literals_present(folded, pairs)) against.push_back({pattern, nullptr});
  Stretches whole(run.view, 0, run.view.size());
  std::vector<Hit> other = find_hits(rule, against, run, whole);
  if (other.empty()) return {};
  if (other.size() != hits.size()) return other.size() < hits.size() ? other : hits;
  // As often one way as the other: the side that comes second breaks the
  // form the text set first.
  return other.front().view_begin > hits.front().view_begin ? other : hits;
}

// Rules look within a block of the view: a paragraph, so that the literals of
// one block select few rules and each runs over little text. A paragraph
// longer than kBlockLimit is cut (natural_cut).
constexpr std::size_t kBlockLimit = 64 * 1024;

// The end of the block that starts at `begin`: after the blank line(s) that
// end its paragraph.
std::size_t block_end(std::string_view view, std::size_t begin) {
  const std::string_view window = view.substr(0, std::min(view.size(), begin + kBlockLimit));
  for (std::size_t at = window.find('\n', begin); at != std::string_view::npos;
       at = window.find('\n', at + 1)) {
    std::size_t next = at + 1;
    while (next < window.size() && (window[next] == ' ' || window[next] == '\t' || window[next] == '\r'))
      ++next;
    if (next < window.size() && window[next] == '\n') {
      // Blank lines that follow belong to this block too.
      std::size_t end = next + 1;
      while (end < window.size() && (window[end] == '\n' || window[end] == '\r')) ++end;
      return end;
    }
  }
  if (window.size() == view.size()) return view.size();
  return begin + natural_cut(view.substr(begin), kBlockLimit);
}

// The hits of a model rule (Rule::model): each sentence that no other hit
// touches, that holds no quoted mail, signature or markup, and that the
// model scores above its threshold. One finding a sentence is enough.
void add_model_hits(const Rule& rule, RunContext& run, std::vector<Hit>& hits) {
  const std::vector<std::size_t>& starts = run.sentences.starts();
  std::vector<bool> taken(starts.size(), false);
  auto sentence_of = [&](std::size_t offset) {
    return static_cast<std::size_t>(std::upper_bound(starts.begin(), starts.end(), offset) - starts.begin()) - 1;
  };
  auto take = [&](std::size_t begin, std::size_t end) {
    if (end <= begin) return;
    for (std::size_t k = sentence_of(begin); k <= sentence_of(end - 1); ++k) taken[k] = true;
  };
  for (const Hit& hit : hits) take(hit.view_begin, hit.view_end);
  for (const MaskedRegion& region : run.masked)
    if (region.kind != MaskedRegion::Kind::placeholder) take(region.begin, region.end);
  const std::string_view view = run.view;
  for (std::size_t k = 0; k < starts.size(); ++k) {
    if (taken[k]) continue;
    std::size_t begin = starts[k];
    std::size_t end = k + 1 < starts.size() ? starts[k + 1] : view.size();
    while (begin < end && std::isspace(static_cast<unsigned char>(view[begin]))) ++begin;
    while (end > begin && std::isspace(static_cast<unsigned char>(view[end - 1]))) --end;
    if (end > begin && rule.model->flags(view.substr(begin, end - begin)))
      hits.push_back(Hit{&rule, begin, end, {}, {}, false, rule.auto_fix});
  }
}

}  // namespace

std::vector<Hit> Engine::run(const NormalizedText& text, const std::vector<MaskedRegion>& masked,
                             std::string_view original) const {
  const std::string_view view = text.view;
  SentenceIndex sentences(view);
  RunContext run{text, view, original, masked, sentences};
  const Impl& impl = *impl_;

  // For each prefilter: which block last held each literal (and in which of
  // its stretches) and satisfied each key clause.
  constexpr std::uint32_t kNever = UINT32_MAX;
  // And, when a search looks ahead, where each pattern without literals
  // next matches at or after where it was last looked for (kUnsearched: not
  // yet; a match before the current block is looked for again).
  constexpr std::size_t kUnsearched = std::string_view::npos - 1;
  struct Seen {
    std::vector<std::uint32_t> literal, key_clause;
    std::vector<StretchSet> literal_stretches;
    std::vector<std::size_t> unconditional_next;  // empty: no looking ahead
  };
  auto nothing_seen = [&](bool look_ahead) {
    std::vector<Seen> seen;
    for (const Impl::PrefilterUse& use : impl.prefilters) {
      const Prefilter& prefilter = *use.prefilter;
      seen.push_back({std::vector<std::uint32_t>(prefilter.literal_count(), kNever),
                      std::vector<std::uint32_t>(prefilter.clause_count(), kNever),
                      std::vector<StretchSet>(prefilter.literal_count(), 0),
                      std::vector<std::size_t>(look_ahead ? prefilter.unconditional().size() : 0, kUnsearched)});
    }
    return seen;
  };
  // True if the pattern of `slot` (which has no literals) may match in
  // view[begin, end). It is searched through the rest of the view, not
  // block by block: a search costs its setup in every paragraph, and most of
  // these patterns match in few. `next`: where it matched last.
  const re2::StringPiece whole(view.data(), view.size());
  auto may_match_ahead = [&](const Impl::PrefilterUse& use, const Prefilter::Slot& slot, std::size_t& next,
                             std::size_t begin, std::size_t end) {
    const std::uint32_t rule_index = use.compiled_of[slot.rule];
    if (rule_index == Impl::kInactive) return false;
    const CompiledPattern& pattern = *impl.compiled[rule_index].patterns[slot.pattern];
    if (pattern.is_clause()) return true;
    if (next == kUnsearched || next < begin) {
      // The relaxed regex first: where it finds nothing, the pattern's own
      // RE2 need not be compiled at all.
      re2::StringPiece match;
      next = pattern.may_match(whole, begin, view.size()) &&
                     pattern.regex().Match(whole, begin, view.size(), RE2::UNANCHORED, &match, 1)
                 ? static_cast<std::size_t>(match.data() - view.data())
                 : std::string_view::npos;
    }
    return next < end;
  };
  std::vector<std::uint32_t> keyed, candidates;  // slots
  std::vector<PatternUse> patterns;
  // Calls visit(rule_index, patterns) for each active rule with patterns
  // worth searching in block number `block`, whose text folded is `folded`:
  // those whose literals the block holds, with the stretches where they do.
  // Rules come in the order of the prefilters and of their rules.
  auto each_candidate = [&](std::vector<Seen>& seen, std::uint32_t block, std::size_t begin, std::size_t end,
                            std::string_view folded, auto&& visit) {
    for (std::size_t u = 0; u < impl.prefilters.size(); ++u) {
      const Prefilter& prefilter = *impl.prefilters[u].prefilter;
      const std::vector<std::uint32_t>& compiled_of = impl.prefilters[u].compiled_of;
      const std::span<const Prefilter::Slot> slots = prefilter.slots();
      Seen& at = seen[u];
      keyed.clear();
      std::size_t counted = 0;  // marks are counted in folded[0, counted)
      unsigned stretch = 0;     // and there are this many
      prefilter.scanner().scan(folded, [&](std::uint32_t literal, std::size_t literal_end) {
        for (; counted + 1 < literal_end; ++counted) stretch += is_sentence_mark(folded[counted]) ? 1 : 0;
        const StretchSet in = StretchSet{1} << std::min(stretch, kLastStretch);
        if (at.literal[literal] == block) {
          at.literal_stretches[literal] |= in;
          return;
        }
        at.literal[literal] = block;
        at.literal_stretches[literal] = in;
        for (const std::uint32_t clause : prefilter.key_clauses_of_literal(literal)) {
          if (at.key_clause[clause] == block) continue;
          at.key_clause[clause] = block;
          keyed.push_back(prefilter.slot_of_clause(clause));
        }
      });
      auto holds = [&](std::uint32_t clause) {
        const std::span<const std::uint32_t> literals = prefilter.literals_of_clause(clause);
        return std::any_of(literals.begin(), literals.end(),
                           [&](std::uint32_t literal) { return at.literal[literal] == block; });
      };
      const std::vector<std::uint32_t>& unconditional = prefilter.unconditional();
      candidates.clear();
      for (std::size_t k = 0; k < unconditional.size(); ++k) {
        if (at.unconditional_next.empty() ||
            may_match_ahead(impl.prefilters[u], slots[unconditional[k]], at.unconditional_next[k], begin, end))
          candidates.push_back(unconditional[k]);
      }
      for (const std::uint32_t slot : keyed) {
        const std::uint32_t first = slots[slot].first_clause;
        bool all = true;
        for (std::uint32_t clause = first; all && clause < first + slots[slot].clauses; ++clause) all = holds(clause);
        if (all) candidates.push_back(slot);
      }
      // The stretches of the block where every clause of a slot holds.
      auto stretches_of = [&](const Prefilter::Slot& slot) {
        StretchSet all = kWholeBlock;
        for (std::uint32_t clause = slot.first_clause; clause < slot.first_clause + slot.clauses; ++clause) {
          StretchSet any = 0;
          for (const std::uint32_t literal : prefilter.literals_of_clause(clause))
            if (at.literal[literal] == block) any |= at.literal_stretches[literal];
          all &= any;
        }
        return all;
      };
      // Slots are in rule order, so equal rules are neighbours after sorting.
      std::sort(candidates.begin(), candidates.end());
      for (std::size_t c = 0; c < candidates.size();) {
        const std::uint32_t prefilter_rule = slots[candidates[c]].rule;
        const std::uint32_t rule_index = compiled_of[prefilter_rule];
        patterns.clear();
        for (; c < candidates.size() && slots[candidates[c]].rule == prefilter_rule; ++c) {
          if (rule_index == Impl::kInactive) continue;
          const Prefilter::Slot& slot = slots[candidates[c]];
          const CompiledRule& rule = impl.compiled[rule_index];
          const CompiledPattern* pattern = rule.patterns[slot.pattern];
          const StretchSet where = slot.clauses > 0 && pattern->within_marks() ? stretches_of(slot) : kWholeBlock;
          if (where != 0) patterns.push_back({pattern, &rule.rule->patterns[slot.pattern], where});
        }
        if (!patterns.empty()) visit(rule_index, patterns);
      }
    }
  };

  // Document rules see their hits of all blocks at once. One whose other
  // side (`against`) matches nowhere in the text reports nothing, and is not
  // searched at all.
  std::map<std::size_t, std::vector<Hit>> document_rule_hits;
  // The whole view folded, and its byte pairs, for the `against` patterns.
  struct FoldedView {
    std::string text;
    BytePairs pairs;
  };
  std::optional<FoldedView> folded_view;
  auto whole_view_folded = [&]() -> const FoldedView& {
    if (!folded_view) {
      std::string folded = fold_text(view);
      const BytePairs pairs(folded);
      folded_view.emplace(FoldedView{std::move(folded), pairs});
    }
    return *folded_view;
  };
  std::vector<std::optional<bool>> against_anywhere(impl.compiled.size());
  auto may_report = [&](std::uint32_t rule_index) {
    const CompiledRule& rule = impl.compiled[rule_index];
    if (rule.rule->scope != Scope::document) return true;
    std::optional<bool>& known = against_anywhere[rule_index];
    if (!known) {
      known = std::any_of(rule.against.begin(), rule.against.end(), [&](const CompiledPattern* pattern) {
        return pattern->literals_present(whole_view_folded().text, whole_view_folded().pairs) &&
               (pattern->is_clause() || pattern->regex().Match(whole, 0, view.size(), RE2::UNANCHORED, nullptr, 0));
      });
    }
    return *known;
  };

  // The first text an engine sees has its patterns compiled on every core
  // before the search: a fresh process checking one draft would otherwise
  // spend most of its time compiling them one after the other.
  if (!impl_->warmed_up.exchange(true) && view.size() <= kWarmUpLimit && warm_up_cores() >= 2) {
    std::vector<Warming> work;
    std::set<const CompiledPattern*> listed;
    std::vector<Seen> seen = nothing_seen(false);
    std::uint32_t block = 0;
    for (std::size_t begin = 0; begin < view.size(); ++block) {
      const std::size_t end = block_end(view, begin);
      each_candidate(seen, block, begin, end, fold_text(view.substr(begin, end - begin)),
                     [&](std::uint32_t, const std::vector<PatternUse>& uses) {
                       for (const PatternUse& use : uses)
                         if (listed.insert(use.compiled).second) work.push_back({use.compiled, begin, end});
                     });
      begin = end;
    }
    warm_up(work, view, warm_up_cores());
  }

  std::vector<Seen> seen = nothing_seen(true);
  std::vector<Hit> hits;
  std::uint32_t block = 0;
  for (std::size_t begin = 0; begin < view.size(); ++block) {
    const std::size_t end = block_end(view, begin);
    Stretches stretches(view, begin, end);
    std::optional<QuoteMarks> quote_marks;  // found at the block's first hit
    each_candidate(seen, block, begin, end, fold_text(view.substr(begin, end - begin)),
                   [&](std::uint32_t rule_index, const std::vector<PatternUse>& uses) {
                     if (!may_report(rule_index)) return;
                     const CompiledRule& rule = impl.compiled[rule_index];
                     std::vector<Hit> rule_hits = find_hits(rule, uses, run, stretches);
                     if (rule.rule->gather_paragraph && rule_hits.size() > 1) {
                       Hit& gathered = rule_hits.front();
                       gathered.view_end = rule_hits.back().view_end;
                       rule_hits.erase(rule_hits.begin() + 1, rule_hits.end());
                       // Its suggestions stand for the whole span.
                       gathered.suggestions.clear();
                       gathered.suggestions_du.clear();
                       const Filling filling{text, original, sentences};
                       for (const std::string& suggestion : rule.rule->suggestions) {
                         if (std::optional<std::string> whole =
                                 expand_span(suggestion, {gathered.view_begin, gathered.view_end}, filling))
                           gathered.suggestions.push_back(std::move(*whole));
                       }
                     }
                     std::vector<Hit>& into =
                         rule.rule->scope == Scope::document ? document_rule_hits[rule_index] : hits;
                     if (!rule_hits.empty() && !quote_marks) quote_marks.emplace(view, begin, end);
                     for (Hit& hit : rule_hits) {
                       hit.quoted = quote_marks->quoted(hit.view_begin, hit.view_end);
                       into.push_back(std::move(hit));
                     }
                   });
    begin = end;
  }
  for (auto& [rule_index, rule_hits] : document_rule_hits) {
    for (Hit& hit : document_hits(impl.compiled[rule_index], std::move(rule_hits), run, whole_view_folded().text,
                                  whole_view_folded().pairs))
      hits.push_back(std::move(hit));
  }
  for (const CompiledRule& rule : impl.compiled)
    if (rule.rule->model) add_model_hits(*rule.rule, run, hits);
  std::stable_sort(hits.begin(), hits.end(), [](const Hit& a, const Hit& b) {
    return a.view_begin != b.view_begin ? a.view_begin < b.view_begin : a.view_end < b.view_end;
  });
  return hits;
}

}  // namespace tonfall
