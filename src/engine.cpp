#include "tonfall/engine.h"

#include <re2/re2.h>
#include <re2/set.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <cstdint>
#include <mutex>
#include <optional>

#include "tonfall/segment.h"

namespace tonfall {

namespace {

// Length of a `\pL` or `\p{L}` at `i`, or 0.
std::size_t letter_class_at(std::string_view pattern, std::size_t i) {
  if (pattern.substr(i, 3) == R"(\pL)") return 3;
  if (pattern.substr(i, 6) == R"(\p{L})") return 6;
  return 0;
}

// Counted repetitions up to this bound are gaps between words ({0,60}); larger
// ones stay in the prefilter, so that a pattern too large to compile is
// reported when the pack loads.
constexpr unsigned long kWidestGap = 100;

// `regex` with each counted repetition {m,n} widened to * (m = 0) or + : a
// superset that compiles to a far smaller program.
std::string widen_repetitions(std::string_view regex) {
  std::string out;
  const std::size_t n = regex.size();
  for (std::size_t i = 0; i < n; ++i) {
    const char c = regex[i];
    if (c == '\\' && i + 1 < n) {
      std::size_t stop = i + 2;
      const char next = regex[i + 1];
      if ((next == 'x' || next == 'p' || next == 'P') && stop < n && regex[stop] == '{') {
        const std::size_t close = regex.find('}', stop);
        stop = close == std::string_view::npos ? n : close + 1;
      }
      out.append(regex.substr(i, stop - i));
      i = stop - 1;
    } else if (c == '[') {
      std::size_t j = i + 1;
      if (j < n && regex[j] == '^') ++j;
      if (j < n && regex[j] == ']') ++j;
      for (; j < n && regex[j] != ']'; ++j) {
        if (regex[j] == '\\') ++j;
        else if (regex[j] == '[' && j + 1 < n && regex[j + 1] == ':') {
          const std::size_t close = regex.find(":]", j + 2);
          if (close != std::string_view::npos) j = close + 1;
        }
      }
      const std::size_t stop = std::min(j + 1, n);
      out.append(regex.substr(i, stop - i));
      i = stop - 1;
    } else if (c == '{') {
      // {m}, {m,} or {m,n} with decimal bounds; anything else is literal.
      std::size_t j = i + 1;
      unsigned long low = 0, high = 0;
      std::size_t digits = 0;
      for (; j < n && std::isdigit(static_cast<unsigned char>(regex[j])); ++j, ++digits) low = low * 10 + static_cast<unsigned long>(regex[j] - '0');
      bool valid = digits > 0 && digits < 5;
      high = low;
      if (valid && j < n && regex[j] == ',') {
        ++j;
        std::size_t high_digits = 0;
        for (high = 0; j < n && std::isdigit(static_cast<unsigned char>(regex[j])); ++j, ++high_digits) high = high * 10 + static_cast<unsigned long>(regex[j] - '0');
        valid = high_digits < 5;
      }
      valid = valid && j < n && regex[j] == '}' && low <= kWidestGap && high <= kWidestGap;
      if (valid) {
        out += low == 0 ? '*' : '+';
        i = j;
      } else {
        out += c;
      }
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

TranslatedPattern translate_pattern(std::string_view pattern) {
  TranslatedPattern out;
  int groups = 0;
  const std::size_t n = pattern.size();
  for (std::size_t i = 0; i < n; ++i) {
    const char c = pattern[i];
    if (const std::size_t letters = letter_class_at(pattern, i)) {
      out.regex += '[';
      out.regex += kLetterRanges;
      out.regex += ']';
      i += letters - 1;
    } else if (c == '\\' && i + 1 < n) {
      const char next = pattern[i + 1];
      if (next == 'b' || next == 'B') {
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
      const bool capturing =
          i + 1 >= n || pattern[i + 1] != '?' || pattern.substr(i + 1, 3) == "?P<";
      if (capturing) out.user_groups.push_back(++groups);
      out.regex += c;
    } else {
      out.regex += c;
    }
  }
  out.prefilter = widen_repetitions(out.regex);
  return out;
}

namespace {

// The memory budget of a prefilter set, and of any one pattern's program: a
// pattern whose program does not fit is an error naming the rule.
constexpr int64_t kProgramBudget = int64_t{64} << 20;

RE2::Options rule_options(bool case_sensitive) {
  RE2::Options options;
  options.set_encoding(RE2::Options::EncodingUTF8);
  options.set_case_sensitive(case_sensitive);
  options.set_log_errors(false);
  // RE2 gives the forward program 2/3 of max_mem; with 3/2 of the budget,
  // every pattern that fit the engine's budget check also compiles here.
  options.set_max_mem(kProgramBudget / 2 * 3);
  return options;
}

// A set with the budget of the prefilter.
RE2::Options set_options(bool case_sensitive) {
  RE2::Options options = rule_options(case_sensitive);
  options.set_max_mem(kProgramBudget);
  return options;
}

// A rule pattern, translated for RE2. Its RE2 is compiled on first use: most
// patterns never get past the prefilter for a given text, and compiling all of
// them up front would dominate start-up. Safe to use from several threads.
class CompiledPattern {
 public:
  CompiledPattern(TranslatedPattern translated, bool case_sensitive)
      : translated_(std::move(translated)), case_sensitive_(case_sensitive) {}

  const TranslatedPattern& translated() const { return translated_; }

  // The compiled RE2. The engine has checked that the pattern parses and that
  // its program fits the budget (see rule_options).
  const RE2& regex() const {
    std::call_once(once_, [this] {
      regex_ = std::make_unique<RE2>(translated_.regex, rule_options(case_sensitive_));
      named_groups_ = regex_->NamedCapturingGroups();
    });
    return *regex_;
  }

  // The same pattern with leftmost-longest semantics, compiled on first use.
  const RE2& longest() const {
    std::call_once(longest_once_, [this] {
      RE2::Options options = rule_options(case_sensitive_);
      options.set_longest_match(true);
      longest_ = std::make_unique<RE2>(translated_.regex, options);
    });
    return *longest_;
  }

  const std::map<std::string, int>& named_groups() const {
    regex();
    return named_groups_;
  }

 private:
  TranslatedPattern translated_;
  bool case_sensitive_;
  mutable std::once_flag once_;
  mutable std::unique_ptr<RE2> regex_;
  mutable std::map<std::string, int> named_groups_;  // name -> RE2 group number
  mutable std::once_flag longest_once_;
  mutable std::unique_ptr<RE2> longest_;
};

using PatternList = std::vector<std::unique_ptr<CompiledPattern>>;

struct CompiledRule {
  const Rule* rule;
  PatternList patterns;
  PatternList unless;
  PatternList against;
};

// Translates `pattern` and checks its syntax by adding it to `set` (which
// parses it, much cheaper than compiling it).
Expected<std::unique_ptr<CompiledPattern>> parse_pattern(const Rule& rule, const Pattern& pattern,
                                                         RE2::Set& set) {
  auto compiled = std::make_unique<CompiledPattern>(translate_pattern(pattern.text), rule.case_sensitive);
  std::string error;
  if (set.Add(compiled->translated().prefilter, &error) < 0) {
    return Error{rule.file, pattern.location.line, pattern.location.column,
                 "rule '" + rule.id + "': pattern does not compile: " + error};
  }
  return compiled;
}

using Groups = std::vector<re2::StringPiece>;

// Finds the next match of `pattern` in view[from, to) whose boundary groups
// hold and which stays clear of masked regions. Fills `groups`.
// True if the match in `groups` is non-empty, keeps its Unicode boundaries
// and stays clear of masked regions.
bool acceptable(const CompiledPattern& pattern, std::string_view view,
                const std::vector<MaskedRegion>& masked, const Groups& groups) {
  const auto begin = static_cast<std::size_t>(groups[0].data() - view.data());
  const std::size_t end = begin + groups[0].size();
  if (end == begin || overlaps_masked_region(masked, begin, end)) return false;
  auto position = [&](int group) {
    return static_cast<std::size_t>(groups[group].data() - view.data());
  };
  for (int group : pattern.translated().boundary_groups) {
    if (groups[group].data() != nullptr && !is_word_boundary(view, position(group))) return false;
  }
  for (int group : pattern.translated().non_boundary_groups) {
    if (groups[group].data() != nullptr && is_word_boundary(view, position(group))) return false;
  }
  return true;
}

bool find_next(const CompiledPattern& pattern, std::string_view view, std::size_t from,
               std::size_t to, const std::vector<MaskedRegion>& masked, Groups& groups) {
  const re2::StringPiece text(view.data(), view.size());
  const int count = static_cast<int>(groups.size());
  while (from <= to &&
         pattern.regex().Match(text, from, to, RE2::UNANCHORED, groups.data(), count)) {
    if (acceptable(pattern, view, masked, groups)) return true;
    const auto begin = static_cast<std::size_t>(groups[0].data() - view.data());
    // RE2 chose the first alternative that matched, e.g. "wurde" for
    // (?:wurde|wurden)\b in "wurden"; the longest match at the same start may
    // keep the boundaries.
    if (pattern.longest().Match(text, begin, to, RE2::ANCHOR_START, groups.data(), count) &&
        acceptable(pattern, view, masked, groups))
      return true;
    if (begin >= view.size()) break;  // an empty match at the very end
    from = next_code_point_offset(view, begin);
  }
  return false;
}

// Fills $1, ${2}, ${name} from the original text of the groups; $$ is "$".
std::string expand(const std::string& suggestion, const CompiledPattern& pattern,
                   const Groups& groups, const NormalizedText& text, std::string_view original) {
  auto group_text = [&](int group) -> std::string {
    if (group <= 0 || group >= static_cast<int>(groups.size()) || groups[group].data() == nullptr)
      return {};
    const auto begin = static_cast<std::size_t>(groups[group].data() - text.view.data());
    const std::size_t first = text.map.to_original_begin(begin);
    const std::size_t last = text.map.to_original_end(begin + groups[group].size());
    return last > first ? std::string(original.substr(first, last - first)) : std::string();
  };
  auto user_group = [&](std::size_t k) {
    const auto& user = pattern.translated().user_groups;
    return k >= 1 && k <= user.size() ? user[k - 1] : -1;
  };
  std::string out;
  for (std::size_t i = 0; i < suggestion.size(); ++i) {
    const char c = suggestion[i];
    if (c != '$' || i + 1 >= suggestion.size()) {
      out += c;
      continue;
    }
    const char next = suggestion[i + 1];
    if (next == '$') {
      out += '$';
      ++i;
    } else if (next >= '0' && next <= '9') {
      out += group_text(user_group(static_cast<std::size_t>(next - '0')));
      ++i;
    } else if (next == '{') {
      const std::size_t close = suggestion.find('}', i + 2);
      if (close == std::string::npos) {
        out += c;
        continue;
      }
      const std::string name = suggestion.substr(i + 2, close - i - 2);
      const bool numeric = !name.empty() && std::all_of(name.begin(), name.end(), ::isdigit);
      if (numeric) {
        out += group_text(user_group(std::stoul(name)));
      } else if (auto it = pattern.named_groups().find(name); it != pattern.named_groups().end()) {
        out += group_text(it->second);
      }
      i = close;
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

// The prefilter: one RE2::Set per case mode, and for each pattern added to a
// set, which rule and which of its patterns it is.
struct Prefilter {
  std::unique_ptr<RE2::Set> set;
  std::vector<std::pair<std::size_t, std::size_t>> entries;  // (rule index, pattern index)
};

struct Engine::Impl {
  std::vector<const Rule*> rules;
  std::vector<CompiledRule> compiled;
  Prefilter prefilters[2];  // [0] case-insensitive rules, [1] case-sensitive rules
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
  for (int sensitive : {0, 1}) {
    // The prefilter DFA of a large pack needs more than RE2's default budget.
    impl->prefilters[sensitive].set =
        std::make_unique<RE2::Set>(set_options(sensitive == 1), RE2::UNANCHORED);
  }
  // Exceptions are parsed here, in sets that are compiled only to check that
  // their programs fit the budget (see too_large below).
  RE2::Set syntax_check[2] = {RE2::Set(set_options(false), RE2::UNANCHORED),
                              RE2::Set(set_options(true), RE2::UNANCHORED)};
  std::vector<std::pair<const Rule*, const Pattern*>> in_set[2], in_syntax_check[2];
  for (const Rule* rule : rules) {
    const int sensitive = rule->case_sensitive ? 1 : 0;
    CompiledRule compiled{rule, {}, {}, {}};
    for (const Pattern& pattern : rule->patterns) {
      Prefilter& prefilter = impl->prefilters[sensitive];
      auto one = parse_pattern(*rule, pattern, *prefilter.set);
      if (!one) return one.error();
      in_set[sensitive].emplace_back(rule, &pattern);
      prefilter.entries.emplace_back(impl->compiled.size(), compiled.patterns.size());
      compiled.patterns.push_back(std::move(one.value()));
    }
    for (auto [sources, target] : {std::pair{&rule->unless, &compiled.unless},
                                   std::pair{&rule->against, &compiled.against}}) {
      for (const Pattern& pattern : *sources) {
        auto one = parse_pattern(*rule, pattern, syntax_check[sensitive]);
        if (!one) return one.error();
        in_syntax_check[sensitive].emplace_back(rule, &pattern);
        target->push_back(std::move(one.value()));
      }
    }
    impl->compiled.push_back(std::move(compiled));
  }
  // A set that does not compile holds a pattern whose program is too large,
  // or too many patterns: name the first pattern that is too large alone.
  auto too_large = [](const std::vector<std::pair<const Rule*, const Pattern*>>& patterns,
                      bool sensitive) -> std::optional<Error> {
    for (const auto& [rule, pattern] : patterns) {
      RE2::Set alone(set_options(sensitive), RE2::UNANCHORED);
      if (alone.Add(translate_pattern(pattern->text).regex, nullptr) >= 0 && alone.Compile())
        continue;
      return Error{rule->file, pattern->location.line, pattern->location.column,
                   "rule '" + rule->id + "': pattern too large: its RE2 program exceeds the memory budget of " +
                       std::to_string(kProgramBudget >> 20) +
                       " MB (use smaller repetition counts or narrower classes)"};
    }
    return std::nullopt;
  };
  for (int sensitive : {0, 1}) {
    if (!impl->prefilters[sensitive].set->Compile()) {
      if (auto error = too_large(in_set[sensitive], sensitive == 1)) return *error;
      return Error{{}, 0, 0,
                   "the rule patterns together exceed the memory budget of the prefilter (" +
                       std::to_string(kProgramBudget >> 20) + " MB): split the pack or disable rules"};
    }
    if (!in_syntax_check[sensitive].empty() && !syntax_check[sensitive].Compile()) {
      if (auto error = too_large(in_syntax_check[sensitive], sensitive == 1)) return *error;
      return Error{{}, 0, 0,
                   "the rules' exceptions together exceed the memory budget (" +
                       std::to_string(kProgramBudget >> 20) + " MB): split the pack or disable rules"};
    }
  }
  return Engine(std::move(impl));
}

namespace {

// What one run over one text needs, shared by all rules.
struct RunContext {
  const NormalizedText& text;
  std::string_view view;
  std::string_view original;
  const std::vector<MaskedRegion>& masked;
  SentenceIndex& sentences;
};

// True if an exception of `rule` matches in the sentence(s) of [begin, end)
// and overlaps that span.
bool is_excepted(const CompiledRule& rule, std::size_t begin, std::size_t end, RunContext& run) {
  if (rule.unless.empty()) return false;
  const std::size_t sentence_begin = run.sentences.sentence_at(begin).first;
  const std::size_t sentence_end = run.sentences.sentence_at(end - 1).second;
  for (const auto& exception : rule.unless) {
    Groups groups(static_cast<std::size_t>(exception->regex().NumberOfCapturingGroups()) + 1);
    std::size_t at = sentence_begin;
    while (find_next(*exception, run.view, at, sentence_end, run.masked, groups)) {
      const auto e_begin = static_cast<std::size_t>(groups[0].data() - run.view.data());
      const std::size_t e_end = e_begin + groups[0].size();
      if (e_begin < end && begin < e_end) return true;
      at = e_end;
    }
  }
  return false;
}

// The hits of `patterns` (all belonging to `rule`), without exceptions and
// without overlaps: of overlapping hits the first, on a tie the longest, stays.
std::vector<Hit> find_hits(const CompiledRule& rule,
                           const std::vector<const CompiledPattern*>& patterns, RunContext& run) {
  std::vector<Hit> hits;
  Groups groups;
  for (const CompiledPattern* pattern : patterns) {
    groups.assign(static_cast<std::size_t>(pattern->regex().NumberOfCapturingGroups()) + 1, {});
    std::size_t from = 0;
    while (find_next(*pattern, run.view, from, run.view.size(), run.masked, groups)) {
      const auto begin = static_cast<std::size_t>(groups[0].data() - run.view.data());
      const std::size_t end = begin + groups[0].size();
      from = end;
      if (is_excepted(rule, begin, end, run)) continue;
      Hit hit{rule.rule, begin, end, {}};
      for (const std::string& suggestion : rule.rule->suggestions) {
        hit.suggestions.push_back(expand(suggestion, *pattern, groups, run.text, run.original));
      }
      hits.push_back(std::move(hit));
    }
  }
  std::sort(hits.begin(), hits.end(), [](const Hit& a, const Hit& b) {
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

// A document rule: its own hits count only when `against` matches too, and
// then the rarer side is reported.
std::vector<Hit> document_hits(const CompiledRule& rule, std::vector<Hit> hits, RunContext& run) {
  if (hits.empty()) return hits;
  std::vector<const CompiledPattern*> against;
  for (const auto& pattern : rule.against) against.push_back(pattern.get());
  std::vector<Hit> other = find_hits(rule, against, run);
  if (other.empty()) return {};
  return other.size() < hits.size() ? other : hits;
}

}  // namespace

std::vector<Hit> Engine::run(const NormalizedText& text, const std::vector<MaskedRegion>& masked,
                             std::string_view original) const {
  const std::string_view view = text.view;
  const re2::StringPiece piece(view.data(), view.size());

  // Which (rule, pattern) entries can match anywhere in the view.
  std::vector<std::pair<std::size_t, std::size_t>> candidates;
  for (const Prefilter& prefilter : impl_->prefilters) {
    if (prefilter.entries.empty()) continue;
    std::vector<int> matched;
    RE2::Set::ErrorInfo info;
    if (!prefilter.set->Match(piece, &matched, &info) && info.kind != RE2::Set::kNoError) {
      // The DFA ran out of memory: run every pattern instead.
      matched.clear();
      for (std::size_t k = 0; k < prefilter.entries.size(); ++k)
        matched.push_back(static_cast<int>(k));
    }
    for (int k : matched) candidates.push_back(prefilter.entries[static_cast<std::size_t>(k)]);
  }
  std::sort(candidates.begin(), candidates.end());

  SentenceIndex sentences(view);
  RunContext run{text, view, original, masked, sentences};
  std::vector<Hit> hits;
  std::vector<const CompiledPattern*> patterns;
  for (std::size_t c = 0; c < candidates.size();) {
    const CompiledRule& rule = impl_->compiled[candidates[c].first];
    patterns.clear();
    for (const std::size_t rule_index = candidates[c].first;
         c < candidates.size() && candidates[c].first == rule_index; ++c) {
      patterns.push_back(rule.patterns[candidates[c].second].get());
    }
    std::vector<Hit> rule_hits = find_hits(rule, patterns, run);
    if (rule.rule->scope == Scope::document) rule_hits = document_hits(rule, std::move(rule_hits), run);
    for (Hit& hit : rule_hits) hits.push_back(std::move(hit));
  }
  std::stable_sort(hits.begin(), hits.end(), [](const Hit& a, const Hit& b) {
    return a.view_begin != b.view_begin ? a.view_begin < b.view_begin : a.view_end < b.view_end;
  });
  return hits;
}

}  // namespace tonfall
